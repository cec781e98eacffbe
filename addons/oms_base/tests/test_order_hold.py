from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OmsCase

HOLD = "oms_base.mail_activity_oms_hold"


@tagged("post_install", "-at_install")
class TestPlatformAndManualHolds(OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a warehouse person without e-mail address, as on many floors
        cls.warehouse_user = cls.env["res.users"].create(
            {
                "name": "Maria Santos",
                "login": "hold_warehouse",
                "tz": "Asia/Manila",
                "groups_id": [
                    (4, cls.env.ref("oms_base.group_oms_user").id),
                    (4, cls.env.ref("stock.group_stock_user").id),
                ],
            }
        )
        cls.channel.user_id = cls.warehouse_user

    def test_marketplace_hold_is_set_and_lifted_by_the_import(self):
        self.import_orders(self.make_order("H-1", hold_reason="TikTok holds it"))
        sale = self.find_sale("H-1")
        self.assertEqual(sale.oms_hold_reason, "TikTok holds it")
        self.assertEqual(sale.oms_hold_source, "platform")
        self.assertEqual(sale.activity_ids.activity_type_id, self.env.ref(HOLD))
        self.assertEqual(sale.activity_ids.user_id, self.warehouse_user)
        self.import_orders(self.make_order("H-1", minutes=5))
        self.assertFalse(sale.oms_hold_reason)
        self.assertFalse(sale.activity_ids)
        self.assertIn("no longer holds", sale.message_ids[0].body)

    def test_a_persons_hold_stays_when_the_marketplace_has_none(self):
        self.import_orders(self.make_order("H-2"))
        sale = self.find_sale("H-2")
        sale.oms_hold_reason = "Buyer asked to change the address"
        self.import_orders(self.make_order("H-2", minutes=5))
        self.assertEqual(sale.oms_hold_reason, "Buyer asked to change the address")

    def test_a_person_releases_the_hold(self):
        self.import_orders(self.make_order("H-3", hold_reason="Platform hold"))
        sale = self.find_sale("H-3")
        sale.with_user(self.warehouse_user).action_oms_release_hold()
        self.assertFalse(sale.oms_hold_reason)
        self.assertEqual(sale.oms_hold_released_by_id, self.warehouse_user)
        self.assertTrue(sale.oms_hold_released_at)
        self.assertIn("Hold released by Maria Santos", sale.message_ids[0].body)
        # the marketplace still says held: a person's decision stands
        self.import_orders(
            self.make_order("H-3", minutes=5, hold_reason="Platform hold")
        )
        self.assertFalse(sale.oms_hold_reason)

    def test_release_needs_an_oms_user_and_a_hold(self):
        self.import_orders(self.make_order("H-4"))
        sale = self.find_sale("H-4")
        with self.assertRaisesRegex(UserError, "not on hold|None of these"):
            sale.action_oms_release_hold()
        sale.oms_hold_reason = "check"
        salesman = self.env["res.users"].create(
            {
                "name": "Sales only",
                "login": "cockpit_sales",
                "groups_id": [(4, self.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        with self.assertRaisesRegex(UserError, "Only OMS users"):
            sale.with_user(salesman).action_oms_release_hold()

    def test_a_held_order_is_cancelled_by_a_person(self):
        self.import_orders(self.make_order("H-5", hold_reason="Platform hold"))
        sale = self.find_sale("H-5")
        self.assertFalse(sale.oms_support_order_cancel)
        sale.with_context(disable_cancel_warning=True).action_oms_hold_cancel()
        self.assertEqual(sale.state, "cancel")
        self.assertIn("Held order cancelled", "".join(sale.message_ids.mapped("body")))
