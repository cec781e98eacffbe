from datetime import datetime, timedelta

import pytz

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.finance import FinanceSyncMixin

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaFinanceSync(FinanceSyncMixin, LazadaSandboxMixin, TransactionCase):
    """The daily finance sync against the Lazada sandbox: Lazada's own
    payout figure, weekly statements posted once Lazada closed them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("SYNC-SKU", price=30.0, quantity=50)
        cls.make_products(["SYNC-SKU"], quantity=50)
        cls.shop._oms_import_listings()
        cls.setup_finance_sync()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def _deliver(self, count, seed, weeks_ago=0):
        """Deliver ``count`` new orders; their transactions are dated
        ``weeks_ago`` weeks back (in last week's statement for 1)."""
        order_ids = self.sandbox.generate_orders(count, ["SYNC-SKU"], seed=seed)
        self.shop._oms_sync_orders()
        for order_id in order_ids:
            self.sandbox.set_order_status(order_id, "delivered")
        if weeks_ago:
            for row in self.sandbox.transactions:
                if row["order_no"] not in {str(o) for o in order_ids}:
                    continue
                day = datetime.strptime(row["transaction_date"], "%d %b %Y")
                day -= timedelta(weeks=weeks_ago)
                start = day - timedelta(days=day.weekday())
                row["transaction_date"] = f"{day:%d %b %Y}"
                row["statement"] = (
                    f"{start:%d %b %Y} - {start + timedelta(days=6):%d %b %Y}"
                )
        return order_ids

    def test_cron_queues_one_sync_per_shop_in_the_venture_calendar(self):
        other = self.shop.copy({"name": "Lazada without sync"})
        other.write({"state": "connected", "finance_sync_enabled": False})
        self.env["oms.channel"]._cron_sync_finance()
        self.env["oms.channel"]._cron_sync_finance()
        jobs = self.env["queue.job"].search(
            [
                ("method_name", "=", "_oms_sync_finance"),
                ("model_name", "=", "oms.channel"),
                ("state", "=", "pending"),
            ]
        )
        jobs = jobs.filtered(lambda j: j.records & (self.shop | other))
        self.assertEqual(jobs.records, self.shop, "only the shop asking")
        self.assertEqual(len(jobs), 1, "a waiting sync is not queued twice")
        singapore_today = (
            pytz.utc.localize(fields.Datetime.now())
            .astimezone(pytz.timezone("Asia/Singapore"))
            .date()
        )
        date_from, date_to = jobs.args
        self.assertEqual(date_to, str(singapore_today))
        self.assertEqual(
            date_from, str(singapore_today - timedelta(days=14 + 3)), "with overlap"
        )
        # after a sync, the next one starts at the cursor minus the overlap
        self.shop.finance_sync_cursor = singapore_today - timedelta(days=1)
        self.assertEqual(
            self.shop._oms_finance_window()[0], singapore_today - timedelta(days=4)
        )

    def test_closed_clean_statement_posts_itself_open_one_waits(self):
        last_week = self._deliver(2, seed=11, weeks_ago=1)
        this_week = self._deliver(1, seed=12)
        self.sync_finance()
        settlements = self.shop_settlements()
        self.assertEqual(len(settlements), 2)
        closed = settlements.filtered(lambda s: s.date_to < fields.Date.today())
        current = settlements - closed
        self.assertEqual(len(closed), 1)
        refs = {str(o) for o in last_week}
        self.assertEqual(set(closed.line_ids.mapped("external_order_ref")) - {""}, refs)
        refs = {str(o) for o in this_week}
        self.assertEqual(
            set(current.line_ids.mapped("external_order_ref")) - {""}, refs
        )
        self.assertFalse(closed.platform_open)
        self.assertEqual(closed.state, "reconciled", closed.discrepancy)
        self.assertEqual(
            set(closed.line_ids.sale_order_id.invoice_ids.mapped("payment_state")),
            {"paid"},
        )
        self.assertTrue(current.platform_open, "this week is not over in Singapore")
        self.assertEqual(current.state, "draft", "an open week is never posted")
        # the payout is Lazada's own figure, equal to its lines here
        for settlement in settlements:
            self.assertAlmostEqual(settlement.payout_amount, settlement.lines_total)

    def test_refetch_updates_never_duplicates(self):
        self._deliver(1, seed=21)
        self.sync_finance()
        first = self.shop_settlements()
        self.assertEqual(len(first), 1)
        lines_before = len(first.line_ids)
        # the same week grows by an order: the draft is updated in place
        self._deliver(1, seed=22)
        self.sync_finance()
        self.assertEqual(self.shop_settlements(), first)
        self.assertGreater(len(first.line_ids), lines_before)
        self.assertAlmostEqual(first.payout_amount, first.lines_total)
        # and fetching it once more changes nothing
        count = len(first.line_ids)
        self.sync_finance()
        self.assertEqual(self.shop_settlements(), first)
        self.assertEqual(len(first.line_ids), count)

    def test_payout_differing_from_lines_waits_with_its_discrepancy(self):
        self._deliver(2, seed=31, weeks_ago=1)
        statement = self.sandbox.transactions[0]["statement"]
        self.sandbox.offset_payout(-0.75, statement)
        self.sync_finance()
        settlement = self.shop_settlements()
        self.assertEqual(len(settlement), 1)
        self.assertAlmostEqual(
            settlement.payout_amount, round(settlement.lines_total - 0.75, 2)
        )
        self.assertIn("differs from the sum of the lines", settlement.discrepancy)
        self.assertFalse(settlement.platform_open)
        self.assertEqual(
            settlement.state, "draft", "a discrepancy is never auto-posted"
        )
