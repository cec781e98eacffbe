from odoo import api, fields, models

from .sale_order_deadline import flag_domain


# One file per concern of stock.picking: the ship-by deadline here.
class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    oms_ship_late = fields.Boolean(
        string="Late to Ship",
        compute="_compute_oms_ship_late",
        search="_search_oms_ship_late",
        help="Not shipped yet and past the marketplace's ship-by deadline.",
    )

    @api.depends("oms_ship_by", "state")
    def _compute_oms_ship_late(self):
        # UTC against UTC (see sale.order's field of the same name).
        now = fields.Datetime.now()
        for picking in self:
            picking.oms_ship_late = bool(
                picking.oms_ship_by
                and picking.oms_ship_by < now
                and picking.state not in ("done", "cancel")
            )

    def _search_oms_ship_late(self, operator, value):
        late = [
            ("oms_ship_by", "<", fields.Datetime.now()),
            ("state", "not in", ("done", "cancel")),
        ]
        return flag_domain(late, operator, value)
