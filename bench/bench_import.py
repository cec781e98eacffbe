"""Order import throughput, against the ORM floor and the XML-RPC path.

    python -m bench.bench_import [--small] [--sizes 1000,10000]

Imports N synthetic marketplace orders (2-5 lines, COD and prepaid, 30% of
returning buyers) through the OMS importer into confirmed sale orders with
reservations, in pages of 100 committed one by one as the job does. In the
same run: (a) the ORM floor, the same orders with ``create([...])`` +
``action_confirm()`` per page; (b) the usual integration, one XML-RPC
``create`` and one ``action_confirm`` per order; then the importer with two
worker processes, and ms per order as N grows.
"""

import argparse
import random
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from datetime import datetime

from .common import (
    ROOT,
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

PAGE = 100
SKUS = [f"BENCH-{i:03d}" for i in range(50)]


def setup(reg):
    with environment(reg) as env:
        warehouse = env["stock.warehouse"].search([], limit=1)
        products = env["product.product"].create(
            [
                {
                    "name": sku,
                    "default_code": sku,
                    "is_storable": True,
                    "list_price": 10.0,
                    "taxes_id": [(5, 0, 0)],
                }
                for sku in SKUS
            ]
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10**7
            )
        channel = env["oms.channel"].create(
            {
                "name": "Bench shop",
                "state": "connected",
                "stock_sync_enabled": False,
                "warehouse_ids": [(6, 0, warehouse.ids)],
                "country_id": env.ref("base.sg").id,
            }
        )
        env["oms.product.binding"].create(
            [
                {
                    "channel_id": channel.id,
                    "product_id": p.id,
                    "seller_sku": p.default_code,
                    "external_id": f"SKU-{p.default_code}",
                }
                for p in products
            ]
        )
        return channel.id, dict(zip(SKUS, products.ids, strict=True))


def make_orders(prefix, count, seed=7):
    from odoo.addons.oms_base import normalized

    rng = random.Random(seed)
    buyers = []
    orders = []
    for index in range(count):
        if buyers and rng.random() < 0.3:
            buyer = rng.choice(buyers)
        else:
            buyer = (f"{prefix}-B{index}", f"+65 9{rng.randint(1000000, 9999999)}")
            buyers.append(buyer)
        lines = [
            normalized.OrderLine(
                external_id=f"{prefix}-{index}-{n}",
                sku=sku,
                external_sku_id=f"SKU-{sku}",
                quantity=rng.randint(1, 3),
                unit_price=rng.choice([9.9, 12.5, 19.0]),
            )
            for n, sku in enumerate(rng.sample(SKUS, rng.randint(2, 5)))
        ]
        orders.append(
            normalized.Order(
                external_id=f"{prefix}-{index}",
                status=normalized.TO_SHIP,
                updated_at=datetime(2026, 11, 11, 0, 0),
                buyer=normalized.Buyer(
                    external_id=buyer[0], name=buyer[0], phone=buyer[1]
                ),
                shipping_address=normalized.Address(
                    name=buyer[0],
                    phone=buyer[1],
                    street="1 Orchard Rd",
                    zip="238823",
                    country_code="SG",
                ),
                lines=lines,
                shipping_fee=rng.choice([0.0, 2.99]),
                is_cod=rng.random() < 0.4,
            )
        )
    return orders


def run_importer(reg, channel_id, orders):
    started = time.monotonic()
    for start in range(0, len(orders), PAGE):
        with environment(reg) as env:
            channel = env["oms.channel"].browse(channel_id)
            env["oms.order.importer"]._import_orders(
                channel, orders[start : start + PAGE]
            )
    return time.monotonic() - started


def _floor_vals(env, orders, products):
    partners = env["res.partner"].create(
        [{"name": o.buyer.name, "phone": o.buyer.phone} for o in orders]
    )
    shipping = env.ref("oms_base.product_oms_shipping").id
    vals = []
    for order, partner in zip(orders, partners, strict=True):
        lines = [
            (
                0,
                0,
                {
                    "product_id": products[li.sku],
                    "product_uom_qty": li.quantity,
                    "price_unit": li.unit_price,
                },
            )
            for li in order.lines
        ]
        if order.shipping_fee:
            lines.append(
                (0, 0, {"product_id": shipping, "price_unit": order.shipping_fee})
            )
        vals.append({"partner_id": partner.id, "order_line": lines})
    return vals


def run_floor(reg, orders, products):
    with environment(reg) as env:
        vals = _floor_vals(env, orders, products)
    started = time.monotonic()
    for start in range(0, len(vals), PAGE):
        with environment(reg) as env:
            env["sale.order"].create(vals[start : start + PAGE]).action_confirm()
    return time.monotonic() - started


def run_xmlrpc(reg, name, orders, products):
    with environment(reg) as env:
        vals = _floor_vals(env, orders, products)
        env.ref("base.user_admin").password = "admin"
    db = db_settings()
    port = free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed with the server
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        uid = None
        for _attempt in range(240):
            try:
                common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
                uid = common.authenticate(name, "admin", "admin", {})
                break
            except (OSError, xmlrpc.client.ProtocolError):
                time.sleep(0.5)
        if not uid:
            log.seek(0)
            raise RuntimeError(f"XML-RPC server unusable: {log.read()[-3000:]}")
        models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        started = time.monotonic()
        for order_vals in vals:
            order_id = models.execute_kw(
                name, uid, "admin", "sale.order", "create", [order_vals]
            )
            models.execute_kw(
                name, uid, "admin", "sale.order", "action_confirm", [[order_id]]
            )
        return time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)


def run_workers(name, count, workers):
    per = count // workers
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.bench_import",
                "--worker",
                name,
                f"W{index}",
                str(per),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for index in range(workers)
    ]
    for proc in procs:
        proc.communicate(timeout=3600)
    return time.monotonic() - started, per * workers


def worker(name, prefix, count):
    reg = registry(name)
    with environment(reg) as env:
        channel_id = env["oms.channel"].search([("name", "=", "Bench shop")]).id
    run_importer(reg, channel_id, make_orders(prefix, count, seed=hash(prefix) % 1000))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--sizes", help="comma-separated order counts")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--worker", nargs=3, metavar=("DB", "PREFIX", "COUNT"))
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return
    sizes = [
        int(s)
        for s in (args.sizes or ("200,800" if args.small else "1000,10000")).split(",")
    ]
    rpc_count = min(sizes[0], 100 if args.small else 300)
    name = create_database(["oms_base"])
    try:
        reg = registry(name)
        channel_id, products = setup(reg)
        base = sizes[0]
        importer_s = run_importer(reg, channel_id, make_orders("IMP", base))
        floor_s = run_floor(reg, make_orders("FLR", base), products)
        rpc_s = run_xmlrpc(reg, name, make_orders("RPC", rpc_count), products)
        two_s, two_n = run_workers(name, base, 2)
        growth = []
        for size in sizes:
            seconds = run_importer(
                reg, channel_id, make_orders(f"G{size}", size, seed=size)
            )
            growth.append((size, seconds * 1000 / size))
        imp_rate, floor_rate, rpc_rate = (
            base / importer_s,
            base / floor_s,
            rpc_count / rpc_s,
        )
        table(
            f"Order import ({machine()})",
            [
                ("orders (importer, floor)", base),
                ("importer, 1 worker", f"{imp_rate:.1f} orders/s"),
                ("importer, 2 workers", f"{two_n / two_s:.1f} orders/s"),
                ("ORM floor create+confirm", f"{floor_rate:.1f} orders/s"),
                (f"XML-RPC per order ({rpc_count})", f"{rpc_rate:.1f} orders/s"),
                (
                    "importer / ORM floor",
                    f"{imp_rate / floor_rate:.2f} (target >= 0.80)",
                ),
                ("importer / XML-RPC", f"{imp_rate / rpc_rate:.2f} (target >= 2.7)"),
                *[(f"ms per order at {n}", f"{ms:.1f}") for n, ms in growth],
                (
                    "growth ratio (ms/order last/first)",
                    f"{growth[-1][1] / growth[0][1]:.2f}",
                ),
                (
                    "command",
                    "python -m bench.bench_import" + (" --small" if args.small else ""),
                ),
            ],
        )
    finally:
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
