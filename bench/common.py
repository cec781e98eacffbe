"""Shared setup of the benchmarks: a fresh database and an Odoo registry."""

import os
import platform
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from oms_test import (
    check_odoo,
    check_postgres,
    db_settings,
    drop,
    odoo_addons_path,
)


def machine():
    import psycopg2

    db = db_settings()
    conn = psycopg2.connect(dbname="postgres", **db)
    version = conn.server_version
    conn.close()
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {version // 10000}.{version % 100}"
    )


def create_database(modules, name=None):
    """Create a database with ``modules`` installed (no demo data)."""
    check_odoo()
    db = db_settings()
    check_postgres(db)
    name = name or f"oms_bench_{os.getpid()}"
    started = time.monotonic()
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={odoo_addons_path()}",
        f"--db_host={db['host']}",
        f"--db_port={db['port']}",
        f"--db_user={db['user']}",
        "-d",
        name,
        "-i",
        ",".join(modules),
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
    ]
    if db["password"]:
        cmd.append(f"--db_password={db['password']}")
    subprocess.run(cmd, check=True, cwd=ROOT)
    print(f"# database {name} ready in {time.monotonic() - started:.0f}s", flush=True)
    return name


def drop_database(name):
    drop(db_settings(), name)


def registry(name):
    """An in-process Odoo registry on database ``name``."""
    import odoo
    from odoo.modules.registry import Registry

    db = db_settings()
    odoo.tools.config.parse_config(
        [
            f"--addons-path={odoo_addons_path()}",
            f"--db_host={db['host']}",
            f"--db_port={db['port']}",
            f"--db_user={db['user']}",
            "--log-level=warn",
        ]
    )
    return Registry(name)


@contextmanager
def environment(reg):
    from odoo import SUPERUSER_ID, api

    with reg.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def table(title, rows):
    width = max(len(str(r[0])) for r in rows)
    print(f"\n## {title}")
    for key, value in rows:
        print(f"{key!s:<{width}}  {value}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxOwner:
    """Collects the sandboxes to stop (what a test class does in tests)."""

    def __init__(self, env):
        self.env = env
        self.cleanups = []

    def addClassCleanup(self, func):
        self.cleanups.append(func)

    def stop_all(self):
        for cleanup in self.cleanups:
            cleanup()
