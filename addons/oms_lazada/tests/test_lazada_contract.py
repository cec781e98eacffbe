import json
import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.contract import (
    ConnectorContract,
    ConnectorContractAdapter,
)
from odoo.addons.oms_lazada.lazada_api import signing

from .common import APP_KEY, APP_SECRET, LazadaSandboxMixin

STOCK_PATH = "/rest/product/stock/sellable/update"


class LazadaContractAdapter(LazadaSandboxMixin, ConnectorContractAdapter):
    """The connector contract bound to the Lazada sandbox."""

    contract_platform = "lazada"
    contract_stock_batch = 50

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        # one sandbox serves the class: its listings stay, orders go
        self.sandbox.reset_orders()
        self.connect_shop()
        self.sandbox.configure_push(self.contract_webhook_url())

    def contract_add_listings(self, skus, quantity=100):
        for sku in skus:
            self.sandbox.add_product(sku, price=10.0, quantity=quantity)

    def contract_place_orders(self, count, skus):
        order_ids = self.sandbox.generate_orders(
            count, skus, cod_ratio=0, multi_item_ratio=0
        )
        return [str(order_id) for order_id in order_ids]

    def contract_cancel_on_marketplace(self, ref):
        self.sandbox.set_order_status(int(ref), "canceled", reason="Buyer request")

    def contract_is_cancelled_on_marketplace(self, ref):
        items = self.sandbox.orders[int(ref)]["items"]
        return {item["status"] for item in items} == {"canceled"}

    def contract_expire_authorization(self):
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        self.shop.sudo().refresh_token = "revoked-refresh-token"

    def contract_reauthorize(self):
        self.connect_shop()

    def contract_drop_pushes(self):
        self.sandbox.pending_pushes.clear()

    def contract_push_secret(self):
        return APP_SECRET

    def contract_push(self, ref, secret):
        body = json.dumps(
            {
                "seller_id": self.sandbox.seller_id,
                "message_type": 0,
                "data": {
                    "trade_order_id": ref,
                    "order_status": "pending",
                    "status_update_time": int(time.time()),
                },
                "timestamp": int(time.time() * 1000),
                "site": f"lazada_{self.sandbox.venture}",
            }
        ).encode()
        headers = {
            "Authorization": signing.sign_push(APP_KEY, secret, body),
            "Content-Type": "application/json",
        }
        return headers, body

    def contract_marketplace_price(self, sku):
        return self.sandbox._sku(seller_sku=sku)[1]["price"]

    def contract_marketplace_quantity(self, sku):
        return self.sandbox.sellable_quantity(sku)

    def contract_stock_call_count(self):
        return self.sandbox.call_count(STOCK_PATH)


@tagged("post_install", "-at_install")
class TestLazadaContract(LazadaContractAdapter, ConnectorContract, HttpCase):
    """Lazada passes the connector contract."""
