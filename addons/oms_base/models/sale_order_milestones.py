from odoo import api, fields, models

from .. import normalized

# The marketplace status whose first report stamps each milestone.
MILESTONES = {
    normalized.TO_SHIP: "oms_paid_at",
    normalized.SHIPPED: "oms_handed_over_at",
    normalized.DELIVERED: "oms_delivered_at",
}


# One file per concern of sale.order: when the order reached each step of
# its marketplace life, for the lead times of the cockpit.
class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    oms_paid_at = fields.Datetime(
        string="Paid At",
        copy=False,
        readonly=True,
        help="When the marketplace reported the order paid (ready for the "
        "warehouse; cash on delivery orders when confirmed): the platform's "
        "payment time when it gives one, else the time of the first update "
        "in that status.",
    )
    oms_handed_over_at = fields.Datetime(
        string="Handed Over At",
        copy=False,
        readonly=True,
        help="When the marketplace first reported the parcel shipped (in the "
        "carrier's hands).",
    )
    oms_delivered_at = fields.Datetime(
        string="Delivered At",
        copy=False,
        readonly=True,
        help="When the marketplace first reported the order delivered.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            stamp = MILESTONES.get(vals.get("oms_status"))
            if stamp and not vals.get(stamp):
                vals[stamp] = vals.get("oms_updated_at") or fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        stamp = MILESTONES.get(vals.get("oms_status"))
        if stamp and not vals.get(stamp):
            # A step the marketplace skipped (to ship, then delivered) stays
            # empty: its time is unknown, not the time of the later report.
            first = self.filtered(lambda so: not so[stamp])
            if first:
                first.write(
                    {stamp: vals.get("oms_updated_at") or fields.Datetime.now()}
                )
        return res
