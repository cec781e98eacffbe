from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import OmsCase


@tagged("post_install", "-at_install")
class TestOrderTaxes(OmsCase):
    """Marketplace prices include tax: an order totals what the buyer paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        cls.tax_included = Tax.create(
            {
                "name": "GST 9% included",
                "amount": 9.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": cls.company.id,
            }
        )
        cls.tax_excluded = Tax.create(
            {
                "name": "GST 9% excluded",
                "amount": 9.0,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "company_id": cls.company.id,
            }
        )
        cls.channel.sale_tax_ids = cls.tax_included
        # the product's default sale tax would add 9% on top of the price
        cls.product_a.taxes_id = cls.tax_excluded

    def _order(self, external_id, sku, sku_id):
        # 2 x 15.95 + 9.99 shipping = 41.89 paid by the buyer
        return self.make_order(
            external_id,
            lines=[
                normalized.OrderLine(
                    external_id=f"{external_id}-1",
                    sku=sku,
                    external_sku_id=sku_id,
                    name="Thing",
                    quantity=2,
                    unit_price=15.95,
                )
            ],
            shipping_fee=9.99,
            seller_voucher=0.0,
            platform_voucher=0.0,
        )

    def _assert_buyer_total(self, sale):
        self.assertAlmostEqual(sale.oms_buyer_total, 41.89)
        self.assertAlmostEqual(sale.amount_total, 41.89)
        self.assertAlmostEqual(sale.amount_untaxed + sale.amount_tax, 41.89)
        self.assertEqual(sale.order_line.tax_id, self.tax_included)

    def test_import_uses_shop_taxes_not_product_defaults(self):
        self.import_orders(self._order("TAX-1", "SKU-A", "1001"))
        sale = self.find_sale("TAX-1")
        self.assertEqual(sale.state, "sale")
        self._assert_buyer_total(sale)

    def test_reprocess_keeps_buyer_total(self):
        self.import_orders(self._order("TAX-2", "SKU-LATE", "7001"))
        sale = self.find_sale("TAX-2")
        self.assertTrue(sale.oms_needs_attention)
        self._assert_buyer_total(sale)
        product = self.env["product.product"].create(
            {
                "name": "Late thing",
                "default_code": "LATE",
                "is_storable": True,
                "list_price": 99.0,
                "taxes_id": [(6, 0, self.tax_excluded.ids)],
            }
        )
        self.env["oms.product.binding"].create(
            {
                "channel_id": self.channel.id,
                "product_id": product.id,
                "seller_sku": "SKU-LATE",
                "external_id": "7001",
            }
        )
        sale.action_oms_reprocess()
        self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(sale.state, "sale")
        line = sale.order_line.filtered(lambda li: li.oms_sku == "SKU-LATE")
        self.assertEqual(line.product_id, product)
        self.assertEqual(line.price_unit, 15.95)
        self._assert_buyer_total(sale)
