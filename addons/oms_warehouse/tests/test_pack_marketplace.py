"""The pack station against the Lazada and Shopee sandboxes: real HTTP,
the platforms' own order of calls, their refusals as messages."""

import base64

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin
from odoo.addons.oms_shopee.tests.common import ShopeeSandboxMixin

from .common import WAREHOUSE, StationRpcMixin

STEPS = ("/order/fulfill/pack", "/order/package/rts", "/order/package/document/get")


class StationMixin:
    @classmethod
    def make_packer(cls):
        cls.packer = new_test_user(
            cls.env, login=f"packer_{cls.__name__}", groups=WAREHOUSE
        )
        cls.station = cls.env["oms.pack.station"].with_user(cls.packer)

    def scan_parcel(self, picking, code=None):
        state = self.station.oms_scan(code or picking.sale_id.oms_external_id)
        self.assertEqual(state["result"], "ok", state["message"])
        for move in picking.move_ids:
            for _unit in range(int(move.product_uom_qty)):
                state = self.station.oms_scan(move.product_id.default_code, picking.id)
                self.assertIn(state["result"], ("ok", "complete"), state["message"])
        self.assertEqual(state["result"], "complete")
        return state


@tagged("post_install", "-at_install")
class TestPackStationLazada(StationMixin, LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["FL-LZ-A", "FL-LZ-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=500)
        cls.products = cls.make_products(cls.skus, quantity=1000)
        cls.shop._oms_import_listings()
        cls.make_packer()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def one_parcel(self, seed, **options):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, seed=seed, **options)
        self.shop._oms_sync_orders()
        sale = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(order_id)),
            ]
        )
        return order_id, sale.picking_ids

    def test_pack_makes_pack_rts_and_awb_calls_in_order(self):
        order_id, picking = self.one_parcel(seed=61)
        self.scan_parcel(picking)
        start = len(self.sandbox.calls)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertTrue(picking.carrier_tracking_ref.startswith("SGLZ"))
        calls = [c.rsplit("/rest", 1)[-1] for c in self.sandbox.calls[start:]]
        steps = [c for c in calls if c in STEPS]
        self.assertEqual(
            steps,
            list(STEPS),
            calls,
        )
        self.assertEqual(
            {i["status"] for i in self.sandbox.orders[order_id]["items"]},
            {"ready_to_ship"},
        )
        pdf = base64.b64decode(picking.oms_label_id.datas)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(state["label_url"], f"/web/content/{picking.oms_label_id.id}")
        # scanning it again reprints, never packs twice
        again = self.station.oms_scan(picking.carrier_tracking_ref)
        self.assertEqual(again["result"], "packed")
        self.assertEqual(again["label_url"], state["label_url"])

    def pack_steps(self, picking):
        """Pack ``picking`` at the station; the marketplace steps it made."""
        start = len(self.sandbox.calls)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        calls = [c.rsplit("/rest", 1)[-1] for c in self.sandbox.calls[start:]]
        return [c for c in calls if c in STEPS]

    def test_instant_courier_gets_its_label_before_ready_to_ship(self):
        _order_id, picking = self.one_parcel(seed=65, shipping_provider_type="INSTANT")
        self.assertEqual(picking.sale_id.oms_delivery_type, "instant")
        picking.action_oms_pack()
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        self.scan_parcel(picking)
        # a rider booked at ready-to-ship: the label must be on the parcel first
        start = len(self.sandbox.calls)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        calls = [c.rsplit("/rest", 1)[-1] for c in self.sandbox.calls[start:]]
        steps = [c for c in calls if c in STEPS]
        self.assertEqual(
            steps, ["/order/package/document/get", "/order/package/rts"], calls
        )
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertTrue(picking.oms_label_id)

    def test_the_courier_kind_is_data_not_its_name(self):
        """A regular order whose carrier's name says "instant" keeps the
        regular order of calls; a shop's logistics channel marked instant
        by a person makes its parcels instant ones."""
        _order_id, picking = self.one_parcel(seed=66)
        self.assertEqual(picking.sale_id.oms_delivery_type, "standard")
        picking.action_oms_pack()
        picking.oms_shipment_provider = "LEX SG Instant"
        self.scan_parcel(picking)
        self.assertEqual(self.pack_steps(picking), list(STEPS[1:]))
        _order_id, other = self.one_parcel(seed=67)
        other.action_oms_pack()
        self.env["oms.logistics.channel"].create(
            {
                "channel_id": self.shop.id,
                "external_id": "LEX-RIDER",
                "name": other.oms_shipment_provider,
                "delivery_type": "instant",
            }
        )
        self.scan_parcel(other)
        self.assertEqual(self.pack_steps(other), list(reversed(STEPS[1:])))

    def test_cancelled_on_lazada_while_waiting_is_stopped_at_the_first_scan(self):
        order_id, picking = self.one_parcel(seed=62)
        product = picking.move_ids.product_id[:1]
        free_before = product.free_qty
        # the buyer cancels; no push has reached Odoo yet
        self.sandbox.set_order_status(order_id, "canceled", reason="Change of mind")
        state = self.station.oms_scan(str(order_id))
        self.assertEqual(state["result"], "stop")
        self.assertIn("Cancelled: do not ship", state["message"])
        self.assertEqual(picking.state, "cancel")
        self.assertGreater(product.free_qty, free_before)

    def test_lazada_refusal_is_a_message_and_nothing_is_validated(self):
        order_id, picking = self.one_parcel(seed=63)
        self.env["ir.config_parameter"].sudo().set_param(
            "oms_warehouse.check_marketplace_on_scan", "0"
        )
        self.sandbox.set_order_status(order_id, "canceled", reason="Change of mind")
        self.scan_parcel(picking)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "refused")
        self.assertIn("FO_ITEM_NOT_ALLOW_TO_PACK", state["message"])
        self.assertNotIn("Traceback", state["message"])
        self.assertEqual(picking.state, "assigned", "validation rolled back")
        self.assertFalse(picking.oms_fulfilment_state)

    def test_lazada_down_is_a_message(self):
        _order_id, picking = self.one_parcel(seed=64)
        self.scan_parcel(picking)
        self.sandbox.faults.outage(60)
        try:
            state = self.station.oms_pack(picking.id)
        finally:
            self.sandbox.faults.end_outage()
        self.assertEqual(state["result"], "refused")
        self.assertIn("Try again", state["message"])
        self.assertEqual(picking.state, "assigned")


@tagged("post_install", "-at_install")
class TestPackStationShopee(StationMixin, ShopeeSandboxMixin, TransactionCase):
    skus = ["FL-SP-A", "FL-SP-B"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.make_packer()

    def test_pack_ships_polls_tracking_and_gets_the_document(self):
        self.shop._oms_import_listings()
        (order_sn,) = self.sandbox.generate_orders(1, self.skus, cod_ratio=0, seed=71)
        self.shop._oms_sync_orders()
        picking = self.sales().picking_ids
        self.scan_parcel(picking, order_sn)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertTrue(picking.carrier_tracking_ref)
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "PROCESSED")
        self.assertTrue(
            base64.b64decode(picking.oms_label_id.datas).startswith(b"%PDF")
        )
        # the tracking number now finds the packed parcel
        self.assertEqual(
            self.station.oms_scan(picking.carrier_tracking_ref)["picking"]["id"],
            picking.id,
        )

    def test_instant_channel_order_of_calls(self):
        """An order on the shop's instant channel (as Shopee lists it) is an
        instant one; Shopee books its rider when the shipment is arranged
        and gives the document with the tracking number, so the calls keep
        Shopee's order: ship, tracking number, document."""
        self.shop._oms_import_listings()
        self.shop.action_sync_logistics_channels()
        instant = self.shop.logistics_channel_ids.filtered(
            lambda c: c.delivery_type == "instant"
        )
        self.assertEqual(instant.mapped("name"), ["SPX Instant"])
        (order_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, seed=72, channel_id=int(instant.external_id)
        )
        self.shop._oms_sync_orders()
        picking = (
            self.sales().filtered(lambda s: s.oms_external_id == order_sn).picking_ids
        )
        self.assertEqual(picking.sale_id.oms_logistics_channel_id, instant)
        self.assertTrue(picking.oms_channel_id._oms_is_instant_courier(picking))
        self.scan_parcel(picking, order_sn)
        start = len(self.sandbox.calls)
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        steps = [
            path
            for path in (c.rsplit("/api/v2", 1)[-1] for c in self.sandbox.calls[start:])
            if path
            in (
                "/logistics/ship_order",
                "/logistics/get_tracking_number",
                "/logistics/create_shipping_document",
            )
        ]
        self.assertEqual(
            list(dict.fromkeys(steps)),
            [
                "/logistics/ship_order",
                "/logistics/get_tracking_number",
                "/logistics/create_shipping_document",
            ],
        )
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertTrue(picking.oms_label_id)


@tagged("post_install", "-at_install")
class TestPackStationLazadaHttp(StationRpcMixin, LazadaSandboxMixin, HttpCase):
    """The screen's JSON-RPC calls over HTTP, the shop on the sandbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("FL-HT-A", price=12.0, quantity=500)
        cls.make_products(["FL-HT-A"], quantity=1000)
        cls.shop._oms_import_listings()
        new_test_user(cls.env, login="packer_http", groups=WAREHOUSE)
        cls.env.cr.precommit.clear()

    def test_scan_pack_and_label_over_http(self):
        self.sandbox.reset_orders()
        (order_id,) = self.sandbox.generate_orders(1, ["FL-HT-A"], seed=91, units=2)
        self.shop._oms_sync_orders()
        picking = self.env["stock.picking"].search(
            [("oms_channel_id", "=", self.shop.id)]
        )
        self.authenticate("packer_http", "packer_http")
        state = self.call("oms_scan", str(order_id), False)
        self.assertEqual(state["picking"]["id"], picking.id)
        for _unit in range(2):
            state = self.call("oms_scan", "FL-HT-A", picking.id)
        self.assertEqual(state["result"], "complete")
        state = self.call("oms_scan", "FL-HT-A", picking.id)
        self.assertIn("Over-scan", state["message"])
        state = self.call("oms_pack", picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        label = self.url_open(state["label_url"])
        self.assertEqual(label.headers["Content-Type"], "application/pdf")
        self.assertTrue(label.content.startswith(b"%PDF"))
