import time
from datetime import date, timedelta

from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.oms_base.tests.common import setup_shop_accounting
from odoo.addons.oms_base.tests.finance import FinanceSyncMixin

from ..tiktok_api import const
from .common import TikTokSandboxMixin

DAY = 86400


@tagged("post_install", "-at_install")
class TestTikTokSettlement(FinanceSyncMixin, TikTokSandboxMixin, TransactionCase):
    """TikTok's statements, read over HTTP from the sandbox, become
    settlements: lines adding up to the statement, each fee of its kind,
    each transaction on the order the connector imported; returns become
    stored return events."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.make_products(["FIN-TEE", "FIN-MUG"], quantity=500)

    def setUp(self):
        super().setUp()
        self.sandbox.add_product(
            "Tee", [{"seller_sku": "FIN-TEE", "price": "29.90", "stock": 500}]
        )
        self.sandbox.add_product(
            "Mug", [{"seller_sku": "FIN-MUG", "price": "12.35", "stock": 500}]
        )
        self.shop._oms_import_listings()
        self.day = int(time.time()) // DAY * DAY

    # helpers -------------------------------------------------------------------

    def delivered(self, count, in_odoo=True, seller_discount=0):
        """Orders bought on TikTok, imported by the connector (unless not
        ``in_odoo``), then shipped and delivered."""
        ids = [
            self.sandbox.place_order(
                [("FIN-TEE", 1 + index % 2), ("FIN-MUG", 1)],
                seller_discount=round(seller_discount * (index + 1), 2),
            )
            for index in range(count)
        ]
        if in_odoo:
            self.pull()
            self.assertEqual(len(self.sales(ids)), count)
        for order_id in ids:
            self.sandbox.ship_and_deliver(order_id)
        return ids

    def sync(self, days=1):
        today = date.fromtimestamp(self.day)
        return self.shop._oms_sync_finance(
            str(today - timedelta(days=days)), str(today)
        )

    def statement(self, statement_id):
        return self.sandbox.shop.statement_dict(
            self.sandbox.shop.statements[statement_id]
        )

    # settlements ---------------------------------------------------------------

    def test_statement_becomes_a_settlement_that_adds_up(self):
        ids = self.delivered(4, seller_discount=1.13)
        statement_id = self.sandbox.create_statement(statement_time=self.day)
        self.sync()
        settlement = self.shop_settlements()
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.name, f"TIKTOK-{statement_id}")
        self.assertEqual(settlement.currency_id.name, "MYR")
        self.assertEqual(settlement.payout_date, date.fromtimestamp(self.day))
        statement = self.statement(statement_id)
        currency = settlement.currency_id
        self.assertTrue(
            currency.is_zero(
                settlement.payout_amount - float(statement["settlement_amount"])
            )
        )
        self.assertTrue(
            currency.is_zero(settlement.lines_total - settlement.payout_amount)
        )
        # every transaction on its order, which it pays exactly
        self.assertEqual(
            set(settlement.line_ids.mapped("external_order_ref")), set(ids)
        )
        self.assertEqual(settlement.line_ids.sale_order_id, self.sales(ids))
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        transactions = self.sandbox.shop.statements[statement_id]["transactions"]
        for tx in transactions:
            lines = settlement.line_ids.filtered(
                lambda li, o=tx["order_id"]: li.external_order_ref == o
            )
            self.assertTrue(
                currency.is_zero(
                    sum(lines.mapped("amount")) - float(tx["settlement_amount"])
                )
            )
            fee = tx["fee_tax_breakdown"]["fee"]
            by_kind = {
                kind: sum(
                    lines.filtered(lambda li, k=kind: li.kind == k).mapped("amount")
                )
                for kind in set(lines.mapped("kind"))
            }
            self.assertAlmostEqual(
                by_kind["commission"], float(fee["platform_commission_amount"]), 2
            )
            self.assertAlmostEqual(
                by_kind["payment_fee"], float(fee["transaction_fee_amount"]), 2
            )
            self.assertLess(by_kind["commission"], 0)
            self.assertAlmostEqual(
                by_kind["sale"]
                + by_kind.get("voucher_seller", 0)
                + by_kind["shipping_buyer"],
                lines.sale_order_id.amount_total,
                2,
            )

    def test_fees_checked_on_tiktok_bases(self):
        """Commission on the revenue (net of the seller's discounts),
        payment fee on the revenue plus the buyer's shipping: the shop's
        5 % and 2 % pass on discounted orders, 2.12 % expected is caught."""
        self.shop.write({"oms_commission_rate": 5.0, "oms_payment_fee_rate": 2.0})
        self.delivered(3, seller_discount=2.5)
        self.sandbox.create_statement(statement_time=self.day)
        self.sync()
        settlement = self.shop_settlements()
        fees = settlement.line_ids.filtered(
            lambda li: li.kind in ("commission", "payment_fee")
        )
        self.assertTrue(fees.filtered("fee_base"))
        self.assertFalse(
            settlement.line_ids.filtered("discrepancy").mapped("discrepancy")
        )
        self.shop.oms_payment_fee_rate = 2.12
        settlement._check_discrepancies()
        flagged = settlement.line_ids.filtered("discrepancy")
        self.assertEqual(set(flagged.mapped("kind")), {"payment_fee"})
        self.assertEqual(set(flagged.mapped("discrepancy_reason")), {"wrong_fee"})

    def test_rounding_many_cents_add_up_to_the_cent(self):
        # odd discounts and 5% / 2% fees rounded per order by TikTok
        self.delivered(15, seller_discount=0.37)
        statement_id = self.sandbox.create_statement(statement_time=self.day)
        self.sync()
        settlement = self.shop_settlements()
        expected = float(self.statement(statement_id)["settlement_amount"])
        self.assertEqual(
            settlement.currency_id.compare_amounts(settlement.lines_total, expected), 0
        )
        self.assertEqual(
            settlement.currency_id.compare_amounts(settlement.payout_amount, expected),
            0,
        )
        self.assertFalse(settlement.discrepancy)
        for amount in settlement.line_ids.mapped("amount"):
            self.assertEqual(round(amount, 2), amount)

    def test_unknown_order_flagged_not_lost(self):
        known = self.delivered(2)
        (unknown,) = self.delivered(1, in_odoo=False)
        statement_id = self.sandbox.create_statement(statement_time=self.day)
        self.sync()
        settlement = self.shop_settlements()
        lines = settlement.line_ids.filtered(
            lambda li: li.external_order_ref == unknown
        )
        self.assertTrue(lines)
        self.assertFalse(lines.sale_order_id)
        self.assertTrue(all(unknown in (li.discrepancy or "") for li in lines))
        self.assertTrue(settlement.discrepancy_count)
        # nothing dropped: the unknown order's money is in the total
        self.assertTrue(
            settlement.currency_id.is_zero(
                settlement.lines_total
                - float(self.statement(statement_id)["settlement_amount"])
            )
        )
        self.assertEqual(
            set(settlement.line_ids.sale_order_id.mapped("oms_external_id")), set(known)
        )

    def test_repull_is_idempotent(self):
        self.delivered(3)
        self.sandbox.create_statement(statement_time=self.day)
        first = self.sync()
        settlement = self.shop_settlements()
        lines = settlement.line_ids
        second = self.sync()
        self.assertIn("1 new", first)
        self.assertIn("0 new", second)
        self.assertEqual(self.shop_settlements(), settlement)
        self.assertEqual(settlement.line_ids, lines)
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "finance")]
        )
        self.assertEqual(len(events.filtered(lambda e: e.state == "done")), 1)
        # a statement of the next day is a settlement of its own
        self.delivered(1)
        self.sandbox.create_statement(statement_time=self.day - DAY)
        self.sync(days=2)
        self.assertEqual(len(self.shop_settlements()), 2)
        self.assertEqual(settlement.line_ids, lines)

    def test_adjustments_by_type_and_order(self):
        (order_id,) = self.delivered(1)
        self.sandbox.create_statement(
            statement_time=self.day,
            adjustments=[
                {
                    "type": "SHIPPING_FEE_COMPENSATION",
                    "amount": "3.10",
                    "order_id": order_id,
                },
                {"type": "PLATFORM_COMMISSION_ADJUSTMENT", "amount": "-0.45"},
                {"type": "GMV_PAYMENT_FOR_ADS", "amount": "-20.00"},
            ],
        )
        self.sync()
        settlement = self.shop_settlements()
        adjustments = settlement.line_ids.filtered(
            lambda li: li.label and li.label.startswith("TikTok adjustment")
        )
        kinds = {li.label.rsplit(" ", 1)[1]: li for li in adjustments}
        self.assertEqual(kinds["SHIPPING_FEE_COMPENSATION"].kind, "shipping_seller")
        self.assertEqual(
            kinds["SHIPPING_FEE_COMPENSATION"].external_order_ref, order_id
        )
        self.assertTrue(kinds["SHIPPING_FEE_COMPENSATION"].sale_order_id)
        self.assertEqual(kinds["PLATFORM_COMMISSION_ADJUSTMENT"].kind, "commission")
        self.assertEqual(kinds["GMV_PAYMENT_FOR_ADS"].kind, "adjustment")
        self.assertAlmostEqual(kinds["GMV_PAYMENT_FOR_ADS"].amount, -20.0, 2)
        self.assertTrue(
            settlement.currency_id.is_zero(
                settlement.lines_total - settlement.payout_amount
            )
        )

    def test_only_paid_statements(self):
        self.delivered(1)
        self.sandbox.create_statement(
            statement_time=self.day, payment_status="PROCESSING"
        )
        self.sync()
        self.assertFalse(self.shop_settlements())

    def test_posting_pays_the_invoices(self):
        setup_shop_accounting(self.shop)
        self.shop._oms_check_accounting()
        ids = self.delivered(2, seller_discount=0.5)
        orders = self.sales(ids)
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.sandbox.create_statement(statement_time=self.day)
        self.sync()
        settlement = self.shop_settlements()
        settlement.action_post()
        self.assertEqual(
            settlement.state, "reconciled", settlement.line_ids.mapped("discrepancy")
        )
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        invoices = orders.invoice_ids
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        payout = move.line_ids.filtered(
            lambda li: li.partner_id == self.shop.marketplace_partner_id
        )
        self.assertAlmostEqual(payout.amount_currency, settlement.payout_amount, 2)

    # returns -------------------------------------------------------------------

    def test_returns_stored_once_per_change(self):
        ids = self.delivered(2)
        refund = self.sandbox.request_return(ids[0], return_type="REFUND")
        back = self.sandbox.request_return(ids[1])
        self.shop._oms_sync_returns()
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        self.assertEqual(sorted(events.mapped("external_ref")), sorted([refund, back]))
        self.assertEqual(
            sorted(event._get_payload()["order_external_id"] for event in events),
            sorted(ids),
        )
        self.shop.returns_sync_cursor = False
        self.shop._oms_sync_returns()
        again = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        # seen again, kept as duplicates of the first: nothing new to handle
        self.assertEqual(again.filtered(lambda e: e.state != "ignored"), events)
        self.assertEqual((again - events).duplicate_of_id, events)
        time.sleep(1)  # TikTok's update times are in seconds
        self.sandbox.set_return_status(back, "AWAITING_BUYER_SHIP")
        self.shop.returns_sync_cursor = False
        self.shop._oms_sync_returns()
        changed = (
            self.env["oms.event"].search(
                [
                    ("channel_id", "=", self.shop.id),
                    ("kind", "=", "return"),
                    ("state", "!=", "ignored"),
                ]
            )
            - events
        )
        self.assertEqual(changed.mapped("external_ref"), [back])
        self.assertEqual(
            changed._get_payload()["platform_status"], "AWAITING_BUYER_SHIP"
        )


@tagged("post_install", "-at_install")
class TestTikTokReturnWebhook(TikTokSandboxMixin, HttpCase):
    """A return webhook, delivered signed over HTTP to our controller, reads
    the return at once (the returns pull is for the webhooks TikTok loses)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_products(["RET-MUG"], quantity=50)

    def setUp(self):
        super().setUp()
        self.list_skus(["RET-MUG"])
        self.shop._oms_import_listings()
        self.sandbox.configure_push(
            f"{self.base_url()}/oms/webhook/tiktok/{self.shop.id}"
        )

    def returns(self, stored_by="return:"):
        """The shop's return events: the returns the pull stored, or with
        ``stored_by="12:"`` the return webhooks."""
        return self.env["oms.event"].search(
            [
                ("channel_id", "=", self.shop.id),
                ("kind", "=", "return"),
                ("dedup_key", "=like", f"{stored_by}%"),
                ("state", "!=", "ignored"),
            ]
        )

    def test_return_webhook_stores_the_return(self):
        order_id = self.sandbox.place_order([("RET-MUG", 1)])
        self.sandbox.ship_and_deliver(order_id)
        self.sandbox.flush_pushes()
        self.run_jobs()
        return_id = self.sandbox.request_return(order_id)
        # delivered twice, as TikTok does: one webhook event, read at once
        self.sandbox.flush_pushes(duplicates=1)
        self.run_jobs()
        webhooks = self.returns(stored_by=f"{const.WEBHOOK_RETURN_STATUS_CHANGE}:")
        self.assertEqual(webhooks.mapped("external_ref"), [return_id])
        self.assertEqual(webhooks.state, "done", webhooks.result)
        if "oms.return" in self.env:  # the returns module made its record
            made = self.env["oms.return"].search([("channel_id", "=", self.shop.id)])
            self.assertEqual(made.mapped("external_id"), [return_id])
        # the pull stores that version once
        self.shop._oms_sync_returns()
        stored = self.returns()
        self.assertEqual(stored.mapped("external_ref"), [return_id])
        self.assertEqual(stored._get_payload()["order_external_id"], order_id)
        self.shop.returns_sync_cursor = False
        self.shop._oms_sync_returns()
        self.assertEqual(self.returns(), stored)
