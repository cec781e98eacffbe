from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..tiktok_api import const
from .common import TikTokSandboxMixin

SKUS = ["PK-MUG", "PK-LAMP"]


@tagged("post_install", "-at_install")
class TestTikTokPackages(TikTokSandboxMixin, HttpCase):
    """An order shipped in two packages: split from Odoo (one package per
    delivery) or on TikTok (the package update webhook), each delivery with
    its own package, shipment and label."""

    listed_skus = tuple(SKUS)

    def setUp(self):
        super().setUp()
        self.ref = self.sandbox.place_order([("PK-MUG", 1), ("PK-LAMP", 1)])
        self.pull()
        self.sale = self.sales([self.ref])
        self.order = self.sandbox.shop.orders[self.ref]

    def deliveries(self):
        return self.sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        ).sorted("id")

    def split_in_odoo(self):
        """Two deliveries, one per SKU, as routing makes them."""
        picking = self.deliveries()
        lamp = picking.move_ids.filtered(
            lambda m: m.product_id.default_code == "PK-LAMP"
        )
        self.env["oms.order.importer"]._split_package_picking(picking, lamp)
        return self.deliveries()

    def package_of(self, sku):
        return next(
            line["package_id"]
            for line in self.order["lines"]
            if line["seller_sku"] == sku
        )

    def test_split_from_odoo_one_package_per_delivery(self):
        self.assertTrue(self.shop.support_order_split)
        old_package = self.package_of("PK-MUG")
        mug, lamp = self.split_in_odoo()
        self.shop._oms_call_for_user("_oms_split_order", self.sale, mug | lamp)
        self.assertNotEqual(self.package_of("PK-MUG"), self.package_of("PK-LAMP"))
        self.assertNotIn(old_package, self.sandbox.shop.packages)
        self.assertEqual(mug.oms_package_ref, self.package_of("PK-MUG"))
        self.assertEqual(lamp.oms_package_ref, self.package_of("PK-LAMP"))
        # pulled again: still two deliveries, each with its package
        self.shop.order_sync_cursor = False
        self.pull()
        self.assertEqual(self.deliveries(), mug | lamp)
        self.assertEqual(mug.oms_package_ref, self.package_of("PK-MUG"))
        # each package ships on its own: TikTok says partly shipped between
        self.shop._oms_pack(mug)
        self.assertEqual(self.order["status"], const.PARTIALLY_SHIPPING)
        self.shop._oms_pack(lamp)
        self.assertEqual(self.order["status"], const.AWAITING_COLLECTION)
        self.assertTrue(mug.carrier_tracking_ref and lamp.carrier_tracking_ref)
        self.assertNotEqual(mug.carrier_tracking_ref, lamp.carrier_tracking_ref)
        labels = self.shop._oms_get_labels(mug | lamp)
        self.assertEqual(set(labels), {mug, lamp})
        self.assertTrue(all(pdf.startswith(b"%PDF") for pdf in labels.values()))

    def test_split_refused_by_tiktok_is_a_warning(self):
        """The buyer asked to cancel: TikTok splits nothing meanwhile."""
        self.sandbox.buyer_cancel(self.ref)
        mug, lamp = self.split_in_odoo()
        with self.assertRaisesRegex(UserError, "split order not allowed"):
            self.shop._oms_call_for_user("_oms_split_order", self.sale, mug | lamp)
        self.assertEqual(len(self.sandbox.shop.order_packages(self.order)), 1)

    def test_split_on_tiktok_splits_the_delivery(self):
        """Split in Seller Center: the package update webhook says so, the
        order is read again and its delivery becomes two."""
        self.sandbox.configure_push(
            f"{self.base_url()}/oms/webhook/tiktok/{self.shop.id}"
        )
        self.env.flush_all()
        lines = {line["seller_sku"]: [line["id"]] for line in self.order["lines"]}
        # Seller Center calls the same API
        self.shop._oms_client().split_order(self.ref, lines)
        self.sandbox.flush_pushes()
        self.run_jobs()
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("external_ref", "=", self.ref)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(event.kind, "order")
        self.assertIn('"sc_type": "SPLIT"', event.payload)
        mug, lamp = self.deliveries()
        self.assertEqual(
            {mug.oms_package_ref, lamp.oms_package_ref},
            {self.package_of("PK-MUG"), self.package_of("PK-LAMP")},
        )
        self.assertEqual(len(mug.move_ids), 1)
        self.assertEqual(len(lamp.move_ids), 1)

    def test_combined_orders_ship_in_one_package(self):
        """Two orders of one buyer to one address: TikTok proposes one
        package; combined from Odoo, both deliveries take it and ship once."""
        second_ref = self.sandbox.place_order([("PK-LAMP", 1)], same_buyer_as=self.ref)
        self.pull()
        second = self.sales([second_ref])
        action = self.shop.action_tiktok_combine_shipments()
        self.assertIn("1 package(s) combined", action["params"]["message"])
        package_id = self.package_of("PK-MUG")
        self.assertEqual(
            self.sandbox.shop.packages[package_id]["order_ids"], [self.ref, second_ref]
        )
        first_delivery = self.deliveries()
        second_delivery = second.picking_ids
        self.assertEqual(first_delivery.oms_package_ref, package_id)
        self.assertEqual(second_delivery.oms_package_ref, package_id)
        ships = self.sandbox.call_count(
            f"/fulfillment/202309/packages/{package_id}/ship"
        )
        self.shop._oms_pack(first_delivery | second_delivery)
        self.assertEqual(
            self.sandbox.call_count(f"/fulfillment/202309/packages/{package_id}/ship"),
            ships + 1,
            "one package, one shipment",
        )
        self.assertEqual(
            first_delivery.carrier_tracking_ref, second_delivery.carrier_tracking_ref
        )
        self.assertEqual(second_delivery.oms_fulfilment_state, "packed")
        for ref in (self.ref, second_ref):
            self.assertEqual(
                self.sandbox.shop.orders[ref]["status"], const.AWAITING_COLLECTION
            )
        self.assertEqual(self.shop._tiktok_combine_shipments(), "Nothing to combine.")

    def test_packing_one_delivery_of_a_combined_package_packs_the_other(self):
        second_ref = self.sandbox.place_order([("PK-LAMP", 1)], same_buyer_as=self.ref)
        self.pull()
        self.shop._tiktok_combine_shipments()
        second = self.sales([second_ref])
        self.shop._oms_pack(self.deliveries())
        self.assertEqual(second.picking_ids.oms_fulfilment_state, "packed")
        self.assertEqual(
            second.picking_ids.carrier_tracking_ref,
            self.deliveries().carrier_tracking_ref,
        )
