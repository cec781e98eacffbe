from odoo import fields, models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    ship_warning_hours = fields.Float(
        string="Warn Before Ship-By (hours)",
        default=6.0,
        help="How long before an order's ship-by deadline the warehouse gets "
        "a to-do and a notification for each parcel not shipped yet.",
    )
    price_tolerance = fields.Float(
        string="Price Tolerance (%)",
        default=1.0,
        help="The price watch flags a listing whose marketplace price differs "
        "from the shop's pricelist price by more than this percentage.",
    )

    def _oms_pricelist_prices(self, products):
        """``{product id: price}`` of ``products`` on this shop's pricelist
        (list price without one), computed in one go."""
        self.ensure_one()
        if self.pricelist_id:
            return self.pricelist_id._get_products_price(products, 1.0)
        return {product.id: product.lst_price for product in products}
