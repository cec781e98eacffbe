from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    oms_return_id = fields.Many2one(
        "oms.return", string="Marketplace Return", index="btree_not_null", copy=False
    )
