from odoo import fields, models


class OmsPackScan(models.Model):
    """One unit (or lot quantity) scanned into a parcel at the pack station:
    what was checked, by whom and when."""

    _name = "oms.pack.scan"
    _description = "Pack Station Scan"
    _order = "id"

    picking_id = fields.Many2one(
        "stock.picking", required=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one("stock.move", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True)
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
