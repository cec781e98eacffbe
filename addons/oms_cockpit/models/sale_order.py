from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrder(models.Model):
    """Stored facts the KPIs are computed from (see readme/USAGE.md)."""

    _inherit = "sale.order"

    oms_shipped_at = fields.Datetime(
        string="Shipped At",
        compute="_compute_oms_shipped_at",
        store=True,
        help="When the first delivery of the order was validated (packed and "
        "handed over in Odoo).",
    )
    oms_in_full = fields.Boolean(
        string="Delivered in Full",
        compute="_compute_oms_in_full",
        store=True,
        help="Every ordered quantity was delivered.",
    )

    @api.depends("picking_ids.state", "picking_ids.date_done")
    def _compute_oms_shipped_at(self):
        for order in self:
            done = order.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )
            order.oms_shipped_at = min(done.mapped("date_done"), default=False)

    @api.depends("order_line.qty_delivered", "order_line.product_uom_qty")
    def _compute_oms_in_full(self):
        for order in self:
            lines = order.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type == "consu"
            )
            order.oms_in_full = bool(lines) and all(
                float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_rounding=line.product_uom.rounding,
                )
                >= 0
                for line in lines
            )
