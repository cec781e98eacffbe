from odoo import api, fields, models


class OmsFeeRate(models.Model):
    """The rates a platform charges a shop on the products of one category.

    Platforms charge their commission (and some their payment fee) by
    product category; a category without a rate here, or a rate left at 0,
    takes the rate of its parent category, else the shop's own rate.
    """

    _name = "oms.fee.rate"
    _description = "Marketplace Fee Rate by Category"
    _order = "channel_id, categ_id"
    _check_company_auto = True

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", required=True
    )
    commission_rate = fields.Float(
        string="Commission (%)", help="0: the parent category's or the shop's rate."
    )
    payment_fee_rate = fields.Float(
        string="Payment Fee (%)", help="0: the parent category's or the shop's rate."
    )

    _sql_constraints = [
        (
            "category_uniq",
            "unique(channel_id, categ_id)",
            "A category has one rate per shop.",
        ),
    ]

    @api.depends("channel_id", "categ_id")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = f"{rate.channel_id.name} / {rate.categ_id.display_name}"
