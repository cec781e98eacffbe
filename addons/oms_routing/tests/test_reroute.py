from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestReroute(RoutingCase):
    def test_reroute_after_stock_arrived(self):
        rule = self.make_rule([self.wh_cebu, self.wh_main])
        order = self.make_order("RR1", lines=self.order_lines("RR1", qty_a=8, qty_b=0))
        self.import_orders(order)
        sale = self.find_sale("RR1")
        self.assertEqual(sale.warehouse_id, self.wh_main)
        old = self.deliveries(sale)
        self.set_free(self.product_a, self.wh_cebu, 10)
        self.assertTrue(sale.oms_can_reroute)
        sale.action_oms_reroute()
        self.assertEqual(sale.warehouse_id, self.wh_cebu)
        self.assertEqual(old.state, "cancel")
        new = self.deliveries(sale)
        self.assertEqual(new.picking_type_id.warehouse_id, self.wh_cebu)
        self.assertEqual(new.move_ids.product_uom_qty, 8)
        self.assertEqual(new.state, "assigned")
        self.assertEqual(sale.oms_routing_rule_id, rule)
        self.assertIn("Re-routed", sale.message_ids[:1].body)

    def test_reroute_unchanged_keeps_the_deliveries(self):
        self.make_rule([self.wh_main])
        self.import_orders(self.make_order("RR2"))
        sale = self.find_sale("RR2")
        delivery = self.deliveries(sale)
        # Its own reservation counts as its stock: nothing moves.
        self.set_free(self.product_a, self.wh_main, 0)
        sale.action_oms_reroute()
        self.assertEqual(self.deliveries(sale), delivery)
        self.assertEqual(delivery.state, "assigned")
        self.assertIn("unchanged", sale.message_ids[:1].body)

    def test_reroute_into_a_split(self):
        rule = self.make_rule([self.wh_cebu], allow_split=True)
        self.import_orders(self.make_order("RR3"))
        sale = self.find_sale("RR3")
        self.assertTrue(sale.oms_routing_flagged)
        rule.warehouse_line_ids = [
            (0, 0, {"sequence": 50, "warehouse_id": self.wh_davao.id})
        ]
        self.set_free(self.product_b, self.wh_main, 0)
        sale.action_oms_reroute()
        self.assertTrue(sale.oms_routing_split)
        self.assertFalse(sale.oms_routing_flagged)
        self.assertEqual(
            self.deliveries(sale).picking_type_id.warehouse_id,
            self.wh_cebu | self.wh_davao,
        )

    def test_no_reroute_once_picked(self):
        self.make_rule([self.wh_main])
        self.import_orders(self.make_order("RR4"))
        sale = self.find_sale("RR4")
        self.deliveries(sale).move_ids[:1].picked = True
        self.assertFalse(sale.oms_can_reroute)
        with self.assertRaises(UserError):
            sale.action_oms_reroute()

    def test_preview_of_a_quotation_writes_nothing(self):
        self.make_rule([self.wh_davao, self.wh_main], name="Davao first")
        partner = self.env["res.partner"].create(
            {"name": "Buyer", "country_id": self.country_th.id, "zip": "10110"}
        )
        quotation = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_b.id, "product_uom_qty": 1})
                ],
            }
        )
        action = quotation.action_oms_routing_preview()
        self.assertIn("Davao first", action["params"]["message"])
        self.assertIn(self.wh_davao.name, action["params"]["message"])
        self.assertFalse(quotation.oms_routing_rule_id)
        quotation.action_confirm()
        with self.assertRaises(UserError):
            quotation.action_oms_routing_preview()

    def test_test_panel(self):
        rule = self.make_rule([self.wh_cebu], name="Bangkok", city_patterns="Bangkok")
        other = self.make_rule([self.wh_main], name="Anywhere", sequence=99)
        panel = self.env["oms.routing.test"].create(
            {
                "rule_id": rule.id,
                "channel_id": self.channel.id,
                "country_id": self.country_th.id,
                "city": "Chiang Mai",
                "line_ids": [(0, 0, {"product_id": self.product_a.id, "quantity": 1})],
            }
        )
        panel.action_run()
        self.assertFalse(panel.rule_matches)
        self.assertEqual(panel.matched_rule_id, other)
        panel.city = "bangkok"
        panel.action_run()
        self.assertTrue(panel.rule_matches)
        self.assertEqual(panel.matched_rule_id, rule)
        self.assertIn(self.wh_cebu.name, panel.result)
