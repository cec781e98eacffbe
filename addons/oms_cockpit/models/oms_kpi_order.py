from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import drop_view_if_exists, table_exists

from odoo.addons.oms_base import normalized

# Rates are 100 (yes), 0 (no) or NULL (does not apply): averaged by the
# views, NULL rows do not count, so each rate has its own denominator.
QUERY = """
SELECT so.id AS id,
       so.id AS order_id,
       so.company_id,
       so.oms_channel_id AS channel_id,
       so.oms_platform AS platform,
       so.warehouse_id,
       so.date_order,
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
            WHEN so.oms_status = %(returned)s {return_exists} THEN 100 ELSE 0 END
           AS return_rate,
       CASE WHEN so.oms_shipped_at IS NULL THEN NULL
            ELSE EXTRACT(EPOCH FROM so.oms_shipped_at - so.date_order) / 3600 END
           AS ship_hours,
       CASE WHEN so.state = 'sale' AND so.oms_status IN (%(unpaid)s, %(to_ship)s)
                 AND so.oms_shipped_at IS NULL
            THEN 1 ELSE 0 END AS open_count
  FROM sale_order so
 WHERE so.oms_channel_id IS NOT NULL
"""
# oms_returns is optional: its returns count when its table is there.
RETURN_EXISTS = "OR EXISTS (SELECT 1 FROM oms_return r WHERE r.sale_order_id = so.id)"


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
    open_count = fields.Integer(string="Open Orders", readonly=True)

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self._oms_create_view()

    def _oms_create_view(self):
        return_exists = RETURN_EXISTS if self._oms_returns_installed() else ""
        query = SQL(
            QUERY.format(return_exists=return_exists),
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
        return table_exists(self.env.cr, "oms_return")

    def _register_hook(self):
        # oms_returns may be installed after this module (no dependency):
        # its returns join the view as soon as its table exists.
        super()._register_hook()
        if not self._oms_returns_installed():
            return
        self.env.cr.execute(SQL("SELECT pg_get_viewdef(%s::regclass)", self._table))
        row = self.env.cr.fetchone()
        if row and "oms_return" not in row[0]:
            self._oms_create_view()
