from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    oms_transit_days = fields.Integer(
        string="Transit Days",
        help="Days the carrier takes to deliver: routing rules choosing the "
        "fastest carrier take the fewest (0: unknown, chosen last).",
    )
