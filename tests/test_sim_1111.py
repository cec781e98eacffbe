"""The 11.11 scenario at test-suite size (see tests/simulation.py): Lazada,
Shopee and TikTok Shop sharing one warehouse."""

import logging

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_lazada.sandbox.odoo_shop import connect_shop as connect_lazada
from odoo.addons.oms_lazada.tests.common import make_lazada_shop
from odoo.addons.oms_shopee.sandbox.odoo_shop import connect_shop as connect_shopee
from odoo.addons.oms_shopee.tests.common import make_shopee_shop
from odoo.addons.oms_tiktok.sandbox import TikTokSandbox
from odoo.addons.oms_tiktok.sandbox.odoo_shop import connect_shop as connect_tiktok
from odoo.addons.oms_tiktok.sandbox.odoo_shop import create_shop as create_tiktok

from .simulation import LazadaAdapter, ShopeeAdapter, TikTokAdapter, run

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestEleventhEleventh(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        skus = [f"SIM-{i:02d}" for i in range(12)]
        # listed everywhere, never ordered: the warehouse recounts them
        cls.restock = [f"RESTOCK-{i:02d}" for i in range(6)]
        products = cls.env["product.product"].create(
            [
                {"name": sku, "default_code": sku, "is_storable": True}
                for sku in skus + cls.restock
            ]
        )
        for index, product in enumerate(products):
            # the first SKUs run out during the burst
            quantity = 3 if index < 3 else 500
            cls.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, quantity
            )
        sandbox, shop = make_lazada_shop(cls, "sg", warehouse)
        for sku in skus + cls.restock:
            sandbox.add_product(sku, price=10.0, quantity=100)
        connect_lazada(shop)
        cls.adapters = [LazadaAdapter("lazada-sg", sandbox, shop, skus)]
        sandbox, shop = make_shopee_shop(cls, warehouse)
        for sku in skus + cls.restock:
            sandbox.add_item(f"Item {sku}", sku=sku, price=10.0, stock=100)
        connect_shopee(shop)
        cls.adapters.append(ShopeeAdapter("shopee-my", sandbox, shop, skus))
        sandbox = TikTokSandbox(shops=1, rate_limit_qps=0)
        sandbox.start()
        cls.addClassCleanup(sandbox.stop)
        shop = create_tiktok(cls.env, sandbox, warehouse)
        sandbox.add_product(
            "Sim",
            [
                {"seller_sku": sku, "price": "10.00", "stock": 100}
                for sku in skus + cls.restock
            ],
        )
        connect_tiktok(shop, sandbox)
        cls.adapters.append(TikTokAdapter("tiktok-my", sandbox, shop, skus))
        for adapter in cls.adapters:
            adapter.shop._oms_import_listings()
            adapter.shop.stock_push_delay = 0
        cls.env.flush_all()
        cls.env.cr.precommit.clear()

    def test_peak_day(self):
        for adapter in self.adapters:
            adapter.sandbox.configure_push(
                f"{self.base_url()}/oms/webhook/{adapter.shop.platform}/"
                f"{adapter.shop.id}"
            )
        report = run(self.env, self.adapters, orders=180, restock_skus=self.restock)
        _logger.info("11.11 scenario:\n%s", "\n".join(report.lines()))
        self.assertFalse(report.problems, "\n".join(report.lines()))
        for adapter in self.adapters:
            self.assertGreater(report.counts[f"{adapter.name}: marketplace orders"], 40)
            self.assertEqual(report.counts[f"{adapter.name}: missing"], 0)
            self.assertEqual(report.counts[f"{adapter.name}: duplicated"], 0)
            if not adapter.plays_returns:
                continue
            # the returns of the peak (5% of delivered, 2% failed deliveries)
            returns, in_odoo = report.counts[
                f"{adapter.name}: returns (marketplace / Odoo)"
            ].split(" / ")
            self.assertEqual(returns, in_odoo)
            self.assertGreater(int(returns), 0)
            refunds, notes = report.counts[
                f"{adapter.name}: refunds / credit notes"
            ].split(" / ")
            self.assertEqual(refunds, notes)
        self.assertEqual(
            report.counts["returns phase on"], "lazada-sg, shopee-my, tiktok-my"
        )
        self.assertEqual(report.counts["events left unprocessed"], 0)
        self.assertIn("ignored", report.counts["events by state"], "duplicates seen")
        for adapter in self.adapters:
            # every order that could be reserved was, and every recount
            # reached each marketplace
            orders = report.latencies["order"][adapter.name]
            self.assertGreater(len(orders), 30)
            self.assertTrue(all(seconds >= 0 for seconds in orders))
            moves = report.latencies["stock"][adapter.name]
            self.assertGreaterEqual(len(moves), 50)
        self.assertTrue(
            report.counts["stock moves never visible / overtaken"].startswith("0 /")
        )
