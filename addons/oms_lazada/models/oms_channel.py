from odoo import _, api, fields, models

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP, PlatformDefaults

from .. import mapping
from ..lazada_api import LazadaClient, const


class OmsChannel(models.Model):
    """The Lazada shop: credentials, venture, feature flags, client and
    authorization; the other concerns have their ``oms_channel_*`` file."""

    _inherit = "oms.channel"
    _oms_platform_defaults = PlatformDefaults(
        "lazada",
        region_field="lazada_region",
        default_region="sg",
        production_url=const.GATEWAYS,
        sandbox_url=f"{const.SANDBOX_URL}/rest",
    )

    platform = fields.Selection(
        selection_add=[("lazada", "Lazada")], ondelete={"lazada": "set default"}
    )
    # The shop's market: Lazada calls it the venture.
    lazada_region = fields.Selection(
        [
            ("sg", "Singapore"),
            ("th", "Thailand"),
            ("my", "Malaysia"),
            ("vn", "Vietnam"),
            ("ph", "Philippines"),
            ("id", "Indonesia"),
        ],
        string="Lazada Venture",
        default="sg",
    )
    lazada_app_key = fields.Char(string="App Key", groups=MANAGER_GROUP, copy=False)
    lazada_app_secret = fields.Char(
        string="App Secret", groups=MANAGER_GROUP, copy=False
    )
    lazada_auth_url = fields.Char(
        string="Auth URL",
        compute="_compute_lazada_auth_url",
        store=True,
        readonly=False,
        precompute=True,
        help="Token endpoint host; https://auth.lazada.com/rest in production.",
    )
    lazada_seller_id = fields.Char(string="Seller ID", copy=False)

    def _compute_feature_support_fields(self):
        """Override of `oms_base` to offer what Lazada's Open API does."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == "lazada").update(
            {
                "support_listing_import": True,
                "support_listing_create": True,
                "support_listing_update": True,
                "support_listing_delete": True,
                "support_listing_activation": True,
                "support_price_push": True,
                "support_order_cancel": True,
                "support_partial_cancel": True,
                "support_returns": True,
                "support_return_decisions": True,
                "support_return_dispute": True,
                "support_finance": True,
                "support_fulfilment": True,
                "support_labels": True,
                "support_order_split": True,
            }
        )
        return res

    @api.depends("platform", "environment")
    def _compute_lazada_auth_url(self):
        for channel in self:
            if channel.platform != "lazada":
                channel.lazada_auth_url = channel.lazada_auth_url
            elif channel.environment == "production":
                channel.lazada_auth_url = const.AUTH_URL
            else:
                channel.lazada_auth_url = f"{const.SANDBOX_URL}/auth/rest"

    # ------------------------------------------------------------------
    # Client and auth
    # ------------------------------------------------------------------

    def _oms_client(self):
        """Override of `oms_base` to return a Lazada client for this shop."""
        if self.platform != "lazada":
            return super()._oms_client()
        channel_sudo = self._oms_credentials("lazada_app_key", "lazada_app_secret")
        return LazadaClient(
            channel_sudo.lazada_app_key,
            channel_sudo.lazada_app_secret,
            channel_sudo.api_url or const.GATEWAYS[self.lazada_region or "sg"],
            auth_url=channel_sudo.lazada_auth_url or const.AUTH_URL,
            access_token=channel_sudo.access_token,
        )

    def _oms_authorize_url(self, redirect_uri, state):
        if self.platform != "lazada":
            return super()._oms_authorize_url(redirect_uri, state)
        return self._oms_client().authorize_url(
            redirect_uri, state=state, country=self.lazada_region
        )

    def _oms_exchange_code(self, code, **params):
        if self.platform != "lazada":
            return super()._oms_exchange_code(code, **params)
        token = self._oms_client().create_token(code)
        self._lazada_store_token(token)
        return True

    def _oms_refresh_token(self):
        if self.platform != "lazada":
            return super()._oms_refresh_token()
        token = self._oms_client().refresh_access_token(
            self._oms_stored_refresh_token()
        )
        self._lazada_store_token(token)
        return True

    def _lazada_store_token(self, token):
        pair = mapping.token_pair(token, self.lazada_region)
        self._oms_store_tokens(pair)
        if pair.account_id:
            self.write(
                {
                    "lazada_seller_id": pair.account_id,
                    "external_shop_id": pair.extra["short_code"] or pair.account_id,
                }
            )

    def _oms_test_connection(self):
        if self.platform != "lazada":
            return super()._oms_test_connection()
        seller = self._oms_client().get_seller()
        if seller.get("seller_id"):
            self.lazada_seller_id = str(seller["seller_id"])
        return _(
            "Connected to %(name)s (seller %(seller)s, %(status)s).",
            name=seller.get("name"),
            seller=seller.get("seller_id"),
            status=seller.get("status"),
        )
