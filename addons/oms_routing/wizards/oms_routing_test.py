from odoo import api, fields, models

from ..models.oms_routing_engine import Address, Line, Request
from ..models.oms_routing_rule import DELIVERY_TYPES


class OmsRoutingTest(models.TransientModel):
    """The rules' test panel: an order made up (or taken from a quotation)
    routed as the import would, nothing written."""

    _name = "oms.routing.test"
    _description = "OMS Routing Test"

    rule_id = fields.Many2one("oms.routing.rule", string="Rule Under Test")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    channel_id = fields.Many2one(
        "oms.channel", string="Shop", domain="[('company_id', '=', company_id)]"
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="From Quotation",
        domain="[('company_id', '=', company_id), ('state', 'in', ('draft', 'sent'))]",
    )
    country_id = fields.Many2one("res.country")
    state_id = fields.Many2one(
        "res.country.state", domain="[('country_id', '=?', country_id)]"
    )
    city = fields.Char()
    zip = fields.Char()
    is_cod = fields.Boolean(string="Cash on Delivery")
    delivery_type = fields.Selection(DELIVERY_TYPES)
    amount = fields.Float(string="Order Amount")
    line_ids = fields.One2many("oms.routing.test.line", "test_id", string="Products")
    result = fields.Text(readonly=True)
    matched_rule_id = fields.Many2one("oms.routing.rule", readonly=True)
    rule_matches = fields.Boolean(readonly=True)

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if not order:
            return
        partner = order.partner_shipping_id
        self.update(
            {
                "channel_id": order.oms_channel_id,
                "country_id": partner.country_id,
                "state_id": partner.state_id,
                "city": partner.city,
                "zip": partner.zip,
                "is_cod": order.oms_is_cod,
                "delivery_type": order.oms_delivery_type,
                "amount": order.amount_total,
                "line_ids": [(5, 0, 0)]
                + [
                    (
                        0,
                        0,
                        {
                            "product_id": line.product_id.id,
                            "quantity": line.product_uom_qty,
                        },
                    )
                    for line in order.order_line
                    if line.product_id.type == "consu"
                ],
            }
        )

    def _oms_request(self):
        self.ensure_one()
        return Request(
            key="test",
            channel=self.channel_id,
            company=self.company_id,
            address=Address(
                country=self.country_id,
                state=self.state_id.name or "",
                city=self.city or "",
                zip=self.zip or "",
            ),
            lines=[
                Line(str(line.id), line.product_id, line.quantity)
                for line in self.line_ids
                if line.product_id
            ],
            amount=self.amount,
            is_cod=self.is_cod,
            delivery_type=self.delivery_type or "",
        )

    def action_run(self):
        self.ensure_one()
        request = self._oms_request()
        decision = self.env["oms.routing.engine"]._oms_route([request])["test"]
        lines = [decision.reason]
        if decision.attention:
            lines.append(self.env._("A person would be asked: %s", decision.attention))
        if self.rule_id:
            matches = self.rule_id._oms_matches(request)
            lines.append(
                self.env._("Rule %s matches this order.", self.rule_id.name)
                if matches
                else self.env._("Rule %s does not match this order.", self.rule_id.name)
            )
        else:
            matches = False
        self.write(
            {
                "result": "\n".join(lines),
                "matched_rule_id": decision.rule.id,
                "rule_matches": matches,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Test Routing"),
        }


class OmsRoutingTestLine(models.TransientModel):
    _name = "oms.routing.test.line"
    _description = "OMS Routing Test Product"

    test_id = fields.Many2one("oms.routing.test", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True)
    quantity = fields.Float(default=1.0)
