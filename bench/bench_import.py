"""Order import throughput, against the ORM floor and the XML-RPC path.

    python -m bench.bench_import [--small] [--ratio-orders N] [--sizes 1000,10000]

Imports synthetic marketplace orders (``normalized.Order``: 2-5 lines over 50
bound storable products, 40% COD, 30% returning buyers recognised by phone)
through ``oms.order.importer._import_orders`` into confirmed sale orders with
reservations, in pages of 100 committed one by one as the job does.

Baselines, measured in the same run and interleaved page by page with the
importer so that a busy machine slows all of them alike:

(a) ORM floor: the same partners created in one batch per page, the same
    sale orders and lines with ``sale.order.create([...])`` +
    ``action_confirm()`` per page, no lookup at all;
(b) the usual integration path: one XML-RPC ``create`` and one
    ``action_confirm`` per order against an Odoo HTTP server (threaded)
    started for the run, on a subset; its partners exist beforehand.

Routing: the same pages imported, interleaved page by page, into a second
database where oms_routing is installed (3 warehouses, 20 rules of which the
last matches, stock placed so that about 30% of orders split over two
warehouses), next to this database without it.

Then the importer in 1 and in 2 worker processes (own registry and cursor
each, disjoint halves, started together once their registry is loaded, a
page retried on a serialization failure as queue_job would), and the
importer's ms per order at growing sizes (it must stay flat: linear time).
"""

import argparse
import json
import random
import subprocess
import sys
import time
import xmlrpc.client
import zlib
from datetime import datetime

import psycopg2

from .common import (
    ROOT,
    CpuMeter,
    LockSampler,
    create_database,
    drop_database,
    environment,
    http_server,
    machine,
    registry,
    table,
)

PAGE = 100
SKUS = [f"BENCH-{i:03d}" for i in range(50)]
SHOP = "Bench shop"
RETRYABLE = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
)


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------


def setup(reg):
    """50 storable products with plenty of stock, bound in one shop."""
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
                product, warehouse.lot_stock_id, 10**8
            )
        channel = env["oms.channel"].create(
            {
                "name": SHOP,
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


def _buyer(rng, prefix, index, buyers):
    """30% of orders come from a buyer seen before (same phone)."""
    if buyers and rng.random() < 0.3:
        return rng.choice(buyers)
    buyer = (f"{prefix}-B{index}", f"+65 9{rng.randint(1000000, 9999999)}")
    buyers.append(buyer)
    return buyer


def make_orders(prefix, count, seed=7):
    from odoo.addons.oms_base import normalized

    rng = random.Random(seed)
    buyers = []
    orders = []
    for index in range(count):
        name, phone = _buyer(rng, prefix, index, buyers)
        lines = [
            normalized.OrderLine(
                external_id=f"{prefix}-{index}-{n}",
                sku=sku,
                name=sku,
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
                buyer=normalized.Buyer(name=name, phone=phone),
                shipping_address=normalized.Address(
                    name=name,
                    phone=phone,
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


def pages(items, size=PAGE):
    return [items[start : start + size] for start in range(0, len(items), size)]


# ----------------------------------------------------------------------
# The three ways in
# ----------------------------------------------------------------------


def import_page(reg, channel_id, page):
    """One committed page through the importer; returns seconds."""
    started = time.perf_counter()
    with environment(reg) as env:
        env["oms.order.importer"]._import_orders(
            env["oms.channel"].browse(channel_id), page
        )
    return time.perf_counter() - started


def run_importer(reg, channel_id, orders):
    return sum(import_page(reg, channel_id, page) for page in pages(orders))


class Floor:
    """The same partners and sale orders straight through the ORM."""

    def __init__(self, env, products):
        self.products = products
        self.shipping = env.ref("oms_base.product_oms_shipping").id
        self.country = env.ref("base.sg").id
        self.partners = {}  # phone -> id, partners created by earlier pages

    def partner_vals(self, order):
        address = order.shipping_address
        return {
            "name": order.buyer.name,
            "phone": order.buyer.phone,
            "street": address.street,
            "zip": address.zip,
            "country_id": self.country,
            "customer_rank": 1,
        }

    def line_vals(self, order):
        lines = [
            {
                "product_id": self.products[line.sku],
                "name": line.name,
                "product_uom_qty": line.quantity,
                "price_unit": line.unit_price,
                "tax_id": [(6, 0, [])],
            }
            for line in order.lines
        ]
        if order.shipping_fee:
            lines.append(
                {
                    "product_id": self.shipping,
                    "name": "Shipping fee",
                    "product_uom_qty": 1.0,
                    "price_unit": order.shipping_fee,
                    "tax_id": [(6, 0, [])],
                }
            )
        return [(0, 0, vals) for vals in lines]

    def order_vals(self, order):
        partner = self.partners[order.buyer.phone]
        return {
            "partner_id": partner,
            "partner_invoice_id": partner,
            "partner_shipping_id": partner,
            "client_order_ref": order.external_id,
            "order_line": self.line_vals(order),
        }

    def create_partners(self, env, orders):
        """Partners of buyers not seen before, in one ``create``."""
        new = {}
        for order in orders:
            phone = order.buyer.phone
            if phone not in self.partners and phone not in new:
                new[phone] = self.partner_vals(order)
        created = env["res.partner"].create(list(new.values()))
        self.partners.update(zip(new, created.ids, strict=True))

    def page(self, reg, orders):
        """One committed page: partners, sale orders, confirmation."""
        started = time.perf_counter()
        with environment(reg) as env:
            self.create_partners(env, orders)
            sales = env["sale.order"].create([self.order_vals(o) for o in orders])
            sales.action_confirm()
        return time.perf_counter() - started


class XmlRpc:
    """One ``create`` and one ``action_confirm`` per order over XML-RPC."""

    def __init__(self, url, name, uid):
        self.name, self.uid = name, uid
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )

    @classmethod
    def login(cls, url, name):
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        return cls(url, name, common.authenticate(name, "admin", "admin", {}))

    def call(self, method, *args):
        return self.models.execute_kw(
            self.name, self.uid, "admin", "sale.order", method, list(args)
        )

    def run(self, vals_list):
        started = time.perf_counter()
        for vals in vals_list:
            order_id = self.call("create", vals)
            self.call("action_confirm", [order_id])
        return time.perf_counter() - started


def xmlrpc_vals(reg, floor, orders):
    """Order values for XML-RPC, their partners created beforehand."""
    with environment(reg) as env:
        floor.create_partners(env, orders)
        env.ref("base.user_admin").password = "admin"
    return [floor.order_vals(order) for order in orders]


# ----------------------------------------------------------------------
# Phases
# ----------------------------------------------------------------------


def measure_ratios(reg, name, channel_id, products, count, rpc_count):
    """Importer, ORM floor and XML-RPC interleaved page by page."""
    imp_pages = pages(make_orders("IMP", count))
    floor_pages = pages(make_orders("FLR", count))
    rpc_orders = make_orders("RPC", rpc_count)
    with environment(reg) as env:
        floor = Floor(env, products)
    per_page = -(-rpc_count // len(imp_pages))
    rpc_vals = pages(xmlrpc_vals(reg, floor, rpc_orders), per_page)
    # warm-up: first-call costs (caches, sequences) are nobody's throughput
    import_page(reg, channel_id, make_orders("WARM-I", 10))
    floor.page(reg, make_orders("WARM-F", 10))
    times = {"importer": 0.0, "floor": 0.0, "xmlrpc": 0.0}
    with http_server(name, workers=0) as server:
        client = XmlRpc.login(server.url, name)
        client.run(xmlrpc_vals(reg, floor, make_orders("WARM-R", 2)))
        for index, (imp, flr) in enumerate(zip(imp_pages, floor_pages, strict=True)):
            # alternate who goes first, so that neither always runs warm
            if index % 2:
                times["floor"] += floor.page(reg, flr)
                times["importer"] += import_page(reg, channel_id, imp)
            else:
                times["importer"] += import_page(reg, channel_id, imp)
                times["floor"] += floor.page(reg, flr)
            if index < len(rpc_vals):
                times["xmlrpc"] += client.run(rpc_vals[index])
    return {
        "importer": count / times["importer"],
        "floor": count / times["floor"],
        "xmlrpc": rpc_count / times["xmlrpc"],
    }


def _start_worker(name, prefix, count):
    return subprocess.Popen(
        [sys.executable, "-m", "bench.bench_import", "--worker", name, prefix]
        + [str(count)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def run_workers(name, count, workers, tag):
    """``count`` orders split over ``workers`` processes started together."""
    per = count // workers
    procs = [_start_worker(name, f"{tag}W{i}", per) for i in range(workers)]
    for proc in procs:  # each has loaded its registry and built its orders
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("a bench worker failed to start")
    cpu = CpuMeter()
    with LockSampler(name) as locks:
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reports = []
        for proc in procs:
            out, _err = proc.communicate(timeout=7200)
            if proc.returncode:
                raise RuntimeError(f"a bench worker failed (exit {proc.returncode})")
            reports.append(json.loads(out.strip().splitlines()[-1]))
    busy = cpu.busy()
    wall = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    retries = sum(r["retries"] for r in reports)
    return per * workers / wall, retries, busy, locks.share


def worker(name, prefix, count):
    """Worker process: import ``count`` orders once the parent says go."""
    reg = registry(name)
    with environment(reg) as env:
        channel_id = env["oms.channel"].search([("name", "=", SHOP)]).id
    work = pages(make_orders(prefix, count, seed=zlib.crc32(prefix.encode())))
    print("ready", flush=True)
    sys.stdin.readline()
    retries = 0
    start = time.time()
    for page in work:
        for _attempt in range(20):
            try:
                import_page(reg, channel_id, page)
                break
            except RETRYABLE:
                retries += 1
                time.sleep(0.05)
        else:
            raise RuntimeError("page still failing after 20 attempts")
    print(json.dumps({"start": start, "end": time.time(), "retries": retries}))


def measure_growth(reg, channel_id, sizes):
    """ms per order of the importer at each size (same database, growing)."""
    growth = []
    for size in sizes:
        seconds = run_importer(
            reg, channel_id, make_orders(f"G{size}", size, seed=size)
        )
        growth.append((size, seconds * 1000 / size))
    return growth


# ----------------------------------------------------------------------
# Routing
# ----------------------------------------------------------------------

# SKUs stocked in the second warehouse only: an order holding one of them
# and another SKU ships in two parcels (about 30% of the orders).
SECOND_WAREHOUSE_SKUS = SKUS[45:]


def setup_routing(reg):
    """The bench shop with 3 warehouses and 20 routing rules; the first 19
    match nothing of the bench's orders, the last one splits."""
    channel_id, products = setup(reg)
    with environment(reg) as env:
        channel = env["oms.channel"].browse(channel_id)
        main = channel.warehouse_ids
        second, third = env["stock.warehouse"].create(
            [{"name": "Bench East", "code": "BE"}, {"name": "Bench West", "code": "BW"}]
        )
        moved = env["product.product"].browse(
            [products[sku] for sku in SECOND_WAREHOUSE_SKUS]
        )
        Quant = env["stock.quant"]
        for product in moved:
            Quant._update_available_quantity(product, main.lot_stock_id, -(10**8))
            Quant._update_available_quantity(product, second.lot_stock_id, 10**8)
        channel.warehouse_ids = main | second | third
        order = [
            (0, 0, {"sequence": i, "warehouse_id": w.id})
            for i, w in enumerate((main, second, third))
        ]
        rules = [
            {
                "name": f"Bench rule {index}",
                "sequence": index,
                "zip_patterns": f"9{index:02d}*",
                "warehouse_line_ids": order,
            }
            for index in range(19)
        ]
        rules.append(
            {
                "name": "Bench: nearest with stock, split allowed",
                "sequence": 100,
                "allow_split": True,
                "warehouse_line_ids": order,
            }
        )
        env["oms.routing.rule"].create(rules)
        return channel_id


def measure_routing(plain_reg, name, count):
    """Importer rate without and with oms_routing, interleaved page by page;
    returns the two rates and the share of split orders."""
    routed_name = create_database(["oms_base", "oms_routing"], name=f"{name}_routing")
    try:
        from odoo.modules.registry import Registry

        # the configuration is parsed once per process (``registry``)
        routed_reg = Registry(routed_name)
        routed_channel = setup_routing(routed_reg)
        with environment(plain_reg) as env:
            plain_channel = env["oms.channel"].search([("name", "=", SHOP)]).id
        import_page(plain_reg, plain_channel, make_orders("WARM-P", 10))
        import_page(routed_reg, routed_channel, make_orders("WARM-R", 10))
        plain_pages = pages(make_orders("RTP", count, seed=11))
        routed_pages = pages(make_orders("RTR", count, seed=11))
        times = {"plain": 0.0, "routed": 0.0}
        for index, (plain, routed) in enumerate(
            zip(plain_pages, routed_pages, strict=True)
        ):
            runs = [
                ("plain", plain_reg, plain_channel, plain),
                ("routed", routed_reg, routed_channel, routed),
            ]
            for key, reg, channel_id, page in runs if index % 2 else runs[::-1]:
                times[key] += import_page(reg, channel_id, page)
        with environment(routed_reg) as env:
            sales = env["sale.order"].search(
                [
                    ("oms_channel_id", "=", routed_channel),
                    ("oms_external_id", "=like", "RTR-%"),
                ]
            )
            split = len(sales.filtered("oms_routing_split"))
            flagged = len(sales.filtered("oms_routing_flagged"))
            reserved = sum(
                1
                for so in sales
                if so.state == "sale"
                and all(p.state == "assigned" for p in so.picking_ids)
            )
        return {
            "plain": count / times["plain"],
            "routed": count / times["routed"],
            "split": split / len(sales),
            "flagged": flagged,
            "reserved": (reserved, len(sales)),
        }
    finally:
        from odoo.modules.registry import Registry

        Registry.delete(routed_name)
        drop_database(routed_name)


def check_reserved(reg, channel_id):
    """Imported orders confirmed, with every delivery reserved."""
    with environment(reg) as env:
        sales = env["sale.order"].search([("oms_channel_id", "=", channel_id)])
        ok = sales.filtered(
            lambda so: (
                so.state == "sale"
                and so.picking_ids
                and all(p.state == "assigned" for p in so.picking_ids)
            )
        )
        return len(ok), len(sales)


# ----------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="CI smoke sizes")
    parser.add_argument("--ratio-orders", type=int, help="orders per method")
    parser.add_argument("--rpc-orders", type=int, help="orders sent by XML-RPC")
    parser.add_argument("--sizes", help="comma-separated order counts for growth")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--routing-only",
        action="store_true",
        help="only the import rate with oms_routing next to without it",
    )
    parser.add_argument("--worker", nargs=3, metavar=("DB", "PREFIX", "COUNT"))
    args = parser.parse_args(argv)
    default_sizes = "100,400" if args.small else "1000,10000"
    args.sizes = [int(s) for s in (args.sizes or default_sizes).split(",")]
    args.ratio_orders = args.ratio_orders or (200 if args.small else 1000)
    args.rpc_orders = args.rpc_orders or (20 if args.small else 200)
    return args


def report(args, rates, workers, growth, reserved, routing):
    imp, floor, rpc = rates["importer"], rates["floor"], rates["xmlrpc"]
    command = "python -m bench.bench_import" + (" --small" if args.small else "")
    table(
        f"Order import ({machine()})",
        [
            ("orders per method (pages of 100)", args.ratio_orders),
            ("importer, 1 worker", f"{imp:.1f} orders/s"),
            ("ORM floor create+confirm", f"{floor:.1f} orders/s"),
            (f"XML-RPC create+confirm ({args.rpc_orders})", f"{rpc:.1f} orders/s"),
            ("importer / ORM floor", f"{imp / floor:.2f} (target >= 0.80)"),
            ("importer / XML-RPC", f"{imp / rpc:.2f} (target >= 2.7)"),
            *[
                (
                    f"{n} worker process(es)",
                    (
                        f"{rate:.1f} orders/s, machine CPU {busy:.0%} busy, "
                        f"a worker waiting on a lock {locks:.0%} of the time"
                    ),
                )
                for n, (rate, _retries, busy, locks) in workers.items()
            ],
            ("2 workers / 1 worker", f"{workers[2][0] / workers[1][0]:.2f}"),
            ("pages retried (serialization)", workers[1][1] + workers[2][1]),
            *[(f"ms per order at {n}", f"{ms:.1f}") for n, ms in growth],
            ("growth (ms/order last / first)", f"{growth[-1][1] / growth[0][1]:.2f}"),
            ("confirmed and reserved", f"{reserved[0]}/{reserved[1]}"),
            *routing_rows(routing),
            ("command", command),
        ],
    )


def report_routing(args, routing):
    table(
        f"Order import with routing ({machine()})",
        [
            ("orders per database (pages of 100)", args.ratio_orders),
            *routing_rows(routing),
            (
                "command",
                "python -m bench.bench_import --routing-only"
                + (" --small" if args.small else ""),
            ),
        ],
    )


def routing_rows(routing):
    return [
        ("importer without oms_routing", f"{routing['plain']:.1f} orders/s"),
        (
            "importer with oms_routing (20 rules, 3 warehouses)",
            (
                f"{routing['routed']:.1f} orders/s, "
                f"{routing['split']:.0%} split, {routing['flagged']} flagged, "
                f"{routing['reserved'][0]}/{routing['reserved'][1]} reserved"
            ),
        ),
        (
            "with / without oms_routing",
            f"{routing['routed'] / routing['plain']:.2f} (target >= 0.90)",
        ),
    ]


def main(argv=None):
    args = parse(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], int(args.worker[2]))
        return
    name = create_database(["oms_base"])
    try:
        reg = registry(name)
        channel_id, products = setup(reg)
        if args.routing_only:
            report_routing(args, measure_routing(reg, name, args.ratio_orders))
            return
        rates = measure_ratios(
            reg, name, channel_id, products, args.ratio_orders, args.rpc_orders
        )
        one = run_workers(name, args.ratio_orders, 1, "P1")
        two = run_workers(name, args.ratio_orders, 2, "P2")
        growth = measure_growth(reg, channel_id, args.sizes)
        reserved = check_reserved(reg, channel_id)
        routing = measure_routing(reg, name, args.ratio_orders)
        report(args, rates, {1: one, 2: two}, growth, reserved, routing)
    finally:
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
