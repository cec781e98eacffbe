from odoo import api, models


class OmsOrderImporter(models.AbstractModel):
    _inherit = "oms.order.importer"

    @api.model
    def _oms_after_import(self, channel, result):
        """Override of `oms_base` to hold new risky orders (risk rules)
        before the warehouse packs them."""
        res = super()._oms_after_import(channel, result)
        orders = self.env["sale.order"].browse(result.created)
        orders = orders.filtered(
            lambda o: o.state != "cancel" and not o.oms_hold_reason
        )
        rules = self.env["oms.risk.rule"]._oms_rules_for(channel) if orders else None
        if rules:
            for order, reasons in rules._oms_check(orders).items():
                order._oms_hold(
                    self.env._("Risk check: %s", "; ".join(reasons)), "rule"
                )
        return res
