from odoo import api, fields, models


class SaleOrder(models.Model):
    """Whether a marketplace order's money has come: the accountant's aging
    of orders delivered but not settled."""

    _inherit = "sale.order"

    oms_settlement_line_ids = fields.One2many(
        "oms.settlement.line", "sale_order_id", string="Settlement Lines"
    )
    oms_settled = fields.Boolean(
        string="Settled",
        compute="_compute_oms_settled",
        store=True,
        help="A marketplace statement paid this order.",
    )
    oms_delivered_date = fields.Datetime(
        string="Shipped On",
        compute="_compute_oms_delivered_date",
        store=True,
        help="When the last delivery of this marketplace order was done.",
    )

    @api.depends("oms_settlement_line_ids")
    def _compute_oms_settled(self):
        for order in self:
            order.oms_settled = bool(order.oms_settlement_line_ids)

    @api.depends("picking_ids.state", "picking_ids.date_done")
    def _compute_oms_delivered_date(self):
        for order in self:
            done = order.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )
            order.oms_delivered_date = max(done.mapped("date_done"), default=False)
