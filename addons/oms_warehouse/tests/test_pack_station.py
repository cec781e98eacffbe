import base64
import io

from PyPDF2 import PdfReader

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base import normalized

from .common import FloorCase, StationRpcMixin

A, B, C = "FLR-A-0001", "FLR-B-0002", "FLR-C-0003"


@tagged("post_install", "-at_install")
class TestPackStation(FloorCase):
    def test_order_number_opens_the_parcel_with_expected_quantities(self):
        picking = self.order_picking("PS-1")
        state = self.scan("PS-1")
        self.assertEqual(state["result"], "ok")
        self.assertEqual(state["picking"]["id"], picking.id)
        self.assertEqual(
            self.quantities(state),
            {"[SKU-A] Widget A": (2.0, 0.0), "[SKU-B] Widget B": (1.0, 0.0)},
        )
        self.assertTrue(state["lines"][0]["image_url"].startswith("/web/image/"))

    def test_one_row_per_product_when_the_order_has_one_item_per_unit(self):
        # Lazada sends one order item per unit: three items of one product.
        units = [
            normalized.OrderLine(
                external_id=f"PS-U-{n}",
                sku="SKU-A",
                external_sku_id="1001",
                name="Widget A",
                quantity=1,
                unit_price=10.0,
            )
            for n in range(3)
        ]
        picking = self.order_picking("PS-U", lines=units)
        self.assertEqual(len(picking.move_ids), 3)
        state = self.scan("PS-U")
        self.assertEqual(len(state["lines"]), 1)
        self.assertEqual(self.quantities(state), {"[SKU-A] Widget A": (3.0, 0.0)})
        self.assertEqual(self.scan(A, picking)["result"], "ok")
        state = self.scan(A, picking)
        self.assertEqual(self.quantities(state), {"[SKU-A] Widget A": (3.0, 2.0)})
        self.assertEqual(self.scan(A, picking)["result"], "complete")

    def test_tracking_number_and_picking_name_find_the_parcel(self):
        picking = self.order_picking("PS-2")
        picking.carrier_tracking_ref = "TRK-PS-2"
        for code in ("TRK-PS-2", picking.name, picking.sale_id.name):
            self.assertEqual(self.scan(code)["picking"]["id"], picking.id, code)
        state = self.scan("NOTHING-HERE")
        self.assertEqual(state["result"], "refused")
        self.assertFalse(state["picking"])

    def test_wrong_item_is_refused_and_not_counted(self):
        picking = self.order_picking("PS-3")
        self.scan("PS-3")
        state = self.scan(C, picking)
        self.assertEqual(state["result"], "refused")
        self.assertEqual(state["sound"], "error")
        self.assertIn("Wrong item", state["message"])
        self.assertIn("Widget C", state["message"])
        state = self.scan("0000-UNKNOWN", picking)
        self.assertEqual(state["result"], "refused")
        self.assertIn("Unknown barcode", state["message"])
        self.assertFalse(picking.oms_scan_ids)

    def test_over_scan_is_refused(self):
        picking = self.order_picking("PS-4")
        self.scan("PS-4")
        self.scan_all(picking, [B])
        state = self.scan(B, picking)
        self.assertEqual(state["result"], "refused")
        self.assertIn("Over-scan", state["message"])
        self.assertEqual(self.quantities(state)["[SKU-B] Widget B"], (1.0, 1.0))

    def test_complete_parcel_packs_and_gives_an_a6_label(self):
        picking = self.order_picking("PS-5")
        picking.carrier_tracking_ref = "TRK-PS-5"
        self.scan("TRK-PS-5")
        state = self.scan_all(picking, [A, "SKU-A", B])
        self.assertEqual(state["result"], "complete")
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "packed", state["message"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.oms_packed_by_id, self.packer)
        self.assertEqual(
            {m.product_id: m.quantity for m in picking.move_ids},
            {self.product_a: 2.0, self.product_b: 1.0},
        )
        self.assertEqual(state["label_url"], f"/web/content/{picking.oms_label_id.id}")
        reader = PdfReader(io.BytesIO(base64.b64decode(picking.oms_label_id.datas)))
        box = reader.pages[0].mediabox
        # A6 thermal label: 100 x 150 mm
        self.assertAlmostEqual(float(box.width) / 72 * 25.4, 100, places=0)
        self.assertAlmostEqual(float(box.height) / 72 * 25.4, 150, places=0)
        # stock left the warehouse
        self.assertEqual(
            self.product_a.with_context(warehouse_id=self.warehouse.id).qty_available,
            48,
        )

    def test_pack_refused_until_everything_is_scanned(self):
        picking = self.order_picking("PS-6")
        self.scan("PS-6")
        self.scan_all(picking, [A])
        state = self.station.oms_pack(picking.id)
        self.assertEqual(state["result"], "refused")
        self.assertIn("1 x [SKU-A] Widget A", state["message"])
        self.assertIn("1 x [SKU-B] Widget B", state["message"])
        self.assertEqual(picking.state, "assigned")

    def test_reset_forgets_the_scans(self):
        picking = self.order_picking("PS-7")
        self.scan("PS-7")
        self.scan_all(picking, [A, A])
        state = self.station.oms_reset(picking.id)
        self.assertEqual(self.quantities(state)["[SKU-A] Widget A"], (2.0, 0.0))

    def test_cancelled_order_is_stopped_and_its_units_go_back(self):
        picking = self.order_picking("PS-8")
        free_before = self.product_a.free_qty
        self.import_orders(
            self.make_order("PS-8", status=normalized.CANCELLED, minutes=5)
        )
        state = self.scan("PS-8")
        self.assertEqual(state["result"], "stop")
        self.assertEqual(state["stop"], "cancelled")
        self.assertIn("Cancelled: do not ship", state["message"])
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(self.product_a.free_qty, free_before + 2)

    def test_order_cancelled_after_the_first_scan_is_stopped_at_the_next(self):
        picking = self.order_picking("PS-9")
        self.scan("PS-9")
        self.scan_all(picking, [A])
        # a person cancels the sale order while the parcel is on the bench
        picking.sale_id.with_context(disable_cancel_warning=True)._action_cancel()
        state = self.scan(A, picking)
        self.assertEqual(state["result"], "stop")
        self.assertEqual(self.station.oms_pack(picking.id)["result"], "stop")
        self.assertEqual(picking.state, "cancel")

    def test_order_on_hold_is_stopped_and_keeps_its_reservation(self):
        picking = self.order_picking("PS-10")
        picking.sale_id.oms_hold_reason = "Risk check: new buyer, COD"
        state = self.scan("PS-10")
        self.assertEqual(state["result"], "stop")
        self.assertEqual(state["stop"], "hold")
        self.assertIn("On hold: do not ship", state["message"])
        self.assertIn("Risk check", state["message"])
        self.assertEqual(picking.state, "assigned")
        picking.sale_id.oms_hold_reason = False
        self.assertEqual(self.scan("PS-10")["result"], "ok")

    def test_platform_hold_status_stops_the_parcel(self):
        picking = self.order_picking("PS-11", platform_status="IN_CANCEL")
        state = self.scan(picking.name)
        self.assertEqual(state["stop"], "hold")
        self.assertIn("buyer asked to cancel", state["message"])

    def test_serials_are_scanned_one_by_one(self):
        product = self.env["product.product"].create(
            {
                "name": "Phone",
                "default_code": "SKU-SN",
                "barcode": "FLR-SN-0009",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        lots = self.env["stock.lot"].create(
            [{"name": f"SN-{i}", "product_id": product.id} for i in range(3)]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock_location, 1, lot_id=lot
            )
        self.env["oms.product.binding"].create(
            {
                "channel_id": self.channel.id,
                "product_id": product.id,
                "seller_sku": "SKU-SN",
                "external_id": "1009",
            }
        )
        line = normalized.OrderLine(
            external_id="PS-12-1", sku="SKU-SN", external_sku_id="1009", quantity=2
        )
        picking = self.order_picking("PS-12", lines=[line])
        self.scan("PS-12")
        state = self.scan("FLR-SN-0009", picking)
        self.assertEqual(state["result"], "refused")
        self.assertIn("lot/serial", state["message"])
        self.scan_all(picking, ["SN-2"])
        state = self.scan("SN-2", picking)
        self.assertEqual(state["result"], "refused")
        self.assertIn("already scanned", state["message"])
        state = self.scan_all(picking, ["SN-0"])
        self.assertEqual(state["result"], "complete")
        self.assertEqual(state["lines"][0]["lots"], ["SN-2", "SN-0"])
        self.assertEqual(self.station.oms_pack(picking.id)["result"], "packed")
        self.assertEqual(
            set(picking.move_line_ids.lot_id.mapped("name")), {"SN-0", "SN-2"}
        )

    def test_packing_photo_is_attached(self):
        picking = self.order_picking("PS-13")
        photo = base64.b64encode(b"\xff\xd8\xff\xe0 a jpeg").decode()
        result = self.station.oms_attach_photo(picking.id, photo, "image/jpeg")
        self.assertEqual(picking.oms_pack_photo_id.id, result["attachment_id"])
        self.assertEqual(picking.oms_pack_photo_id.res_id, picking.id)


@tagged("post_install", "-at_install")
class TestPackStationHttp(StationRpcMixin, HttpCase, FloorCase):
    """The screen's JSON-RPC calls, as the browser sends them."""

    def test_scan_and_pack_over_http(self):
        picking = self.order_picking("HTTP-1")
        self.authenticate("floor_packer", "floor_packer")
        state = self.call("oms_scan", "HTTP-1", False)
        self.assertEqual(state["picking"]["name"], picking.name)
        state = self.call("oms_scan", C, picking.id)
        self.assertEqual(state["result"], "refused")
        for code in (A, A, B):
            state = self.call("oms_scan", code, picking.id)
        self.assertEqual(state["result"], "complete")
        state = self.call("oms_pack", picking.id)
        self.assertEqual(state["result"], "packed")
        label = self.url_open(state["label_url"])
        self.assertEqual(label.headers["Content-Type"], "application/pdf")
        self.assertTrue(label.content.startswith(b"%PDF"))
