"""A month of marketplace payouts, from each sandbox to the bank (issue
#18's "Done when"): four statements per platform fetched by the daily sync,
injected differences (a wrong fee, an unknown order, a payout that differs
from its lines, an order delivered and never settled), then the bank lines
of the payouts, one a cent short. At the end every settled order's invoice
is paid, every fee kind is on its account, every payout but the one a cent
off is matched to its bank line, and exactly the injected differences are
listed."""

import copy
import time
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.common import setup_shop_accounting
from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin
from odoo.addons.oms_shopee.tests.common import ShopeeSandboxMixin
from odoo.addons.oms_tiktok.tests.common import TikTokSandboxMixin

FEE_ACCOUNTS = {
    "commission": "oms_commission_account_id",
    "payment_fee": "oms_payment_fee_account_id",
    "shipping_seller": "oms_shipping_account_id",
}
DAY = 86400


class MonthMixin:
    """The month's closing, the same for every platform."""

    @classmethod
    def setup_month(cls, shop, commission, payment_fee):
        setup_shop_accounting(shop)
        shop.write(
            {
                "finance_sync_enabled": True,
                "finance_auto_post": True,
                "finance_sync_initial_days": 35,
                # the sandbox's rates
                "oms_commission_rate": commission,
                "oms_payment_fee_rate": payment_fee,
                "oms_fee_tolerance": 0.5,
                "oms_settlement_overdue_days": 14,
            }
        )

    def delivered_in_odoo_long_ago(self, order):
        """The order's delivery done three weeks ago in Odoo."""
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        picking.date_done = fields.Datetime.now() - timedelta(days=21)

    def sync_the_month(self, shop):
        self.env["oms.channel"]._cron_sync_finance()
        run_jobs(self.env)
        return self.env["oms.settlement"].search([("channel_id", "=", shop.id)])

    def close_the_month(
        self, shop, periods, wrong_fee, unknown, differs, cent_off, unpaid
    ):
        """The accountant's month: ``periods`` (settlements, oldest first),
        the order charged a ``wrong_fee`` (its commission), the ``unknown``
        order, the settlement whose payout ``differs``, the one paid a cent
        short (``cent_off``), the delivered order never settled (``unpaid``)."""
        settlements = self.env["oms.settlement"].union(*periods)
        flagged = settlements.line_ids.filtered("discrepancy")
        expected = settlements.line_ids.filtered(
            lambda li: (
                (li.external_order_ref, li.kind) == (wrong_fee, "commission")
                or li.external_order_ref == unknown
            )
        )
        self.assertEqual(
            flagged.mapped(lambda li: (li.external_order_ref, li.kind)),
            expected.mapped(lambda li: (li.external_order_ref, li.kind)),
        )
        self.assertTrue(flagged.filtered(lambda li: li.external_order_ref == wrong_fee))
        self.assertIn(
            "unknown to Odoo",
            flagged.filtered(lambda li: li.external_order_ref == unknown)[
                0
            ].discrepancy,
        )
        self.assertEqual(settlements.filtered("discrepancy"), differs)
        self.assertIn("differs from the sum of the lines", differs.discrepancy)
        self.assertEqual(self.env["oms.settlement"]._unsettled_orders(shop), unpaid)
        # the clean ones posted themselves; the accountant posts the others
        clean = settlements.filtered(
            lambda s: not s.discrepancy_count and s not in differs
        )
        self.assertEqual(set(clean.mapped("state")), {"reconciled"})
        (settlements - clean).action_post()
        # every settled order's invoice is paid
        settled = settlements.line_ids.sale_order_id
        invoices = settled.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), len(settled))
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        # every fee kind is on its account, to the cent
        moves = settlements.move_id
        for kind, field in FEE_ACCOUNTS.items():
            booked = sum(
                moves.line_ids.filtered(
                    lambda li, f=field: li.account_id == shop[f]
                ).mapped("amount_currency")
            )
            charged = -sum(
                settlements.line_ids.filtered(lambda li, k=kind: li.kind == k).mapped(
                    "amount"
                )
            )
            self.assertAlmostEqual(booked, charged, places=2, msg=kind)
        # the bank statement of the month, in the payouts' currency
        currency = settlements.currency_id
        currency.active = True
        bank = self.env["account.journal"].create(
            {
                "name": f"Marketplace bank {currency.name}",
                "code": "MKT" + currency.name[:2],
                "type": "bank",
                "currency_id": currency.id,
            }
        )
        lines = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": bank.id,
                    "date": settlement.payout_date + timedelta(days=2),
                    "payment_ref": f"PAYOUT {settlement.payout_reference or ''}",
                    "amount": settlement.payout_amount
                    - (0.01 if settlement == cent_off else 0.0),
                }
                for settlement in periods
            ]
        )
        self.assertEqual(len(lines.filtered("is_reconciled")), len(periods) - 1)
        to_match = self.env["oms.settlement"].search(
            [("channel_id", "=", shop.id), ("payout_state", "=", "to_match")]
        )
        self.assertEqual(to_match, cent_off)
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
        self.assertEqual(receivable, cent_off.payout_move_line_id)


@tagged("post_install", "-at_install")
class TestLazadaFinanceMonth(MonthMixin, LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("MONTH-SKU", price=25.0, quantity=100)
        cls.make_products(["MONTH-SKU"], quantity=100)
        cls.shop._oms_import_listings()
        cls.setup_month(cls.shop, commission=5.0, payment_fee=2.0)
        cls.env.cr.precommit.clear()

    def _deliver_week(self, weeks_ago, seed):
        """Two orders delivered ``weeks_ago`` weeks back: their rows are in
        that week's statement."""
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

    def _rows(self, order_no):
        return [r for r in self.sandbox.transactions if r["order_no"] == order_no]

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
        self.delivered_in_odoo_long_ago(unpaid)

        settlements = self.sync_the_month(self.shop)
        self.assertEqual(len(settlements), 4, "one per week")
        periods = [
            settlements.filtered(lambda s, st=weeks[w][1]: s.name.endswith(st))
            for w in (4, 3, 2, 1)
        ]
        self.assertEqual(periods[0].state, "reconciled", "the clean week posted")
        for period in periods[1:]:
            self.assertEqual(period.state, "draft", "waits with its reason")
        self.close_the_month(
            self.shop,
            periods,
            wrong_fee=wrong_fee_order,
            unknown="999000111",
            differs=periods[3],
            cent_off=periods[2],
            unpaid=unpaid,
        )
        self.assertEqual(len(settlements.line_ids.sale_order_id), 8)


@tagged("post_install", "-at_install")
class TestShopeeFinanceMonth(MonthMixin, ShopeeSandboxMixin, TransactionCase):
    skus = ["MONTH-SP"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        # Shopee's commission (its service fee is not held to a rate), its
        # transaction fee on the buyer's total
        cls.setup_month(cls.shop, commission=6.0, payment_fee=2.12)

    def _released(self, days_ago, seed, count=2, in_odoo=True):
        order_sns = self.sandbox.generate_orders(
            count, self.skus, cod_ratio=0, voucher_ratio=0, seed=seed
        )
        if in_odoo:
            self.shop._oms_sync_orders()
        for order_sn in order_sns:
            self.sandbox.set_order_status(order_sn, "SHIPPED")
            self.sandbox.set_order_status(order_sn, "COMPLETED")
            self.sandbox.shop.orders[order_sn]["_escrow_release_time"] -= days_ago * DAY
        return order_sns

    def test_a_month_closes_with_only_the_injected_differences(self):
        self.shop._oms_import_listings()
        days = (22, 15, 8, 1)
        released = {d: self._released(d, seed=80 + d) for d in days}
        # injected: a commission 3.00 above Shopee's rate (day 15)
        wrong_fee_order = released[15][0]
        self.sandbox.shop.overcharge_fee(wrong_fee_order, 3.0)
        # injected: what Shopee released differs from its detail (day 1)
        self.sandbox.shop.offset_payout(released[1][0], -0.50)
        # injected: an order delivered three weeks ago, never released
        (unpaid_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, voucher_ratio=0, seed=98
        )
        self.shop._oms_sync_orders()
        unpaid = self.sales().filtered(lambda o: o.oms_external_id == unpaid_sn)
        self.delivered_in_odoo_long_ago(unpaid)
        # injected: an order Odoo never imported (day 8)
        (unknown,) = self._released(8, seed=99, count=1, in_odoo=False)

        settlements = self.sync_the_month(self.shop)
        self.assertEqual(len(settlements), 4, "one per release day")
        periods = [
            settlements.filtered(
                lambda s, sns=released[d]: (
                    set(sns) <= set(s.line_ids.mapped("external_order_ref"))
                )
            )
            for d in days
        ]
        self.close_the_month(
            self.shop,
            periods,
            wrong_fee=wrong_fee_order,
            unknown=unknown,
            differs=periods[3],
            cent_off=periods[2],
            unpaid=unpaid,
        )


@tagged("post_install", "-at_install")
class TestTikTokFinanceMonth(MonthMixin, TikTokSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_products(["MONTH-TT"], quantity=500)
        # TikTok's commission on the sale (its transaction fee is on the
        # buyer's total, which its statements do not give: not checked)
        cls.setup_month(cls.shop, commission=5.0, payment_fee=0.0)

    def _delivered(self, count, in_odoo=True):
        ids = [self.sandbox.place_order([("MONTH-TT", 1)]) for _i in range(count)]
        if in_odoo:
            self.pull()
        for order_id in ids:
            self.sandbox.ship_and_deliver(order_id)
        return ids

    def test_a_month_closes_with_only_the_injected_differences(self):
        self.sandbox.add_product(
            "Tee", [{"seller_sku": "MONTH-TT", "price": "24.90", "stock": 500}]
        )
        self.shop._oms_import_listings()
        today = int(time.time()) // DAY * DAY
        days = (28, 21, 14, 7)
        orders = {d: self._delivered(2) for d in days}
        # injected: an order delivered three weeks ago, in no statement
        (unpaid_id,) = self._delivered(1)
        unpaid = self.sales([unpaid_id])
        self.delivered_in_odoo_long_ago(unpaid)
        # injected: an order Odoo never imported (day 14)
        (unknown,) = self._delivered(1, in_odoo=False)
        orders[14].append(unknown)
        statements = {
            d: self.sandbox.create_statement(
                order_ids=orders[d],
                statement_time=today - d * DAY,
                # injected: a statement amount that differs from its
                # transactions (day 7)
                payout_offset="-0.50" if d == 7 else 0,
            )
            for d in days
        }
        # injected: a commission charged twice over (day 21)
        wrong_fee_order = orders[21][0]
        (tx,) = [
            t
            for t in self.sandbox.shop.statements[statements[21]]["transactions"]
            if t["order_id"] == wrong_fee_order
        ]
        extra = tx["fee_tax_breakdown"]["fee"]["platform_commission_amount"]
        tx["fee_tax_breakdown"]["fee"]["platform_commission_amount"] += extra
        tx["fee_tax_amount"] += extra
        tx["settlement_amount"] += extra

        settlements = self.sync_the_month(self.shop)
        periods = [
            settlements.filtered(lambda s, sid=statements[d]: s.name == f"TIKTOK-{sid}")
            for d in days
        ]
        self.assertEqual(len(settlements), 4)
        self.close_the_month(
            self.shop,
            periods,
            wrong_fee=str(wrong_fee_order),
            unknown=str(unknown),
            differs=periods[3],
            cent_off=periods[2],
            unpaid=unpaid,
        )
