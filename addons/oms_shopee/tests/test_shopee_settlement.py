import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.models.oms_settlement import FEE_ACCOUNT_FIELDS
from odoo.addons.oms_base.tests.common import setup_shop_accounting
from odoo.addons.oms_shopee import finance

from .common import SHOP_ID, ShopeeSandboxMixin

MYT = finance.region_tz("MY")


@tagged("post_install", "-at_install")
class TestShopeeSettlement(ShopeeSandboxMixin, TransactionCase):
    """Escrow Shopee releases, fetched over HTTP from the sandbox, becomes
    settlements that post and pay the orders' invoices."""

    skus = ["SET-A", "SET-B"]
    clock_shift = 0.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        setup_shop_accounting(cls.shop)
        cls.shop._oms_check_accounting()
        # Shopee's clock, which the tests move to release escrow in the past
        cls.sandbox.clock = lambda: time.time() + cls.clock_shift

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()

    @contextmanager
    def shopee_time(self, moment):
        """Run sandbox actions as if it were ``moment`` on Shopee's side."""
        type(self).clock_shift = moment.timestamp() - time.time()
        try:
            yield
        finally:
            type(self).clock_shift = 0.0

    def complete(self, order_sns):
        """Deliver the orders: Shopee releases their escrow."""
        for order_sn in order_sns:
            self.sandbox.set_order_status(order_sn, "SHIPPED")
            self.sandbox.set_order_status(order_sn, "COMPLETED")

    def escrow(self, order_sn):
        """What Shopee pays out for an order (its escrow_amount)."""
        shop = self.sandbox.shop
        income = shop.escrow_detail(shop.orders[order_sn])["order_income"]
        return income["escrow_amount"]

    def release_day(self, order_sn):
        released = self.sandbox.shop.orders[order_sn]["_escrow_release_time"]
        return datetime.fromtimestamp(released, MYT).date()

    def settlements(self):
        return self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)], order="payout_date"
        )

    def settlement_events(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "finance")]
        )

    def order_lines(self, settlement, order_sn):
        return settlement.line_ids.filtered(
            lambda line: line.external_order_ref == order_sn
        )

    def assert_posted_and_reconciled(self, settlement):
        settlement.action_post()
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.shop.oms_settlement_journal_id)
        self.assertAlmostEqual(
            sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), 2
        )
        self.assertAlmostEqual(sum(move.line_ids.mapped("amount_currency")), 0.0, 2)
        self.assertEqual(move.line_ids.currency_id, settlement.currency_id)
        # every fee kind on its own account, for what the lines say
        for kind, field in FEE_ACCOUNT_FIELDS.items():
            booked = move.line_ids.filtered(
                lambda li, f=field: li.account_id == self.shop[f]
            )
            amount = sum(
                settlement.line_ids.filtered(lambda li, k=kind: li.kind == k).mapped(
                    "amount"
                )
            )
            self.assertAlmostEqual(
                sum(booked.mapped("amount_currency")), -amount, 2, kind
            )
        # the net payout waits on the marketplace for the bank line
        payout = move.line_ids.filtered(
            lambda li: li.partner_id == self.shop.marketplace_partner_id
        )
        self.assertEqual(len(payout), 1)
        self.assertAlmostEqual(payout.amount_currency, settlement.payout_amount, 2)
        self.assertFalse(payout.reconciled)
        # the invoices of the orders are paid by this entry
        orders = settlement.line_ids.sale_order_id
        invoices = orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), len(orders))
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        for invoice in invoices:
            receivable = invoice.line_ids.filtered(
                lambda li: li.account_id.account_type == "asset_receivable"
            )
            self.assertTrue(receivable.full_reconcile_id, invoice.name)
            matched = receivable.full_reconcile_id.reconciled_line_ids - receivable
            self.assertIn(move, matched.move_id)
            # besides, only an exchange difference (MYR shop, USD company)
            others = matched.move_id - move
            self.assertFalse(
                others.filtered(
                    lambda m: (
                        m.journal_id != self.env.company.currency_exchange_journal_id
                    )
                ),
                others.mapped("name"),
            )
        self.assertEqual(settlement.state, "reconciled")
        return move

    def test_released_escrow_settles_and_pays_the_invoices(self):
        order_sns = self.sandbox.generate_orders(
            3, self.skus, cod_ratio=0, voucher_ratio=0, seed=8
        )
        self.shop._oms_sync_orders()
        sales = self.sales()
        self.assertEqual(set(sales.mapped("oms_external_id")), set(order_sns))
        self.complete(order_sns)
        # Shopee's commission is 6%; its service fee (3%), the shop's
        # programmes', is a kind of its own and not held to that rate
        self.shop.oms_commission_rate = 6.0
        # the Fetch Finance button queues the job; the job stores and
        # processes one event per statement
        self.shop.action_sync_finance()
        job = self.env["queue.job"].search(
            [("method_name", "=", "_oms_sync_finance"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1)
        self.run_jobs()
        self.assertEqual(job.state, "done", job.exc_info)
        event = self.settlement_events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "done", event.result)
        (day,) = {self.release_day(order_sn) for order_sn in order_sns}
        reference = f"SHOPEE-MY {SHOP_ID} {day.isoformat()}"
        self.assertEqual(event.external_ref, reference)
        settlement = self.settlements()
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.name, reference)
        self.assertEqual(settlement.payout_date, day)
        self.assertEqual(settlement.currency_id.name, "MYR")
        self.assertAlmostEqual(
            settlement.payout_amount,
            round(sum(self.escrow(order_sn) for order_sn in order_sns), 2),
        )
        self.assertAlmostEqual(settlement.lines_total, settlement.payout_amount, 2)
        self.assertEqual(settlement.line_ids.sale_order_id, sales)
        for order_sn in order_sns:
            lines = self.order_lines(settlement, order_sn)
            self.assertAlmostEqual(
                sum(lines.mapped("amount")), self.escrow(order_sn), 2
            )
            sale = lines.filtered(lambda li: li.kind == "sale")
            self.assertEqual(len(sale), 1)
            self.assertGreater(sale.amount, 0)
        by_kind = {}
        for line in settlement.line_ids:
            by_kind.setdefault(line.kind, []).append(line.amount)
        self.assertTrue(
            {"sale", "commission", "service_fee", "payment_fee", "shipping_seller"}
            <= set(by_kind)
        )
        for kind in ("commission", "service_fee", "payment_fee", "shipping_seller"):
            self.assertTrue(all(amount < 0 for amount in by_kind[kind]), kind)
        self.assertFalse(
            settlement.discrepancy_count,
            settlement.line_ids.mapped("discrepancy") + [settlement.discrepancy],
        )
        move = self.assert_posted_and_reconciled(settlement)
        # fetching the same period again adds nothing and changes nothing
        count = len(settlement.line_ids)
        today = fields.Date.context_today(self.shop)
        result = self.shop._oms_sync_finance(
            str(today - timedelta(days=14)), str(today)
        )
        self.assertIn("0 new", result)
        self.assertEqual(
            len(self.settlement_events().filtered(lambda e: e.state != "ignored")), 1
        )
        self.assertEqual(self.settlements(), settlement)
        self.assertEqual(len(settlement.line_ids), count)
        self.assertEqual(settlement.move_id, move)
        self.assertEqual(settlement.state, "reconciled")

    def test_one_statement_per_region_day_fetched_whole(self):
        today = datetime.now(MYT).date()
        day1, day2 = today - timedelta(days=3), today - timedelta(days=2)
        # released just after midnight and late on day 1 (Kuala Lumpur time,
        # i.e. the day before and day 1 in UTC), at noon on day 2
        moments = [
            datetime.combine(day1, datetime.min.time(), MYT) + timedelta(hours=h)
            for h in (0.5, 22)
        ]
        moments.append(datetime.combine(day2, datetime.min.time(), MYT))
        moments[-1] += timedelta(hours=12)
        created = moments[0].timestamp() - 86400
        order_sns = self.sandbox.generate_orders(
            3,
            self.skus,
            cod_ratio=0,
            voucher_ratio=0,
            seed=12,
            created_from=created - 3600,
            created_to=created,
        )
        self.shop.order_sync_initial_days = 7
        self.shop._oms_sync_orders()
        self.assertEqual(len(self.sales()), 3)
        for order_sn, moment in zip(order_sns, moments, strict=True):
            with self.shopee_time(moment):
                self.complete([order_sn])
        self.shop._oms_sync_finance(str(day1), str(day2))
        first, second = self.settlements()
        self.assertEqual(first.name, f"SHOPEE-MY {SHOP_ID} {day1.isoformat()}")
        self.assertEqual(second.name, f"SHOPEE-MY {SHOP_ID} {day2.isoformat()}")
        self.assertEqual(
            set(first.line_ids.mapped("external_order_ref")), set(order_sns[:2])
        )
        self.assertEqual(
            set(second.line_ids.mapped("external_order_ref")), {order_sns[2]}
        )
        for settlement, sns in ((first, order_sns[:2]), (second, order_sns[2:])):
            self.assertAlmostEqual(
                settlement.payout_amount, round(sum(map(self.escrow, sns)), 2)
            )
            self.assertFalse(settlement.discrepancy_count, settlement.discrepancy)
        self.assert_posted_and_reconciled(first)
        # a later fetch whose period starts on day 2, or on day 1 again,
        # reads whole days: the statements do not change
        for date_from in (day2, day1):
            result = self.shop._oms_sync_finance(str(date_from), str(today))
            self.assertIn("0 new", result)
        self.assertEqual(len(self.settlements()), 2)
        self.assertEqual(first.state, "reconciled")
        self.assertFalse(first.discrepancy)
        self.assertEqual(len(first.line_ids.sale_order_id), 2)

    def test_returned_order_is_refunded_by_its_settlement(self):
        kept_sn, returned_sn = self.sandbox.generate_orders(
            2, self.skus, cod_ratio=0, voucher_ratio=0, seed=21
        )
        self.shop._oms_sync_orders()
        self.complete([kept_sn, returned_sn])
        self.sandbox.set_order_status(returned_sn, "TO_RETURN", reason="Damaged")
        refund_amount = self.sandbox.shop.returns[
            self.sandbox.shop.orders[returned_sn]["_return_sn"]
        ]["refund_amount"]
        today = fields.Date.context_today(self.shop)
        self.shop._oms_sync_finance(str(today - timedelta(days=1)), str(today))
        settlement = self.settlements()
        self.assertEqual(len(settlement), 1)
        returned = self.order_lines(settlement, returned_sn)
        refund = returned.filtered(lambda li: li.kind == "refund")
        self.assertEqual(len(refund), 1)
        self.assertAlmostEqual(refund.amount, -refund_amount, 2)
        self.assertAlmostEqual(sum(returned.mapped("amount")), self.escrow(returned_sn))
        self.assertAlmostEqual(
            settlement.payout_amount,
            round(self.escrow(kept_sn) + self.escrow(returned_sn), 2),
        )
        self.assertFalse(
            settlement.discrepancy_count,
            settlement.line_ids.mapped("discrepancy") + [settlement.discrepancy],
        )
        self.assert_posted_and_reconciled(settlement)
        sale = refund.sale_order_id
        credit_note = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", sale.name)]
        )
        self.assertEqual(len(credit_note), 1)
        self.assertAlmostEqual(credit_note.amount_total, refund_amount, 2)
        self.assertEqual(credit_note.currency_id.name, "MYR")
        self.assertTrue(credit_note.currency_id.is_zero(credit_note.amount_residual))
