"""A month of Lazada payouts, from the sandbox to the bank (issue #18's
"Done when", for Lazada): four weekly statements fetched by the daily
sync, injected differences, the bank lines of the payouts. At the end every
settled order's invoice is paid, every fee kind is on its account, every
payout but the one whose bank line is a cent off is matched, and exactly the
injected differences are listed."""

import copy
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.common import setup_shop_accounting
from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin

FEE_ACCOUNTS = {
    "commission": "oms_commission_account_id",
    "payment_fee": "oms_payment_fee_account_id",
    "shipping_seller": "oms_shipping_account_id",
}


@tagged("post_install", "-at_install")
class TestLazadaFinanceMonth(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("MONTH-SKU", price=25.0, quantity=100)
        cls.make_products(["MONTH-SKU"], quantity=100)
        cls.shop._oms_import_listings()
        setup_shop_accounting(cls.shop)
        cls.shop.write(
            {
                "finance_sync_enabled": True,
                "finance_auto_post": True,
                "finance_sync_initial_days": 35,
                # the sandbox's rates
                "oms_commission_rate": 5.0,
                "oms_payment_fee_rate": 2.0,
                "oms_fee_tolerance": 0.5,
                "oms_settlement_overdue_days": 14,
            }
        )
        # the Singapore payouts arrive on the shop's SGD bank account
        sgd = cls.env.ref("base.SGD")
        sgd.active = True
        cls.bank = cls.env["account.journal"].create(
            {
                "name": "Marketplace bank SGD",
                "code": "MKTB",
                "type": "bank",
                "currency_id": sgd.id,
            }
        )
        cls.env.cr.precommit.clear()

    def _deliver_week(self, weeks_ago, seed):
        order_ids = self.sandbox.generate_orders(2, ["MONTH-SKU"], seed=seed)
        self.shop._oms_sync_orders()
        for order_id in order_ids:
            self.sandbox.set_order_status(order_id, "delivered")
        mine = {str(o) for o in order_ids}
        statement = None
        for row in self.sandbox.transactions:
            if row["order_no"] not in mine:
                continue
            day = datetime.strptime(row["transaction_date"], "%d %b %Y")
            day -= timedelta(weeks=weeks_ago)
            start = day - timedelta(days=day.weekday())
            statement = f"{start:%d %b %Y} - {start + timedelta(days=6):%d %b %Y}"
            row["transaction_date"] = f"{day:%d %b %Y}"
            row["statement"] = statement
        return [str(o) for o in order_ids], statement

    def _rows(self, order_no, fee_name=None):
        return [
            r
            for r in self.sandbox.transactions
            if r["order_no"] == order_no and fee_name in (None, r["fee_name"])
        ]

    def test_a_month_closes_with_only_the_injected_differences(self):
        self.sandbox.reset_orders()
        weeks = {
            weeks_ago: self._deliver_week(weeks_ago, seed=60 + weeks_ago)
            for weeks_ago in (4, 3, 2, 1)
        }
        # injected: a commission charged twice over (week 3)
        wrong_fee_order = weeks[3][0][0]
        commission = next(
            r for r in self._rows(wrong_fee_order) if r["fee_type"] == "16"
        )
        commission["amount"] = f"{float(commission['amount']) * 2:.2f}"
        # injected: a sale of an order Odoo never saw (week 2)
        unknown = copy.deepcopy(self._rows(weeks[2][0][0])[0])
        unknown.update(order_no="999000111", transaction_number="999000111-1")
        self.sandbox.transactions.append(unknown)
        # injected: a payout that differs from its lines (week 1)
        self.sandbox.offset_payout(-0.50, weeks[1][1])
        # injected: an order delivered three weeks ago that no statement paid
        (unpaid_id,) = self.sandbox.generate_orders(1, ["MONTH-SKU"], seed=70)
        self.shop._oms_sync_orders()
        unpaid = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(unpaid_id)),
            ]
        )
        picking = unpaid.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        picking.date_done = fields.Datetime.now() - timedelta(days=21)

        # the night's cron, its job
        self.env["oms.channel"]._cron_sync_finance()
        run_jobs(self.env)
        settlements = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(len(settlements), 4, "one per week")
        by_week = {
            weeks_ago: settlements.filtered(lambda s, st=statement: s.name.endswith(st))
            for weeks_ago, (_orders, statement) in weeks.items()
        }
        # the clean week posted itself; the others wait with their reason
        self.assertEqual(by_week[4].state, "reconciled")
        for weeks_ago in (3, 2, 1):
            self.assertEqual(by_week[weeks_ago].state, "draft", weeks_ago)
        flagged = settlements.line_ids.filtered("discrepancy")
        self.assertEqual(
            {(line.external_order_ref, line.kind) for line in flagged},
            {(wrong_fee_order, "commission"), ("999000111", "sale")},
        )
        self.assertEqual(
            settlements.filtered("discrepancy"), by_week[1], "payout ≠ its lines"
        )
        self.assertIn("differs from the sum of the lines", by_week[1].discrepancy)
        self.assertEqual(
            self.env["oms.settlement"]._unsettled_orders(self.shop), unpaid
        )
        # the accountant reviews and posts the three drafts
        (by_week[3] | by_week[2] | by_week[1]).action_post()

        # every settled order's invoice is paid
        settled = settlements.line_ids.sale_order_id
        self.assertEqual(len(settled), 8)
        invoices = settled.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), 8)
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        # every fee kind is on its account, to the cent
        moves = settlements.move_id
        for kind, field in FEE_ACCOUNTS.items():
            booked = sum(
                moves.line_ids.filtered(
                    lambda li, f=field: li.account_id == self.shop[f]
                ).mapped("amount_currency")
            )
            charged = -sum(
                settlements.line_ids.filtered(lambda li, k=kind: li.kind == k).mapped(
                    "amount"
                )
            )
            self.assertAlmostEqual(booked, charged, places=2, msg=kind)

        # the bank statement of the month: week 2's payout arrived a cent short
        lines = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": self.bank.id,
                    "date": settlement.payout_date + timedelta(days=2),
                    "payment_ref": f"LAZADA {settlement.payout_reference}",
                    "amount": settlement.payout_amount
                    - (0.01 if settlement == by_week[2] else 0.0),
                }
                for settlement in by_week.values()
            ]
        )
        self.assertEqual(len(lines.filtered("is_reconciled")), 3)
        to_match = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id), ("payout_state", "=", "to_match")]
        )
        self.assertEqual(to_match, by_week[2])
        self.assertEqual(
            to_match.candidate_bank_line_ids,
            lines.filtered(lambda li: not li.is_reconciled),
        )
        # nothing is left on the marketplace receivable but that payout
        receivable = self.env["account.move.line"].search(
            [
                ("oms_payout_settlement_ids", "in", settlements.ids),
                ("reconciled", "=", False),
            ]
        )
        self.assertEqual(receivable, by_week[2].payout_move_line_id)
