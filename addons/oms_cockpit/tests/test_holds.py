from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import CockpitCase


@tagged("post_install", "-at_install")
class TestRiskRules(CockpitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["oms.risk.rule"]

    def rule(self, rule_type, **values):
        return self.Rule.create({"name": rule_type, "rule_type": rule_type, **values})

    def test_cod_above_the_threshold_is_held(self):
        self.rule("cod_amount", amount=100.0)
        self.import_orders(
            self.make_order("R-1", is_cod=True),  # about 40
            self.make_order("R-2", is_cod=True, shipping_fee=200.0),
            self.make_order("R-3", shipping_fee=200.0),
        )
        self.assertFalse(self.find_sale("R-1").oms_hold_reason)
        held = self.find_sale("R-2")
        self.assertIn("COD order", held.oms_hold_reason)
        self.assertEqual(held.oms_hold_source, "rule")
        self.assertFalse(self.find_sale("R-3").oms_hold_reason)

    def test_buyer_history_found_by_normalized_phone_and_buyer_id(self):
        self.rule("buyer_history", count=1)
        self.import_orders(self.make_order("R-10", status=normalized.RETURNED))
        # another buyer id, the same phone written differently
        self.import_orders(
            self.make_order("R-11", buyer_id="B-9", phone="+66 81 234 5678")
        )
        self.assertIn(
            "1 earlier failed deliveries", self.find_sale("R-11").oms_hold_reason
        )
        self.import_orders(
            self.make_order("R-12", buyer_id="B-NEW", phone="+66 89 999 0000")
        )
        self.assertFalse(self.find_sale("R-12").oms_hold_reason)

    def test_buyer_history_without_phone_or_buyer_id_holds_nothing(self):
        self.rule("buyer_history", count=1)
        self.import_orders(self.make_order("R-13", status=normalized.RETURNED))
        unknown = self.make_order("R-14", buyer_id="", phone="+66****5678")
        unknown.shipping_address.phone = "+66****5678"
        self.import_orders(unknown)
        sale = self.find_sale("R-14")
        self.assertFalse(sale.partner_id.oms_phone_normalized)
        self.assertFalse(sale.oms_hold_reason)

    def test_repeated_cancellations(self):
        self.rule("cancellations", count=2)
        self.import_orders(
            self.make_order("R-20", status=normalized.CANCELLED),
            self.make_order("R-21", status=normalized.CANCELLED),
        )
        self.import_orders(self.make_order("R-22"))
        self.assertIn(
            "2 earlier cancelled orders", self.find_sale("R-22").oms_hold_reason
        )

    def test_address_basic_checks_skip_masked_data(self):
        self.rule("address")
        bad = self.make_order("R-30", buyer_id="B-30", phone="123")
        bad.shipping_address = normalized.Address(
            name="X", phone="123", street="", city="", zip="AB1", country_code="TH"
        )
        masked = self.make_order("R-31", buyer_id="B-31")
        masked.shipping_address = normalized.Address(
            name="X****", phone="+66****5678", street="****", country_code="TH"
        )
        self.import_orders(bad, masked, self.make_order("R-32", buyer_id="B-32"))
        reason = self.find_sale("R-30").oms_hold_reason
        self.assertIn("no street", reason)
        self.assertIn("phone 123 is not valid", reason)
        self.assertFalse(self.find_sale("R-31").oms_hold_reason)
        self.assertFalse(self.find_sale("R-32").oms_hold_reason)

    def test_rules_of_another_shop_do_not_apply(self):
        other = self.channel.copy({"name": "Other shop"})
        self.rule("cod_amount", amount=1.0, channel_ids=[(6, 0, other.ids)])
        self.import_orders(self.make_order("R-40", is_cod=True))
        self.assertFalse(self.find_sale("R-40").oms_hold_reason)
