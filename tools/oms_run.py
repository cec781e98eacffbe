#!/usr/bin/env python3
"""Run Odoo with every OMS module and the demo shops on the sandboxes.

1. starts the bundled marketplace sandboxes (``tools/oms_sandboxes.py``),
   where a buyer places an order every ``--orders-every`` seconds and pushes
   are delivered as they come;
2. the first time, creates the database with every OMS module and its demo
   data, in a run of its own (``--stop-after-init``): the job runner of the
   server started next must find queue_job installed in it;
3. points the demo shops at the sandboxes' ports and queues what the
   5-minute cron queues (the order pull) so that orders come in at once;
4. serves Odoo on that database with the queue_job runner at
   http://localhost:<port> (admin / admin), and gives each sandbox the
   webhook URL of its demo shop.

Ctrl-C or SIGTERM stops the sandboxes' buyers, lets the jobs at work end,
stops Odoo, then the sandboxes, and exits 0.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from oms_sandboxes import SANDBOXES, default_ports, parse_ports
from oms_test import (
    ROOT,
    check_odoo,
    check_postgres,
    db_settings,
    drop,
    exists,
    fail,
    odoo_addons_path,
    our_modules,
)

# Runs in `odoo shell`: point the demo shops at the sandboxes, queue their
# periodic work now (the cron's first run is up to a minute after start),
# and tell the runner which shops to give the sandboxes as push targets.
SETUP_SCRIPT = """
import json
from urllib.parse import urlsplit

params = json.loads(PARAMS)
found = []
for platform, xmlid, port in params["shops"]:
    shop = env.ref(xmlid, raise_if_not_found=False)
    if not shop or shop.environment != "sandbox":
        continue
    values = {}
    for name, field in shop._fields.items():
        value = shop[name] if field.type == "char" and field.store else None
        if name.endswith("url") and value:
            parts = urlsplit(value)
            if parts.hostname in ("127.0.0.1", "localhost"):
                values[name] = parts._replace(netloc=f"127.0.0.1:{port}").geturl()
    shop.write(values)
    found.append({"platform": platform, "id": shop.id, "port": port})
    if shop.state == "connected":
        shop._oms_queue_periodic_work()
env.cr.commit()
with open(params["result"], "w") as result:
    json.dump(found, result)
"""


def _die_with_parent():
    """Children get SIGTERM if this runner is killed outright (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Interrupted(Exception):
    """Ctrl-C or SIGTERM arrived: stop everything, quietly."""


class Children:
    """The processes this runner started, and the stop request."""

    def __init__(self):
        self.procs = []
        self.stop_requested = False
        self.force = False
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, _signum, _frame):
        # a second Ctrl-C while stopping: do not wait for a clean stop
        self.force = self.stop_requested
        self.stop_requested = True

    def check(self):
        if self.stop_requested:
            raise Interrupted()

    def spawn(self, cmd, **kwargs):
        # Their own session: a Ctrl-C in the terminal reaches this runner
        # only, which stops each child once and in order (a second signal
        # would make Odoo skip its clean shutdown).
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no thread here
            **kwargs,
        )
        self.procs.append(proc)
        return proc

    def run(self, cmd, what, input_text=None):
        """Run ``cmd`` to its end; an interruption kills it."""
        stdin = subprocess.PIPE if input_text is not None else None
        proc = self.spawn(cmd, stdin=stdin, text=True)
        if input_text is not None:
            proc.stdin.write(input_text)
            proc.stdin.close()
        try:
            self.wait(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if proc.returncode:
            fail(f"{what} failed (exit code {proc.returncode})", 1)

    def wait(self, proc):
        while proc.poll() is None:
            self.check()
            time.sleep(0.2)
        return proc.returncode

    def wait_port(self, port, proc, what, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check()
            if proc.poll() is not None:
                fail(f"{what} stopped (exit code {proc.returncode})", 1)
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        fail(f"{what} did not listen on port {port} within {timeout}s", 1)

    def stop_all(self, timeout=60):
        """Stop the children, newest first (Odoo before the sandboxes)."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                deadline = time.monotonic() + timeout
                while proc.poll() is None:
                    if self.force or time.monotonic() > deadline:
                        proc.kill()
                    time.sleep(0.1)


def check_free(port, what):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("", port))
        except OSError:
            fail(
                f"port {port} ({what}) is in use: another `make run`? "
                "Stop it, or choose other ports (see --help)."
            )


def installed(db, dbname, modules):
    """Whether every OMS module is installed in ``dbname``."""
    import psycopg2

    if not exists(db, dbname):
        return False
    conn = psycopg2.connect(dbname=dbname, connect_timeout=5, **db)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT to_regclass('ir_module_module')")
            if not cr.fetchone()[0]:
                return False
            cr.execute(
                "SELECT count(*) FROM ir_module_module "
                "WHERE name IN %s AND state = 'installed'",
                [tuple(modules)],
            )
            return cr.fetchone()[0] == len(modules)
    finally:
        conn.close()


def odoo_command(db, dbname, *args):
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        *args,
        f"--addons-path={odoo_addons_path()}",
        f"--db_host={db['host']}",
        f"--db_port={db['port']}",
        f"--db_user={db['user']}",
        # -d alone serves that database only; a --db-filter would list the
        # server's databases (a new connection) on every sessionless request,
        # such as each web store API call
        "-d",
        dbname,
    ]
    if db["password"]:
        cmd.append(f"--db_password={db['password']}")
    return cmd


def sandbox_control(sandbox_port, path, data):
    request = urllib.request.Request(
        f"http://127.0.0.1:{sandbox_port}/_sandbox/{path}",
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


# Jobs running, or about to: Odoo's threaded server gives a request one
# second to end when it stops, then closes the database under it.
BUSY_JOBS = """
SELECT count(*) FROM queue_job
 WHERE state IN ('enqueued', 'started')
    OR (state = 'pending'
        AND (eta IS NULL OR eta < now() AT TIME ZONE 'utc' + interval '5 seconds'))
"""


def quiet_down(children, db, dbname, sandbox_ports, timeout=60):
    """Before Odoo stops: no more buyers nor pushes, the jobs at work done."""
    import psycopg2

    for port in sandbox_ports:
        try:
            sandbox_control(port, "live", {})
        except OSError:
            pass  # that sandbox is gone already
    conn = psycopg2.connect(dbname=dbname, connect_timeout=5, **db)
    conn.autocommit = True
    deadline = time.monotonic() + timeout
    announced = False
    try:
        with conn.cursor() as cr:
            while not children.force and time.monotonic() < deadline:
                cr.execute(BUSY_JOBS)
                busy = cr.fetchone()[0]
                if not busy:
                    return
                if not announced:
                    print(
                        f"oms-run: stopping once {busy} job(s) at work are done "
                        "(Ctrl-C again: stop now)",
                        flush=True,
                    )
                    announced = True
                time.sleep(0.3)
    finally:
        conn.close()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="oms_demo", help="database (%(default)s)")
    parser.add_argument("--port", type=int, default=8069, help="Odoo HTTP port")
    parser.add_argument(
        "--interface", help="interface Odoo listens on (default: all of them)"
    )
    parser.add_argument(
        "--sandbox-ports",
        type=parse_ports,
        default=default_ports(),
        help="ports of the sandboxes: "
        + ",".join(s[0] for s in SANDBOXES)
        + " (default %(default)s)",
    )
    parser.add_argument(
        "--sandbox-interface",
        default="127.0.0.1",
        help="interface the sandboxes listen on (%(default)s; 0.0.0.0 in docker)",
    )
    parser.add_argument(
        "--orders-every",
        type=float,
        default=120,
        metavar="SECONDS",
        help="a buyer orders on each sandbox every SECONDS (%(default)s; 0: never)",
    )
    parser.add_argument(
        "--update", action="store_true", help="update the OMS modules first"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    check_odoo()
    db = db_settings()
    check_postgres(db)
    check_free(args.port, "Odoo")
    for (name, *_rest), port in zip(SANDBOXES, args.sandbox_ports, strict=True):
        check_free(port, f"{name} sandbox")
    modules = our_modules()
    children = Children()
    created = False
    odoo = None
    try:
        sandboxes = children.spawn(
            [
                sys.executable,
                str(ROOT / "tools" / "oms_sandboxes.py"),
                f"--host={args.sandbox_interface}",
                "--ports=" + ",".join(map(str, args.sandbox_ports)),
                f"--orders-every={args.orders_every}",
                "--push-every=2",
            ]
        )
        for (name, *_rest), port in zip(SANDBOXES, args.sandbox_ports, strict=True):
            children.wait_port(port, sandboxes, f"the {name} sandbox", 60)

        if not installed(db, args.db, modules):
            created = not exists(db, args.db)
            print(
                f"oms-run: installing the OMS modules and their demo shops in "
                f"{args.db} (the first time only: a minute or two)",
                flush=True,
            )
            # Demo data load unless told otherwise; note that Odoo reads any
            # value given to --without-demo, "False" included, as "without".
            children.run(
                odoo_command(db, args.db, "-i", ",".join(modules), "--stop-after-init")
                + ["--log-level=warn"],
                "installing the modules",
            )
            created = False
        elif args.update:
            children.run(
                odoo_command(db, args.db, "-u", ",".join(modules), "--stop-after-init")
                + ["--log-level=warn"],
                "updating the modules",
            )

        with tempfile.TemporaryDirectory() as tmp:
            result = Path(tmp) / "shops.json"
            params = {
                "result": str(result),
                "shops": [
                    [name, shop_xmlid, port]
                    for (name, _module, _cls, _port, shop_xmlid), port in zip(
                        SANDBOXES, args.sandbox_ports, strict=True
                    )
                ],
            }
            children.run(
                odoo_command(db, args.db, "shell", "--no-http", "--log-level=warn"),
                "pointing the demo shops at the sandboxes",
                input_text=f"PARAMS = {json.dumps(json.dumps(params))}\n"
                + SETUP_SCRIPT,
            )
            shops = json.loads(result.read_text())
        if not shops:
            print(
                f"oms-run: {args.db} has no demo shop on the sandboxes (created "
                "without demo data?): use another --db for the demo",
                flush=True,
            )

        server = odoo_command(
            db,
            args.db,
            f"--http-port={args.port}",
            # queue_job server-wide: its job runner runs in the server, on
            # the database given above (-d), where queue_job is installed
            "--load=base,web,queue_job",
            # threaded mode: the job runner runs as a thread, no re-exec of
            # workers through `python -m odoo`
            "--workers=0",
            "--max-cron-threads=1",
        )
        if args.interface:
            server.append(f"--http-interface={args.interface}")
        env = dict(os.environ)
        env.setdefault("ODOO_QUEUE_JOB_CHANNELS", "root:2")
        odoo = children.spawn(server, env=env)
        children.wait_port(args.port, odoo, "Odoo", 300)
        for shop in shops:
            webhook = f"/oms/webhook/{shop['platform']}/{shop['id']}"
            sandbox_control(
                shop["port"],
                "push_url",
                {"url": f"http://127.0.0.1:{args.port}{webhook}"},
            )
        pages = ", ".join(
            f"{shop['platform']} http://127.0.0.1:{shop['port']}/" for shop in shops
        )
        print(
            f"oms-run: Odoo at http://localhost:{args.port} (admin / admin), "
            f"database {args.db}\n"
            f"oms-run: sandbox control pages: {pages}\n"
            f"oms-run: web store Open API http://localhost:{args.port}/oms/api/v1/docs "
            "(demo shop Brand.com, key omsk_demo-webstore-key)\n"
            "oms-run: Ctrl-C stops everything",
            flush=True,
        )
        code = children.wait(odoo)
        if code:
            print(f"oms-run: Odoo stopped (exit code {code})", file=sys.stderr)
        return code
    except Interrupted:
        if odoo is not None and odoo.poll() is None:
            quiet_down(children, db, args.db, args.sandbox_ports)
        children.stop_all()
        return 0 if odoo is None or odoo.returncode == 0 else 1
    finally:
        children.stop_all()
        if created:
            # an install cut short leaves a database that is not one
            drop(db, args.db)
            print(f"oms-run: stopped; the half-created {args.db} was dropped")


if __name__ == "__main__":
    sys.exit(main())
