"""The 11.11 scenario at a chosen size, outside the test suite.

    python -m bench.sim_1111 [--orders 20000] [--small]

Two Lazada shops (two ventures, each with its own sandbox) receive a burst
of orders over a compressed hour with duplicate and out-of-order pushes,
429s, an outage of one shop's API, a token expiring mid-run and SKUs
running out; pushes go over HTTP to an Odoo server started for the run.
Prints the counts of tests/simulation.py. The test suite runs the same
scenario small (tests/test_sim_1111.py).
"""

import argparse
import socket
import subprocess
import sys
import time

from .common import (
    ROOT,
    SandboxOwner,
    create_database,
    db_settings,
    drop_database,
    environment,
    free_port,
    machine,
    odoo_addons_path,
    registry,
    table,
)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    orders = 200 if args.small else args.orders
    sys.path.insert(0, str(ROOT))
    name = create_database(["oms_base", "oms_lazada"])
    db = db_settings()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={odoo_addons_path()}",
            f"--db_host={db['host']}",
            f"--db_port={db['port']}",
            f"--db_user={db['user']}",
            "-d",
            name,
            f"--db-filter=^{name}$",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        cwd=ROOT,
    )
    owner = None
    try:
        reg = registry(name)  # sets up the addons path
        from odoo.addons.oms_lazada.tests.common import connect_shop, make_lazada_shop

        from tests.simulation import LazadaAdapter, run

        with environment(reg) as env:
            owner = SandboxOwner(env)
            warehouse = env["stock.warehouse"].search([], limit=1)
            skus = [f"SIM-{i:03d}" for i in range(100)]
            products = env["product.product"].create(
                [{"name": s, "default_code": s, "is_storable": True} for s in skus]
            )
            for index, product in enumerate(products):
                quantity = 5 if index < 10 else 10**6  # some SKUs run out
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, quantity
                )
            adapters = []
            for venture in ("sg", "my"):
                sandbox, shop = make_lazada_shop(owner, venture, warehouse)
                for sku in skus:
                    sandbox.add_product(sku, price=10.0, quantity=1000)
                connect_shop(shop)
                shop._oms_import_listings()
                shop.stock_push_delay = 0
                sandbox.configure_push(
                    f"http://127.0.0.1:{port}/oms/webhook/lazada/{shop.id}"
                )
                adapters.append(LazadaAdapter(f"lazada-{venture}", sandbox, shop, skus))
            env.cr.commit()
            for _attempt in range(120):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.5)
            started = time.monotonic()
            report = run(env, adapters, orders=orders, commit=env.cr.commit)
            elapsed = time.monotonic() - started
        table(
            f"11.11 scenario, {orders} orders ({machine()})",
            [
                *report.counts.items(),
                ("wall seconds", f"{elapsed:.0f}"),
                ("orders per wall second", f"{orders / elapsed:.1f}"),
                ("command", f"python -m bench.sim_1111 --orders {orders}"),
            ],
        )
        for line in report.lines()[len(report.counts) :]:
            print(line)
    finally:
        if owner:
            owner.stop_all()
        server.terminate()
        server.wait(30)
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
