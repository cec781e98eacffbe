from odoo.tests import Form, tagged

from .common import FloorCase

A, B = "FLR-A-0001", "FLR-B-0002"


@tagged("post_install", "-at_install")
class TestHandover(FloorCase):
    def packed_parcel(self, external_id, carrier="LEX TH"):
        picking = self.order_picking(external_id)
        picking.write(
            {
                "carrier_tracking_ref": f"TRK-{external_id}",
                "oms_shipment_provider": carrier,
            }
        )
        self.scan(external_id)
        self.scan_all(picking, [A, A, B])
        self.assertEqual(self.station.oms_pack(picking.id)["result"], "packed")
        return picking

    def test_scan_flag_missing_and_hand_over(self):
        first, second, third = (self.packed_parcel(f"HO-{i}") for i in range(3))
        other_carrier = self.packed_parcel("HO-X", carrier="Flash")
        not_packed = self.order_picking("HO-NP")
        not_packed.write(
            {"carrier_tracking_ref": "TRK-HO-NP", "oms_shipment_provider": "LEX TH"}
        )
        Handover = self.env["oms.handover"].with_user(self.packer)
        form = Form(Handover)
        form.carrier = "LEX TH"
        handover = form.save()
        self.assertEqual(handover.line_ids.picking_id, first | second | third)
        self.assertEqual(handover.expected_count, 3)
        with Form(handover) as form:
            form.scan_code = "TRK-HO-0"
            self.assertIn("OK", form.scan_message)
            form.scan_code = "TRK-HO-2"
        self.assertEqual(handover.scanned_count, 2)
        self.assertEqual(handover.missing_count, 1)
        refused = {
            "TRK-HO-0": "already scanned",
            "TRK-HO-X": "goes with Flash",
            "TRK-HO-NP": "not packed",
            "NOPE": "no parcel",
        }
        for code, reason in refused.items():
            result = handover.action_scan(code)
            self.assertFalse(result["ok"], code)
            self.assertIn(reason, result["message"])
        handover.action_handover()
        self.assertEqual(handover.state, "done")
        self.assertEqual((first | third).oms_handover_id, handover)
        self.assertFalse(second.oms_handover_id, "not scanned: not handed over")
        self.assertFalse(other_carrier.oms_handover_id)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.packer)
            ._render_qweb_html(
                "oms_warehouse.report_oms_handover_manifest", handover.ids
            )[0]
            .decode()
        )
        self.assertIn("TRK-HO-0", html)
        self.assertIn("TRK-HO-2", html)
        self.assertIn('o_oms_manifest_count">2<', html)
        missing = html.split("Expected, not scanned")[1]
        self.assertIn("TRK-HO-1", missing)
        # a parcel handed over is not expected on the next list
        later = Handover.create({"carrier": "LEX TH"})
        self.assertEqual(later.line_ids.picking_id, second)

    def test_unexpected_parcel_of_the_carrier_is_added(self):
        handover = (
            self.env["oms.handover"]
            .with_user(self.packer)
            .create({"carrier": "LEX TH"})
        )
        parcel = self.packed_parcel("HO-LATE")
        result = handover.action_scan("TRK-HO-LATE")
        self.assertTrue(result["ok"], result["message"])
        line = handover.line_ids.filtered(lambda line: line.picking_id == parcel)
        self.assertTrue(line.scanned)
        self.assertFalse(line.expected)
