"""A Lazada Open Platform stand-in on loopback.

It checks what the real gateway checks (app key, timestamp window,
signature, access token, mandatory parameters, per-API rate limit), answers
with Lazada's envelopes and error codes, and keeps a shop in memory:
products, stock, orders with per-item statuses, packages, AWB documents,
reverse orders and finance transactions. Status changes queue signed push
messages. What it answers follows Lazada's API reference, not our
connector: it imports nothing of it.

This module is the HTTP face: routes, the gateway's envelope and checks.
What each API does is in the shop's mixins (``shop.py``).
"""

import secrets

from oms_api_common import SandboxServer

from . import apis
from .auth import AuthApis
from .common import LazadaError, ResultRefusal, missing_parameter
from .control import ControlApis
from .payload import PayloadError
from .seller import SellerApis
from .shop import LazadaShop

__all__ = ["LazadaError", "LazadaSandbox"]


class LazadaSandbox(AuthApis, ControlApis, SellerApis, LazadaShop, SandboxServer):
    name = "lazada-sandbox"
    title = "Lazada sandbox"

    def __init__(
        self,
        app_key="sandbox-app",
        app_secret="sandbox-secret",
        venture="sg",
        seed_demo=False,
        access_ttl=2592000,
        refresh_ttl=15552000,
        qps_per_api=None,
        seed=None,
    ):
        super().__init__()
        self._init_auth(app_key, app_secret, access_ttl, refresh_ttl)
        self._init_shop(venture, seed)
        self.qps_per_api = qps_per_api
        self.api_hits = {}
        self._register_routes()
        if seed_demo:
            self.seed_demo()

    # ------------------------------------------------------------------
    # Routing and gateway checks
    # ------------------------------------------------------------------

    def _register_routes(self):
        api = {
            "/seller/get": self._seller_get,
            "/seller/performance/get": self._seller_performance,
            "/seller/metrics/get": self._seller_metrics,
            "/orders/get": self._orders_get,
            "/order/get": self._order_get,
            "/order/items/get": self._order_items_get,
            "/orders/items/get": self._orders_items_get,
            "/products/get": self._products_get,
            "/product/item/get": self._product_get,
            "/category/tree/get": self._category_tree,
            "/category/attributes/get": self._category_attributes,
            "/image/upload": self._image_upload,
            "/image/migrate": self._image_migrate,
            "/product/create": self._product_create,
            "/product/update": self._product_update,
            "/product/remove": self._product_remove,
            "/product/price_quantity/update": self._price_quantity_update,
            "/product/stock/sellable/update": self._sellable_update,
            "/product/deactivate": self._product_deactivate,
            "/order/reverse/cancel/validate": self._cancel_validate,
            "/order/reverse/cancel/create": self._cancel_create,
            "/order/shipment/providers/get": self._shipment_providers,
            "/order/fulfill/pack": self._pack,
            "/order/package/rts": self._rts,
            "/order/package/document/get": self._document,
            "/reverse/getreverseordersforseller": self._reverse_list,
            "/order/reverse/return/detail/list": self._reverse_detail,
            "/order/reverse/reason/list": self._reverse_reasons,
            "/order/reverse/return/update": self._reverse_update,
            "/order/reverse/onlyrefund/seller/decide": self._only_refund_decide,
            "/finance/transaction/details/get": self._transactions_get,
            "/finance/payout/status/get": self._payout_status,
        }
        for path, handler in api.items():
            self.route("GET", "/rest" + path, self._gateway(path, handler))
        for path, handler in (
            ("/auth/token/create", self._token_create),
            ("/auth/token/refresh", self._token_refresh),
        ):
            self.route("POST", "/auth/rest" + path, self._gateway(path, handler, False))
        self.route("GET", "/oauth/authorize", self._authorize_page)
        for path, handler in (
            ("/_sandbox/generate_orders", self._control_generate),
            ("/_sandbox/set_order_status", self._control_status),
            ("/_sandbox/flush_pushes", self._control_flush),
            ("/_sandbox/expire_token", self._control_expire),
            ("/_sandbox/add_product", self._control_add_product),
            ("/_sandbox/reverse/advance", self._control_reverse),
            ("/_sandbox/reverse/of_order", self._control_reverses),
        ):
            self.route("POST", path, handler)

    def _envelope_error(self, err):
        body = {
            "type": err.type,
            "code": err.code,
            "message": err.message,
            "request_id": self._request_id(),
        }
        if err.detail:
            body["detail"] = err.detail
        return 200, body, {}

    def _request_id(self):
        return secrets.token_hex(12)

    def _gateway(self, api_path, handler, needs_token=True):
        def serve(request):
            params = request.params
            try:
                self._check_request(api_path, params, needs_token)
                self._check_mandatory(api_path, params, request)
                with self.lock:
                    body = handler(params, request)
            except PayloadError as err:
                return self._envelope_error(
                    LazadaError("5", f"E005: Invalid Request Format ({err})")
                )
            except LazadaError as err:
                return self._envelope_error(err)
            except ResultRefusal as err:
                body = {
                    "result": {
                        "success": False,
                        "error_code": err.code,
                        "error_msg": err.message,
                    }
                }
            return 200, {"code": "0", "request_id": self._request_id(), **body}, {}

        return serve

    def _check_mandatory(self, api_path, params, request):
        for name in apis.REQUIRED.get(api_path, ()):
            if params.get(name) in (None, "") and name not in request.files:
                raise missing_parameter(name)
        one_of = apis.ONE_OF.get(api_path)
        if one_of and not any(params.get(name) for name in one_of[0]):
            raise LazadaError(one_of[1], one_of[2])

    def _check_request(self, api_path, params, needs_token):
        """Credentials first, then the per-API rate limit."""
        self._check_credentials(api_path, params, needs_token)
        if self.qps_per_api:
            second = int(self.clock())
            key = (api_path, second)
            with self.lock:
                self.api_hits[key] = self.api_hits.get(key, 0) + 1
                hits = self.api_hits[key]
            if hits > self.qps_per_api:
                raise self._call_limit()

    @staticmethod
    def _call_limit(seconds=1):
        return LazadaError(
            "ApiCallLimit",
            "Api access frequency exceeds the limit. "
            f"this ban will last {seconds} seconds",
        )

    def fault_response(self, fault, request):
        if fault == "rate_limit":
            return self._envelope_error(self._call_limit(self.faults.rate_limit_ban))
        return super().fault_response(fault, request)
