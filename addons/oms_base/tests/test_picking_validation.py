from odoo.tests import new_test_user

from .common import OmsCase


class TestMarketplacePickingValidation(OmsCase):
    """A warehouse worker validates a marketplace delivery in one click."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.stock_move_email_validation = True
        cls.worker = new_test_user(
            cls.env,
            login="oms_worker",
            groups="stock.group_stock_user,oms_base.group_oms_user",
            email=False,
        )

    def _validate_as_worker(self, picking):
        picking = picking.with_user(self.worker)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        move_lines = picking.move_ids.move_line_ids
        move_lines.picked = True
        return picking.button_validate()

    def test_worker_without_email_validates_marketplace_delivery(self):
        self.import_orders(self.make_order("VAL-1"))
        picking = self.find_sale("VAL-1").picking_ids
        self.assertTrue(picking.oms_channel_id)
        result = self._validate_as_worker(picking)
        self.assertIs(result, True, "no wizard (SMS, backorder) may open")
        self.assertEqual(picking.state, "done")
        template = self.company.stock_mail_confirmation_template_id
        self.assertFalse(
            picking.message_ids.filtered(
                lambda m: m.subject and template.name in m.subject
            )
        )

    def test_other_deliveries_still_send_the_confirmation(self):
        partner = self.env["res.partner"].create(
            {"name": "Walk-in", "email": "walkin@example.com"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        messages = picking.message_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.move_line_ids.picked = True
        self.env.user.email = "admin@example.com"
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertTrue(picking.message_ids - messages)
