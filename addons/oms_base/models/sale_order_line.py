from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_external_id = fields.Char(string="Marketplace Line", copy=False, readonly=True)
    oms_sku = fields.Char(string="Marketplace SKU", copy=False, readonly=True)
    oms_external_sku_id = fields.Char(
        string="Marketplace SKU ID", copy=False, readonly=True
    )
    oms_external_product_id = fields.Char(
        string="Marketplace Listing ID", copy=False, readonly=True
    )
    oms_binding_id = fields.Many2one(
        "oms.product.binding", string="Listing SKU", copy=False, readonly=True
    )
    oms_needs_binding = fields.Boolean(
        compute="_compute_oms_needs_binding",
        help="Imported with a marketplace SKU no product is bound to yet.",
    )

    @api.depends("product_id", "oms_sku", "oms_external_sku_id")
    def _compute_oms_needs_binding(self):
        unknown = self.env.ref("oms_base.product_oms_unknown", raise_if_not_found=False)
        for line in self:
            line.oms_needs_binding = bool(
                unknown
                and line.product_id == unknown
                and (line.oms_sku or line.oms_external_sku_id)
            )

    def _oms_sku_key(self):
        """The key the import binds this line's SKU under (see the importer)."""
        self.ensure_one()
        return self.oms_external_sku_id or self.oms_sku

    def action_oms_bind_sku(self):
        self.ensure_one()
        return self.order_id._oms_open_bind_sku(self)
