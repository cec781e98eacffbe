from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, drop_view_if_exists

from odoo.addons.oms_base import normalized

# Rates are 100 (yes), 0 (no) or NULL (does not apply): averaged by the
# views, NULL rows do not count, so each rate has its own denominator. Lead
# times likewise: NULL when a step's time is unknown, never below zero (the
# marketplace's clock against Odoo's). Open ages are bucketed by comparing the
# interval itself with 24, 48 and 72 hours (the boundaries of its hours),
# without numeric arithmetic per order.
QUERY = """
SELECT so.id AS id,
       so.id AS order_id,
       so.company_id,
       so.oms_channel_id AS channel_id,
       so.oms_platform AS platform,
       so.warehouse_id,
       so.date_order,
       so.oms_order_month AS order_month,
       so.state,
       so.oms_status,
       1 AS order_count,
       CASE WHEN so.state = 'cancel' THEN 0 ELSE so.oms_amount_company END AS gmv,
       CASE WHEN so.state = 'cancel' THEN 100 ELSE 0 END AS cancel_rate,
       CASE WHEN so.state = 'cancel' AND so.oms_cancelled_by = %(seller)s
            THEN 100 ELSE 0 END AS seller_cancel_rate,
       CASE WHEN so.state = 'cancel' AND so.oms_cancelled_by = %(buyer)s
            THEN 100 ELSE 0 END AS buyer_cancel_rate,
       CASE WHEN so.oms_shipped_at IS NULL OR so.oms_ship_by IS NULL THEN NULL
            WHEN so.oms_shipped_at <= so.oms_ship_by THEN 100 ELSE 0 END
           AS on_time_rate,
       CASE WHEN so.oms_status NOT IN (%(delivered)s, %(returned)s) THEN NULL
            WHEN so.oms_status = %(delivered)s AND so.oms_in_full
                 AND so.oms_ship_by IS NOT NULL
                 AND so.oms_shipped_at <= so.oms_ship_by THEN 100 ELSE 0 END
           AS otif_rate,
       CASE WHEN so.oms_shipped_at IS NULL THEN NULL
            WHEN so.oms_status = %(returned)s {returned} THEN 100 ELSE 0 END
           AS return_rate,
       CASE WHEN so.oms_shipped_at IS NULL THEN NULL
            ELSE EXTRACT(EPOCH FROM so.oms_shipped_at - so.date_order) / 3600 END
           AS ship_hours,
       {paid_ready} AS paid_ready_hours,
       {ready_handover} AS ready_handover_hours,
       {handover_delivered} AS handover_delivered_hours,
       {paid_delivered} AS paid_delivered_hours,
       so.oms_cost_settled AS cost_settled,
       CASE WHEN so.oms_cost_settled THEN so.oms_cost END AS cost,
       CASE WHEN so.oms_cost_settled THEN so.oms_cost END AS cost_per_order,
       CASE WHEN so.oms_cost_settled AND so.oms_amount_company <> 0
            THEN 100 * so.oms_cost / so.oms_amount_company END AS cost_share,
       aging.open_count,
       CASE WHEN aging.open_count = 1
            THEN EXTRACT(EPOCH FROM aging.age) / 3600 END AS open_age_hours,
       CASE WHEN aging.open_count = 0 THEN NULL
            WHEN aging.age < interval '24 hours' THEN '1'
            WHEN aging.age < interval '48 hours' THEN '2'
            WHEN aging.age < interval '72 hours' THEN '3'
            ELSE '4' END AS open_age
  FROM sale_order so
 CROSS JOIN LATERAL (
    SELECT CASE WHEN so.state = 'sale'
                     AND so.oms_status IN (%(unpaid)s, %(to_ship)s)
                     AND so.oms_shipped_at IS NULL
                THEN 1 ELSE 0 END AS open_count,
           (statement_timestamp() AT TIME ZONE 'UTC')
               - COALESCE(so.oms_paid_at, so.date_order) AS age
 ) aging
 WHERE so.oms_channel_id IS NOT NULL
"""


def hours_between(start, end):
    """SQL of the hours from column ``start`` to ``end`` of the order: NULL
    when either is unknown, 0 when ``end`` comes first."""
    return (
        f"CASE WHEN so.{end} >= so.{start} "
        f"THEN EXTRACT(EPOCH FROM so.{end} - so.{start}) / 3600 "
        f"WHEN so.{end} < so.{start} THEN 0 END"
    )


LEAD_TIMES = {
    "paid_ready": hours_between("oms_paid_at", "oms_ready_at"),
    "ready_handover": hours_between("oms_ready_at", "oms_handed_over_at"),
    "handover_delivered": hours_between("oms_handed_over_at", "oms_delivered_at"),
    "paid_delivered": hours_between("oms_paid_at", "oms_delivered_at"),
}
# oms_returns is optional: the orders it counts returns of are returned too.
RETURNED = "OR so.oms_return_count > 0"
RETURNS_COLUMN = ("sale_order", "oms_return_count")
OPEN_AGES = [
    ("1", "Under 1 day"),
    ("2", "1-2 days"),
    ("3", "2-3 days"),
    ("4", "Over 3 days"),
]


class OmsKpiOrder(models.Model):
    """One row per marketplace order with the facts of the KPIs."""

    _name = "oms.kpi.order"
    _description = "Marketplace Order KPIs"
    _auto = False
    _order = "date_order desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel_id = fields.Many2one("oms.channel", string="Shop", readonly=True)
    platform = fields.Selection(
        lambda self: self.env["oms.channel"]._fields["platform"].selection,
        readonly=True,
    )
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    # Grouped by month, the pivot reads this stored month rather than
    # truncating each order's date in the user's time zone: its statistics
    # tell PostgreSQL how few months there are, so it aggregates in a hash
    # instead of sorting every order.
    order_month = fields.Date(
        readonly=True,
        help="Month of the order date in the shop's time zone",
    )
    state = fields.Selection(
        lambda self: self.env["sale.order"]._fields["state"].selection, readonly=True
    )
    oms_status = fields.Selection(
        lambda self: self.env["sale.order"]._fields["oms_status"].selection,
        string="Marketplace Status",
        readonly=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    order_count = fields.Integer(string="Orders", readonly=True)
    gmv = fields.Monetary(string="GMV", readonly=True)
    cancel_rate = fields.Float(
        string="Cancellation Rate (%)", aggregator="avg", readonly=True
    )
    seller_cancel_rate = fields.Float(
        string="Seller Cancellations (%)", aggregator="avg", readonly=True
    )
    buyer_cancel_rate = fields.Float(
        string="Buyer Cancellations (%)", aggregator="avg", readonly=True
    )
    on_time_rate = fields.Float(
        string="On-Time Shipment (%)", aggregator="avg", readonly=True
    )
    otif_rate = fields.Float(string="OTIF (%)", aggregator="avg", readonly=True)
    return_rate = fields.Float(
        string="Return Rate (%)", aggregator="avg", readonly=True
    )
    ship_hours = fields.Float(
        string="Order to Shipment (h)", aggregator="avg", readonly=True
    )
    paid_ready_hours = fields.Float(
        string="Paid to Ready to Ship (h)", aggregator="avg", readonly=True
    )
    ready_handover_hours = fields.Float(
        string="Ready to Ship to Handover (h)", aggregator="avg", readonly=True
    )
    handover_delivered_hours = fields.Float(
        string="Handover to Delivery (h)", aggregator="avg", readonly=True
    )
    paid_delivered_hours = fields.Float(
        string="Paid to Delivery (h)", aggregator="avg", readonly=True
    )
    cost_settled = fields.Boolean(string="Settled", readonly=True)
    cost = fields.Monetary(string="Marketplace Cost", readonly=True)
    cost_per_order = fields.Monetary(
        string="Cost per Order", aggregator="avg", readonly=True
    )
    cost_share = fields.Float(
        string="Cost Share of GMV (%)", aggregator="avg", readonly=True
    )
    open_count = fields.Integer(string="Open Orders", readonly=True)
    open_age_hours = fields.Float(
        string="Open Order Age (h)", aggregator="avg", readonly=True
    )
    open_age = fields.Selection(OPEN_AGES, string="Open For", readonly=True)

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self._oms_create_view()

    def _oms_create_view(self):
        returned = RETURNED if self._oms_returns_installed() else ""
        query = SQL(
            QUERY.format(returned=returned, **LEAD_TIMES),
            delivered=normalized.DELIVERED,
            returned=normalized.RETURNED,
            unpaid=normalized.UNPAID,
            to_ship=normalized.TO_SHIP,
            seller=normalized.CANCELLED_BY_SELLER,
            buyer=normalized.CANCELLED_BY_BUYER,
        )
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), query)
        )

    def _oms_returns_installed(self):
        return column_exists(self.env.cr, *RETURNS_COLUMN)

    def _register_hook(self):
        # oms_returns may be installed after this module (no dependency):
        # its returns join the view as soon as its column exists.
        super()._register_hook()
        if not self._oms_returns_installed():
            return
        self.env.cr.execute(SQL("SELECT pg_get_viewdef(%s::regclass)", self._table))
        row = self.env.cr.fetchone()
        if row and RETURNS_COLUMN[1] not in row[0]:
            self._oms_create_view()
