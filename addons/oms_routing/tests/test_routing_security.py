from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.oms_base.tests.views import shown

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestRoutingSecurity(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oms_user = new_test_user(
            cls.env, login="routing_user", groups="oms_base.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            cls.env,
            login="routing_manager",
            groups="oms_base.group_oms_manager,sales_team.group_sale_salesman",
        )
        cls.rule = cls.make_rule([cls.wh_main], name="Main only")

    def test_users_read_rules_managers_edit_them(self):
        self.assertEqual(self.rule.with_user(self.oms_user).name, "Main only")
        with self.assertRaises(AccessError):
            self.rule.with_user(self.oms_user).name = "Changed"
        with self.assertRaises(AccessError):
            self.env["oms.routing.zone"].with_user(self.oms_user).create({"name": "Z"})
        rule = (
            self.env["oms.routing.rule"]
            .with_user(self.oms_manager)
            .create(
                {
                    "name": "By manager",
                    "warehouse_line_ids": [(0, 0, {"warehouse_id": self.wh_cebu.id})],
                }
            )
        )
        self.assertEqual(rule.company_id, self.company)
        zone = (
            self.env["oms.routing.zone"]
            .with_user(self.oms_manager)
            .create({"name": "Manager zone", "region_ids": [(0, 0, {"name": "North"})]})
        )
        self.assertEqual(zone.region_ids.company_id, self.company)

    def test_rules_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Routing Other Co"})
        foreign = self.env["oms.routing.rule"].create(
            {"name": "Foreign", "company_id": other.id}
        )
        seen = self.env["oms.routing.rule"].with_user(self.oms_manager).search([])
        self.assertIn(self.rule, seen)
        self.assertNotIn(foreign, seen)
        # and a foreign company's rule never routes this company's orders
        decision = self.env["oms.routing.engine"]._oms_route(
            self.env["oms.routing.engine"]._oms_requests_from_marketplace(
                self.channel,
                [self.make_order("SEC1")],
                self.env["oms.order.importer"]._match_products(
                    self.channel, [self.make_order("SEC1")]
                ),
            )
        )["SEC1"]
        self.assertEqual(decision.rule, self.rule)

    def test_views_render_and_show_what_applies(self):
        for model, view_type in (
            ("oms.routing.rule", "list"),
            ("oms.routing.rule", "form"),
            ("oms.routing.rule", "search"),
            ("oms.routing.zone", "form"),
            ("oms.routing.test", "form"),
            ("sale.order", "pivot"),
        ):
            with self.subTest(model=model, view_type=view_type):
                views = (
                    self.env[model]
                    .with_user(self.oms_manager)
                    .get_views([(False, view_type)])
                )
                self.assertIn(view_type, views["views"])
        self.import_orders(self.make_order("SEC2"))
        sale = self.find_sale("SEC2").with_user(self.oms_manager)
        buttons = shown(sale)
        self.assertTrue(buttons["button", "action_oms_reroute"])
        self.assertFalse(buttons["button", "action_oms_routing_preview"])
        self.assertTrue(buttons["page", "oms_routing"])
        action = self.rule.action_open_test()
        self.assertEqual(action["res_model"], "oms.routing.test")
        self.assertEqual(self.rule.order_count, 1)
        self.assertEqual(
            self.env["sale.order"].search(self.rule.action_view_orders()["domain"]),
            sale,
        )
