from odoo import api, fields, models
from odoo.tools import float_compare

# Settlement lines of an order that are its cost on the marketplace: what
# the platform keeps (fees, the shipping the seller pays, the tax on them).
COST_KINDS = ("commission", "payment_fee", "shipping_seller", "tax_on_fees")


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
    oms_ready_at = fields.Datetime(
        string="Ready to Ship At",
        compute="_compute_oms_ready_at",
        store=True,
        help="When the order was first ready for the carrier: a delivery set "
        "ready to ship on the marketplace or validated in Odoo, whichever "
        "came first.",
    )
    oms_in_full = fields.Boolean(
        string="Delivered in Full",
        compute="_compute_oms_in_full",
        store=True,
        help="Every ordered quantity was delivered.",
    )
    oms_cost_settled = fields.Boolean(
        string="Cost Settled",
        compute="_compute_oms_cost",
        store=True,
        help="The marketplace's settlements have lines for this order.",
    )
    oms_cost = fields.Monetary(
        string="Marketplace Cost",
        compute="_compute_oms_cost",
        store=True,
        currency_field="oms_company_currency_id",
        help="Fees, seller-paid shipping and tax on fees the marketplace's "
        "settlements charged for this order (company currency).",
    )

    @api.depends("picking_ids.state", "picking_ids.date_done")
    def _compute_oms_shipped_at(self):
        for order in self:
            done = order.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )
            order.oms_shipped_at = min(done.mapped("date_done"), default=False)

    @api.depends("picking_ids.oms_ready_at", "oms_shipped_at")
    def _compute_oms_ready_at(self):
        for order in self:
            stamps = order.picking_ids.filtered("oms_ready_at").mapped("oms_ready_at")
            if order.oms_shipped_at:
                stamps.append(order.oms_shipped_at)
            order.oms_ready_at = min(stamps, default=False)

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

    @api.depends(
        "oms_settlement_line_ids.kind", "oms_settlement_line_ids.amount_company"
    )
    def _compute_oms_cost(self):
        for order in self:
            # Stored computes run as superuser: the settlement lines are read
            # whoever's change triggered the computation.
            lines = order.oms_settlement_line_ids
            order.oms_cost_settled = bool(lines)
            order.oms_cost = -sum(
                lines.filtered(lambda line: line.kind in COST_KINDS).mapped(
                    "amount_company"
                )
            )
