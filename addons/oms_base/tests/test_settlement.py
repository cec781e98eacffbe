import dataclasses
import importlib.util
from datetime import date, datetime
from pathlib import Path

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement


@tagged("post_install", "-at_install")
class TestSettlement(AccountTestInvoicingCommon):
    """Marketplace payouts booked and reconciled to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the accountant of the tests also configures the shops
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        ) or cls.env["stock.warehouse"].create(
            {"name": "Settlement WH", "code": "SETWH", "company_id": company.id}
        )
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Item {sku}",
                    "default_code": sku,
                    "is_storable": True,
                    "invoice_policy": "order",
                    "taxes_id": [(5, 0, 0)],
                }
                for sku in ("ST-A", "ST-B")
            ]
        )
        for product in cls.products:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 100
            )
        cls.channel = cls._make_channel("Settle shop")

    @classmethod
    def _make_channel(cls, name, pricelist=None):
        channel = cls.env["oms.channel"].create(
            {
                "name": name,
                "state": "connected",
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                "pricelist_id": pricelist.id if pricelist else False,
                "oms_commission_rate": 5.0,
                "oms_payment_fee_rate": 2.0,
            }
        )
        cls.env["oms.product.binding"].create(
            [
                {
                    "channel_id": channel.id,
                    "product_id": product.id,
                    "seller_sku": product.default_code,
                    "external_id": f"{channel.id}-{product.default_code}",
                }
                for product in cls.products
            ]
        )
        return channel

    def _import_orders(self, channel, currency, buyer=None):
        def order(ref, lines, **kw):
            return normalized.Order(
                external_id=ref,
                status=normalized.TO_SHIP,
                currency=currency.name,
                updated_at=datetime(2026, 11, 11, 1, 0),
                buyer=normalized.Buyer(
                    external_id=buyer or f"buyer-{ref}", name=buyer or f"Buyer {ref}"
                ),
                lines=[
                    normalized.OrderLine(
                        external_id=f"{ref}-{i}",
                        sku=sku,
                        quantity=qty,
                        unit_price=price,
                        seller_discount=discount,
                    )
                    for i, (sku, qty, price, discount) in enumerate(lines)
                ],
                **kw,
            )

        self.env["oms.order.importer"]._import_orders(
            channel,
            [
                # 2 x 10 + 25 - 5 discount + 3 shipping - 2 voucher = 41
                order(
                    "ST-1",
                    [("ST-A", 2, 10.0, 0.0), ("ST-B", 1, 25.0, 5.0)],
                    shipping_fee=3.0,
                    seller_voucher=2.0,
                    platform_voucher=4.0,
                ),
                order("ST-2", [("ST-A", 3, 10.0, 0.0)]),
            ],
        )
        return self.env["sale.order"].search(
            [("oms_channel_id", "=", channel.id)], order="oms_external_id"
        )

    def _values(self, currency, reference="STMT-2026-11-W2", commission_2=-1.50):
        lines = [
            # order 1: items credited net of the platform voucher (45 - 4),
            # the voucher paid by the platform, shipping, seller discounts
            ("ST-1", "sale", 41.0),
            ("ST-1", "voucher_platform", 4.0),
            ("ST-1", "shipping_buyer", 3.0),
            ("ST-1", "voucher_seller", -7.0),
            ("ST-1", "commission", -2.05),
            ("ST-1", "payment_fee", -0.82),
            ("ST-1", "shipping_seller", -1.50),
            # order 2: sold 30, partly refunded
            ("ST-2", "sale", 30.0),
            ("ST-2", "commission", commission_2),
            ("ST-2", "payment_fee", -0.60),
            ("ST-2", "refund", -10.0),
            # not tied to an order
            ("", "adjustment", 1.0),
        ]
        day = {"date": date(2026, 11, 12)}
        return statement(
            reference,
            [
                (ref, kind, amount, dict(day, transaction_ref=f"T{index}"))
                for index, (ref, kind, amount) in enumerate(lines)
            ],
            currency=currency.name,
            date_from=date(2026, 11, 9),
            date_to=date(2026, 11, 15),
            payout_date=date(2026, 11, 16),
        )

    def _only(self, values, ref, reference):
        lines = [li for li in values.lines if li.external_order_ref == ref]
        only = dataclasses.replace(values, reference=reference, lines=lines)
        only.payout_amount = only.lines_total
        return only

    def _customer_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)

    def _assert_settled_cleanly(self, settlement):
        self.assertEqual(settlement.state, "reconciled")
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        differences = settlement.move_id.line_ids.filtered(
            lambda li: li.name.startswith("Difference")
        )
        self.assertFalse(differences, differences.mapped("name"))

    def _receivable(self, move):
        return move.line_ids.filtered(
            lambda li: li.account_id.account_type == "asset_receivable"
        )

    def test_post_one_balanced_entry_and_reconcile(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency)
        self.assertEqual(orders.mapped("amount_total"), [41.0, 30.0])
        values = self._values(currency)
        self.assertEqual(values.payout_amount, 55.53)
        settlement = self.env["oms.settlement"]._import_settlement(self.channel, values)
        self.assertEqual(len(settlement.line_ids), 12)
        self.assertEqual(settlement.line_ids.sale_order_id, orders)
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        settlement.action_post()
        move = settlement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(len(move), 1)
        debit = sum(move.line_ids.mapped("debit"))
        self.assertAlmostEqual(debit, sum(move.line_ids.mapped("credit")), places=2)
        invoices = orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        refund = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", orders[1].name)]
        )
        self.assertEqual(refund.amount_total, 10.0)
        self.assertTrue(refund.currency_id.is_zero(refund.amount_residual))
        payout = move.line_ids.filtered(
            lambda li: li.partner_id == self.channel.marketplace_partner_id
        )
        self.assertEqual(payout.debit, 55.53, "the payout waits for the bank line")
        self.assertEqual(payout.amount_residual, 55.53)
        fees = {
            li.account_id: li.balance
            for li in move.line_ids
            if li.account_id
            in (
                self.channel.oms_commission_account_id
                | self.channel.oms_payment_fee_account_id
                | self.channel.oms_shipping_account_id
            )
        }
        self.assertEqual(fees[self.channel.oms_commission_account_id], 3.55)
        self.assertEqual(fees[self.channel.oms_payment_fee_account_id], 1.42)
        self.assertEqual(fees[self.channel.oms_shipping_account_id], 1.50)
        self.assertEqual(settlement.state, "reconciled")
        # re-importing the same statement changes nothing
        again = self.env["oms.settlement"]._import_settlement(self.channel, values)
        self.assertEqual(again, settlement)
        self.assertEqual(len(again.line_ids), 12)
        self.assertEqual(again.move_id, move)
        self.assertEqual(again.state, "reconciled")
        # a change after posting is a discrepancy, the entry stays as it was
        changed = self._values(currency, commission_2=-2.50)
        self.env["oms.settlement"]._import_settlement(self.channel, changed)
        self.assertEqual(settlement.state, "discrepancy")
        self.assertIn(
            "changed this statement after it was posted", settlement.discrepancy
        )
        self.assertEqual(settlement.move_id, move)
        self.assertEqual(len(move.line_ids), len(settlement.move_id.line_ids))
        self.assertEqual(orders[1].oms_settlement_line_count, 4)

    def test_affiliate_and_service_fees_booked_apart_not_rate_checked(self):
        """What creators earn and what the shop's programmes cost are no
        commission: not held to the commission rate, each on its account."""
        currency = self.env.company.currency_id
        self._import_orders(self.channel, currency)
        values = self._values(currency, reference="STMT-AFFILIATE")
        for ref, kind, amount in (
            ("T-AFF", "affiliate", -4.10),
            ("T-SFP", "service_fee", -1.23),
        ):
            values.lines.append(
                normalized.SettlementLine(
                    transaction_ref=ref,
                    kind=kind,
                    amount=amount,
                    external_order_ref="ST-1",
                    date=date(2026, 11, 12),
                    label=kind,
                )
            )
        values.payout_amount = values.lines_total
        settlement = self.env["oms.settlement"]._import_settlement(self.channel, values)
        settlement.action_post()
        self._assert_settled_cleanly(settlement)
        balances = {}
        for line in settlement.move_id.line_ids:
            balances[line.account_id] = balances.get(line.account_id, 0) + line.balance
        channel = self.channel
        self.assertEqual(channel.oms_affiliate_account_id.code, "OMS6105")
        self.assertEqual(channel.oms_service_fee_account_id.code, "OMS6106")
        self.assertAlmostEqual(balances[channel.oms_affiliate_account_id], 4.10)
        self.assertAlmostEqual(balances[channel.oms_service_fee_account_id], 1.23)
        self.assertAlmostEqual(balances[channel.oms_commission_account_id], 3.55)

    def test_shops_made_before_get_the_new_fee_accounts(self):
        """18.0.1.1.0's migration: a shop made without the affiliate and
        service fee accounts gets them, and can post again."""
        channel = self._make_channel("Older shop")
        channel.write(
            {"oms_affiliate_account_id": False, "oms_service_fee_account_id": False}
        )
        with self.assertRaisesRegex(UserError, "Affiliate Commission Account"):
            channel._oms_check_accounting()
        path = Path(__file__).parents[1] / "migrations/18.0.1.1.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("oms_base_post_migrate", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.0.0")
        channel.invalidate_recordset()
        self.assertEqual(channel.oms_affiliate_account_id.code, "OMS6105")
        self.assertEqual(channel.oms_service_fee_account_id.code, "OMS6106")
        channel._oms_check_accounting()

    def test_discrepancies_are_flagged_not_hidden(self):
        currency = self.env.company.currency_id
        self._import_orders(self.channel, currency)
        values = self._values(currency, reference="STMT-BAD", commission_2=-4.00)
        values.lines.append(
            normalized.SettlementLine(
                transaction_ref="T-GHOST",
                kind="sale",
                amount=12.0,
                external_order_ref="GHOST-9",
                date=date(2026, 11, 12),
                label="sale",
            )
        )
        values.payout_amount += 5.0  # the platform pays out more than it explains
        settlement = self.env["oms.settlement"]._import_settlement(self.channel, values)
        commission = settlement.line_ids.filtered(
            lambda li: li.external_order_ref == "ST-2" and li.kind == "commission"
        )
        self.assertIn("expected 5.00%", commission.discrepancy)
        ghost = settlement.line_ids.filtered(
            lambda li: li.external_order_ref == "GHOST-9"
        )
        self.assertTrue(ghost, "an unknown order's line is kept")
        self.assertIn("unknown to Odoo", ghost.discrepancy)
        self.assertIn("differs from the sum of the lines", settlement.discrepancy)
        # still posts, balanced, the unexplained parts on the adjustment account
        settlement.action_post()
        move = settlement.move_id
        self.assertAlmostEqual(
            sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), 2
        )
        adjustment = move.line_ids.filtered(
            lambda li: li.account_id == self.channel.oms_adjustment_account_id
        )
        # the adjustment (1), the unknown order (12) and the payout's gap with
        # its lines all land on the adjustment account
        gap = settlement.payout_amount - settlement.lines_total
        self.assertAlmostEqual(-sum(adjustment.mapped("balance")), 1.0 + 12.0 + gap, 2)
        self.assertEqual(settlement.state, "discrepancy")

    def test_order_amount_mismatch_flagged(self):
        currency = self.env.company.currency_id
        self._import_orders(self.channel, currency)
        values = self._values(currency, reference="STMT-MISMATCH")
        values.lines[0].amount = 36.0  # the platform says it sold for 1 less
        settlement = self.env["oms.settlement"]._import_settlement(self.channel, values)
        sale = settlement.line_ids.filtered(
            lambda li: li.external_order_ref == "ST-1" and li.kind == "sale"
        )
        self.assertIn("Odoo says", sale.discrepancy)

    def test_shipped_but_unsettled_orders_listed(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency)
        picking = orders[0].picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        picking.date_done = datetime(2026, 1, 1)
        unsettled = self.env["oms.settlement"]._unsettled_orders(self.channel)
        self.assertEqual(unsettled, orders[0])
        self.env["oms.settlement"]._import_settlement(
            self.channel, self._values(currency, reference="STMT-LATE")
        )
        self.assertFalse(self.env["oms.settlement"]._unsettled_orders(self.channel))

    def test_foreign_currency_to_the_cent(self):
        eur = self.setup_other_currency("EUR")  # 2 EUR for 1 company currency
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id}
        )
        channel = self._make_channel("EUR shop", pricelist=pricelist)
        orders = self._import_orders(channel, eur)
        self.assertEqual(orders.currency_id, eur)
        self.assertFalse(orders.filtered("oms_needs_attention"))
        values = self._values(eur, reference="STMT-EUR")
        settlement = self.env["oms.settlement"]._import_settlement(channel, values)
        self.assertEqual(settlement.currency_id, eur)
        settlement.action_post()
        move = settlement.move_id
        self.assertAlmostEqual(
            sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")), 2
        )
        invoices = orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        payout = move.line_ids.filtered(
            lambda li: li.partner_id == channel.marketplace_partner_id
        )
        self.assertEqual(payout.amount_currency, 55.53)
        self.assertEqual(payout.currency_id, eur)
        self.assertAlmostEqual(payout.balance, 27.77, delta=0.006)

    def test_marketplace_orders_invoiced_one_by_one(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency, buyer="same-buyer")
        self.assertEqual(len(orders.partner_id), 1)
        plain = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.partner_a.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.products[0].id, "price_unit": 5.0}
                        )
                    ],
                }
                for _index in range(2)
            ]
        )
        plain.action_confirm()
        invoices = (orders | plain)._create_invoices()
        self.assertEqual(len(invoices), 3)
        for order in orders:
            invoice = order.invoice_ids
            self.assertEqual(len(invoice), 1)
            self.assertEqual(invoice.invoice_line_ids.sale_line_ids.order_id, order)
            self.assertEqual(invoice.amount_total, order.amount_total)
        # other sales keep Odoo's grouping per customer
        self.assertEqual(len(plain.invoice_ids), 1)

    def test_one_buyer_two_orders_settled(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency, buyer="same-buyer")
        buyer = orders.partner_id
        self.assertEqual(len(buyer), 1)
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel, self._values(currency, reference="STMT-ONE-BUYER")
        )
        settlement.action_post()
        invoices = orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), 2, "one invoice per marketplace order")
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        self.assertEqual(self._customer_balance(buyer), 0.0, "no phantom credit")
        self._assert_settled_cleanly(settlement)

    def test_shared_invoice_paid_by_order_amount(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency, buyer="same-buyer")
        buyer = orders.partner_id
        # one invoice for both orders, as Odoo grouped them before
        vals = orders[0]._prepare_invoice()
        vals["invoice_line_ids"] = [
            Command.create(line._prepare_invoice_line()) for line in orders.order_line
        ]
        shared = self.env["account.move"].create(vals)
        shared.action_post()
        self.assertEqual(shared.amount_total, 71.0)
        values = self._values(currency)
        first = self.env["oms.settlement"]._import_settlement(
            self.channel, self._only(values, "ST-1", "STMT-SHARED-1")
        )
        first.action_post()
        self._assert_settled_cleanly(first)
        self.assertEqual(
            orders.invoice_ids.filtered(lambda m: m.move_type == "out_invoice"), shared
        )
        self.assertEqual(shared.amount_residual, 30.0, "the second order's part")
        self.assertEqual(self._customer_balance(buyer), 30.0)
        second = self.env["oms.settlement"]._import_settlement(
            self.channel, self._only(values, "ST-2", "STMT-SHARED-2")
        )
        second.action_post()
        self._assert_settled_cleanly(second)
        self.assertEqual(shared.payment_state, "paid")
        self.assertEqual(self._customer_balance(buyer), 0.0)

    def test_invoice_paid_elsewhere_is_a_discrepancy(self):
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency)
        invoice = orders[0]._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel, self._values(currency, reference="STMT-PAID-TWICE")
        )
        self.assertFalse(settlement.discrepancy_count)
        settlement.action_post()
        self.assertEqual(settlement.state, "discrepancy")
        sale = settlement.line_ids.filtered(
            lambda li: li.external_order_ref == "ST-1" and li.kind == "sale"
        )
        self.assertIn("0.00 due for it", sale.discrepancy.replace("\xa0", " "))
        self.assertEqual(settlement.discrepancy_count, 1)

    def test_accountant_posts_from_the_invoicing_app(self):
        """An Invoicing user without any OMS group does the settlement job."""
        accountant = new_test_user(
            self.env,
            login="oms_accountant",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
        )
        currency = self.env.company.currency_id
        orders = self._import_orders(self.channel, currency)
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel, self._values(currency)
        )
        visible = self.env["ir.ui.menu"].with_user(accountant)._visible_menu_ids()
        menu = self.env.ref("oms_base.menu_account_oms_settlements")
        self.assertIn(menu.id, visible, "Settlements sit in the Invoicing app too")
        self.assertIn(self.env.ref("account.menu_finance").id, visible)

        as_accountant = settlement.with_user(accountant)
        form = as_accountant.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="move_line_ids"', form)
        as_accountant.read(["name", "channel_id", "line_ids", "payout_amount"])
        action = as_accountant.action_post()
        self.assertEqual(as_accountant.state, "reconciled")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(
            "1 settlement(s) posted, 1 reconciled", action["params"]["message"]
        )
        items = as_accountant.move_line_ids
        self.assertEqual(items, settlement.move_id.line_ids)
        items.read(["account_id", "partner_id", "debit", "credit", "name"])
        self.assertEqual(
            set(orders.invoice_ids.mapped("payment_state")) - {"reversed"}, {"paid"}
        )
