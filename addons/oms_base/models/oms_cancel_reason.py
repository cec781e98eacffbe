from odoo import api, fields, models


class OmsCancelReason(models.Model):
    """A cancellation reason the marketplace accepts from the seller."""

    _name = "oms.cancel.reason"
    _description = "Marketplace Cancel Reason"
    _order = "channel_id, name"

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(channel_id, code)", "This reason already exists."),
    ]

    @api.model
    def _sync(self, channel, reasons):
        """Upsert ``[(code, label)]`` for ``channel``; return those records."""
        existing = self.with_context(active_test=False).search(
            [("channel_id", "=", channel.id), ("code", "in", [c for c, _n in reasons])]
        )
        by_code = {reason.code: reason for reason in existing}
        to_create = []
        for code, label in reasons:
            if code in by_code:
                if by_code[code].name != label or not by_code[code].active:
                    by_code[code].write({"name": label, "active": True})
            else:
                to_create.append(
                    {"channel_id": channel.id, "code": code, "name": label}
                )
        return existing | self.create(to_create)
