from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oms_payout_settlement_ids = fields.One2many(
        "oms.settlement",
        "payout_move_line_id",
        string="Marketplace Payout of",
        help="The settlement whose payout this journal item is.",
    )
