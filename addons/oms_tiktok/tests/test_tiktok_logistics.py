from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import TikTokSandboxMixin

SKU = "LG-BOX"


@tagged("post_install", "-at_install")
class TestTikTokLogistics(TikTokSandboxMixin, TransactionCase):
    """Seller-shipped packages (the seller's carrier and tracking number)
    and the buyer's change of address, over HTTP against the sandbox."""

    listed_skus = (SKU,)

    def imported(self, **kwargs):
        ref = self.sandbox.place_order([(SKU, 1)], **kwargs)
        self.pull()
        sale = self.sales([ref])
        return ref, sale, sale.picking_ids

    def package(self, picking):
        return self.sandbox.shop.packages[picking.oms_package_ref]

    def pull_again(self):
        self.shop.order_sync_cursor = False
        self.pull()

    def test_seller_shipped_package_goes_with_the_sellers_carrier(self):
        ref, _sale, picking = self.imported(shipping_type="SELLER")
        with self.assertRaisesRegex(UserError, "tracking number of your carrier"):
            self.shop._oms_pack(picking)
        picking.carrier_tracking_ref = "PL123456MY"
        picking.oms_shipment_provider = "FedEx"
        with self.assertRaisesRegex(UserError, "Pos Laju, J&T Express"):
            self.shop._oms_pack(picking)
        self.assertFalse(self.package(picking)["tracking_number"], "nothing sent")
        picking.oms_shipment_provider = "pos laju"
        self.shop._oms_pack(picking)
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        self.assertEqual(self.package(picking)["tracking_number"], "PL123456MY")
        order = self.sandbox.shop.orders[ref]
        self.assertEqual(order["shipping_provider"], "Pos Laju")
        self.assertEqual(order["status"], "AWAITING_COLLECTION")
        # a typo in the tracking number, corrected from Odoo
        picking.carrier_tracking_ref = "PL123457MY"
        picking.action_tiktok_update_tracking()
        self.assertEqual(self.package(picking)["tracking_number"], "PL123457MY")
        # TikTok prints no label for it: said, not a traceback
        with self.assertRaisesRegex(UserError, "only applicable to TikTok Shipping"):
            self.shop._oms_call_for_user("_oms_get_labels", picking)

    def test_tracking_of_a_tiktok_shipped_package_is_tiktoks(self):
        _ref, _sale, picking = self.imported()
        self.shop._oms_pack(picking)
        picking.oms_shipment_provider = "Pos Laju"
        with self.assertRaisesRegex(UserError, "ships this package itself"):
            picking.action_tiktok_update_tracking()

    def test_address_changed_before_packing_moves_the_delivery(self):
        ref, sale, picking = self.imported()
        old = sale.partner_shipping_id
        self.control_address(ref)
        self.pull_again()
        self.assertNotEqual(sale.partner_shipping_id, old)
        self.assertEqual(sale.partner_shipping_id.street, "8 Jalan Baru")
        self.assertEqual(sale.partner_shipping_id.zip, "50000")
        self.assertEqual(picking.partner_id, sale.partner_shipping_id)
        self.assertFalse(sale.oms_needs_attention)
        self.assertIn(
            "Delivery address changed", sale.message_ids[:3].mapped("body")[0]
        )

    def test_address_changed_after_packing_is_for_a_person(self):
        ref, sale, picking = self.imported()
        self.shop._oms_pack(picking)
        old = sale.partner_shipping_id
        self.control_address(ref)
        self.pull_again()
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("8 Jalan Baru", sale.oms_attention_reason)
        self.assertEqual(sale.partner_shipping_id, old, "the label has the old one")
        self.assertEqual(picking.partner_id, old)
        activities = len(sale.activity_ids)
        self.pull_again()  # the webhook and the poll: one to-do
        self.assertEqual(len(sale.activity_ids), activities)

    def control_address(self, ref):
        self.sandbox.update_address(ref, "8 Jalan Baru", postal_code="50000")
