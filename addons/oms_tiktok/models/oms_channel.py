from urllib.parse import urlencode

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.models.oms_channel import (
    MANAGER_GROUP,
    USER_GROUP,
    PlatformDefaults,
)

from .. import mapping
from ..tiktok_api import TikTokClient, const

REGIONS = [
    ("MY", "Malaysia"),
    ("SG", "Singapore"),
    ("TH", "Thailand"),
    ("VN", "Vietnam"),
    ("PH", "Philippines"),
    ("ID", "Indonesia"),
    ("US", "United States"),
    ("GB", "United Kingdom"),
]


# What the Partner API lets a seller do from Odoo (see
# _compute_feature_support_fields).
TIKTOK_FEATURES = (
    "support_listing_import",
    "support_listing_create",
    "support_listing_update",
    "support_listing_delete",
    "support_listing_activation",
    "support_price_push",
    "support_order_cancel",
    "support_partial_cancel",
    "support_buyer_cancellation",
    "support_fulfilment",
    "support_labels",
    "support_order_split",
)


class OmsChannel(models.Model):
    _inherit = "oms.channel"
    _oms_platform_defaults = PlatformDefaults(
        "tiktok",
        region_field="tiktok_region",
        default_region="MY",
        production_url=const.HOST_API,
        sandbox_url=const.SANDBOX_URL,
    )

    platform = fields.Selection(
        selection_add=[("tiktok", "TikTok Shop")], ondelete={"tiktok": "set default"}
    )
    tiktok_app_key = fields.Char(
        string="TikTok App Key", groups=MANAGER_GROUP, copy=False
    )
    tiktok_app_secret = fields.Char(
        string="TikTok App Secret", groups=MANAGER_GROUP, copy=False
    )
    tiktok_service_id = fields.Char(
        string="Service ID",
        help="The app's service id on the TikTok Shop Partner Center; the "
        "seller's consent link names it.",
    )
    tiktok_region = fields.Selection(REGIONS, string="Region", default="MY")
    tiktok_shop_cipher = fields.Char(
        string="Shop Cipher",
        copy=False,
        help="TikTok's key of the shop, sent with every shop-scoped call; "
        "filled from the authorized shops.",
    )
    tiktok_shop_ids = fields.One2many(
        "oms.tiktok.shop",
        "channel_id",
        string="Authorized Shops",
        # the OMS people's; an accountant opening the shop reads it without
        groups=USER_GROUP,
        help="The shops the seller's authorization covers: one app, one "
        "authorization, many shops.",
    )

    def _compute_feature_support_fields(self):
        """Override of `oms_base` to offer what TikTok Shop's Partner API does.

        TikTok cancels whole orders or some lines, and buyers ask to cancel
        (approved or rejected by the seller).
        """
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == "tiktok").update(
            dict.fromkeys(TIKTOK_FEATURES, True)
        )
        return res

    # ------------------------------------------------------------------
    # Client and authorization
    # ------------------------------------------------------------------

    def _oms_client(self):
        """Override of `oms_base` to return a TikTok client for this shop."""
        if self.platform != "tiktok":
            return super()._oms_client()
        channel_sudo = self._oms_credentials("tiktok_app_key", "tiktok_app_secret")
        services_url = None
        if self.environment == "production" and self.tiktok_region == "US":
            services_url = const.HOST_SERVICES_US
        return TikTokClient(
            channel_sudo.tiktok_app_key,
            channel_sudo.tiktok_app_secret,
            channel_sudo.api_url or const.HOST_API,
            access_token=channel_sudo.access_token or None,
            shop_cipher=self.tiktok_shop_cipher or None,
            services_url=services_url,
        )

    def _oms_authorize_url(self, redirect_uri, state):
        """Override of `oms_base`: the seller's consent link of the app.

        TikTok redirects to the URL set on the app in Partner Center; the
        sandbox takes it from ``redirect_uri`` instead.
        """
        if self.platform != "tiktok":
            return super()._oms_authorize_url(redirect_uri, state)
        if not self.tiktok_service_id:
            raise UserError(_("Set the TikTok Shop service ID of %s.", self.name))
        url = self._oms_client().authorization_url(self.tiktok_service_id, state)
        if self.environment != "production":
            url = f"{url}&{urlencode({'redirect_uri': redirect_uri})}"
        return url

    def _oms_exchange_code(self, code, **params):
        """Override of `oms_base`: trade the code, then list the shops the
        seller authorized and pick this one's (see ``_tiktok_select_shop``)."""
        if self.platform != "tiktok":
            return super()._oms_exchange_code(code, **params)
        client = self._oms_client()
        self._oms_store_tokens(mapping.token_pair(client.get_access_token(code)))
        self._tiktok_update_shops(client.get_authorized_shops())
        return True

    def _oms_refresh_token(self):
        if self.platform != "tiktok":
            return super()._oms_refresh_token()
        token = self._oms_client().refresh_access_token(
            self._oms_stored_refresh_token()
        )
        self._oms_store_tokens(mapping.token_pair(token))
        return True

    def _tiktok_update_shops(self, shops):
        """Store the authorized shops; select this shop's among them.

        A shop already bound (shop id) must be among them; an unbound one
        takes the only authorized shop, or waits for the manager's pick.
        """
        self.tiktok_shop_ids.unlink()
        records = self.env["oms.tiktok.shop"].create(
            [
                {
                    "channel_id": self.id,
                    "shop_id": str(shop.get("id")),
                    "name": shop.get("name"),
                    "region": shop.get("region"),
                    "cipher": shop.get("cipher"),
                    "code": shop.get("code"),
                }
                for shop in shops
            ]
        )
        if self.external_shop_id:
            mine = records.filtered(lambda s: s.shop_id == self.external_shop_id)
            if not mine:
                raise UserError(
                    _(
                        "The seller's authorization does not cover TikTok shop "
                        "%(shop)s (it covers %(shops)s): log in with the "
                        "account of that shop and authorize again.",
                        shop=self.external_shop_id,
                        shops=", ".join(records.mapped("display_name")) or "-",
                    )
                )
            mine.action_select()
        elif len(records) == 1:
            records.action_select()

    def _oms_test_connection(self):
        if self.platform != "tiktok":
            return super()._oms_test_connection()
        client = self._oms_client()
        shops = client.get_authorized_shops()
        self._tiktok_update_shops(shops)
        if not self.tiktok_shop_cipher:
            return _(
                "Connected: %s shops are authorized; select this one in the "
                "Authorized Shops tab.",
                len(shops),
            )
        self._tiktok_sync_warehouses(client.for_shop(self.tiktok_shop_cipher))
        return _(
            "Connected to %(name)s (shop %(shop)s, %(region)s).",
            name=self.tiktok_shop_ids.filtered("selected")[:1].name,
            shop=self.external_shop_id,
            region=self.tiktok_region,
        )

    def _tiktok_require_shop(self):
        if not self.tiktok_shop_cipher:
            raise UserError(
                _(
                    "Select which authorized TikTok shop %s is (Authorized Shops tab).",
                    self.display_name,
                )
            )
