from datetime import date, datetime

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement


class OmsFinanceCommon(AccountTestInvoicingCommon):
    """A connected shop with products in categories and its orders, imported
    as the connectors import them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the accountant of the tests also configures the shops
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        Category = cls.env["product.category"]
        cls.categ_electronics = Category.create({"name": "Electronics"})
        cls.categ_phones = Category.create(
            {"name": "Phones", "parent_id": cls.categ_electronics.id}
        )
        cls.categ_fashion = Category.create({"name": "Fashion"})
        cls.categ_other = Category.create({"name": "Other"})
        cls.phone, cls.shirt, cls.cable = cls.env["product.product"].create(
            [
                {
                    "name": f"Item {sku}",
                    "default_code": sku,
                    "type": "consu",
                    "invoice_policy": "order",
                    "taxes_id": [(5, 0, 0)],
                    "categ_id": categ.id,
                }
                for sku, categ in (
                    ("FIN-PHONE", cls.categ_phones),
                    ("FIN-SHIRT", cls.categ_fashion),
                    ("FIN-CABLE", cls.categ_other),
                )
            ]
        )
        cls.currency = cls.env.company.currency_id
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Finance shop",
                "state": "connected",
                "oms_commission_rate": 5.0,
                "oms_payment_fee_rate": 2.0,
            }
        )
        cls.env["oms.product.binding"].create(
            [
                {
                    "channel_id": cls.channel.id,
                    "product_id": product.id,
                    "seller_sku": product.default_code,
                    "external_id": f"{cls.channel.id}-{product.default_code}",
                }
                for product in cls.phone | cls.shirt | cls.cable
            ]
        )

    @classmethod
    def _import_orders(cls, orders):
        """``{ref: [(sku, qty, unit price)]}`` -> the imported sale orders
        by marketplace reference."""
        cls.env["oms.order.importer"]._import_orders(
            cls.channel,
            [
                normalized.Order(
                    external_id=ref,
                    status=normalized.TO_SHIP,
                    currency=cls.currency.name,
                    updated_at=datetime(2026, 11, 11, 1, 0),
                    buyer=normalized.Buyer(external_id=f"b-{ref}", name=f"Buyer {ref}"),
                    lines=[
                        normalized.OrderLine(
                            external_id=f"{ref}-{i}",
                            sku=sku,
                            quantity=qty,
                            unit_price=price,
                        )
                        for i, (sku, qty, price) in enumerate(lines)
                    ],
                )
                for ref, lines in orders.items()
            ],
        )
        found = cls.env["sale.order"].search(
            [
                ("oms_channel_id", "=", cls.channel.id),
                ("oms_external_id", "in", list(orders)),
            ]
        )
        return {order.oms_external_id: order for order in found}

    def _statement(self, reference, lines, payout=None, day=date(2026, 11, 16)):
        """Import a statement of ``lines`` ``(order ref, kind, amount)``;
        the payout is their sum unless given."""
        return self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                reference,
                lines,
                payout,
                date_from=day,
                date_to=day,
                payout_date=day,
                currency=self.currency.name,
            ),
        )
