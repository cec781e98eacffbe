from odoo import api, fields, models

from .oms_routing_rule import by_sequence


class OmsRoutingZone(models.Model):
    """Buyer regions, each with its warehouses ranked by distance.

    A rule using a zone ships from the warehouses of the buyer's region,
    nearest first, so that "nearest warehouse with stock" is data, not code
    (e.g. Luzon / Visayas / Mindanao, Java / Sumatra).
    """

    _name = "oms.routing.zone"
    _description = "OMS Routing Zone"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    region_ids = fields.One2many("oms.routing.zone.region", "zone_id", copy=True)

    def _oms_region_of(self, address):
        """The first region of this zone holding ``address`` (a routing
        ``Address``), or an empty recordset."""
        self.ensure_one()
        return next(
            (r for r in self.region_ids.sorted(by_sequence) if r._oms_holds(address)),
            self.env["oms.routing.zone.region"],
        )

    @api.constrains("company_id", "region_ids")
    def _check_warehouse_company(self):
        self.region_ids.rank_ids._check_warehouse_company()
