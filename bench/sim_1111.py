"""The 11.11 scenario at a chosen size, outside the test suite.

    python -m bench.sim_1111 [--orders 20000] [--small]

A Lazada, a Shopee and a TikTok Shop shop (each on its own sandbox) sharing
one warehouse receive a burst of orders over a compressed hour with duplicate
and out-of-order pushes, 429s, an outage of Lazada's API, Shopee's access
token expiring mid-run and SKUs running out; pushes go over HTTP to an Odoo
server started for the run, jobs run in the scenario's marketplace time.
Prints the counts of tests/simulation.py, with p50/p95 of "order created on
the marketplace -> confirmed and reserved in Odoo" and of "stock move in
Odoo -> quantity visible on each marketplace". The test suite runs the same
scenario small (tests/test_sim_1111.py).
"""

import argparse
import sys
import time
from contextlib import ExitStack

from .common import (
    ROOT,
    SandboxOwner,
    connect_lazada_shop,
    connect_shopee_shop,
    connect_tiktok_shop,
    create_database,
    drop_database,
    environment,
    http_server,
    lazada_shop,
    machine,
    registry,
    shopee_shop,
    table,
    tiktok_shop,
)

SKUS = [f"SIM-{i:03d}" for i in range(100)]
SCARCE = 10  # the first SKUs have 5 units: they run out during the burst
# listed in every shop, never ordered: the warehouse recounts one of them
# every marketplace minute (stock move -> visible on each marketplace)
RESTOCK = [f"RESTOCK-{i:02d}" for i in range(20)]


def setup(env, owner, server_url):
    """Products with stock, two connected shops listing every SKU."""
    from tests.simulation import LazadaAdapter, ShopeeAdapter, TikTokAdapter

    warehouse = env["stock.warehouse"].search([], limit=1)
    products = env["product.product"].create(
        [{"name": s, "default_code": s, "is_storable": True} for s in SKUS + RESTOCK]
    )
    for index, product in enumerate(products[: len(SKUS)]):
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 5 if index < SCARCE else 10**6
        )
    sandbox, lazada = lazada_shop(env, owner, "sg", warehouse)
    for sku in SKUS + RESTOCK:
        sandbox.add_product(sku, price=10.0, quantity=1000)
    connect_lazada_shop(lazada)
    adapters = [LazadaAdapter("lazada-sg", sandbox, lazada, SKUS)]
    sandbox, shopee = shopee_shop(env, owner, "MY", warehouse)
    for sku in SKUS + RESTOCK:
        sandbox.add_item(f"Item {sku}", sku=sku, price=10.0, stock=1000)
    connect_shopee_shop(shopee)
    adapters.append(ShopeeAdapter("shopee-my", sandbox, shopee, SKUS))
    sandbox, tiktok = tiktok_shop(env, owner, warehouse)
    sandbox.add_product(
        "Sim",
        [
            {"seller_sku": sku, "price": "10.00", "stock": 1000}
            for sku in SKUS + RESTOCK
        ],
    )
    connect_tiktok_shop(tiktok, sandbox)
    adapters.append(TikTokAdapter("tiktok-my", sandbox, tiktok, SKUS))
    for adapter in adapters:
        shop = adapter.shop
        shop._oms_import_listings()
        shop.stock_push_delay = 0
        # a marketplace delivers pushes concurrently at peak
        adapter.sandbox.pushes.concurrency = 8
        adapter.sandbox.configure_push(
            f"{server_url}/oms/webhook/{shop.platform}/{shop.id}"
        )
    env.cr.commit()
    return adapters


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    orders = 200 if args.small else args.orders
    sys.path.insert(0, str(ROOT))
    name = create_database(
        ["oms_base", "oms_lazada", "oms_shopee", "oms_tiktok", "oms_returns"]
    )
    owner = SandboxOwner(None)
    try:
        with ExitStack() as stack:
            reg = registry(name)
            server = stack.enter_context(http_server(name))
            from tests.simulation import run

            with environment(reg) as env:
                adapters = setup(env, owner, server.url)
                started = time.monotonic()
                report = run(
                    env,
                    adapters,
                    orders=orders,
                    commit=env.cr.commit,
                    restock_skus=RESTOCK,
                )
                elapsed = time.monotonic() - started
        table(
            f"11.11 scenario, {orders} orders ({machine()})",
            [
                *report.counts.items(),
                ("wall seconds", f"{elapsed:.0f}"),
                ("orders per wall second", f"{orders / elapsed:.1f}"),
                (
                    "command",
                    "python -m bench.sim_1111 "
                    + ("--small" if args.small else f"--orders {orders}"),
                ),
            ],
        )
        for line in report.lines()[len(report.counts) :]:
            print(line)
    finally:
        owner.stop_all()
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
