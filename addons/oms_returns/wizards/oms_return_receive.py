from odoo import fields, models
from odoo.exceptions import UserError


class OmsReturnReceive(models.TransientModel):
    """The returns desk: scan or type the return tracking number, the order
    number or the original AWB; the parcel's return is received."""

    _name = "oms.return.receive"
    _description = "Receive Marketplace Return"

    code = fields.Char(
        string="Scan", help="Return tracking number, order number or original AWB."
    )
    return_ids = fields.Many2many("oms.return", string="Found", readonly=True)

    def action_find(self):
        self.ensure_one()
        found = self.env["oms.return"]._oms_find_by_code(self.code)
        if not found:
            raise UserError(
                self.env._("No return waits for a parcel named %s.", self.code or "")
            )
        self.return_ids = found
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_receive(self):
        self.ensure_one()
        if not self.return_ids:
            self.action_find()
        returns = self.return_ids
        returns.action_receive()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_returns.action_oms_return"
        )
        if len(returns) == 1:
            action.update(res_id=returns.id, view_mode="form", views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", returns.ids)]
        return action
