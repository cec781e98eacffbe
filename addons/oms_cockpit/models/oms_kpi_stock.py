from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import drop_view_if_exists

# Weeks of marketplace sales the rate of sale is measured over.
SALES_DAYS = 28

QUERY = """
WITH stock AS (
    SELECT q.product_id, q.company_id,
           SUM(q.quantity - q.reserved_quantity) AS free_qty
      FROM stock_quant q
      JOIN stock_location l ON l.id = q.location_id
     WHERE l.usage = 'internal'
     GROUP BY q.product_id, q.company_id
), sold AS (
    SELECT l.product_id, so.company_id, SUM(l.product_uom_qty) AS qty
      FROM sale_order_line l
      JOIN sale_order so ON so.id = l.order_id
     WHERE so.oms_channel_id IS NOT NULL
       AND so.state = 'sale'
       AND so.date_order >= (now() AT TIME ZONE 'UTC') - %(days)s * interval '1 day'
     GROUP BY l.product_id, so.company_id
)
SELECT ROW_NUMBER() OVER (ORDER BY stock.product_id, stock.company_id) AS id,
       stock.product_id, stock.company_id,
       stock.free_qty,
       COALESCE(sold.qty, 0) AS sold_qty,
       COALESCE(sold.qty, 0) / %(days)s AS daily_rate,
       CASE WHEN COALESCE(sold.qty, 0) > 0
            THEN stock.free_qty / (sold.qty / %(days)s) END AS days_of_cover
  FROM stock
  LEFT JOIN sold ON sold.product_id = stock.product_id
                AND sold.company_id = stock.company_id
 WHERE EXISTS (
    SELECT 1 FROM oms_product_binding b WHERE b.product_id = stock.product_id
 )
"""


class OmsKpiStock(models.Model):
    """Days of cover of each bound product: free stock over its rate of
    marketplace sales of the last four weeks."""

    _name = "oms.kpi.stock"
    _description = "Marketplace Stock Cover"
    _auto = False
    _order = "days_of_cover"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    free_qty = fields.Float(string="Free Stock", readonly=True)
    sold_qty = fields.Float(string="Sold (4 weeks)", readonly=True)
    daily_rate = fields.Float(string="Sold per Day", readonly=True)
    days_of_cover = fields.Float(
        string="Days of Cover",
        aggregator="min",
        readonly=True,
        help="Free stock divided by the units sold per day on the "
        "marketplaces over the last four weeks; empty without sales.",
    )

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(QUERY, days=SALES_DAYS),
            )
        )
