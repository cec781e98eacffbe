#!/usr/bin/env python3
"""Run Odoo with every OMS module and the demo shops on the sandboxes.

Starts the bundled marketplace sandboxes, creates (once) a database with
all OMS modules and their demo data, then serves Odoo with the queue_job
runner at http://localhost:<port> (admin / admin).
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from oms_test import (
    ROOT,
    check_odoo,
    check_postgres,
    db_settings,
    odoo_addons_path,
    our_modules,
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="oms_demo")
    parser.add_argument("--port", type=int, default=8069)
    args = parser.parse_args()
    check_odoo()
    db = db_settings()
    check_postgres(db)
    sandboxes = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "oms_sandboxes.py")], cwd=ROOT
    )
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={odoo_addons_path()}",
        f"--db_host={db['host']}",
        f"--db_port={db['port']}",
        f"--db_user={db['user']}",
        f"--http-port={args.port}",
        "--load=base,web,queue_job",
        # threaded mode: the job runner runs as a thread, no re-exec of
        # workers through `python -m odoo`
        "--workers=0",
        "--max-cron-threads=1",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        "-i",
        ",".join(our_modules()),
        "--without-demo=False",
    ]
    if db["password"]:
        cmd.append(f"--db_password={db['password']}")
    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:2")
    try:
        return subprocess.call(cmd, cwd=ROOT, env=env)
    finally:
        sandboxes.send_signal(signal.SIGINT)
        sandboxes.wait(10)


if __name__ == "__main__":
    sys.exit(main())
