"""Stock push: API calls and latency, against one call per SKU per change.

    python -m bench.bench_stock [--small] [--skus 1000] [--changed 300]

1,000 SKUs bound in two Lazada shops (two sandboxes on loopback, each shop
connected through the sandbox's authorize/token flow) that share one
warehouse. A first push publishes everything; a push with nothing changed
must make no call; then, in several rounds, real stock moves (stock to
customer, validated) change a subset of SKUs, and each shop's push must
publish exactly those, in ceil(changed / platform batch maximum) calls.
The baseline is what a naive integration does: one call per SKU per change.
Latency from the move being done to the sandbox showing the new quantity is
the shop's debounce (``stock_push_delay``, the push job's eta) plus the push
itself, measured here; the p95 is computed over every round and shop.
"""

import argparse
import math
import statistics
import time

from .common import (
    SandboxOwner,
    bench_environment,
    connect_lazada_shop,
    lazada_shop,
    machine,
    table,
)

PATH = "/rest/product/stock/sellable/update"
START_QTY = 1000


def setup(env, owner, count):
    """Products with stock, two connected shops with every SKU bound."""
    warehouse = env["stock.warehouse"].search([], limit=1)
    skus = [f"STK-{i:04d}" for i in range(count)]
    products = env["product.product"].create(
        [{"name": s, "default_code": s, "is_storable": True} for s in skus]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, START_QTY
        )
    shops = []
    for venture in ("sg", "my"):
        sandbox, shop = lazada_shop(env, owner, venture, warehouse)
        for sku in skus:
            sandbox.add_product(sku, price=10.0, quantity=0)
        connect_lazada_shop(shop)
        shop._oms_import_listings()
        shops.append((sandbox, shop))
    env.cr.commit()
    return warehouse, products, shops


def push(sandbox, shop):
    """One push job of ``shop``: (API calls, seconds)."""
    before = sandbox.call_count(PATH)
    started = time.perf_counter()
    shop._oms_push_stock()
    seconds = time.perf_counter() - started
    shop.env.cr.commit()
    return sandbox.call_count(PATH) - before, seconds


def ship(env, warehouse, products, quantity):
    """Done stock moves taking ``quantity`` of each product to a customer."""
    moves = env["stock.move"].create(
        [
            {
                "name": "bench shipment",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
            }
            for product in products
        ]
    )
    moves._action_confirm()
    moves._action_assign()
    moves.picked = True
    moves._action_done()
    env.cr.commit()  # the precommit hook records the changes, as in production


def measure_rounds(env, warehouse, products, shops, changed, rounds):
    """Each round: moves on ``changed`` SKUs, then each shop's push."""
    calls, seconds, correct = [], [], True
    for index in range(rounds):
        subset = products[index * 7 % len(products) :][:changed]
        if len(subset) < changed:
            subset = products[:changed]
        ship(env, warehouse, subset, 1 + index % 3)
        for sandbox, shop in shops:
            made, took = push(sandbox, shop)
            calls.append(made)
            seconds.append(took)
            env.invalidate_all()
            product = subset[-1].with_context(location=warehouse.lot_stock_id.id)
            correct &= sandbox.sellable_quantity(product.default_code) == int(
                product.free_qty
            )
    return calls, seconds, correct


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(len(values) * 0.95) - 1)]


def run(args, owner):
    with bench_environment(["oms_base", "oms_lazada"], owner, args.keep_db) as env:
        warehouse, products, shops = setup(env, owner, args.skus)
        first = [push(sandbox, shop)[0] for sandbox, shop in shops]
        for _sandbox, shop in shops:  # dirty, but the quantity is the same
            shop.binding_ids.stock_dirty = True
        idle = [push(sandbox, shop)[0] for sandbox, shop in shops]
        calls, seconds, correct = measure_rounds(
            env, warehouse, products, shops, args.changed, args.rounds
        )
        batch = shops[0][1]._oms_stock_batch_size()
        debounce = shops[0][1].stock_push_delay
    return first, idle, calls, seconds, correct, batch, debounce


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--skus", type=int)
    parser.add_argument("--changed", type=int)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    args.skus = args.skus or (200 if args.small else 1000)
    args.changed = args.changed or (60 if args.small else 300)
    owner = SandboxOwner(None)
    first, idle, calls, seconds, correct, batch, debounce = run(args, owner)
    expected = math.ceil(args.changed / batch)
    baseline = args.changed * 2
    per_round = [calls[i] + calls[i + 1] for i in range(0, len(calls), 2)]
    table(
        f"Stock push, {args.skus} SKUs x 2 shops ({machine()})",
        [
            ("first full push, calls per shop", f"{first} (batch max {batch})"),
            ("push with nothing changed, calls", f"{sum(idle)} (target 0)"),
            (f"rounds of {args.changed} SKUs changed", args.rounds),
            ("calls per shop per round", f"{sorted(set(calls))}"),
            (f"ceil({args.changed}/{batch}) per shop", expected),
            ("all rounds at the minimum", all(c == expected for c in calls)),
            ("baseline: one call per SKU per change (2 shops)", baseline),
            ("calls / baseline", f"{statistics.mean(per_round) / baseline:.3f}"),
            ("sandbox shows Odoo's free quantity", correct),
            (
                "push time p50 / p95 (s)",
                f"{statistics.median(seconds):.2f} / {p95(seconds):.2f}",
            ),
            (
                "move done -> visible, p95 (s)",
                f"{debounce + p95(seconds):.1f} (debounce {debounce} s + push p95)",
            ),
            (
                "command",
                "python -m bench.bench_stock" + (" --small" if args.small else ""),
            ),
        ],
    )


if __name__ == "__main__":
    main()
