from odoo import api, models

from .oms_routing_engine import Decision


class OmsOrderImporter(models.AbstractModel):
    _inherit = "oms.order.importer"

    @api.model
    def _oms_route(self, channel, orders, products=None):
        """Override of `oms_base`: route each new order by the routing
        rules and the free stock of their warehouses, the whole batch in
        one search of rules and one grouped read of stock."""
        engine = self.env["oms.routing.engine"]
        requests = engine._oms_requests_from_marketplace(
            channel, orders, products or {}
        )
        return {
            key: decision if decision.configured else decision.warehouse
            for key, decision in engine._oms_route(requests).items()
        }

    @api.model
    def _oms_apply_route(self, vals, route):
        """Override of `oms_base`: the order's warehouse, each line's where
        it ships from elsewhere, and the routing rule and reason."""
        if not isinstance(route, Decision):
            return super()._oms_apply_route(vals, route)
        if route.warehouse:
            vals["warehouse_id"] = route.warehouse.id
        vals.update(
            {
                "oms_routing_rule_id": route.rule.id,
                "oms_routing_reason": route.reason,
                "oms_routing_attention": route.attention or False,
            }
        )
        for command in vals.get("order_line", []):
            line_vals = command[2]
            warehouse = route.line_warehouses.get(line_vals.get("oms_external_id"))
            if warehouse:
                line_vals["oms_warehouse_id"] = warehouse.id
        return vals

    @api.model
    def _oms_after_import(self, channel, result):
        """Override of `oms_base`: explain the routing of the new orders,
        flag those a person must look at, choose their carrier and split
        them on the marketplace."""
        res = super()._oms_after_import(channel, result)
        created = self.env["sale.order"].browse(result.created)
        if created:
            created._oms_routing_followup()
        return res
