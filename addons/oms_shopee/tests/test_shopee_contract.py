import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.contract import (
    ConnectorContract,
    ConnectorContractAdapter,
)
from odoo.addons.oms_shopee.shopee_api import const, signing

from .common import ShopeeSandboxMixin, connect_shop


class ShopeeContractAdapter(ShopeeSandboxMixin, ConnectorContractAdapter):
    """The connector contract bound to the Shopee sandbox."""

    contract_platform = "shopee"
    contract_stock_batch = const.STOCK_UPDATE_BATCH

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def setUp(self):
        # the mixin gives every test an empty, freshly authorized shop
        super().setUp()
        self.sandbox.configure_push(self.contract_webhook_url())

    def contract_add_listings(self, skus, quantity=100):
        # models of one item share stock calls: at most a batch per item
        batch = self.contract_stock_batch
        for start in range(0, len(skus), batch):
            self.sandbox.add_item(
                f"Contract item {start}",
                variants=[
                    {"option": sku, "sku": sku, "price": 10.0, "stock": quantity}
                    for sku in skus[start : start + batch]
                ],
            )

    def contract_place_orders(self, count, skus):
        return self.sandbox.generate_orders(
            count, skus, cod_ratio=0, multi_item_ratio=0
        )

    def contract_cancel_on_marketplace(self, ref):
        self.sandbox.set_order_status(ref, "CANCELLED", reason="Buyer request")

    def contract_is_cancelled_on_marketplace(self, ref):
        return self.sandbox.order(ref)["order_status"] == "CANCELLED"

    def contract_expire_authorization(self):
        self.sandbox.expire_access_token()
        self.sandbox.expire_refresh_token()

    def contract_reauthorize(self):
        connect_shop(self.shop)

    def contract_drop_pushes(self):
        self.sandbox.shop.pending_pushes.clear()

    def contract_push_secret(self):
        return self.sandbox.partner_key

    def contract_push(self, ref, key):
        body, headers = self.sandbox.push_message(
            const.PUSH_ORDER_STATUS,
            {
                "ordersn": ref,
                "status": "READY_TO_SHIP",
                "update_time": int(time.time()),
            },
        )
        url = self.contract_webhook_url()
        return dict(headers, Authorization=signing.sign_push(key, url, body)), body

    def contract_marketplace_price(self, sku):
        return self.sandbox.model_price(sku)

    def contract_marketplace_quantity(self, sku):
        return self.sandbox.sellable_quantity(sku)

    def contract_stock_call_count(self):
        return self.sandbox.call_count(const.PATH_UPDATE_STOCK)


@tagged("post_install", "-at_install")
class TestShopeeContract(ShopeeContractAdapter, ConnectorContract, HttpCase):
    """Shopee passes the connector contract."""
