from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oms_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Ships From",
        copy=False,
        check_company=True,
        help="Set by routing when this line ships from another warehouse "
        "than the order's (a split shipment).",
    )

    @api.depends("oms_warehouse_id")
    def _compute_warehouse_id(self):
        """Override of `sale_stock`: a line routed to another warehouse is
        procured there, which gives it a delivery of its own."""
        res = super()._compute_warehouse_id()
        for line in self.filtered("oms_warehouse_id"):
            line.warehouse_id = line.oms_warehouse_id
        return res
