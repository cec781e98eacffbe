import json
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MANILA, CockpitCase


@tagged("post_install", "-at_install")
class TestDeadlines(CockpitCase):
    def order_due(self, external_id, ship_by):
        self.import_orders(self.make_order(external_id, ship_by=ship_by))
        return self.find_sale(external_id)

    def test_due_soon_compares_utc_with_utc(self):
        self.channel.ship_warning_hours = 2
        picking = self.order_due("DL-2", datetime(2026, 11, 11, 10, 0)).picking_ids
        # 17:00 in Manila, 09:00 UTC: one hour left, so due soon
        with freeze_time("2026-11-11 09:00:00"):
            self.assertTrue(picking.with_context(tz=MANILA).oms_ship_due_soon)
            self.assertIn(picking, picking.search([("oms_ship_due_soon", "=", True)]))
        with freeze_time("2026-11-11 07:30:00"):
            picking.invalidate_recordset(["oms_ship_due_soon"])
            self.assertFalse(picking.oms_ship_due_soon)
            self.assertIn(picking, picking.search([("oms_ship_due_soon", "=", False)]))
        with freeze_time("2026-11-11 10:30:00"):  # late, no longer "soon"
            picking.invalidate_recordset(["oms_ship_due_soon"])
            self.assertFalse(picking.oms_ship_due_soon)
        self.ship(picking.sale_id, datetime(2026, 11, 11, 9, 30))
        with freeze_time("2026-11-11 09:00:00"):
            picking.invalidate_recordset(["oms_ship_due_soon"])
            self.assertFalse(picking.oms_ship_due_soon)

    def test_warning_fires_once_before_the_deadline_in_the_buyers_day(self):
        self.channel.ship_warning_hours = 6
        # 17:00 UTC is 01:00 the next day in Manila.
        soon = self.order_due("DL-4", datetime(2026, 11, 11, 17, 0))
        later = self.order_due("DL-5", datetime(2026, 11, 12, 5, 0))
        late = self.order_due("DL-6", datetime(2026, 11, 11, 11, 0))
        undated = self.order_due("DL-7", None)
        mine = (soon | later | late | undated).picking_ids
        Picking = self.env["stock.picking"]
        with freeze_time("2026-11-11 12:00:00"):  # 20:00 in Manila
            warned = Picking._cron_oms_warn_ship_by() & mine
        self.assertEqual(warned, (soon | late).picking_ids)
        activity = soon.picking_ids.activity_ids
        self.assertEqual(activity.user_id, self.warehouse_user)
        self.assertEqual(activity.date_deadline, date(2026, 11, 12))
        self.assertIn("Late", late.picking_ids.activity_ids.summary)
        self.assertFalse(later.picking_ids.activity_ids)
        self.assertFalse(undated.picking_ids.activity_ids)
        # The bus notifications are written at commit: read what is queued.
        messages = [
            json.loads(values["message"])
            for values in self.env.cr.precommit.data.get("bus.bus.values", [])
        ]
        (note,) = [
            m["payload"]
            for m in messages
            if m["type"] == "simple_notification"
            and soon.picking_ids.name in m["payload"]["message"]
        ]
        self.assertIn(late.picking_ids.name, note["message"])
        with freeze_time("2026-11-11 12:15:00"):
            self.assertFalse(Picking._cron_oms_warn_ship_by() & mine)
        with freeze_time("2026-11-11 23:30:00"):  # 07:30 the 12th in Manila
            self.assertEqual(Picking._cron_oms_warn_ship_by() & mine, later.picking_ids)

    def test_each_shop_has_its_warning_time(self):
        self.channel.ship_warning_hours = 1
        other = self.channel.copy({"name": "Second shop", "ship_warning_hours": 24})
        near = self.order_due("DL-8", datetime(2026, 11, 11, 20, 0))
        self.import_orders(
            self.make_order("DL-9", ship_by=datetime(2026, 11, 11, 20, 0)),
            channel=other,
        )
        far_shop = self.find_sale("DL-9", channel=other)
        with freeze_time("2026-11-11 12:00:00"):
            due = self.env["stock.picking"].search([("oms_ship_due_soon", "=", True)])
        self.assertIn(far_shop.picking_ids, due)
        self.assertNotIn(near.picking_ids, due)

    def test_inventory_users_without_oms_rights_read_the_deadline_flags(self):
        keeper = self.env["res.users"].create(
            {
                "name": "Store keeper",
                "login": "cockpit_keeper",
                "groups_id": [(6, 0, self.env.ref("stock.group_stock_user").ids)],
            }
        )
        picking = self.order_due("DL-12", datetime(2026, 11, 11, 10, 0)).picking_ids
        with freeze_time("2026-11-11 09:00:00"):
            as_keeper = picking.with_user(keeper)
            self.assertTrue(as_keeper.oms_ship_due_soon)
            self.assertIn(picking, as_keeper.search([("oms_ship_due_soon", "=", True)]))
