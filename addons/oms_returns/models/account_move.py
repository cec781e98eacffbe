from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    oms_return_id = fields.Many2one(
        "oms.return",
        string="Marketplace Return",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
