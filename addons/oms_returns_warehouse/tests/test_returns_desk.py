from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.tours import TourCase
from odoo.addons.oms_returns.tests.common import ReturnsCase
from odoo.addons.oms_warehouse.tests.common import FloorCase, StationRpcMixin


class DeskCase(ReturnsCase, FloorCase):
    """A shipped order whose approved return (tracking RTN-DESK) is on its
    way back, and the warehouse user of the pack station."""

    def setUp(self):
        super().setUp()
        self.sale = self.ship_order()
        self.delivery = self.sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.delivery.carrier_tracking_ref = "AWB-DESK"
        self.import_returns(
            self.make_return(
                state=normalized.RETURN_APPROVED, tracking_number="RTN-DESK"
            )
        )
        self.ret = self.find_return()
        self.assertEqual(self.ret.receipt_state, "expected")


@tagged("post_install", "-at_install")
class TestReturnsDesk(DeskCase):
    def assert_opens_return(self, code):
        state = self.station.oms_scan(code)
        self.assertEqual(state["result"], "open", state["message"])
        self.assertIn(self.ret.name, state["message"])
        action = state["action"]
        self.assertEqual(action["res_model"], "oms.return")
        self.assertEqual(action["res_id"], self.ret.id)
        self.assertEqual(action["views"], [(False, "form")])
        return state

    def test_return_codes_open_the_return(self):
        for code in ("RTN-DESK", "ORD-1", self.sale.name, "AWB-DESK"):
            with self.subTest(code=code):
                state = self.assert_opens_return(code)
                self.assertIn("receive it", state["message"])
        self.ret.with_user(self.packer).action_receive()
        state = self.assert_opens_return("AWB-DESK")
        self.assertIn("inspect it", state["message"], "received: inspect next")
        self.ret.line_ids.inspection = "restock"
        self.ret.with_user(self.packer).action_inspect()
        # inspected: nothing left for the desk, the shipped parcel again
        state = self.station.oms_scan("AWB-DESK")
        self.assertEqual(state["result"], "packed")
        self.assertEqual(state["picking"]["id"], self.delivery.id)
        state = self.station.oms_scan("RTN-DESK")
        self.assertEqual(state["result"], "refused")
        self.assertFalse(state["action"])

    def test_a_parcel_to_pack_keeps_priority(self):
        self.import_orders(self.make_order("ORD-2"))
        picking = self.find_sale("ORD-2").picking_ids
        self.assertEqual(picking.state, "assigned")
        # the order number of a parcel to pack opens it, returns or not
        state = self.station.oms_scan("ORD-2")
        self.assertEqual(state["result"], "ok")
        self.assertEqual(state["picking"]["id"], picking.id)
        # with a parcel open, a return code is no item of it
        state = self.station.oms_scan("RTN-DESK", picking.id)
        self.assertEqual(state["result"], "refused")
        self.assertFalse(state["action"])

    def test_several_returns_open_their_list(self):
        self.ret.line_ids.quantity = 1
        self.import_returns(
            self.make_return(
                "RET-2",
                state=normalized.RETURN_APPROVED,
                lines=[
                    normalized.ReturnLine(
                        external_id="RET-2-1",
                        order_line_external_id="ORD-1-2",
                        sku="SKU-B",
                        quantity=1,
                        refund_amount=20.0,
                    )
                ],
            )
        )
        second = self.find_return("RET-2")
        self.assertEqual(second.receipt_state, "expected")
        state = self.station.oms_scan("ORD-1")
        self.assertEqual(state["result"], "open")
        self.assertEqual(
            state["action"]["domain"], [("id", "in", [second.id, self.ret.id])]
        )


@tagged("post_install", "-at_install")
class TestReturnsDeskTour(StationRpcMixin, TourCase, DeskCase):
    """The returns desk in a real headless Chromium: the warehouse user
    scans the returned parcel at the pack station, receives it, and
    inspects it with a note."""

    def test_returns_desk_tour(self):
        self.start_tour(
            "/odoo/action-oms_warehouse.action_oms_pack_station",
            "oms_returns_desk",
            login="floor_packer",
        )
        self.assertEqual(self.ret.picking_ids.state, "done")
        self.assertEqual(self.ret.state, "inspected")
        self.assertEqual(self.ret.receipt_state, "inspected")
        self.assertEqual(self.ret.line_ids.inspection, "restock")
        self.assertEqual(self.ret.line_ids.inspection_note, "Box dented, item fine")
        self.assertEqual(self.quantity(self.product_a, self.returns_location), 0)

    def test_scan_over_json_rpc_answers_the_return_action(self):
        self.authenticate("floor_packer", "floor_packer")
        state = self.call("oms_scan", "RTN-DESK", False)
        self.assertEqual(state["result"], "open")
        self.assertEqual(state["action"]["res_model"], "oms.return")
        self.assertEqual(state["action"]["res_id"], self.ret.id)
        self.assertFalse(state["picking"])
