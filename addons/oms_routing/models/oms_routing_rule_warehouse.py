from odoo import api, fields, models


class OmsRoutingRuleWarehouse(models.Model):
    _name = "oms.routing.rule.warehouse"
    _description = "OMS Routing Rule Warehouse"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("oms.routing.rule", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    warehouse_id = fields.Many2one("stock.warehouse", required=True)

    @api.constrains("warehouse_id")
    def _check_warehouse_company(self):
        self.rule_id._check_warehouse_company()
