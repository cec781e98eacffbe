"""Shared setup of the benchmarks: a fresh database and an Odoo registry."""

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
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


@contextmanager
def bench_environment(modules, owner, keep_db=False):
    """An environment on a fresh database with ``modules``; afterwards the
    sandboxes of ``owner`` are stopped and the database dropped (unless
    ``keep_db``)."""
    name = create_database(modules)
    try:
        with environment(registry(name)) as env:
            yield env
    finally:
        owner.stop_all()
        if not keep_db:
            drop_database(name)


def sized_arguments(doc, argv, size, small, full):
    """Parse ``--small``, ``--<size> N`` and ``--keep-db``; ``args.<size>``
    is N, else ``small`` with ``--small``, else ``full``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument(f"--{size}", type=int)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    if not getattr(args, size):
        setattr(args, size, small if args.small else full)
    return args


def table(title, rows):
    width = max(len(str(r[0])) for r in rows)
    print(f"\n## {title}")
    for key, value in rows:
        print(f"{key!s:<{width}}  {value}")


class CpuMeter:
    """Share of the machine's CPU time spent busy since creation (Linux)."""

    def __init__(self):
        self.start = self._read()

    @staticmethod
    def _read():
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    def busy(self):
        busy, total = self._read()
        return (busy - self.start[0]) / max(total - self.start[1], 1)


class LockSampler:
    """Share of samples in which a session of ``dbname`` waits on a lock."""

    QUERY = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = %s AND wait_event_type = 'Lock'"
    )

    def __init__(self, dbname, interval=0.2):
        import threading

        self.dbname, self.interval = dbname, interval
        self.samples = self.waiting = 0
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psycopg2

        conn = psycopg2.connect(dbname="postgres", **db_settings())
        conn.autocommit = True
        with conn.cursor() as cr:
            while not self.stop_event.wait(self.interval):
                cr.execute(self.QUERY, [self.dbname])
                self.samples += 1
                self.waiting += bool(cr.fetchone()[0])
        conn.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join(10)

    @property
    def share(self):
        return self.waiting / max(self.samples, 1)


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


def _server_command(name, port, workers, job_runner=False):
    db = db_settings()
    # prefork re-executes its script (see odoo_server.py); threaded is -m odoo
    launcher = [str(ROOT / "bench" / "odoo_server.py")] if workers else ["-m", "odoo"]
    cmd = [
        sys.executable,
        *launcher,
        f"--addons-path={odoo_addons_path()}",
        f"--db_host={db['host']}",
        f"--db_port={db['port']}",
        f"--db_user={db['user']}",
        # -d alone serves that database only; a --db-filter would list the
        # databases (a new connection) on every sessionless request
        "-d",
        name,
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--log-level=warn",
    ]
    if workers:
        cmd.append(f"--gevent-port={free_port()}")  # loopback, never 8072
    if job_runner:
        # queue_job server-wide: its runner sends the jobs to this server
        cmd.append("--load=base,web,queue_job")
    if db["password"]:
        cmd.append(f"--db_password={db['password']}")
    return cmd


def _wait_ready(url, server, log, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    raise RuntimeError(f"Odoo server at {url} not ready:\n{log.read()[-3000:]}")


@dataclass
class Server:
    url: str
    log: object  # file with the server's output
    process: subprocess.Popen

    def cpu_seconds(self):
        """CPU time used so far by the server and its worker processes."""
        import psutil

        root = psutil.Process(self.process.pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total


@contextmanager
def http_server(name, workers=0, job_channels=None, niceness=0):
    """An Odoo HTTP server on a free loopback port; yields a ``Server``.

    ``workers=0`` is the threaded server; more is the prefork server. With
    ``job_channels`` (queue_job's channels, ``root:1``), the server runs
    queue_job's job runner, which sends the jobs to this server, as a
    production server does. ``niceness`` lowers its CPU priority (a job
    server beside the API's, ``nice``).
    """
    port = free_port()
    env = dict(os.environ)
    if job_channels:
        env["ODOO_QUEUE_JOB_CHANNELS"] = job_channels
    with tempfile.TemporaryFile("w+") as log:
        command = _server_command(name, port, workers, job_runner=bool(job_channels))
        if niceness:
            command = ["nice", "-n", str(niceness), *command]  # nice execs: same pid
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_ready(url, server, log)
            yield Server(url, log, server)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)


# ----------------------------------------------------------------------
# Shops on the sandboxes (``sandbox.odoo_shop`` of each connector: the test
# helpers would import Odoo's test framework, which logs an error outside
# test mode)
# ----------------------------------------------------------------------

LAZADA_APP_KEY = "bench-app"
LAZADA_APP_SECRET = "bench-secret"


def lazada_shop(env, owner, venture="sg", warehouse=None):
    """A Lazada sandbox on loopback and a shop of ours pointing at it."""
    from odoo.addons.oms_lazada.sandbox import LazadaSandbox
    from odoo.addons.oms_lazada.sandbox.odoo_shop import create_shop

    sandbox = LazadaSandbox(
        app_key=LAZADA_APP_KEY, app_secret=LAZADA_APP_SECRET, venture=venture
    )
    sandbox.start()
    owner.addClassCleanup(sandbox.stop)
    return sandbox, create_shop(env, sandbox, warehouse)


def connect_lazada_shop(shop):
    from odoo.addons.oms_lazada.sandbox.odoo_shop import connect_shop

    return connect_shop(shop)


def listed_lazada_shop(env, owner, skus, quantity=100000, barcodes=False):
    """A connected Lazada shop whose ``skus`` are stocked products of the
    first warehouse, listed on the sandbox and bound: ``(sandbox, shop)``."""
    warehouse = env["stock.warehouse"].search([], limit=1)
    products = env["product.product"].create(
        [
            dict(
                {"name": sku, "default_code": sku, "is_storable": True},
                **({"barcode": f"BNCH{i:08d}"} if barcodes else {}),
            )
            for i, sku in enumerate(skus)
        ]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, quantity
        )
    sandbox, shop = lazada_shop(env, owner, "sg", warehouse)
    for sku in skus:
        sandbox.add_product(sku, price=10.0, quantity=quantity)
    connect_lazada_shop(shop)
    shop._oms_import_listings()
    return sandbox, shop


def shopee_shop(env, owner, region="MY", warehouse=None):
    """A Shopee sandbox on loopback and a shop of ours pointing at it."""
    from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
    from odoo.addons.oms_shopee.sandbox.odoo_shop import create_shop

    sandbox = ShopeeSandbox(
        partner_id=2000999, partner_key="bench-partner-key", shop_id=3000999
    )
    sandbox.start()
    owner.addClassCleanup(sandbox.stop)
    return sandbox, create_shop(env, sandbox, warehouse, region=region)


def connect_shopee_shop(shop):
    from odoo.addons.oms_shopee.sandbox.odoo_shop import connect_shop

    return connect_shop(shop)


def tiktok_shop(env, owner, warehouse=None):
    """A TikTok Shop sandbox (one shop, MY) on loopback and a shop of ours
    pointing at it."""
    from odoo.addons.oms_tiktok.sandbox import TikTokSandbox
    from odoo.addons.oms_tiktok.sandbox.odoo_shop import create_shop

    sandbox = TikTokSandbox(shops=1, rate_limit_qps=0)
    sandbox.start()
    owner.addClassCleanup(sandbox.stop)
    return sandbox, create_shop(env, sandbox, warehouse)


def connect_tiktok_shop(shop, sandbox):
    from odoo.addons.oms_tiktok.sandbox.odoo_shop import connect_shop

    return connect_shop(shop, sandbox)
