from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OmsRoutingZoneRank(models.Model):
    _name = "oms.routing.zone.rank"
    _description = "OMS Routing Zone Warehouse Rank"
    _order = "region_id, sequence, id"

    region_id = fields.Many2one(
        "oms.routing.zone.region", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="region_id.company_id", store=True)
    sequence = fields.Integer(string="Rank", default=10)
    warehouse_id = fields.Many2one("stock.warehouse", required=True)

    @api.constrains("warehouse_id", "region_id")
    def _check_warehouse_company(self):
        for rank in self:
            if rank.warehouse_id.company_id != rank.region_id.zone_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Zone %(zone)s belongs to %(company)s: it cannot ship "
                        "from %(warehouse)s, a warehouse of %(other)s.",
                        zone=rank.region_id.zone_id.display_name,
                        company=rank.region_id.zone_id.company_id.display_name,
                        warehouse=rank.warehouse_id.display_name,
                        other=rank.warehouse_id.company_id.display_name,
                    )
                )
