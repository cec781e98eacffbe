from urllib.parse import urlencode

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP, PlatformDefaults

from .. import mapping
from ..shopee_api import ShopeeClient, const


class OmsChannel(models.Model):
    """The Shopee shop: credentials, region, feature flags, client and
    authorization; the other concerns have their ``oms_channel_*`` file."""

    _inherit = "oms.channel"
    _oms_platform_defaults = PlatformDefaults(
        "shopee",
        region_field="shopee_region",
        default_region="MY",
        production_url=const.HOST_LIVE,
        sandbox_url=const.SANDBOX_URL,
    )

    platform = fields.Selection(
        selection_add=[("shopee", "Shopee")], ondelete={"shopee": "set default"}
    )
    shopee_partner_id = fields.Char(
        string="Partner ID", groups=MANAGER_GROUP, copy=False
    )
    shopee_partner_key = fields.Char(groups=MANAGER_GROUP, copy=False)
    shopee_region = fields.Selection(
        [
            ("MY", "Malaysia"),
            ("SG", "Singapore"),
            ("TH", "Thailand"),
            ("VN", "Vietnam"),
            ("PH", "Philippines"),
            ("ID", "Indonesia"),
            ("TW", "Taiwan"),
            ("BR", "Brazil"),
            ("MX", "Mexico"),
        ],
        default="MY",
    )
    shopee_split_order = fields.Boolean(
        string="Split Order Permission",
        default=True,
        help="Shopee grants the split order permission shop by shop: clear "
        "this if yours was not, and routing will not split its orders.",
    )

    @api.depends("platform", "shopee_split_order")
    def _compute_feature_support_fields(self):
        """Override of `oms_base` to offer what Shopee's Open Platform does.

        Shopee cancels whole orders only; buyers ask to cancel and the
        seller answers (IN_CANCEL).
        """
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == "shopee").update(
            {
                "support_listing_import": True,
                "support_listing_create": True,
                "support_listing_update": True,
                "support_listing_delete": True,
                "support_listing_activation": True,
                "support_price_push": True,
                "support_order_cancel": True,
                "support_buyer_cancellation": True,
                "support_returns": True,
                "support_return_decisions": True,
                "support_return_dispute": True,
                "support_return_partial_refund": True,
                "support_finance": True,
                "support_fulfilment": True,
                "support_labels": True,
                "support_logistics_channels": True,
            }
        )
        for channel in self.filtered(lambda c: c.platform == "shopee"):
            channel.support_order_split = channel.shopee_split_order
        return res

    # ------------------------------------------------------------------
    # Client and auth
    # ------------------------------------------------------------------

    def _oms_client(self):
        """Override of `oms_base` to return a Shopee client bound to this shop."""
        if self.platform != "shopee":
            return super()._oms_client()
        channel_sudo = self._oms_credentials("shopee_partner_id", "shopee_partner_key")
        return ShopeeClient(
            channel_sudo.shopee_partner_id,
            channel_sudo.shopee_partner_key,
            channel_sudo.api_url or const.HOST_LIVE,
            shop_id=channel_sudo.external_shop_id or None,
            access_token=channel_sudo.access_token or None,
        )

    def _oms_authorize_url(self, redirect_uri, state):
        """Override of `oms_base` to build Shopee's auth_partner link.

        Shopee only appends ``code`` and ``shop_id`` to the redirect, so the
        signed ``state`` travels inside the redirect URL itself.
        """
        if self.platform != "shopee":
            return super()._oms_authorize_url(redirect_uri, state)
        redirect = f"{redirect_uri}?{urlencode({'state': state})}"
        return self._oms_client().auth_partner_url(redirect)

    def _oms_exchange_code(self, code, **params):
        """Override of `oms_base` to trade Shopee's code (+ shop_id) for tokens."""
        if self.platform != "shopee":
            return super()._oms_exchange_code(code, **params)
        shop_id = params.get("shop_id") or self.external_shop_id
        if not shop_id:
            raise UserError(
                _("Shopee did not say which shop was authorized (no shop_id).")
            )
        client = self._oms_client()
        token = client.get_access_token(code, shop_id)
        self.external_shop_id = str(client.shop_id)
        self._oms_store_tokens(mapping.token_pair(token, self.external_shop_id))
        return True

    def _oms_refresh_token(self):
        """Override of `oms_base` to refresh Shopee tokens.

        Shopee refresh tokens are single use: the new pair is stored at once,
        and a refused refresh token means the seller must authorize again.
        """
        if self.platform != "shopee":
            return super()._oms_refresh_token()
        token = self._oms_client().refresh_access_token(
            self._oms_stored_refresh_token(), self.external_shop_id
        )
        self._oms_store_tokens(mapping.token_pair(token, self.external_shop_id))
        return True

    def _oms_test_connection(self):
        """Override of `oms_base` to read the Shopee shop's profile."""
        if self.platform != "shopee":
            return super()._oms_test_connection()
        info = self._oms_client().get_shop_info()
        region = info.get("region")
        # Written only when it changed: a test of the connection leaves the
        # shop's row alone (its tokens may have just been committed aside).
        if region != self.shopee_region and region in dict(
            self._fields["shopee_region"].selection
        ):
            self.shopee_region = region
        return _(
            "Connected to %(name)s (shop %(shop)s, %(region)s, %(status)s).",
            name=info.get("shop_name"),
            shop=self.external_shop_id,
            region=info.get("region"),
            status=info.get("status"),
        )

    def _shopee_poll_settings(self):
        """(interval, timeout) in seconds for Shopee's asynchronous results."""
        # Technical parameters; reading them needs no access right of the user.
        params = self.env["ir.config_parameter"].sudo()
        return (
            float(params.get_param("oms_shopee.poll_interval", 2.0)),
            float(params.get_param("oms_shopee.poll_timeout", 30.0)),
        )
