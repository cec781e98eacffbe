from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement


@tagged("post_install", "-at_install")
class TestReturnCreditNote(AccountTestInvoicingCommon):
    """The credit note of a refund credits each returned product with its
    own price and taxes, as its invoice line has them, and totals what the
    platform refunded, so that the settlement's refund line pays it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        company = cls.env.company
        cls.currency = company.currency_id
        Tax = cls.env["account.tax"]
        cls.vat7 = Tax.create(
            {
                "name": "VAT 7% incl.",
                "amount": 7,
                "price_include_override": "tax_included",
            }
        )
        cls.vat10 = Tax.create(
            {
                "name": "VAT 10% incl.",
                "amount": 10,
                "price_include_override": "tax_included",
            }
        )
        product_tax = Tax.create({"name": "Product's own 15%", "amount": 15})
        # the buyer's fiscal position maps 7% to 10% on the order's lines
        cls.fiscal_position = cls.env["account.fiscal.position"].create(
            {
                "name": "Marketplace buyers",
                "tax_ids": [
                    (0, 0, {"tax_src_id": cls.vat7.id, "tax_dest_id": cls.vat10.id})
                ],
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Taxed {sku}",
                    "default_code": sku,
                    "is_storable": True,
                    "invoice_policy": "order",
                    "taxes_id": [(6, 0, product_tax.ids)],
                }
                for sku in ("TX-A", "TX-B")
            ]
        )
        for product in cls.products:
            cls.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 10
            )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Taxed shop",
                "state": "connected",
                "warehouse_ids": [(6, 0, warehouse.ids)],
                "sale_tax_ids": [(6, 0, cls.vat7.ids)],
            }
        )
        cls.env["oms.product.binding"].create(
            [
                {
                    "channel_id": cls.channel.id,
                    "product_id": product.id,
                    "seller_sku": product.default_code,
                    "external_id": product.default_code,
                }
                for product in cls.products
            ]
        )
        cls.env["oms.order.importer"]._import_orders(
            cls.channel,
            [
                normalized.Order(
                    external_id="TX-1",
                    status=status,
                    currency=cls.currency.name,
                    updated_at=datetime(2026, 11, 11, hour),
                    buyer=normalized.Buyer(external_id="tx-buyer", name="Buyer"),
                    lines=[
                        normalized.OrderLine(
                            external_id="TX-1-1", sku="TX-A", quantity=2, unit_price=107
                        ),
                        normalized.OrderLine(
                            external_id="TX-1-2", sku="TX-B", quantity=1, unit_price=55
                        ),
                    ],
                )
                for status, hour in ((normalized.TO_SHIP, 1), (normalized.SHIPPED, 2))
            ],
        )
        cls.sale = cls.env["sale.order"].search([("oms_external_id", "=", "TX-1")])
        # one line keeps the shop's 7%, the other is mapped to 10%
        cls.sale.fiscal_position_id = cls.fiscal_position
        line_b = cls.sale.order_line.filtered(
            lambda li: li.product_id == cls.products[1]
        )
        line_b.tax_id = cls.fiscal_position.map_tax(line_b.tax_id)
        cls.invoice = cls.sale._create_invoices(final=True)
        cls.invoice.action_post()

    def _refund(self, external_id, refund, lines):
        self.env["oms.return.importer"]._import_returns(
            self.channel,
            [
                normalized.Return(
                    external_id=external_id,
                    order_external_id="TX-1",
                    state=normalized.RETURN_REFUNDED,
                    refunded=True,
                    currency=self.currency.name,
                    refund_amount=refund,
                    updated_at=datetime(2026, 11, 12, 5),
                    lines=[
                        normalized.ReturnLine(
                            external_id=f"{external_id}-{line}",
                            order_line_external_id=line,
                            quantity=quantity,
                        )
                        for line, quantity in lines
                    ],
                )
            ],
        )
        return self.env["oms.return"].search([("external_id", "=", external_id)])

    def _credit_lines(self, credit_note):
        return {
            line.product_id.default_code: (
                line.quantity,
                line.price_unit,
                line.tax_ids,
                line.price_total,
            )
            for line in credit_note.invoice_line_ids
        }

    def test_each_product_with_its_own_price_and_taxes(self):
        ret = self._refund("TX-RET-1", 162.0, [("TX-1-1", 1), ("TX-1-2", 1)])
        credit_note = ret.credit_note_id
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.fiscal_position_id, self.fiscal_position)
        self.assertEqual(
            self._credit_lines(credit_note),
            {"TX-A": (1, 107, self.vat7, 107), "TX-B": (1, 55, self.vat10, 55)},
            "the invoice's prices and taxes, not the product's own 15%",
        )
        self.assertAlmostEqual(credit_note.amount_total, 162)
        self.assertAlmostEqual(credit_note.amount_tax, 7 + 5)
        invoice_accounts = self.invoice.invoice_line_ids.account_id
        self.assertEqual(credit_note.invoice_line_ids.account_id, invoice_accounts)
        # the settlement's refund line pays it, no second credit note
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                "TX-STMT",
                [
                    ("TX-1", kind, amount, {"date": date(2026, 11, 14)})
                    for kind, amount in (("sale", 269.0), ("refund", -162.0))
                ],
                currency=self.currency.name,
                date_from=date(2026, 11, 9),
                date_to=date(2026, 11, 15),
                payout_date=date(2026, 11, 16),
            ),
        )
        settlement.action_post()
        refunds = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", self.sale.name)]
        )
        self.assertEqual(refunds, credit_note)
        self.assertTrue(self.currency.is_zero(credit_note.amount_residual))

    def test_partial_refund_keeps_taxes_in_proportion(self):
        ret = self._refund("TX-RET-2", 53.5, [("TX-1-1", 1)])
        credit_note = ret.credit_note_id
        self.assertAlmostEqual(credit_note.amount_total, 53.5)
        self.assertAlmostEqual(credit_note.amount_tax, 3.5, msg="half of 7 on 107")
        self.assertEqual(credit_note.invoice_line_ids.tax_ids, self.vat7)

    def test_refund_beyond_the_products_is_one_untaxed_line(self):
        ret = self._refund("TX-RET-3", 117.0, [("TX-1-1", 1)])
        credit_note = ret.credit_note_id
        self.assertAlmostEqual(credit_note.amount_total, 117)
        self.assertAlmostEqual(credit_note.amount_tax, 7)
        extra = credit_note.invoice_line_ids.filtered(lambda li: not li.product_id)
        self.assertAlmostEqual(extra.price_total, 10)
        self.assertFalse(extra.tax_ids)

    def test_settlement_before_the_refund_books_the_returns_taxed_credit_note(self):
        self.env["oms.return.importer"]._import_returns(
            self.channel,
            [
                normalized.Return(
                    external_id="TX-RET-4",
                    order_external_id="TX-1",
                    state=normalized.RETURN_APPROVED,
                    currency=self.currency.name,
                    refund_amount=107.0,
                    updated_at=datetime(2026, 11, 12, 5),
                    lines=[
                        normalized.ReturnLine(
                            external_id="TX-RET-4-1",
                            order_line_external_id="TX-1-1",
                            quantity=1,
                        )
                    ],
                )
            ],
        )
        ret = self.env["oms.return"].search([("external_id", "=", "TX-RET-4")])
        self.assertFalse(ret.credit_note_id, "not refunded yet")
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                "TX-STMT-4",
                [("TX-1", "refund", -107.0, {"date": date(2026, 11, 14)})],
                currency=self.currency.name,
                date_from=date(2026, 11, 9),
                date_to=date(2026, 11, 15),
                payout_date=date(2026, 11, 16),
            ),
        )
        settlement.action_post()
        credit_note = ret.credit_note_id
        self.assertTrue(credit_note, "the return's credit note, booked for it")
        self.assertEqual(credit_note.invoice_line_ids.tax_ids, self.vat7)
        self.assertAlmostEqual(credit_note.amount_tax, 7)
        self.assertTrue(self.currency.is_zero(credit_note.amount_residual))
        # the platform's refund message later: still that one credit note
        self._refund("TX-RET-4", 107.0, [("TX-1-1", 1)])
        refunds = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("invoice_origin", "=", self.sale.name)]
        )
        self.assertEqual(refunds, credit_note)
