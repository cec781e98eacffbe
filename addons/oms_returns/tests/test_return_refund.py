from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement


@tagged("post_install", "-at_install")
class TestReturnRefund(AccountTestInvoicingCommon):
    """One refund, one credit note: the return's, which the settlement's
    refund line then pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        ) or cls.env["stock.warehouse"].create(
            {"name": "Refund WH", "code": "RFWH", "company_id": company.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Refund item",
                "default_code": "RF-A",
                "is_storable": True,
                "invoice_policy": "order",
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Refund shop",
                "state": "connected",
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
            }
        )
        cls.env["oms.product.binding"].create(
            {
                "channel_id": cls.channel.id,
                "product_id": cls.product.id,
                "seller_sku": "RF-A",
                "external_id": "RF-A",
            }
        )
        cls.currency = company.currency_id
        cls.env["oms.order.importer"]._import_orders(
            cls.channel,
            [
                normalized.Order(
                    external_id="RF-1",
                    status=status,
                    currency=cls.currency.name,
                    updated_at=datetime(2026, 11, 11, hour),
                    buyer=normalized.Buyer(external_id="rf-buyer", name="Buyer"),
                    lines=[
                        normalized.OrderLine(
                            external_id="RF-1-1", sku="RF-A", quantity=2, unit_price=15
                        )
                    ],
                )
                for status, hour in ((normalized.TO_SHIP, 1), (normalized.SHIPPED, 2))
            ],
        )
        cls.sale = cls.env["sale.order"].search([("oms_external_id", "=", "RF-1")])
        cls.invoice = cls.sale._create_invoices(final=True)
        cls.invoice.action_post()

    def _return(self, state, hours, refunded=False):
        return normalized.Return(
            external_id="RF-RET",
            order_external_id="RF-1",
            state=state,
            currency=self.currency.name,
            refund_amount=15.0,
            refunded=refunded,
            updated_at=datetime(2026, 11, 12, hours),
            lines=[
                normalized.ReturnLine(
                    external_id="RF-RET-1",
                    order_line_external_id="RF-1-1",
                    sku="RF-A",
                    quantity=1,
                    refund_amount=15.0,
                )
            ],
        )

    def _refund_notes(self):
        return self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", self.sale.name)]
        )

    def _settlement_values(self, reference):
        return statement(
            reference,
            [
                ("RF-1", kind, amount, {"date": date(2026, 11, 14)})
                for kind, amount in (("sale", 30.0), ("refund", -15.0))
            ],
            currency=self.currency.name,
            date_from=date(2026, 11, 9),
            date_to=date(2026, 11, 15),
            payout_date=date(2026, 11, 16),
        )

    def test_refunded_return_books_one_credit_note_the_settlement_reuses(self):
        Importer = self.env["oms.return.importer"]
        Importer._import_returns(self.channel, [self._return("requested", 1)])
        ret = self.env["oms.return"].search([("external_id", "=", "RF-RET")])
        self.assertFalse(ret.credit_note_id, "nothing refunded yet")
        Importer._import_returns(
            self.channel, [self._return("refunded", 5, refunded=True)]
        )
        credit_note = ret.credit_note_id
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 15.0)
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.invoice_origin, self.sale.name)
        self.assertEqual(credit_note.oms_return_id, ret)
        # the refund again (poll and push): still one credit note
        Importer._import_returns(
            self.channel, [self._return("refunded", 5, refunded=True)]
        )
        self.assertEqual(self._refund_notes(), credit_note)
        # the settlement's refund line pays that credit note
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel, self._settlement_values("RF-STMT-1")
        )
        settlement.action_post()
        self.assertEqual(self._refund_notes(), credit_note, "no second credit note")
        self.assertTrue(self.currency.is_zero(credit_note.amount_residual))
        self.assertIn(credit_note.payment_state, ("paid", "in_payment"))

    def test_settlement_first_then_return_takes_its_credit_note(self):
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel, self._settlement_values("RF-STMT-2")
        )
        settlement.action_post()
        booked = self._refund_notes()
        self.assertEqual(len(booked), 1)
        self.env["oms.return.importer"]._import_returns(
            self.channel, [self._return("refunded", 5, refunded=True)]
        )
        ret = self.env["oms.return"].search([("external_id", "=", "RF-RET")])
        self.assertEqual(ret.credit_note_id, booked)
        self.assertEqual(self._refund_notes(), booked, "one refund, one credit note")
