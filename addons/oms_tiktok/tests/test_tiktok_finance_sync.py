import time
from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.finance import FinanceSyncMixin

from .common import TikTokSandboxMixin

DAY = 86400


@tagged("post_install", "-at_install")
class TestTikTokFinanceSync(FinanceSyncMixin, TikTokSandboxMixin, TransactionCase):
    """The daily finance sync against the TikTok sandbox: UTC statement
    days, the payout is the statement's settlement amount, a paid statement
    is final."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_products(["SYNC-TEE"], quantity=500)
        cls.setup_finance_sync()

    def setUp(self):
        super().setUp()
        self.sandbox.add_product(
            "Tee", [{"seller_sku": "SYNC-TEE", "price": "19.90", "stock": 500}]
        )
        self.shop._oms_import_listings()
        self.day = int(time.time()) // DAY * DAY

    def _delivered(self, count):
        ids = [self.sandbox.place_order([("SYNC-TEE", 1)]) for _i in range(count)]
        self.pull()
        for order_id in ids:
            self.sandbox.ship_and_deliver(order_id)
        return ids

    def test_window_is_in_utc_days(self):
        self.assertEqual(self.shop._oms_finance_tz(), pytz.utc)
        utc_today = fields.Datetime.now().date()
        self.assertEqual(
            self.shop._oms_finance_window(),
            (utc_today - timedelta(days=17), utc_today),
        )

    def test_paid_statement_posts_itself_processing_waits(self):
        ids = self._delivered(2)
        self.sandbox.create_statement(order_ids=ids[:1], statement_time=self.day)
        self.sandbox.create_statement(
            order_ids=ids[1:], statement_time=self.day, payment_status="PROCESSING"
        )
        self.sync_finance()
        settlement = self.shop_settlements()
        self.assertEqual(len(settlement), 1, "only paid statements are fetched")
        self.assertTrue(settlement.platform_closed)
        self.assertEqual(
            settlement.state, "reconciled", settlement.line_ids.mapped("discrepancy")
        )
        self.assertAlmostEqual(settlement.payout_amount, settlement.lines_total)

    def test_statement_amount_differing_from_its_transactions_waits(self):
        ids = self._delivered(1)
        self.sandbox.create_statement(
            order_ids=ids, statement_time=self.day, payout_offset="-2.50"
        )
        self.sync_finance()
        settlement = self.shop_settlements()
        self.assertAlmostEqual(
            settlement.payout_amount, round(settlement.lines_total - 2.5, 2)
        )
        self.assertIn("differs from the sum of the lines", settlement.discrepancy)
        self.assertEqual(settlement.state, "draft")
        # fetched again: the same draft, no second settlement
        self.shop.finance_sync_cursor = False
        self.sync_finance()
        self.assertEqual(len(self.shop_settlements()), 1)
