import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import FloorCase

SECRET_FIELDS = ("access_token", "refresh_token")


@tagged("post_install", "-at_install")
class TestFloorRoles(FloorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.sudo().write(
            {
                "access_token": "floor-secret-access",
                "refresh_token": "floor-secret-refresh",
            }
        )
        cls.salesperson = new_test_user(
            cls.env, login="floor_sales", groups="sales_team.group_sale_salesman"
        )

    def menus_of(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            xmlid
            for xmlid in (
                "oms_warehouse.menu_oms_pack_station",
                "oms_warehouse.menu_oms_waves",
                "oms_warehouse.menu_oms_handover",
                "oms_warehouse.menu_stock_pack_station",
                "oms_warehouse.menu_stock_waves",
                "oms_warehouse.menu_stock_handover",
            )
            if self.env.ref(xmlid).id in visible
        }

    def test_warehouse_user_reaches_the_floor_from_oms_and_inventory(self):
        self.assertEqual(len(self.menus_of(self.packer)), 6)
        self.assertFalse(self.menus_of(self.salesperson))

    def test_warehouse_user_does_the_whole_floor_and_sees_no_secret(self):
        picking = self.order_picking("ROLE-1")
        picking.carrier_tracking_ref = "TRK-ROLE-1"
        picking.oms_shipment_provider = "LEX TH"
        env = self.env(user=self.packer)
        waves = env["stock.picking"].browse(picking.ids)._oms_create_waves()
        self.assertEqual(waves.picking_ids, picking)
        self.assertTrue(
            env["ir.actions.report"]._render_qweb_html(
                "oms_warehouse.report_oms_pick_list", waves.ids
            )[0]
        )
        answers = [self.scan("ROLE-1")]
        for code in ("FLR-A-0001", "FLR-A-0001", "FLR-B-0002"):
            answers.append(self.scan(code, picking))
        answers.append(self.station.oms_pack(picking.id))
        self.assertEqual(answers[-1]["result"], "packed")
        handover = env["oms.handover"].create({"carrier": "LEX TH"})
        self.assertTrue(handover.action_scan("TRK-ROLE-1")["ok"])
        handover.action_handover()
        self.assertEqual(picking.oms_handover_id, handover)
        text = json.dumps(answers)
        self.assertNotIn("floor-secret", text)
        channel = env["oms.channel"].browse(self.channel.id)
        for field in SECRET_FIELDS:
            with self.assertRaises(AccessError):
                channel.read([field])

    def test_people_off_the_floor_cannot_scan(self):
        picking = self.order_picking("ROLE-2")
        inventory_only = new_test_user(
            self.env, login="floor_inventory", groups="stock.group_stock_user"
        )
        for user in (self.salesperson, inventory_only):
            station = self.env["oms.pack.station"].with_user(user)
            with self.assertRaises(AccessError):
                station.oms_scan("ROLE-2")
            with self.assertRaises(AccessError):
                station.oms_pack(picking.id)
        self.assertFalse(picking.oms_scan_ids)
