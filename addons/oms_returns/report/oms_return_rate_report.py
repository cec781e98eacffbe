from odoo import fields, models, tools


class OmsReturnRateReport(models.Model):
    """Shipped, returned and failed-delivery units per shop and product."""

    _name = "oms.return.rate.report"
    _description = "Marketplace Return Rates"
    _auto = False
    _order = "returned_qty desc"

    channel_id = fields.Many2one("oms.channel", string="Shop", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    shipped_qty = fields.Float(string="Units Shipped", readonly=True)
    returned_qty = fields.Float(string="Units Returned", readonly=True)
    failed_qty = fields.Float(string="Units Back Undelivered", readonly=True)
    return_rate = fields.Float(
        string="Return Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Returned units per 100 shipped, for one shop and product; "
        "grouped rows show the average of their products' rates.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Returns that ended rejected or closed brought nothing back.
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT row_number() OVER () AS id,
                       channel_id, product_id, company_id,
                       SUM(shipped) AS shipped_qty,
                       SUM(returned) AS returned_qty,
                       SUM(failed) AS failed_qty,
                       CASE WHEN SUM(shipped) > 0
                            THEN 100.0 * SUM(returned) / SUM(shipped)
                            ELSE 0 END AS return_rate
                  FROM (
                        SELECT so.oms_channel_id AS channel_id,
                               sol.product_id, so.company_id,
                               sol.qty_delivered AS shipped,
                               0 AS returned, 0 AS failed
                          FROM sale_order_line sol
                          JOIN sale_order so ON so.id = sol.order_id
                         WHERE so.oms_channel_id IS NOT NULL
                           AND so.state = 'sale'
                           AND sol.product_id IS NOT NULL
                     UNION ALL
                        SELECT rl.channel_id, rl.product_id, rl.company_id,
                               0,
                               CASE WHEN rl.kind != 'failed_delivery'
                                    THEN rl.quantity ELSE 0 END,
                               CASE WHEN rl.kind = 'failed_delivery'
                                    THEN rl.quantity ELSE 0 END
                          FROM oms_return_line rl
                         WHERE rl.product_id IS NOT NULL
                           AND rl.state NOT IN ('rejected', 'closed')
                  ) AS units
              GROUP BY channel_id, product_id, company_id
            )
            """
        )
