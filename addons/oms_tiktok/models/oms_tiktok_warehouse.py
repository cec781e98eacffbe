from odoo import fields, models


class OmsTiktokWarehouse(models.Model):
    """A TikTok warehouse of the shop, and the Odoo warehouse whose free
    stock it publishes."""

    _name = "oms.tiktok.warehouse"
    _description = "TikTok Warehouse"
    _order = "is_default desc, name, id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, ondelete="cascade", index=True
    )
    warehouse_ref = fields.Char(string="TikTok Warehouse ID", required=True)
    name = fields.Char()
    is_default = fields.Boolean(string="Default")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Odoo Warehouse",
        help="Its free stock (after the shop's stock rule) is what TikTok "
        "shows in this warehouse. Without one, the shop's stock goes to the "
        "default TikTok warehouse.",
    )

    _sql_constraints = [
        (
            "warehouse_uniq",
            "unique(channel_id, warehouse_ref)",
            "This TikTok warehouse is listed already.",
        ),
    ]
