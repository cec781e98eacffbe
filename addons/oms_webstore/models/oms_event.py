from odoo import fields, models

from .. import const


class OmsEvent(models.Model):
    _inherit = "oms.event"

    direction = fields.Selection(
        [("in", "Received"), ("out", "Sent")],
        default="in",
        required=True,
        index=True,
        help="Received: a message from the marketplace or store. Sent: a "
        "webhook to a web store (replay sends it again).",
    )
    webhook_type = fields.Selection(
        [(name, name) for name in const.WEBHOOK_KINDS],
        readonly=True,
        help="What a webhook sent to a web store says (its X-Oms-Event).",
    )
