from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CockpitCase

PRICE = "oms_cockpit.mail_activity_oms_price"


@tagged("post_install", "-at_install")
class TestPriceWatch(CockpitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Shop prices",
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.product_a.id,
                            "compute_price": "fixed",
                            "fixed_price": 100.0,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.product_b.id,
                            "compute_price": "fixed",
                            "fixed_price": 50.0,
                        },
                    ),
                ],
            }
        )
        cls.channel.write({"pricelist_id": cls.pricelist.id, "price_tolerance": 2.0})

    def test_differences_beyond_the_tolerance_alert(self):
        self.binding_a.marketplace_price = 101.5  # 1.5 %: within
        self.binding_b.marketplace_price = 45.0  # -10 %
        bindings = self.binding_a | self.binding_b
        flagged = bindings._oms_watch_prices()
        self.assertEqual(flagged, self.binding_b)
        self.assertFalse(self.binding_a.price_watch_flagged)
        self.assertAlmostEqual(self.binding_a.price_watch_diff, 1.5)
        self.assertAlmostEqual(self.binding_b.price_watch_diff, -10.0)
        activity = self.binding_b.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref(PRICE))
        self.assertEqual(activity.user_id, self.warehouse_user)
        # a second watch does not repeat the to-do
        self.assertFalse(bindings._oms_watch_prices())
        self.assertEqual(len(self.binding_b.activity_ids), 1)
        self.assertIn(
            self.binding_b,
            self.env["oms.product.binding"].search(
                [("price_watch_flagged", "=", True)]
            ),
        )

    def test_accept_the_marketplace_price(self):
        self.binding_b.marketplace_price = 45.0
        self.binding_b._oms_watch_prices()
        self.binding_b.action_oms_price_accept_marketplace()
        self.assertEqual(self.pricelist._get_product_price(self.product_b, 1.0), 45.0)
        self.assertFalse(self.binding_b.price_watch_flagged)
        self.assertFalse(self.binding_b.activity_ids)
        self.assertFalse(self.binding_b._oms_watch_prices())

    def test_accept_needs_a_pricelist(self):
        self.channel.pricelist_id = False
        self.binding_b.marketplace_price = 45.0
        with self.assertRaisesRegex(UserError, "no pricelist"):
            self.binding_b.action_oms_price_accept_marketplace()

    def test_prices_agreeing_again_close_the_alert(self):
        self.binding_b.marketplace_price = 45.0
        self.binding_b._oms_watch_prices()
        self.binding_b.marketplace_price = 50.0
        self.binding_b._oms_watch_prices()
        self.assertFalse(self.binding_b.price_watch_flagged)
        self.assertFalse(self.binding_b.activity_ids)

    def test_push_is_refused_where_the_platform_has_no_price_push(self):
        self.binding_b.marketplace_price = 45.0
        self.binding_b._oms_watch_prices()
        with self.assertRaisesRegex(UserError, "not available"):
            self.binding_b.action_oms_price_push_odoo()
        self.assertTrue(self.binding_b.price_watch_flagged)
