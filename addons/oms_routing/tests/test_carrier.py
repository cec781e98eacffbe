from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestCarrier(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Carrier = cls.env["delivery.carrier"]
        cls.ph_only, cls.pricey, cls.cheap = Carrier.create(
            [
                {
                    "name": name,
                    "delivery_type": "fixed",
                    "fixed_price": price,
                    # the fixed price is its product's sale price: one each
                    "product_id": cls.env["product.product"]
                    .create({"name": name, "type": "service"})
                    .id,
                    "country_ids": [(6, 0, countries)],
                }
                for name, price, countries in (
                    ("PH Express", 1.0, cls.env.ref("base.ph").ids),
                    ("Pricey Post", 10.0, []),
                    ("Cheap Post", 5.0, []),
                )
            ]
        )
        cls.rule = cls.make_rule(
            [cls.wh_main],
            carrier_ids=[(6, 0, (cls.ph_only | cls.pricey | cls.cheap).ids)],
        )

    def import_one(self, key, **kw):
        self.import_orders(self.make_order(key, **kw))
        return self.find_sale(key)

    def test_seller_shipped_takes_the_first_carrier_serving_the_buyer(self):
        sale = self.import_one("K1", delivery_type=normalized.SELLER)
        # PH Express does not serve Thailand
        self.assertEqual(sale.carrier_id, self.pricey)
        self.assertEqual(self.deliveries(sale).carrier_id, self.pricey)
        self.assertIn("Pricey Post", " ".join(sale.message_ids.mapped("body")))

    def test_cheapest_by_the_carriers_prices(self):
        self.rule.carrier_choice = "cheapest"
        sale = self.import_one("K2", delivery_type=normalized.SELLER)
        self.assertEqual(sale.carrier_id, self.cheap)

    def test_fastest_by_the_carriers_transit_days(self):
        self.rule.carrier_choice = "fastest"
        (self.pricey | self.cheap).oms_transit_days = 0
        # none has a transit time: the cheapest
        sale = self.import_one("K4", delivery_type=normalized.SELLER)
        self.assertEqual(sale.carrier_id, self.cheap)
        self.pricey.oms_transit_days = 1
        self.cheap.oms_transit_days = 3
        sale = self.import_one("K5", delivery_type=normalized.SELLER)
        self.assertEqual(sale.carrier_id, self.pricey)
        # as fast: the cheaper one
        self.cheap.oms_transit_days = 1
        sale = self.import_one("K6", delivery_type=normalized.SELLER)
        self.assertEqual(sale.carrier_id, self.cheap)
        # PH Express is the fastest but does not serve the buyer
        self.ph_only.oms_transit_days = 1
        self.pricey.oms_transit_days = 2
        self.cheap.oms_transit_days = 2
        sale = self.import_one("K7", delivery_type=normalized.SELLER)
        self.assertEqual(sale.carrier_id, self.cheap)

    def test_marketplace_logistics_keep_no_odoo_carrier(self):
        sale = self.import_one("K3", delivery_type=normalized.STANDARD)
        self.assertNotIn("Carrier", " ".join(sale.message_ids.mapped("body")))

    def test_own_store_orders_get_a_carrier(self):
        """Re-routing a shop-less order (own store) chooses its carrier."""
        partner = self.env["res.partner"].create(
            {"name": "Web buyer", "country_id": self.country_th.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})
                ],
            }
        )
        self.rule.carrier_choice = "cheapest"
        self.assertEqual(order._oms_routing_choose_carrier(self.rule), self.cheap)
        order.action_confirm()
        order.warehouse_id = self.wh_cebu
        order.action_oms_reroute()
        self.assertEqual(order.warehouse_id, self.wh_main)
        self.assertEqual(order.carrier_id, self.cheap)
