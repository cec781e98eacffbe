from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..tiktok_api import const
from .common import TikTokSandboxMixin

SKUS = ["UC-MUG", "UC-LAMP"]


@tagged("post_install", "-at_install")
class TestTikTokUncombine(TikTokSandboxMixin, HttpCase):
    """Two orders of one buyer combined in one package, uncombined from
    Odoo: each delivery takes its own package again and ships apart."""

    listed_skus = tuple(SKUS)

    def setUp(self):
        super().setUp()
        self.first_ref = self.sandbox.place_order([("UC-MUG", 1)])
        self.second_ref = self.sandbox.place_order(
            [("UC-LAMP", 1)], same_buyer_as=self.first_ref
        )
        self.pull()
        self.shop._tiktok_combine_shipments()
        self.first = self.delivery(self.first_ref)
        self.second = self.delivery(self.second_ref)
        self.combined = self.first.oms_package_ref

    def delivery(self, ref):
        return self.sales([ref]).picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )

    def package_of(self, ref):
        order = self.sandbox.shop.orders[ref]
        return self.sandbox.shop.order_packages(order)

    def test_uncombine_gives_each_delivery_its_package(self):
        self.assertEqual(self.second.oms_package_ref, self.combined)
        self.assertTrue(self.first.tiktok_package_combined)
        self.assertTrue(self.second.tiktok_package_combined)
        action = self.second.action_tiktok_uncombine()
        self.assertEqual(action["params"]["type"], "success", action["params"])
        # TikTok: the second order in a new package, the first keeps its own
        self.assertEqual(self.package_of(self.first_ref), [self.combined])
        (new_package,) = self.package_of(self.second_ref)
        self.assertNotEqual(new_package, self.combined)
        self.assertNotIn("order_ids", self.sandbox.shop.packages[self.combined])
        # Odoo's deliveries follow, by their line items
        self.assertEqual(self.first.oms_package_ref, self.combined)
        self.assertEqual(self.second.oms_package_ref, new_package)
        self.assertFalse(self.first.tiktok_package_combined)
        self.assertFalse(self.second.tiktok_package_combined)
        self.assertIn(new_package, self.second.message_ids[:1].body)
        # each ships on its own, with its own tracking number
        self.shop._oms_pack(self.second)
        self.assertEqual(self.second.oms_fulfilment_state, "packed")
        self.assertFalse(self.first.oms_fulfilment_state)
        self.assertEqual(
            self.sandbox.shop.orders[self.second_ref]["status"],
            const.AWAITING_COLLECTION,
        )
        self.assertEqual(
            self.sandbox.shop.orders[self.first_ref]["status"],
            const.AWAITING_SHIPMENT,
        )
        self.shop._oms_pack(self.first)
        self.assertNotEqual(
            self.first.carrier_tracking_ref, self.second.carrier_tracking_ref
        )

    def test_both_chosen_the_first_keeps_the_package(self):
        (self.first | self.second).action_tiktok_uncombine()
        self.assertEqual(self.first.oms_package_ref, self.combined)
        self.assertNotEqual(self.second.oms_package_ref, self.combined)
        self.assertEqual(
            self.package_of(self.second_ref), [self.second.oms_package_ref]
        )

    def test_shipped_package_is_not_uncombined(self):
        """Once arranged, the button is gone and the action says why."""
        self.shop._oms_pack(self.first)
        self.assertTrue(self.second.carrier_tracking_ref)
        self.assertFalse(self.first.tiktok_package_combined)
        with self.assertRaisesRegex(UserError, "only a combined package not yet"):
            self.second.action_tiktok_uncombine()
        self.assertEqual(
            self.sandbox.shop.packages[self.combined]["order_ids"],
            [self.first_ref, self.second_ref],
        )

    def test_shipped_in_seller_center_tiktok_refuses(self):
        """Shipped on TikTok meanwhile (Odoo not told yet): TikTok's refusal
        reaches the person as a message, the deliveries keep the package."""
        self.shop._oms_client().ship_package(
            self.combined, handover_method=const.HANDOVER_PICKUP
        )
        with self.assertRaisesRegex(UserError, r"TikTok Shop refused: .*21011029"):
            self.second.action_tiktok_uncombine()
        self.assertEqual(self.second.oms_package_ref, self.combined)

    def test_tiktok_down_is_a_message_to_try_again(self):
        self.addCleanup(self.sandbox.faults.reset)
        self.sandbox.faults.outage(600)
        with self.assertRaisesRegex(UserError, "Try again shortly"):
            self.second.action_tiktok_uncombine()
        self.sandbox.faults.reset()
        self.assertEqual(
            self.sandbox.shop.packages[self.combined]["order_ids"],
            [self.first_ref, self.second_ref],
        )
        self.assertEqual(self.second.oms_package_ref, self.combined)
