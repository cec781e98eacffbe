"""`make run` on a fresh machine: the real ``tools/oms_run.py`` on a fresh
database and free ports.

Its first start installs every module with the demo shops, and must show
orders of both demo shops without a restart: pulled at start by jobs that
the job runner runs, and pushed by the sandboxes as buyers order. Ctrl-C
then stops Odoo and the sandboxes: exit code 0, no traceback or logged error,
ports free.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from oms_test import db_settings, drop, free_port

# The first start installs every module: minutes on a busy machine.
STARTUP_TIMEOUT = 600


def _query(db, dbname, sql):
    try:
        conn = psycopg2.connect(dbname=dbname, connect_timeout=5, **db)
    except psycopg2.OperationalError:
        return None  # not created yet
    try:
        with conn.cursor() as cr:
            cr.execute(sql)
            return cr.fetchall()
    except psycopg2.Error:
        return None  # not installed yet
    finally:
        conn.close()


def _progress(db, dbname):
    """Per platform: sale orders, push messages processed; and jobs done."""
    orders = _query(
        db,
        dbname,
        "SELECT c.platform, count(*) FROM sale_order s "
        "JOIN oms_channel c ON c.id = s.oms_channel_id GROUP BY c.platform",
    )
    pushes = _query(
        db,
        dbname,
        "SELECT platform, count(*) FROM oms_event "
        "WHERE kind != 'orders_page' AND state = 'done' GROUP BY platform",
    )
    jobs = _query(db, dbname, "SELECT count(*) FROM queue_job WHERE state = 'done'")
    return dict(orders or []), dict(pushes or []), (jobs or [[0]])[0][0]


def _listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return False
    return True


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode()


def test_first_start_shows_demo_orders_and_stops_cleanly(tmp_path):
    db = db_settings()
    dbname = f"oms_run_test_{os.getpid()}"
    port, lazada_port, shopee_port, tiktok_port = (free_port() for _i in range(4))
    ports = (port, lazada_port, shopee_port, tiktok_port)
    platforms = {"lazada", "shopee", "tiktok"}
    log_path = tmp_path / "oms_run.log"
    drop(db, dbname)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tools" / "oms_run.py"),
                f"--db={dbname}",
                f"--port={port}",
                "--interface=127.0.0.1",
                f"--sandbox-ports={lazada_port},{shopee_port},{tiktok_port}",
                "--orders-every=3",
            ],
            cwd=ROOT,
            # a user's shell: not the test server's (tools/oms_test.py), whose
            # job runner is off
            env={k: v for k, v in os.environ.items() if k != "ODOO_QUEUE_JOB_CHANNELS"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def output():
        return log_path.read_text()

    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        orders, pushes, jobs = {}, {}, 0
        while time.monotonic() < deadline and proc.poll() is None:
            orders, pushes, jobs = _progress(db, dbname)
            if platforms <= set(orders) and platforms <= set(pushes) and jobs:
                break
            time.sleep(2)
        assert proc.poll() is None, output()[-5000:]
        assert all(orders.get(p) for p in platforms), (orders, output()[-5000:])
        assert all(pushes.get(p) for p in platforms), (pushes, output()[-5000:])
        assert jobs
        # the demo's own pushes are all the sandboxes' real ones: none refused
        refused = _query(
            db,
            dbname,
            "SELECT platform, left(error, 200) FROM oms_event WHERE state = 'refused'",
        )
        assert not refused, refused[:5]

        status, page = _get(f"http://127.0.0.1:{port}/web/login")
        assert status == 200 and "oe_login_form" in page
        for sandbox_port, title, platform in (
            (lazada_port, "Lazada", "lazada"),
            (shopee_port, "Shopee", "shopee"),
            (tiktok_port, "TikTok Shop", "tiktok"),
        ):
            status, page = _get(f"http://127.0.0.1:{sandbox_port}/")
            assert status == 200 and f"<h1>{title} sandbox</h1>" in page
            assert f"/oms/webhook/{platform}/" in page  # its push URL

        proc.send_signal(signal.SIGINT)
        code = proc.wait(120)
        text = output()
        assert code == 0, text[-5000:]
        assert "Traceback" not in text, text
        # what a person reads first: a first start logs no error
        errors = [line for line in text.splitlines() if " ERROR " in line]
        assert not errors, errors[:5]
        assert "oms-run: Odoo at http://localhost:" in text
        for each in ports:
            assert not _listening(each), f"port {each} still taken"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        drop(db, dbname)
