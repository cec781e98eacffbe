from odoo import fields, models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    oms_payout_match_days = fields.Integer(
        string="Payout Reaches the Bank Within (days)",
        default=7,
        help="A bank line is matched to a payout dated up to this many days "
        "before it (and one day after).",
    )
