from odoo import api, fields, models

from .oms_routing_rule import match_patterns, matches_state, split_patterns


class OmsRoutingZoneRegion(models.Model):
    _name = "oms.routing.zone.region"
    _description = "OMS Routing Zone Region"
    _order = "zone_id, sequence, id"

    zone_id = fields.Many2one("oms.routing.zone", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="zone_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    country_id = fields.Many2one("res.country")
    state_ids = fields.Many2many("res.country.state", string="States / Provinces")
    zip_patterns = fields.Char(
        string="Postcodes",
        help="Comma-separated patterns, e.g. 1*, 20??, 6000-6999 is written 6*.",
    )
    city_patterns = fields.Char(
        string="Cities", help="Comma-separated patterns, e.g. Cebu*, Davao*."
    )
    rank_ids = fields.One2many(
        "oms.routing.zone.rank",
        "region_id",
        string="Warehouses by Distance",
        copy=True,
    )

    def _oms_holds(self, address):
        self.ensure_one()
        if self.country_id and address.country != self.country_id:
            return False
        if self.state_ids and not matches_state(self.state_ids, address.state):
            return False
        if self.zip_patterns and not match_patterns(
            split_patterns(self.zip_patterns), address.zip
        ):
            return False
        return not self.city_patterns or match_patterns(
            split_patterns(self.city_patterns), address.city
        )

    @api.depends("zone_id.name", "name")
    def _compute_display_name(self):
        for region in self:
            region.display_name = f"{region.zone_id.name} / {region.name}"
