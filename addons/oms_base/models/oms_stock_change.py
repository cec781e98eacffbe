from odoo import fields, models


class OmsStockChange(models.Model):
    """A product whose stock moved, waiting for a shop's next stock push.

    Append-only on purpose: concurrent order imports each insert their rows
    instead of updating the same binding rows, which would make them fail
    on serialization conflicts at peak time. The push job consumes the rows
    of its shop.
    """

    _name = "oms.stock.change"
    _description = "Pending Marketplace Stock Change"
    _log_access = False

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    force = fields.Boolean(
        help="Publish even an unchanged quantity: the marketplace changed its "
        "own count (it puts a cancelled order's units back on sale)."
    )
