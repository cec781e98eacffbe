from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnStock(ReturnsCase):
    def _two_line_return(self, state=normalized.RETURN_APPROVED):
        return self.make_return(
            state=state,
            tracking_number="RTN-777",
            lines=[
                normalized.ReturnLine(
                    external_id="L1",
                    order_line_external_id="ORD-1-1",
                    sku="SKU-A",
                    quantity=2,
                    refund_amount=20.0,
                ),
                normalized.ReturnLine(
                    external_id="L2",
                    order_line_external_id="ORD-1-2",
                    sku="SKU-B",
                    quantity=1,
                    refund_amount=20.0,
                ),
            ],
        )

    def test_approved_return_gets_a_return_picking_from_the_delivery(self):
        sale = self.ship_order()
        self.import_returns(self.make_return())
        ret = self.find_return()
        self.assertFalse(ret.picking_ids, "nothing comes back before approval")
        self.import_returns(self.make_return(state=normalized.RETURN_APPROVED, hours=2))
        picking = ret.picking_ids
        self.assertEqual(len(picking), 1)
        delivery = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertEqual(picking.return_id, delivery, "Odoo's return of the delivery")
        self.assertEqual(picking.location_dest_id, self.returns_location)
        self.assertEqual(picking.move_ids.product_uom_qty, 1)
        self.assertEqual(picking.move_ids.origin_returned_move_id.picking_id, delivery)
        self.assertEqual(ret.receipt_state, "expected")
        # messages again make no second picking
        self.import_returns(
            self.make_return(state=normalized.RETURN_BUYER_SHIPPED, hours=3)
        )
        self.assertEqual(len(ret.picking_ids), 1)
        self.assertEqual(ret.state, "buyer_shipped")

    def test_receive_by_scan_and_inspect_each_line(self):
        sale = self.ship_order()
        self.import_returns(self._two_line_return())
        ret = self.find_return()
        stock_a = self.quantity(self.product_a, self.stock_location)
        stock_b = self.quantity(self.product_b, self.stock_location)
        # by the return tracking number, the order number or the AWB
        Return = self.env["oms.return"]
        self.assertEqual(Return._oms_find_by_code("RTN-777"), ret)
        self.assertEqual(Return._oms_find_by_code(sale.name), ret)
        self.assertEqual(Return._oms_find_by_code("ORD-1"), ret)
        delivery = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        delivery.carrier_tracking_ref = "AWB-123"
        self.assertEqual(Return._oms_find_by_code("AWB-123"), ret)
        self.assertFalse(Return._oms_find_by_code("NOTHING"))
        line_a, line_b = ret.line_ids
        line_b.inspection = "missing"
        wizard = self.env["oms.return.receive"].create({"code": "RTN-777"})
        wizard.action_receive()
        self.assertEqual(ret.picking_ids.state, "done")
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.receipt_state, "received")
        self.assertEqual(line_a.received_qty, 2)
        self.assertEqual(line_b.received_qty, 0, "missing: nothing came back")
        self.assertEqual(self.quantity(self.product_a, self.returns_location), 2)
        self.assertEqual(
            self.quantity(self.product_a, self.stock_location),
            stock_a,
            "not sellable before inspection",
        )
        with self.assertRaises(UserError):
            ret.action_inspect()  # line A undecided
        line_a.inspection = "restock"
        self.env.cr.precommit.clear()
        ret.action_inspect()
        self.assertEqual(ret.state, "inspected")
        self.assertEqual(ret.receipt_state, "inspected")
        self.assertEqual(
            self.quantity(self.product_a, self.stock_location), stock_a + 2
        )
        self.assertEqual(self.quantity(self.product_b, self.stock_location), stock_b)
        self.assertEqual(self.quantity(self.product_a, self.returns_location), 0)
        # the restocked units are published again at the next stock push
        self.env.cr.precommit.run()
        change = self.env["oms.stock.change"].search(
            [
                ("channel_id", "=", self.channel.id),
                ("product_id", "=", self.product_a.id),
            ]
        )
        self.assertTrue(change, "a stock change recorded for the shop's push")

    def test_damaged_units_are_scrapped(self):
        self.ship_order()
        self.import_returns(self.make_return(state=normalized.RETURN_APPROVED))
        ret = self.find_return()
        ret.action_receive()
        ret.line_ids.inspection = "damaged"
        stock = self.quantity(self.product_a, self.stock_location)
        ret.action_inspect()
        self.assertEqual(len(ret.scrap_ids), 1)
        self.assertEqual(ret.scrap_ids.state, "done")
        self.assertEqual(ret.scrap_ids.scrap_qty, 1)
        self.assertEqual(ret.scrap_ids.location_id, self.returns_location)
        self.assertEqual(self.quantity(self.product_a, self.stock_location), stock)
        self.assertEqual(self.quantity(self.product_a, self.returns_location), 0)

    def test_lots_come_back_as_they_left(self):
        product = self.env["product.product"].create(
            {
                "name": "Serial phone",
                "default_code": "SKU-SN",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        lots = self.env["stock.lot"].create(
            [{"name": f"SN-{i}", "product_id": product.id} for i in (1, 2)]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock_location, 1, lot_id=lot
            )
        line = normalized.OrderLine(
            external_id="SN-ORD-1", sku="SKU-SN", quantity=2, unit_price=100
        )
        sale = self.ship_order("SN-ORD", lines=[line])
        shipped_lots = sale.picking_ids.move_line_ids.lot_id
        self.assertEqual(len(shipped_lots), 2)
        self.import_returns(
            self.make_return(
                order="SN-ORD",
                state=normalized.RETURN_APPROVED,
                lines=[
                    normalized.ReturnLine(
                        external_id="SN-L",
                        order_line_external_id="SN-ORD-1",
                        sku="SKU-SN",
                        quantity=1,
                    )
                ],
            )
        )
        ret = self.find_return()
        ret.action_receive()
        returned_lot = ret.line_ids.lot_ids
        self.assertEqual(len(returned_lot), 1)
        self.assertIn(returned_lot, shipped_lots)
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", product.id),
                ("location_id", "=", self.stock_location.id),
                ("quantity", ">", 0),
            ]
        )
        self.assertEqual(quant.lot_id, returned_lot)

    def test_returned_to_sender_is_a_failed_delivery(self):
        sale = self.ship_order()
        delivery = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertTrue(delivery.oms_can_return_to_sender)
        action = delivery.action_oms_returned_to_sender()
        ret = self.env["oms.return"].browse(action["res_id"])
        self.assertEqual(ret.kind, "failed_delivery")
        self.assertEqual(ret.sale_order_id, sale)
        self.assertEqual(
            sorted(ret.line_ids.mapped("quantity")), [1.0, 2.0], "what the parcel held"
        )
        self.assertEqual(ret.picking_ids.location_dest_id, self.returns_location)
        # pressing again, or the platform saying it, finds the same return
        delivery.action_oms_returned_to_sender()
        self.env["oms.return.importer"]._after_orders_imported(
            self.channel,
            [
                self.make_order(
                    status=normalized.SHIPPED,
                    failed_delivery_line_ids=["ORD-1-1", "ORD-1-2"],
                    minutes=9,
                )
            ],
        )
        self.assertEqual(
            self.env["oms.return"].search_count([("sale_order_id", "=", sale.id)]), 1
        )
        ret.action_receive()
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.assertEqual(ret.state, "inspected")

    def test_platform_failed_delivery_opens_a_return(self):
        self.ship_order()
        self.import_orders(
            self.make_order(
                status=normalized.SHIPPED,
                failed_delivery_line_ids=["ORD-1-1"],
                minutes=10,
            )
        )
        ret = self.env["oms.return"].search(
            [("kind", "=", "failed_delivery"), ("channel_id", "=", self.channel.id)]
        )
        self.assertEqual(len(ret), 1)
        self.assertEqual(ret.line_ids.product_id, self.product_a)
        self.assertEqual(ret.line_ids.quantity, 2)
        self.assertEqual(ret.receipt_state, "expected")

    def test_damaged_units_go_to_quarantine_where_the_warehouse_says(self):
        self.ship_order()
        self.import_returns(self._two_line_return())
        ret = self.find_return()
        ret.action_receive()
        self.warehouse.oms_damaged_action = "quarantine"
        line_a, line_b = ret.line_ids
        line_a.inspection = "damaged"  # the warehouse's setting: quarantine
        line_b.write({"inspection": "damaged", "damaged_action": "scrap"})
        stock_a = self.quantity(self.product_a, self.stock_location)
        ret.action_inspect()
        quarantine = self.warehouse.oms_quarantine_location_id
        self.assertTrue(quarantine, "made on first use")
        self.assertNotEqual(quarantine, self.returns_location)
        self.assertFalse(
            quarantine._child_of(self.stock_location),
            "outside sellable stock",
        )
        self.assertEqual(self.quantity(self.product_a, quarantine), 2)
        self.assertEqual(self.quantity(self.product_a, self.stock_location), stock_a)
        self.assertEqual(self.quantity(self.product_a, self.returns_location), 0)
        self.assertEqual(
            line_a.move_ids.filtered(
                lambda m: m.oms_return_step == "quarantine"
            ).location_dest_id,
            quarantine,
        )
        self.assertEqual(ret.scrap_ids.product_id, self.product_b, "the line's choice")
        self.assertIn("Damaged, Quarantine", ret.message_ids[:1].body)
        self.assertIn("Damaged, Scrap", ret.message_ids[:1].body)
        self.assertEqual(self.quantity(self.product_b, quarantine), 0)

    def test_inspection_photos_and_notes_are_on_the_return(self):
        self.ship_order()
        self.import_returns(
            self.make_return(
                state=normalized.RETURN_APPROVED,
                photo_urls=[
                    "https://img.example/1.jpg",
                    'javascript:alert("x")',
                    'https://img.example/2.jpg?a=1&b="2"',
                ],
            )
        )
        ret = self.find_return()
        # the buyer's links as pictures, nothing but web links, escaped
        html = str(ret.photo_links_html)
        self.assertIn('href="https://img.example/1.jpg"', html)
        self.assertIn("https://img.example/2.jpg?a=1&amp;b=", html)
        self.assertNotIn("javascript", html)
        self.assertNotIn('"2"', html)
        ret.action_receive()
        line = ret.line_ids
        photo = self.env["ir.attachment"].create(
            {
                "name": "dent.jpg",
                "raw": b"\xff\xd8\xff photo",
                "res_model": line._name,
                "res_id": line.id,
            }
        )
        line.write(
            {
                "inspection": "restock",
                "inspection_note": "Box dented, item fine",
                "photo_ids": [(4, photo.id)],
            }
        )
        self.assertEqual((photo.res_model, photo.res_id), (ret._name, ret.id))
        self.assertEqual(ret.inspection_photo_ids, photo)
        action = line.action_open_inspection()
        self.assertEqual((action["res_model"], action["res_id"]), (line._name, line.id))
        ret.action_inspect()
        message = ret.message_ids[:1]
        self.assertIn("Box dented, item fine", message.body)
        self.assertIn("Restock", message.body)
        self.assertEqual(message.attachment_ids, photo)
