from odoo import api, fields, models
from odoo.exceptions import UserError


class OmsReturnReason(models.TransientModel):
    """A reason the marketplace offers for a decision, read when asked."""

    _name = "oms.return.reason"
    _description = "Marketplace Return Reason"

    wizard_id = fields.Many2one("oms.return.decision", ondelete="cascade")
    code = fields.Char(required=True)
    name = fields.Char(required=True)


class OmsReturnDecision(models.TransientModel):
    """Reject, dispute or offer a partial refund, with what the marketplace
    wants for it: one of its reasons, a comment, evidence links, an amount."""

    _name = "oms.return.decision"
    _description = "Marketplace Return Decision"

    return_id = fields.Many2one("oms.return", required=True)
    decision = fields.Selection(
        [
            ("reject", "Reject"),
            ("dispute", "Dispute"),
            ("offer", "Offer Partial Refund"),
        ],
        required=True,
    )
    reason_ids = fields.One2many(
        "oms.return.reason", "wizard_id", string="Offered Reasons"
    )
    reason_id = fields.Many2one("oms.return.reason", domain="[('wizard_id', '=', id)]")
    comment = fields.Text()
    image_urls = fields.Text(string="Evidence Links", help="One link per line.")
    currency_id = fields.Many2one(related="return_id.currency_id")
    amount = fields.Monetary(string="Refund Offered")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards.filtered(lambda w: w.decision in ("reject", "dispute")):
            ret = wizard.return_id
            reasons = ret.channel_id._oms_call_for_user(
                "_oms_get_return_reasons", ret, wizard.decision
            )
            wizard.reason_ids = [
                (0, 0, {"code": str(code), "name": label}) for code, label in reasons
            ]
        return wizards

    def action_confirm(self):
        self.ensure_one()
        if (
            self.decision in ("reject", "dispute")
            and self.reason_ids
            and not self.reason_id
        ):
            raise UserError(self.env._("Choose one of the marketplace's reasons."))
        if self.decision == "offer" and self.amount <= 0:
            raise UserError(self.env._("Offer a positive amount."))
        self.return_id._oms_decide(
            self.decision,
            reason=self.reason_id.code or None,
            comment=self.comment or None,
            amount=self.amount if self.decision == "offer" else None,
            images=[
                u.strip() for u in (self.image_urls or "").splitlines() if u.strip()
            ]
            or None,
        )
        return {"type": "ir.actions.act_window_close"}
