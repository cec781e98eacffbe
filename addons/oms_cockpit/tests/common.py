from datetime import datetime

from odoo.addons.oms_base.tests.common import OmsCase

MANILA = "Asia/Manila"


class CockpitCase(OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_user = cls.env["res.users"].create(
            {
                "name": "Maria Santos",
                "login": "cockpit_warehouse",
                "tz": MANILA,
                "groups_id": [
                    (4, cls.env.ref("oms_base.group_oms_user").id),
                    (4, cls.env.ref("stock.group_stock_user").id),
                ],
            }
        )
        cls.channel.user_id = cls.warehouse_user

    def ship(self, sale, when):
        """Validate the order's delivery at ``when`` (naive UTC)."""
        picking = sale.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.move_line_ids.picked = True
        picking.button_validate()
        picking.date_done = when
        return picking

    @staticmethod
    def utc(*args):
        return datetime(*args)
