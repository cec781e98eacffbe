from odoo import fields, models


class OmsHandoverLine(models.Model):
    _name = "oms.handover.line"
    _description = "Carrier Handover Parcel"
    _order = "scanned, id"

    handover_id = fields.Many2one(
        "oms.handover", required=True, index=True, ondelete="cascade"
    )
    picking_id = fields.Many2one("stock.picking", string="Parcel", required=True)
    tracking_ref = fields.Char(
        related="picking_id.carrier_tracking_ref", string="Tracking Number"
    )
    order_ref = fields.Char(related="picking_id.oms_external_id", string="Order")
    # Set by scans (the list's onchange), shown read-only.
    expected = fields.Boolean(
        help="Packed for this carrier before the list was opened."
    )
    scanned = fields.Boolean()

    _sql_constraints = [
        (
            "parcel_once",
            "unique(handover_id, picking_id)",
            "A parcel appears once on a handover list.",
        )
    ]
