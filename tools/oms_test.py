#!/usr/bin/env python3
"""Run the whole OMS test suite on a fresh database.

1. checks that Odoo 18 is importable and PostgreSQL reachable (clear message
   otherwise, never a silent pass);
2. creates a fresh database and installs every module of ``addons/`` (and
   queue_job); an install error, a traceback or a warning about the
   modules' views and fields in the log fails the run;
3. runs the Odoo tests of every module (TransactionCase and HttpCase,
   through pytest-odoo with an HTTP server) and the plain-Python tests of the
   shared client toolkit (``lib/``), the API clients and sandboxes, then
   ``tests/``;
4. fails when pytest fails, when no test ran, or when an ERROR was logged.

Connection settings come from the usual libpq variables (PGHOST, PGPORT,
PGUSER, PGPASSWORD), defaulting to 127.0.0.1:5432 and the current user.
"""

import argparse
import ast
import getpass
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
LOGS = ROOT / ".test-logs"
BAD_LOG = re.compile(r" (ERROR|CRITICAL) |^Traceback ", re.MULTILINE)
# What Odoo says of a module's own definitions (views, fields) while it
# installs: a mature module installs without these.
DEFINITION_WARNING = re.compile(
    r" WARNING \S+ (odoo\.addons\.base\.models\.(ir_ui_view|ir_model)"
    r"|odoo\.fields|odoo\.models): .*$",
    re.MULTILINE,
)


def fail(message, code=2):
    print(f"oms-test: {message}", file=sys.stderr)
    sys.exit(code)


def check_odoo():
    try:
        import odoo.release
    except ImportError:
        fail(
            "Odoo 18.0 is not importable from this Python "
            f"({sys.executable}). Install Odoo 18.0 (official Docker image or "
            "upstream source, see README) into this Python first."
        )
    if odoo.release.version_info[:2] != (18, 0):
        fail(f"Odoo 18.0 is required, found {odoo.release.version}.")
    import importlib.util

    if importlib.util.find_spec("odoo.addons.queue_job") is None:
        fail("OCA queue_job is missing: pip install -r requirements.txt")
    if importlib.util.find_spec("oms_api_common") is None:
        fail(
            "oms-api-common (lib/oms_api_common) is missing: "
            "pip install -r requirements.txt, from the repository root"
        )
    return odoo.release.version


def db_settings():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER", getpass.getuser()),
        "password": os.environ.get("PGPASSWORD", ""),
    }


def check_postgres(db):
    import psycopg2

    try:
        conn = psycopg2.connect(dbname="postgres", connect_timeout=5, **db)
    except psycopg2.Error as err:
        fail(
            f"PostgreSQL is not reachable at {db['host']}:{db['port']} as "
            f"{db['user']}: {str(err).strip()}"
        )
    conn.close()


def _is_addons_dir(path):
    path = Path(path)
    return path.is_dir() and any(
        (child / "__manifest__.py").is_file() for child in path.iterdir()
    )


def odoo_addons_path():
    """Our addons, then every Odoo addons directory this Python knows."""
    import odoo

    import odoo.addons

    paths = [str(ADDONS)]
    root = Path(odoo.__file__).resolve().parent
    candidates = [*odoo.addons.__path__, root / "addons", root.parent / "addons"]
    for path in candidates:
        if _is_addons_dir(path) and str(path) not in paths:
            paths.append(str(path))
    return ",".join(paths)


# Odoo's own access-rights tests of the apps OMS extends: a field OMS adds
# to a core model must never break what a core group may read or do.
CORE_ACCESS_TESTS = [
    "sale/tests/test_access_rights.py",
    "sale_stock/tests/test_sale_stock_access_rights.py",
    "stock/tests/test_quant_inventory_mode.py",
    "stock/tests/test_multicompany.py",
    "account/tests/test_account_account.py",
]


def core_access_tests(addons_path):
    found = []
    for test in CORE_ACCESS_TESTS:
        paths = [Path(d) / test for d in addons_path.split(",")]
        path = next((p for p in paths if p.is_file()), None)
        if path is None:
            fail(f"Odoo's own test {test} is not in the addons path.")
        found.append(str(path))
    return found


def our_modules():
    return sorted(
        p.name
        for p in ADDONS.iterdir()
        if (p / "__manifest__.py").is_file()
        and ast.literal_eval((p / "__manifest__.py").read_text()).get(
            "installable", True
        )
    )


def free_port():
    """A loopback port nobody listens on, so that parallel runs never clash."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_logs():
    """Every run starts with empty logs: Odoo appends to ``--logfile``."""
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir()


def write_config(db, dbname, with_demo):
    conf = LOGS / "odoo-test.conf"
    port = os.environ.get("OMS_TEST_HTTP_PORT") or free_port()
    conf.write_text(
        "[options]\n"
        f"addons_path = {odoo_addons_path()}\n"
        f"db_host = {db['host']}\n"
        f"db_port = {db['port']}\n"
        f"db_user = {db['user']}\n"
        f"db_password = {db['password'] or 'False'}\n"
        f"db_name = {dbname}\n"
        f"without_demo = {'False' if with_demo else 'all'}\n"
        "server_wide_modules = base,web,queue_job\n"
        "log_level = warn\n"
        "http_interface = 127.0.0.1\n"
        f"http_port = {port}\n"
        # No job runner in the test server: tests run their jobs themselves
        # (run_jobs); a runner would also take up the jobs that tests with
        # committed transactions make, racing them.
        "\n[queue_job]\n"
        "channels = root:0\n"
    )
    return conf


def install(conf, dbname, modules, update=False):
    log = LOGS / "install.log"
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(conf),
        "-d",
        dbname,
        "-u" if update else "-i",
        ",".join(modules if update else ["queue_job", *modules]),
        "--stop-after-init",
        f"--logfile={log}",
    ]
    verb = "updating" if update else "installing"
    print(f"oms-test: {verb} {', '.join(modules)} in {dbname}", flush=True)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, check=False)
    text = log.read_text() if log.exists() else ""
    bad = BAD_LOG.findall(text)
    warnings = [m.group(0) for m in DEFINITION_WARNING.finditer(text)]
    print(f"oms-test: install took {time.monotonic() - started:.0f}s", flush=True)
    if proc.returncode or bad:
        print(text[-8000:], file=sys.stderr)
        fail(f"module installation failed (see {log})", 1)
    if warnings:
        print("\n".join(w[:2000] for w in warnings), file=sys.stderr)
        fail(f"Odoo warned about the modules' definitions (see {log})", 1)


def run_pytest(conf, dbname, extra):
    # Paths among the arguments narrow the run; otherwise everything runs.
    targets = [a for a in extra if not a.startswith("-") and Path(a).exists()]
    paths = []
    if not targets:
        paths = [str(ADDONS), str(ROOT / "lib"), str(ROOT / "tests")]
        paths += core_access_tests(odoo_addons_path())
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        f"--odoo-config={conf}",
        f"--odoo-database={dbname}",
        "--odoo-http",
        "--odoo-log-level=warn",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rs",
        *paths,
        *extra,
    ]
    print("oms-test: " + " ".join(cmd[2:]), flush=True)
    # the variable would override the configuration's channels
    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:0")
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def exists(db, dbname):
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", connect_timeout=5, **db)
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        found = bool(cr.fetchone())
    conn.close()
    return found


def drop(db, dbname):
    import psycopg2

    conn = psycopg2.connect(dbname="postgres", connect_timeout=5, **db)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--without-demo", action="store_true")
    parser.add_argument(
        "--db",
        help="develop on this database: installed the first time, updated "
        "afterwards (--no-update skips that), always kept",
    )
    parser.add_argument("--no-update", action="store_true")
    parser.add_argument(
        "pytest_args",
        nargs="*",
        help="extra pytest arguments; test paths among them narrow the run",
    )
    args = parser.parse_args()

    version = check_odoo()
    db = db_settings()
    check_postgres(db)
    dbname = args.db or f"oms_test_{int(time.time())}_{os.getpid()}"
    reuse = bool(args.db) and exists(db, dbname)
    modules = our_modules()
    print(f"oms-test: Odoo {version}, modules: {', '.join(modules)}", flush=True)
    fresh_logs()
    conf = write_config(db, dbname, with_demo=not args.without_demo)
    try:
        if not (reuse and args.no_update):
            install(conf, dbname, modules, update=reuse)
        code = run_pytest(conf, dbname, args.pytest_args)
    finally:
        if not (args.keep_db or args.db):
            drop(db, dbname)
    if code == 5:
        fail("pytest collected no test: that is a failure, not a pass.", 1)
    sys.exit(code)


if __name__ == "__main__":
    main()
