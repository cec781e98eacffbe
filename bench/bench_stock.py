"""Stock push: API calls and latency, against one call per SKU per change.

    python -m bench.bench_stock [--small]

1,000 SKUs bound in two Lazada shops (two sandboxes) that share one
warehouse. A first push publishes everything; then stock changes on a
subset, and the push publishes only what changed, in batches of 50. The
baseline is what a naive integration does: one call per SKU per change.
Latency is the time from the stock move being done to the sandbox showing
the new quantity: the shop's debounce plus the measured push time.
"""

import argparse
import math
import statistics
import time

from .common import (
    SandboxOwner,
    create_database,
    drop_database,
    environment,
    machine,
    registry,
    table,
)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=300)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    skus_count = 200 if args.small else args.skus
    changed = 60 if args.small else args.changed
    name = create_database(["oms_base", "oms_lazada"])
    owner = None
    try:
        reg = registry(name)  # sets up the addons path
        from odoo.addons.oms_lazada.tests.common import connect_shop, make_lazada_shop

        with environment(reg) as env:
            owner = SandboxOwner(env)
            warehouse = env["stock.warehouse"].search([], limit=1)
            skus = [f"STK-{i:04d}" for i in range(skus_count)]
            products = env["product.product"].create(
                [{"name": s, "default_code": s, "is_storable": True} for s in skus]
            )
            for product in products:
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, 100
                )
            shops = []
            for venture in ("sg", "my"):
                sandbox, shop = make_lazada_shop(owner, venture, warehouse)
                for sku in skus:
                    sandbox.add_product(sku, price=10.0, quantity=0)
                connect_shop(shop)
                shop._oms_import_listings()
                shops.append((sandbox, shop))
            env.flush_all()
            env.cr.precommit.clear()
            path = "/rest/product/stock/sellable/update"
            first_calls = 0
            for sandbox, shop in shops:
                before = sandbox.call_count(path)
                shop._oms_push_stock()
                first_calls += sandbox.call_count(path) - before
            # nothing changed: a push makes no call
            for _sandbox, shop in shops:
                shop.binding_ids.stock_dirty = True
            idle_calls = 0
            for sandbox, shop in shops:
                before = sandbox.call_count(path)
                shop._oms_push_stock()
                idle_calls += sandbox.call_count(path) - before
            # a subset moves
            for product in products[:changed]:
                env["stock.quant"]._update_available_quantity(
                    product, warehouse.lot_stock_id, -7
                )
            env.flush_all()
            env.cr.precommit.run()
            calls, push_seconds = 0, []
            for sandbox, shop in shops:
                before = sandbox.call_count(path)
                started = time.monotonic()
                shop._oms_push_stock()
                push_seconds.append(time.monotonic() - started)
                calls += sandbox.call_count(path) - before
                assert sandbox.sellable_quantity(skus[0]) == 93
            expected_calls = 2 * math.ceil(changed / 50)
            debounce = shops[0][1].stock_push_delay
            p95 = debounce + max(push_seconds)
            env.cr.rollback()
        table(
            f"Stock push, {skus_count} SKUs x 2 shops ({machine()})",
            [
                (
                    "first full push, calls",
                    f"{first_calls} (= 2 x ceil({skus_count}/50))",
                ),
                ("push with no change, calls", idle_calls),
                (f"{changed} SKUs changed, calls", calls),
                ("platform minimum ceil(changed/50) x 2", expected_calls),
                ("baseline: one call per SKU per change", changed * 2),
                ("calls / baseline", f"{calls / (changed * 2):.3f}"),
                ("push time per shop (s)", ", ".join(f"{s:.2f}" for s in push_seconds)),
                ("mean push time (s)", f"{statistics.mean(push_seconds):.2f}"),
                (
                    "move done -> visible, p95 (s)",
                    f"{p95:.1f} (debounce {debounce}s + push)",
                ),
                (
                    "command",
                    "python -m bench.bench_stock" + (" --small" if args.small else ""),
                ),
            ],
        )
    finally:
        if owner:
            owner.stop_all()
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
