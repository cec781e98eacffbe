import pytz

from odoo import api, fields, models
from odoo.tools import SQL, float_compare
from odoo.tools.sql import column_exists, create_column

from odoo.addons.oms_base.models.oms_settlement_line import FEE_KINDS

from .oms_channel_tz import known_tz

# Settlement lines of an order that are its cost on the marketplace: what
# the platform keeps (fees, the shipping the seller pays, the tax on them),
# not its adjustments.
COST_KINDS = tuple(kind for kind in FEE_KINDS if kind != "adjustment")


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
    oms_order_month = fields.Date(
        string="Order Month",
        compute="_compute_oms_order_month",
        store=True,
        help="First day of the month of the order date in the shop's time "
        "zone (UTC for a shop without a known one): the month the KPIs "
        "group by, the same for every user.",
    )
    oms_cost = fields.Monetary(
        string="Marketplace Cost",
        compute="_compute_oms_cost",
        store=True,
        currency_field="oms_company_currency_id",
        help="Fees, seller-paid shipping and tax on fees the marketplace's "
        "settlements charged for this order (company currency).",
    )

    def _auto_init(self):
        # A database full of orders (install or upgrade): the months are
        # filled in one UPDATE rather than computed order by order, once
        # every model is set up, so that the shops' time zones are known.
        cr = self.env.cr
        if not column_exists(cr, "sale_order", "oms_order_month"):
            create_column(cr, "sale_order", "oms_order_month", "date")
            self.pool.post_init(self._oms_fill_order_month)
        return super()._auto_init()

    def _oms_fill_order_month(self):
        """Set the order month of every marketplace order in SQL, in the time
        zone ``_compute_oms_order_month`` uses."""
        channels = self.env["oms.channel"].with_context(active_test=False).search([])
        if not channels:
            return
        zones = [known_tz(channel.tz) or "UTC" for channel in channels]
        self.env.cr.execute(
            SQL(
                """
                UPDATE sale_order so
                   SET oms_order_month = date_trunc(
                           'month', timezone(zone.tz, timezone('UTC', so.date_order))
                       )::date
                  FROM unnest(%s::int[], %s::varchar[]) AS zone(channel_id, tz)
                 WHERE so.oms_channel_id = zone.channel_id
                """,
                channels.ids,
                zones,
            )
        )
        self.invalidate_model(["oms_order_month"])

    @api.depends("date_order", "oms_channel_id.tz")
    def _compute_oms_order_month(self):
        for order in self:
            if not order.oms_channel_id or not order.date_order:
                order.oms_order_month = False
                continue
            tz = pytz.timezone(known_tz(order.oms_channel_id.tz) or "UTC")
            local = pytz.utc.localize(order.date_order).astimezone(tz)
            order.oms_order_month = local.date().replace(day=1)

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
