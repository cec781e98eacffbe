from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import RoutingCase


@tagged("post_install", "-at_install")
class TestRoutingRules(RoutingCase):
    """Each condition and action of a rule, through the importer's seam."""

    def decide(self, *orders, channel=None):
        channel = channel or self.channel
        importer = self.env["oms.order.importer"]
        products = importer._match_products(channel, list(orders))
        return importer._oms_route(channel, list(orders), products=products)

    def decision(self, order, **kw):
        return self.decide(order, **kw)[order.external_id]

    def assert_routed(self, order, rule, warehouse):
        decision = self.decision(order)
        self.assertEqual(decision.rule, rule, decision.reason)
        self.assertEqual(decision.warehouse, warehouse, decision.reason)
        return decision

    def test_first_warehouse_with_every_line(self):
        rule = self.make_rule([self.wh_cebu, self.wh_main, self.wh_davao])
        # Cebu has A but not B: main has both
        decision = self.assert_routed(self.make_order("R1"), rule, self.wh_main)
        self.assertFalse(decision.attention)
        self.assertFalse(decision.is_split)
        self.assertIn(self.wh_main.name, decision.reason)
        # Only A: Cebu has it
        only_a = self.make_order("R2", lines=self.order_lines("R2", qty_b=0))
        self.assert_routed(only_a, rule, self.wh_cebu)

    def test_rules_in_sequence(self):
        late = self.make_rule([self.wh_main], name="Late", sequence=20)
        early = self.make_rule([self.wh_davao, self.wh_main], name="Early", sequence=5)
        self.assert_routed(self.make_order("S1"), early, self.wh_main)
        early.active = False
        self.assert_routed(self.make_order("S2"), late, self.wh_main)

    def test_shop_condition(self):
        other = self.channel.copy({"name": "Other shop"})
        self.make_rule([self.wh_main], sequence=99)
        rule = self.make_rule([self.wh_cebu], channel_ids=[(6, 0, other.ids)])
        only_a = self.order_lines("C1", qty_b=0)
        decision = self.decision(self.make_order("C1", lines=only_a))
        self.assertNotEqual(decision.rule, rule)
        rule.channel_ids = self.channel
        self.assert_routed(self.make_order("C2", lines=only_a), rule, self.wh_cebu)

    def test_address_conditions(self):
        state = self.env["res.country.state"].create(
            {"name": "Testprovince", "code": "TPV", "country_id": self.country_th.id}
        )
        lines = self.order_lines("A", qty_b=0)
        cases = [
            ({"country_ids": [(6, 0, self.env.ref("base.ph").ids)]}, False),
            ({"country_ids": [(6, 0, self.country_th.ids)]}, True),
            ({"state_ids": [(6, 0, state.ids)]}, True),
            ({"city_patterns": "Chiang*, Phuket"}, False),
            ({"city_patterns": "bang*"}, True),
            ({"zip_patterns": "20*"}, False),
            ({"zip_patterns": "5*, 101??"}, True),
        ]
        for index, (condition, matches) in enumerate(cases):
            with self.subTest(condition=condition):
                rule = self.make_rule([self.wh_cebu], **condition)
                order = self.make_order(f"A{index}", lines=lines)
                order.shipping_address.state = "testprovince"
                self.assertEqual(self.decision(order).rule == rule, matches)
                rule.active = False

    def test_zone_ranks_warehouses_by_region(self):
        zone = self.env["oms.routing.zone"].create(
            {
                "name": "Islands",
                "region_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "North",
                            "zip_patterns": "5*",
                            "rank_ids": [(0, 0, {"warehouse_id": self.wh_main.id})],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Bangkok",
                            "country_id": self.country_th.id,
                            "zip_patterns": "10*",
                            "rank_ids": [
                                (
                                    0,
                                    0,
                                    {"sequence": 1, "warehouse_id": self.wh_davao.id},
                                ),
                                (
                                    0,
                                    0,
                                    {"sequence": 2, "warehouse_id": self.wh_main.id},
                                ),
                            ],
                        },
                    ),
                ],
            }
        )
        rule = self.make_rule(zone_id=zone.id)
        # Davao, nearest, has B but not A: main, next nearest
        self.assert_routed(self.make_order("Z1"), rule, self.wh_main)
        only_b = self.make_order("Z2", lines=self.order_lines("Z2", qty_a=0))
        self.assert_routed(only_b, rule, self.wh_davao)
        # A buyer in no region of the zone: the rule does not apply
        elsewhere = self.make_order("Z3", lines=self.order_lines("Z3", qty_a=0))
        elsewhere.shipping_address.zip = "90110"
        self.assertNotEqual(self.decision(elsewhere).rule, rule)

    def test_product_conditions(self):
        category = self.env["product.category"].create({"name": "Gadgets"})
        child = self.env["product.category"].create(
            {"name": "Chargers", "parent_id": category.id}
        )
        tag = self.env["product.tag"].create({"name": "Fragile"})
        self.product_b.categ_id = child
        self.product_b.product_tag_ids = tag
        for condition in (
            {"product_ids": [(6, 0, self.product_b.ids)]},
            {"categ_ids": [(6, 0, category.ids)]},
            {"tag_ids": [(6, 0, tag.ids)]},
        ):
            with self.subTest(condition=condition):
                rule = self.make_rule([self.wh_main], **condition)
                with_b = self.make_order("P1")
                self.assertEqual(self.decision(with_b).rule, rule)
                only_a = self.make_order("P2", lines=self.order_lines("P2", qty_b=0))
                self.assertNotEqual(self.decision(only_a).rule, rule)
                rule.active = False

    def test_amount_cod_weight_and_delivery_type(self):
        self.product_a.weight = 3.0  # two units: 6 kg
        cases = [
            ({"amount_min": 50.0}, False),  # 2 × 10 + 25 = 45
            ({"amount_min": 40.0, "amount_max": 45.0}, True),
            ({"amount_max": 30.0}, False),
            ({"cod": "cod"}, True),
            ({"cod": "prepaid"}, False),
            ({"weight_min": 10.0}, False),
            ({"weight_min": 5.0, "weight_max": 7.0}, True),
            ({"delivery_type": normalized.EXPRESS}, True),
            ({"delivery_type": normalized.INSTANT}, False),
        ]
        for index, (condition, matches) in enumerate(cases):
            with self.subTest(condition=condition):
                rule = self.make_rule([self.wh_main], **condition)
                order = self.make_order(
                    f"M{index}", is_cod=True, delivery_type=normalized.EXPRESS
                )
                self.assertEqual(self.decision(order).rule == rule, matches)
                rule.active = False

    def test_split_with_fewest_shipments(self):
        rule = self.make_rule([self.wh_cebu, self.wh_davao], allow_split=True)
        decision = self.assert_routed(self.make_order("X1"), rule, self.wh_cebu)
        self.assertTrue(decision.is_split)
        self.assertEqual(decision.warehouses, self.wh_cebu | self.wh_davao)
        self.assertEqual(decision.line_warehouses, {"X1-2": self.wh_davao})
        self.assertFalse(decision.attention)
        # A warehouse with everything beats a split, even if not preferred
        rule.warehouse_line_ids = [
            (0, 0, {"sequence": 99, "warehouse_id": self.wh_main.id})
        ]
        decision = self.assert_routed(self.make_order("X2"), rule, self.wh_main)
        self.assertFalse(decision.is_split)

    def test_shortage_flagged_on_preferred_warehouse(self):
        rule = self.make_rule([self.wh_cebu, self.wh_davao])
        decision = self.assert_routed(self.make_order("F1"), rule, self.wh_cebu)
        self.assertFalse(decision.is_split)
        self.assertIn("Widget B", decision.attention)

    def test_no_rule_is_the_shop_warehouse_flagged(self):
        self.make_rule([self.wh_cebu], city_patterns="Cebu*")
        decision = self.decision(self.make_order("N1"))
        self.assertFalse(decision.rule)
        self.assertEqual(decision.warehouse, self.wh_main)
        self.assertTrue(decision.attention)

    def test_shop_without_rules_is_left_to_oms_base(self):
        other = self.channel.copy({"name": "Other shop"})
        self.make_rule([self.wh_cebu], channel_ids=[(6, 0, other.ids)])
        route = self.decision(self.make_order("N2"))
        self.assertEqual(route, self.wh_main, "a plain warehouse, as oms_base")

    def test_no_stock_anywhere_is_flagged(self):
        rule = self.make_rule([self.wh_cebu, self.wh_main], allow_split=True)
        order = self.make_order("E1", lines=self.order_lines("E1", qty_a=500))
        decision = self.assert_routed(order, rule, self.wh_cebu)
        self.assertIn("Widget A", decision.attention)

    def test_orders_of_a_batch_share_the_stock(self):
        rule = self.make_rule([self.wh_cebu, self.wh_main])
        first, second = (
            self.make_order(key, lines=self.order_lines(key, qty_a=4, qty_b=0))
            for key in ("B1", "B2")
        )
        decisions = self.decide(first, second)
        self.assertEqual(decisions["B1"].warehouse, self.wh_cebu)
        self.assertEqual(decisions["B2"].warehouse, self.wh_main)
        self.assertEqual(decisions["B2"].rule, rule)

    def test_batch_reads_stock_once(self):
        self.make_rule([self.wh_cebu, self.wh_davao, self.wh_main], allow_split=True)
        few = [self.make_order(f"Q{i}") for i in range(2)]
        many = [self.make_order(f"Q{i}") for i in range(2, 40)]

        importer = self.env["oms.order.importer"]

        def count(orders):
            products = importer._match_products(self.channel, orders)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            importer._oms_route(self.channel, orders, products=products)
            return self.env.cr.sql_log_count - before

        self.assertLessEqual(count(many), count(few) + 2, "no query per order")

    def test_foreign_warehouse_refused(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1
        )
        with self.assertRaises(ValidationError):
            self.make_rule([self.wh_main, foreign])
        zone = self.env["oms.routing.zone"].create({"name": "Z"})
        with self.assertRaises(ValidationError):
            zone.region_ids = [
                (
                    0,
                    0,
                    {"name": "R", "rank_ids": [(0, 0, {"warehouse_id": foreign.id})]},
                )
            ]

    def test_description_says_what_the_rule_does(self):
        rule = self.make_rule(
            [self.wh_cebu, self.wh_main], allow_split=True, city_patterns="Cebu*"
        )
        self.assertIn("Cebu*", rule.description)
        self.assertIn(self.wh_cebu.name, rule.description)
