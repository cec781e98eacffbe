from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_return_id = fields.Many2one(
        "oms.return",
        string="Marketplace Return",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    oms_can_return_to_sender = fields.Boolean(
        compute="_compute_oms_can_return_to_sender"
    )

    def _compute_oms_can_return_to_sender(self):
        for picking in self:
            picking.oms_can_return_to_sender = bool(
                picking.sale_id.oms_channel_id
                and picking.state == "done"
                and picking.picking_type_code == "outgoing"
            )

    def action_oms_returned_to_sender(self):
        """The carrier brings this parcel back undelivered: open a failed
        delivery return of what it carried, to receive and inspect."""
        pickings = self.filtered("oms_can_return_to_sender")
        if not pickings:
            raise UserError(
                self.env._(
                    "Only a shipped delivery of a marketplace order can come back "
                    "to the sender."
                )
            )
        returns = self.env["oms.return.importer"]._import_failed_deliveries(
            {
                picking.sale_id: {
                    move.sale_line_id: move.quantity
                    for move in picking.move_ids
                    if move.sale_line_id and move.state == "done"
                }
                for picking in pickings
            }
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_returns.action_oms_return"
        )
        action["domain"] = [("id", "in", returns.ids)]
        if len(returns) == 1:
            action.update(res_id=returns.id, view_mode="form", views=[(False, "form")])
        return action
