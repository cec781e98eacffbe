from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.finance import FinanceSyncMixin

from .common import ShopeeSandboxMixin

DAY = 86400


@tagged("post_install", "-at_install")
class TestShopeeFinanceSync(FinanceSyncMixin, ShopeeSandboxMixin, TransactionCase):
    """The daily finance sync against the Shopee sandbox: the payout is
    what Shopee released, a release day posts once it is over in the
    region."""

    skus = ["FS-A"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.setup_finance_sync()

    def _completed(self, count, seed, days_ago=0):
        """Orders completed on Shopee, their escrow released ``days_ago``."""
        self.shop._oms_import_listings()
        order_sns = self.sandbox.generate_orders(
            count, self.skus, cod_ratio=0, voucher_ratio=0, seed=seed
        )
        self.shop._oms_sync_orders()
        for order_sn in order_sns:
            self.sandbox.set_order_status(order_sn, "SHIPPED")
            self.sandbox.set_order_status(order_sn, "COMPLETED")
            self.sandbox.shop.orders[order_sn]["_escrow_release_time"] -= days_ago * DAY
        return order_sns

    def _settlement_of(self, order_sns):
        return (
            self.env["oms.settlement.line"]
            .search(
                [
                    ("channel_id", "=", self.shop.id),
                    ("external_order_ref", "in", order_sns),
                ]
            )
            .settlement_id
        )

    def test_yesterday_posts_itself_today_waits(self):
        yesterday = self._completed(2, seed=41, days_ago=1)
        today = self._completed(1, seed=42)
        self.sync_finance()
        closed, current = self._settlement_of(yesterday), self._settlement_of(today)
        self.assertEqual(len(closed), 1)
        self.assertEqual(len(current), 1)
        self.assertNotEqual(closed, current)
        self.assertEqual(
            closed.state, "reconciled", closed.line_ids.mapped("discrepancy")
        )
        self.assertEqual(
            set(closed.line_ids.sale_order_id.invoice_ids.mapped("payment_state")),
            {"paid"},
        )
        self.assertTrue(current.platform_open)
        self.assertEqual(current.state, "draft")
        # a second sync (overlap) finds the same statements: nothing new
        self.sync_finance()
        settlements = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(settlements, closed | current)

    def test_released_payout_differing_from_its_detail_waits(self):
        (order_sn,) = self._completed(1, seed=43, days_ago=1)
        self.sandbox.shop.offset_payout(order_sn, -0.01)
        self.sync_finance()
        settlement = self._settlement_of([order_sn])
        self.assertAlmostEqual(
            settlement.payout_amount, round(settlement.lines_total - 0.01, 2)
        )
        self.assertIn("differs from the sum of the lines", settlement.discrepancy)
        self.assertEqual(settlement.state, "draft")

    def test_payment_fee_checked_on_the_buyers_total(self):
        self.shop.write({"oms_payment_fee_rate": 2.12, "oms_fee_tolerance": 0.05})
        order_sns = self._completed(4, seed=44, days_ago=1)
        shipped = [
            sn
            for sn in order_sns
            if self.sandbox.shop.orders[sn]["_buyer_shipping_fee"]
        ]
        self.assertTrue(shipped, "an order whose buyer paid shipping")
        self.sync_finance()
        settlement = self._settlement_of(order_sns)
        fees = settlement.line_ids.filtered(lambda li: li.kind == "payment_fee")
        self.assertEqual(len(fees), 4)
        self.assertFalse(fees.filtered("discrepancy"), fees.mapped("discrepancy"))
        # on the sale alone, Shopee's fee of an order with shipping would
        # look too high: the buyer's total is the base
        order = settlement.line_ids.sale_order_id.filtered(
            lambda o: o.oms_external_id == shipped[0]
        )
        lines = settlement.line_ids.filtered(lambda li: li.sale_order_id == order)
        sale = sum(lines.filtered(lambda li: li.kind == "sale").mapped("amount"))
        fee = -sum(lines.filtered(lambda li: li.kind == "payment_fee").mapped("amount"))
        self.assertGreater(fee / sale * 100, 2.12 + 0.05)
        # a fee outside the expected rate is flagged on each order's fee
        self.shop.oms_payment_fee_rate = 1.5
        settlement._check_discrepancies()
        self.assertEqual(
            fees.filtered("discrepancy").sale_order_id,
            settlement.line_ids.sale_order_id,
        )
        self.assertIn("expected 1.50%", fees[0].discrepancy)
