from odoo import api, fields, models

# Who reads returns (see the access rights); a salesperson reads the order only.
RETURN_GROUPS = (
    "oms_base.group_oms_user,stock.group_stock_user,account.group_account_invoice"
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_return_ids = fields.One2many(
        "oms.return", "sale_order_id", string="Returns", groups=RETURN_GROUPS
    )
    # Stored and indexed: the cockpit's return rate reads it over every
    # order instead of looking returns up order by order.
    oms_return_count = fields.Integer(
        compute="_compute_oms_return_count",
        store=True,
        index=True,
        groups=RETURN_GROUPS,
    )

    @api.depends("oms_return_ids")
    def _compute_oms_return_count(self):
        for order in self:
            order.oms_return_count = len(order.oms_return_ids)

    def action_view_oms_returns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_returns.action_oms_return"
        )
        action["domain"] = [("sale_order_id", "in", self.ids)]
        action["context"] = {"create": False}
        return action


class OmsOrderImporter(models.AbstractModel):
    _inherit = "oms.order.importer"

    def _import_orders(self, channel, orders):
        """Override of `oms_base`: returns waiting for these orders get
        them, parcels the carrier brings back become failed deliveries."""
        result = super()._import_orders(channel, orders)
        self.env["oms.return.importer"]._after_orders_imported(channel, orders)
        return result
