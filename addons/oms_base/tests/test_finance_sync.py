from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base.tests.finance import statement


@tagged("post_install", "-at_install")
class TestFinanceSync(AccountTestInvoicingCommon):
    """What the daily finance sync decides without a platform: the
    platform's calendar, which drafts post themselves, fee bases, bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Sync shop",
                "state": "connected",
                "finance_auto_post": True,
                "oms_payment_fee_rate": 2.0,
            }
        )
        cls.currency = cls.env.company.currency_id

    def _import(self, reference, day, lines, payout=None, closed=False):
        return self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                reference,
                lines,
                payout,
                currency=self.currency.name,
                date_from=day,
                date_to=day,
                payout_date=day,
                closed=closed,
            ),
        )

    def test_import_takes_only_a_normalized_settlement(self):
        with self.assertRaises(TypeError):
            self.env["oms.settlement"]._import_settlement(
                self.channel, {"reference": "DICT", "lines": []}
            )

    def test_calendar_is_the_shops_market(self):
        self.channel.country_id = self.env.ref("base.th")
        self.assertEqual(self.channel._oms_finance_tz(), pytz.timezone("Asia/Bangkok"))
        bangkok_today = (
            pytz.utc.localize(fields.Datetime.now())
            .astimezone(pytz.timezone("Asia/Bangkok"))
            .date()
        )
        self.assertEqual(self.channel._oms_finance_today(), bangkok_today)
        self.assertFalse(self.channel._oms_finance_day_closed(bangkok_today))
        self.assertTrue(
            self.channel._oms_finance_day_closed(bangkok_today - timedelta(days=1))
        )

    def test_only_closed_clean_drafts_post_themselves(self):
        today = self.channel._oms_finance_today()
        yesterday = today - timedelta(days=1)
        clean = self._import("CLEAN", yesterday, [("", "adjustment", 10.0, {})])
        still_open = self._import("OPEN", today, [("", "adjustment", 10.0, {})])
        paid_today = self._import(
            "PAID", today, [("", "adjustment", 10.0, {})], closed=True
        )
        differs = self._import(
            "DIFFERS", yesterday, [("", "adjustment", 10.0, {})], payout=9.99
        )
        posted = (clean | still_open | paid_today | differs)._oms_auto_post()
        self.assertEqual(posted, clean | paid_today)
        self.assertEqual(clean.state, "reconciled")
        self.assertEqual(paid_today.state, "reconciled", "the platform said final")
        self.assertEqual(still_open.state, "draft")
        self.assertTrue(still_open.platform_open)
        self.assertEqual(differs.state, "draft")
        self.assertIn("differs from the sum of the lines", differs.discrepancy)
        # a shop that does not ask posts nothing by itself
        self.channel.finance_auto_post = False
        other = self._import("LATER", yesterday, [("", "adjustment", 5.0, {})])
        self.assertFalse(other._oms_auto_post())

    def test_refund_without_an_order_is_listed_and_booked_once(self):
        yesterday = self.channel._oms_finance_today() - timedelta(days=1)
        settlement = self._import(
            "REFUND", yesterday, [("NO-SUCH-ORDER", "refund", -12.0, {})]
        )
        (line,) = settlement.line_ids
        self.assertIn("unknown to Odoo", line.discrepancy)
        self.assertFalse(settlement._oms_auto_post(), "a discrepancy waits")
        settlement.action_post()
        adjustment = settlement.move_id.line_ids.filtered(
            lambda li: li.account_id == self.channel.oms_adjustment_account_id
        )
        self.assertAlmostEqual(sum(adjustment.mapped("balance")), 12.0)
        # fetched again, nothing is booked twice
        again = self._import(
            "REFUND", yesterday, [("NO-SUCH-ORDER", "refund", -12.0, {})]
        )
        self.assertEqual(again, settlement)
        self.assertEqual(len(settlement.move_id), 1)

    def test_fee_checked_on_the_base_the_platform_gives(self):
        settlement = self._import(
            "FEES",
            fields.Date.today(),
            [
                ("", "sale", 100.0, {}),
                # 2.12 on a buyer's total of 106: 2.0 %, not 2.12 % of the sale
                ("", "payment_fee", -2.12, {"fee_base": 106.0}),
            ],
        )
        lines, no_order = settlement.line_ids, self.env["sale.order"]
        self.assertEqual(
            self.channel._oms_fee_base("payment_fee", no_order, lines), 106.0
        )
        self.assertEqual(
            self.channel._oms_fee_base("commission", no_order, lines), 100.0
        )
        self.assertFalse(settlement._fee_notes(no_order, lines), "2.0 % expected")
        # 0.12 points off: flagged once the tolerance is tighter than that
        self.channel.write({"oms_payment_fee_rate": 2.12, "oms_fee_tolerance": 0.05})
        (note,) = settlement._fee_notes(no_order, lines).values()
        self.assertIn("2.00% of its base, expected 2.12%", note)

    def test_window_reaches_back_by_the_overlap(self):
        today = self.channel._oms_finance_today()
        self.channel.write(
            {"finance_sync_initial_days": 14, "finance_sync_overlap_days": 3}
        )
        self.assertEqual(
            self.channel._oms_finance_window(),
            (today - timedelta(days=17), today),
            "first sync: the initial days plus the overlap",
        )
        self.channel._oms_finance_synced(today - timedelta(days=1))
        self.assertEqual(
            self.channel._oms_finance_window(),
            (today - timedelta(days=4), today),
            "next syncs fetch the last synced days again",
        )
        # a late sync of an older period never moves the cursor back
        self.channel._oms_finance_synced(today - timedelta(days=10))
        self.assertEqual(self.channel.finance_sync_cursor, today - timedelta(days=1))

    def test_refetched_statement_updates_its_draft_then_notes_changes(self):
        today = self.channel._oms_finance_today()
        first = self._import("LATE", today, [("", "adjustment", 10.0, {})])
        self.assertFalse(first._oms_auto_post(), "today is not closed")
        # the platform completes the day: the overlap fetches it again
        again = self._import(
            "LATE",
            today,
            [("", "adjustment", 12.0, {}), ("", "adjustment", 3.0, {})],
        )
        self.assertEqual(again, first)
        self.assertEqual(len(first.line_ids), 2)
        self.assertAlmostEqual(first.payout_amount, 15.0)
        first.action_post()
        move = first.move_id
        # changed after posting: noted, never rebooked
        self._import("LATE", today, [("", "adjustment", 20.0, {})], payout=23.0)
        self.assertEqual(first.move_id, move)
        self.assertEqual(len(first.line_ids), 2)
        self.assertIn("changed this statement after it was posted", first.discrepancy)
