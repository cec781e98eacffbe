from datetime import datetime, timedelta, timezone

from freezegun import freeze_time

from odoo.tests import tagged

from .common import OmsCase

MANILA_TZ = timezone(timedelta(hours=8))


@tagged("post_install", "-at_install")
class TestShipLate(OmsCase):
    def order_due(self, external_id, ship_by):
        self.import_orders(self.make_order(external_id, ship_by=ship_by))
        return self.find_sale(external_id)

    def ship(self, sale):
        picking = sale.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.move_line_ids.picked = True
        picking.button_validate()

    def test_platform_deadline_in_local_time_is_stored_in_utc(self):
        # Lazada sends "2026-11-11 18:00:00 +0800": 10:00 UTC.
        sale = self.order_due("DL-1", datetime(2026, 11, 11, 18, 0, tzinfo=MANILA_TZ))
        self.assertEqual(sale.oms_ship_by, datetime(2026, 11, 11, 10, 0))
        self.assertEqual(sale.picking_ids.oms_ship_by, sale.oms_ship_by)

    def test_late_compares_utc_with_utc(self):
        sale = self.order_due("DL-2", datetime(2026, 11, 11, 10, 0))
        picking = sale.picking_ids
        # 17:00 in Manila, 09:00 UTC: one hour left. Compared with the local
        # clock (the old list colouring) it would be seven hours late.
        with freeze_time("2026-11-11 09:00:00"):
            self.assertFalse(sale.with_context(tz="Asia/Manila").oms_ship_late)
            self.assertFalse(picking.oms_ship_late)
            self.assertNotIn(picking, picking.search([("oms_ship_late", "=", True)]))
        with freeze_time("2026-11-11 10:30:00"):
            picking.invalidate_recordset(["oms_ship_late"])
            sale.invalidate_recordset(["oms_ship_late"])
            self.assertTrue(picking.oms_ship_late)
            self.assertTrue(sale.oms_ship_late)
            self.assertIn(picking, picking.search([("oms_ship_late", "=", True)]))
            self.assertIn(sale, sale.search([("oms_ship_late", "=", True)]))

    def test_shipped_orders_are_never_late(self):
        sale = self.order_due("DL-3", datetime(2026, 11, 11, 10, 0))
        self.ship(sale)
        with freeze_time("2026-11-12 00:00:00"):
            self.assertFalse(sale.picking_ids.oms_ship_late)
            self.assertNotIn(
                sale.picking_ids,
                sale.picking_ids.search([("oms_ship_late", "=", True)]),
            )

    def test_parcels_to_ship_sort_by_deadline(self):
        first = self.order_due("DL-10", datetime(2026, 11, 11, 8, 0))
        second = self.order_due("DL-11", datetime(2026, 11, 11, 6, 0))
        pickings = self.env["stock.picking"].search(
            [("id", "in", (first | second).picking_ids.ids)], order="oms_ship_by, id"
        )
        self.assertEqual(pickings, second.picking_ids | first.picking_ids)
        self.assertEqual(pickings[0], second.picking_ids)
