from odoo import api, fields, models

from .. import normalized


def flag_domain(domain, operator, value):
    """Domain of a computed boolean searched with ``operator`` and ``value``,
    ``domain`` being where it is true."""
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise NotImplementedError(operator)
    if (operator == "=") == value:
        return domain
    return ["!", *(["&"] * (len(domain) - 1)), *domain]


# One file per concern of sale.order: the ship-by deadline here.
class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    oms_ship_late = fields.Boolean(
        string="Late to Ship",
        compute="_compute_oms_ship_late",
        search="_search_oms_ship_late",
        help="Still to ship and past the marketplace's ship-by deadline.",
    )

    @api.depends("oms_ship_by", "oms_status")
    def _compute_oms_ship_late(self):
        # Both sides in UTC: ship-by dates are stored in UTC, and so is
        # fields.Datetime.now(); the web client's ``now`` is local time.
        now = fields.Datetime.now()
        for order in self:
            order.oms_ship_late = bool(
                order.oms_ship_by
                and order.oms_ship_by < now
                and order.oms_status == normalized.TO_SHIP
            )

    def _search_oms_ship_late(self, operator, value):
        late = [
            ("oms_ship_by", "<", fields.Datetime.now()),
            ("oms_status", "=", normalized.TO_SHIP),
        ]
        return flag_domain(late, operator, value)
