from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestRoutingImport(RoutingCase):
    """Routing as the importer applies it: warehouses, deliveries, flags."""

    def routing_activities(self, sale):
        kind = self.env.ref("oms_routing.mail_activity_oms_routing")
        return sale.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_order_ships_from_the_rule_warehouse(self):
        rule = self.make_rule([self.wh_davao, self.wh_main], name="Davao first")
        only_b = self.make_order("I1", lines=self.order_lines("I1", qty_a=0))
        self.import_orders(only_b)
        sale = self.find_sale("I1")
        self.assertEqual(sale.warehouse_id, self.wh_davao)
        self.assertEqual(sale.oms_routing_rule_id, rule)
        self.assertIn("Davao first", sale.oms_routing_reason)
        self.assertFalse(sale.oms_routing_flagged)
        self.assertEqual(
            self.deliveries(sale).picking_type_id.warehouse_id, self.wh_davao
        )
        self.assertIn(
            "Davao first", " ".join(sale.message_ids.mapped("body")), "chatter line"
        )
        self.assertFalse(self.routing_activities(sale))

    def test_split_gives_one_order_one_delivery_per_warehouse(self):
        self.make_rule([self.wh_cebu, self.wh_davao], allow_split=True)
        self.import_orders(self.make_order("I2"))
        sale = self.find_sale("I2")
        self.assertEqual(len(sale), 1)
        self.assertTrue(sale.oms_routing_split)
        deliveries = self.deliveries(sale)
        self.assertEqual(len(deliveries), 2)
        by_warehouse = {p.picking_type_id.warehouse_id: p for p in deliveries}
        self.assertEqual(set(by_warehouse), {self.wh_cebu, self.wh_davao})
        self.assertEqual(by_warehouse[self.wh_cebu].move_ids.product_id, self.product_a)
        self.assertEqual(
            by_warehouse[self.wh_davao].move_ids.product_id, self.product_b
        )
        self.assertEqual(set(deliveries.mapped("state")), {"assigned"})

    def test_split_packages_map_to_their_deliveries(self):
        """The marketplace's two packages (by line ids) land on the two
        warehouses' deliveries, not on one."""
        self.make_rule([self.wh_cebu, self.wh_davao], allow_split=True)
        order = self.make_order("I3")
        self.import_orders(order)
        order.packages = [
            normalized.Package("PKG-A", "TRK-A", line_external_ids=["I3-1"]),
            normalized.Package("PKG-B", "TRK-B", line_external_ids=["I3-2"]),
        ]
        order.updated_at = order.updated_at.replace(hour=1)
        self.import_orders(order)
        deliveries = self.deliveries(self.find_sale("I3"))
        refs = {p.picking_type_id.warehouse_id: p.oms_package_ref for p in deliveries}
        self.assertEqual(refs, {self.wh_cebu: "PKG-A", self.wh_davao: "PKG-B"})

    def test_no_rule_ships_from_the_shop_warehouse_flagged(self):
        self.make_rule([self.wh_cebu], city_patterns="Cebu*")
        self.import_orders(self.make_order("I4"))
        sale = self.find_sale("I4")
        self.assertEqual(sale.warehouse_id, self.wh_main)
        self.assertTrue(sale.oms_routing_flagged)
        self.assertEqual(sale.state, "sale", "flagged, not blocked")
        self.assertTrue(self.routing_activities(sale))

    def test_no_stock_anywhere_imports_the_order_flagged(self):
        self.make_rule([self.wh_cebu, self.wh_davao], allow_split=True)
        order = self.make_order("I5", lines=self.order_lines("I5", qty_a=999))
        result = self.import_orders(order)
        sale = self.find_sale("I5")
        self.assertEqual(result.created, sale.ids)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.warehouse_id, self.wh_cebu)
        self.assertIn("Widget A", sale.oms_routing_attention)
        activity = self.routing_activities(sale)
        self.assertEqual(activity.user_id, self.channel._oms_responsible())

    def test_unknown_sku_and_empty_order_still_route(self):
        self.make_rule([self.wh_main])
        unknown = self.make_order(
            "I6",
            lines=[normalized.OrderLine(external_id="I6-1", sku="NOPE", quantity=1)],
        )
        empty = self.make_order("I7", lines=[])
        self.import_orders(unknown, empty)
        for key in ("I6", "I7"):
            sale = self.find_sale(key)
            self.assertEqual(sale.warehouse_id, self.wh_main)
            self.assertTrue(sale.oms_needs_attention)

    def test_shop_without_rules_imports_as_before(self):
        self.import_orders(self.make_order("I9"))
        sale = self.find_sale("I9")
        self.assertEqual(sale.warehouse_id, self.wh_main)
        self.assertFalse(sale.oms_routing_reason)
        self.assertFalse(self.routing_activities(sale))

    def test_urgent_rule_marks_deliveries(self):
        self.make_rule([self.wh_main], priority="1")
        self.import_orders(self.make_order("I8"))
        self.assertEqual(
            set(self.deliveries(self.find_sale("I8")).mapped("priority")), {"1"}
        )
