import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.notify import notification

_logger = logging.getLogger(__name__)

PRICE_ACTIVITY = "oms_cockpit.mail_activity_oms_price"


class OmsProductBinding(models.Model):
    _name = "oms.product.binding"
    # Activities: a price difference is a to-do on the listing.
    _inherit = ["oms.product.binding", "mail.activity.mixin"]

    price_watch_diff = fields.Float(
        string="Price Difference (%)",
        readonly=True,
        copy=False,
        help="Marketplace price against the shop's pricelist price at the "
        "last price watch, in percent of the pricelist price.",
    )
    price_watch_flagged = fields.Boolean(
        string="Price Watch Alert",
        readonly=True,
        copy=False,
        index=True,
        help="The last price watch found a difference beyond the shop's tolerance.",
    )
    price_watch_checked_at = fields.Datetime(
        string="Price Checked At", readonly=True, copy=False
    )

    @api.model
    def _cron_oms_price_watch(self):
        """Compare every bound listing's marketplace price with its shop's
        pricelist price; flag and raise a to-do beyond the tolerance."""
        bindings = self.search(
            [
                ("product_id", "!=", False),
                ("marketplace_price", ">", 0),
                ("channel_id.active", "=", True),
                ("listing_state", "!=", "deleted"),
            ]
        )
        return bindings._oms_watch_prices()

    def _oms_watch_prices(self):
        now = fields.Datetime.now()
        newly_flagged = self.browse()
        for channel in self.channel_id:
            bindings = self.filtered(lambda b, c=channel: b.channel_id == c)
            expected = channel._oms_pricelist_prices(bindings.product_id)
            tolerance = channel.price_tolerance
            values = {}
            for binding in bindings:
                price = expected[binding.product_id.id]
                diff = (
                    (binding.marketplace_price - price) / price * 100.0
                    if price
                    else 100.0
                )
                values[binding] = (round(diff, 2), abs(diff) > tolerance)
            for binding, (diff, flagged) in values.items():
                if flagged and not binding.price_watch_flagged:
                    newly_flagged |= binding
                binding.write(
                    {
                        "price_watch_diff": diff,
                        "price_watch_flagged": flagged,
                        "price_watch_checked_at": now,
                    }
                )
        for binding in newly_flagged:
            binding.activity_schedule(
                PRICE_ACTIVITY,
                summary=_("Marketplace price differs from Odoo"),
                note=_(
                    "%(market)s on the marketplace, %(odoo)s in Odoo (%(diff)s%%).",
                    market=binding.marketplace_price,
                    odoo=binding.expected_price,
                    diff=binding.price_watch_diff,
                ),
                user_id=binding.channel_id._oms_responsible().id,
            )
        (self.filtered(lambda b: not b.price_watch_flagged)).activity_feedback(
            [PRICE_ACTIVITY], feedback=_("Prices agree again.")
        )
        _logger.info(
            "Price watch: %s listing(s) checked, %s new difference(s)",
            len(self),
            len(newly_flagged),
        )
        return newly_flagged

    def action_oms_price_push_odoo(self):
        """Publish the Odoo price (the shop's price job) and clear the alert;
        a refused push flags the listing again at the next watch."""
        self.channel_id._oms_check_support("support_price_push")
        result = self.action_push_price()
        self.write({"price_watch_flagged": False})
        self.activity_feedback([PRICE_ACTIVITY], feedback=_("Odoo price pushed."))
        return result

    def action_oms_price_accept_marketplace(self):
        """Make the marketplace price the shop's pricelist price of the
        product (a fixed-price rule on the shop's pricelist)."""
        self.env["product.pricelist.item"].check_access("create")
        items = []
        for binding in self:
            pricelist = binding.channel_id.pricelist_id
            if not pricelist:
                raise UserError(
                    _(
                        "Shop %s has no pricelist: give it one to accept "
                        "marketplace prices.",
                        binding.channel_id.display_name,
                    )
                )
            items.append(
                {
                    "pricelist_id": pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": binding.product_id.id,
                    "product_tmpl_id": binding.product_id.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": binding.marketplace_price,
                }
            )
        self.env["product.pricelist.item"].create(items)
        for binding in self:
            binding._message_log(
                body=_(
                    "Marketplace price %(price)s accepted by %(user)s.",
                    price=binding.marketplace_price,
                    user=self.env.user.name,
                )
            )
        self.write({"price_watch_flagged": False, "price_watch_diff": 0.0})
        self.activity_feedback(
            [PRICE_ACTIVITY], feedback=_("Marketplace price accepted.")
        )
        return notification(
            _("Prices accepted"),
            _("%s marketplace price(s) are now the shops' prices.", len(self)),
        )
