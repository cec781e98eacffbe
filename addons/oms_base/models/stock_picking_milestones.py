from odoo import fields, models


# One file per concern of stock.picking: when the parcel was set ready to
# ship on the marketplace, for the lead times of the cockpit.
class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    oms_ready_at = fields.Datetime(
        string="Ready to Ship At",
        copy=False,
        readonly=True,
        help="When the parcel was first set ready to ship on the marketplace.",
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("oms_fulfilment_state") == "ready" and not vals.get("oms_ready_at"):
            first = self.filtered(lambda picking: not picking.oms_ready_at)
            if first:
                first.write({"oms_ready_at": fields.Datetime.now()})
        return res
