import base64
import io

from PyPDF2 import PdfReader

from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.tours import TourCase

from .common import FloorCase

A, B = "FLR-A-0001", "FLR-B-0002"


@tagged("post_install", "-at_install")
class TestFloorTours(TourCase, FloorCase):
    """The pack station and the handover in a real headless Chromium, as
    the warehouse user, keyboard only."""

    def test_pack_station_tour(self):
        good = self.order_picking("TOUR-OK")
        cancelled = self.order_picking("TOUR-CXL")
        self.import_orders(
            self.make_order("TOUR-CXL", status=normalized.CANCELLED, minutes=5)
        )
        self.assertEqual(cancelled.state, "cancel")
        self.start_tour(
            "/odoo/action-oms_warehouse.action_oms_pack_station",
            "oms_pack_station",
            login="floor_packer",
        )
        self.assertEqual(good.state, "done")
        self.assertEqual(good.oms_packed_by_id, self.packer)
        self.assertEqual(len(good.oms_scan_ids), 3, "the refused scans are not counted")
        reader = PdfReader(io.BytesIO(base64.b64decode(good.oms_label_id.datas)))
        width = float(reader.pages[0].mediabox.width) / 72 * 25.4
        self.assertAlmostEqual(width, 100, places=0)

    def test_handover_tour(self):
        parcels = self.env["stock.picking"]
        for code, carrier in (
            ("HT-1", "LEX TH"),
            ("HT-2", "LEX TH"),
            ("HT-FLASH", "Flash"),
        ):
            picking = self.order_picking(code)
            picking.write(
                {
                    "carrier_tracking_ref": f"TRK-{code}",
                    "oms_shipment_provider": carrier,
                }
            )
            self.scan(code)
            self.scan_all(picking, [A, A, B])
            self.assertEqual(self.station.oms_pack(picking.id)["result"], "packed")
            parcels |= picking
        self.start_tour(
            "/odoo/action-oms_warehouse.action_oms_handover",
            "oms_handover",
            login="floor_packer",
        )
        handover = self.env["oms.handover"].search([("carrier", "=", "LEX TH")])
        self.assertEqual(handover.state, "done")
        self.assertEqual(parcels[0].oms_handover_id, handover)
        self.assertFalse(parcels[1].oms_handover_id)
        self.assertFalse(parcels[2].oms_handover_id)
        self.assertEqual(handover.missing_count, 1)
