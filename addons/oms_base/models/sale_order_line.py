from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_external_id = fields.Char(string="Marketplace Line", copy=False, readonly=True)
    oms_sku = fields.Char(string="Marketplace SKU", copy=False, readonly=True)
    oms_binding_id = fields.Many2one(
        "oms.product.binding", string="Listing SKU", copy=False, readonly=True
    )
