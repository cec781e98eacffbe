from odoo import fields, models

# fee kind -> its rate on oms.fee.rate
CATEGORY_RATE_FIELDS = {
    "commission": "commission_rate",
    "payment_fee": "payment_fee_rate",
}


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    oms_payout_match_days = fields.Integer(
        string="Payout Reaches the Bank Within (days)",
        default=7,
        help="A bank line is matched to a payout dated up to this many days "
        "before it (and one day after).",
    )
    oms_fee_rate_ids = fields.One2many(
        "oms.fee.rate",
        "channel_id",
        string="Fee Rates by Category",
        help="Where the platform charges by product category: the expected "
        "rates of each category (a category without one takes its parent's, "
        "else the shop's).",
    )

    def _oms_category_rate(self, kind, category):
        """The rate (%) of ``kind`` for products of ``category``: its own
        rate here, else its closest parent's, else the shop's (None when
        none is set)."""
        self.ensure_one()
        field = CATEGORY_RATE_FIELDS[kind]
        rates = {rate.categ_id: rate[field] for rate in self.oms_fee_rate_ids}
        while category:
            if rates.get(category):
                return rates[category]
            category = category.parent_id
        return super()._oms_expected_fee_rate(kind, self.env["sale.order"])

    def _oms_expected_fee_rate(self, kind, order):
        """Override of `oms_base`: with rates by category, the order's
        rate is that of each product line's category, weighted by what
        the line sold for; None when a line has no rate at all."""
        self.ensure_one()
        if not self.oms_fee_rate_ids or not order:
            return super()._oms_expected_fee_rate(kind, order)
        # the shipping and seller-discount lines are not sold by category
        services = self.env["product.product"].browse(
            [
                product.id
                for xmlid in (
                    "oms_base.product_oms_shipping",
                    "oms_base.product_oms_discount",
                )
                if (product := self.env.ref(xmlid, raise_if_not_found=False))
            ]
        )
        lines = order.order_line.filtered(
            lambda li: (
                li.product_id
                and li.product_id not in services
                and not li.is_delivery
                and li.price_total > 0
            )
        )
        total = sum(lines.mapped("price_total"))
        if not total:
            return super()._oms_expected_fee_rate(kind, order)
        weighted = 0.0
        for line in lines:
            rate = self._oms_category_rate(kind, line.product_id.categ_id)
            if rate is None:
                return None
            weighted += rate * line.price_total
        return weighted / total
