import json
import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.contract import (
    ConnectorContract,
    ConnectorContractAdapter,
)

from ..tiktok_api import const, signing
from .common import APP_KEY, APP_SECRET, TikTokSandboxMixin, authorize


class TikTokContractAdapter(TikTokSandboxMixin, ConnectorContractAdapter):
    """The connector contract bound to the TikTok Shop sandbox."""

    contract_platform = "tiktok"
    contract_stock_batch = 100

    def setUp(self):
        super().setUp()
        self.sandbox.configure_push(self.contract_webhook_url())

    def contract_add_listings(self, skus, quantity=100):
        # one product of many SKUs: TikTok sets stock product by product
        self.list_skus(skus, price="10.00", stock=quantity)

    def contract_place_orders(self, count, skus):
        return [
            self.sandbox.place_order([(skus[index % len(skus)], 1)])
            for index in range(count)
        ]

    def contract_cancel_on_marketplace(self, ref):
        self.sandbox.set_order_status(ref, "CANCELLED")

    def contract_is_cancelled_on_marketplace(self, ref):
        return self.sandbox.order(ref)["status"] == const.CANCELLED

    def contract_expire_authorization(self):
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        self.sandbox.expire_refresh_token(self.shop.sudo().refresh_token)

    def contract_reauthorize(self):
        authorize(self.shop)

    def contract_drop_pushes(self):
        self.sandbox.pending_webhooks.clear()

    def contract_push_secret(self):
        return APP_SECRET

    def contract_push(self, ref, secret):
        body = json.dumps(
            {
                "type": const.WEBHOOK_ORDER_STATUS_CHANGE,
                "tts_notification_id": f"contract-{ref}",
                "shop_id": self.sandbox.shop.id,
                "timestamp": int(time.time()),
                "data": {
                    "order_id": ref,
                    "order_status": const.AWAITING_SHIPMENT,
                    "update_time": int(time.time()),
                },
            }
        ).encode()
        headers = {
            "Authorization": signing.sign_webhook(secret, APP_KEY, body),
            "Content-Type": "application/json",
        }
        return headers, body

    def contract_marketplace_price(self, sku):
        return self.sandbox.price(sku)

    def contract_marketplace_quantity(self, sku):
        return sum(self.sandbox.stock(sku).values())

    def contract_stock_call_count(self):
        return sum(
            1 for path in self.sandbox.calls if path.endswith("/inventory/update")
        )


@tagged("post_install", "-at_install")
class TestTikTokContract(TikTokContractAdapter, ConnectorContract, HttpCase):
    """TikTok Shop passes the connector contract."""
