from odoo import fields, models


class LazadaProductCreateAttribute(models.TransientModel):
    _name = "oms.lazada.product.create.attribute"
    _description = "Lazada Category Attribute Value"

    wizard_id = fields.Many2one(
        "oms.lazada.product.create", required=True, ondelete="cascade"
    )
    name = fields.Char(required=True, readonly=True)
    label = fields.Char(readonly=True)
    mandatory = fields.Boolean(readonly=True)
    sale_prop = fields.Boolean(string="Variant Attribute", readonly=True)
    options = fields.Char(string="Allowed Values", readonly=True)
    value = fields.Char()
