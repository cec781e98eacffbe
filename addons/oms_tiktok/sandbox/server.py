"""HTTP face of the TikTok Shop emulator: the Partner API gateway (versioned
paths, signature, timestamp, token, shop cipher, rate limits, envelope),
the token endpoints of the auth host, the seller consent page, signed
webhooks and the ``/_sandbox`` control API.
"""

import json
import random
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from oms_api_common.pdf import make_pdf
from oms_api_common.sandbox import SandboxServer

from . import common
from .auth import TikTokAuth
from .common import Call, TikTokError
from .shop import TikTokShop
from .signing import expected_sign, webhook_signature

GET, POST, PUT, DELETE = "GET", "POST", "PUT", "DELETE"
TIMESTAMP_PAST, TIMESTAMP_FUTURE = 300, 30
VERSION = re.compile(r"/(\d{6})(?=/|$)")


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: str
    scope: str
    param_code: int = common.INVALID_REQUEST
    shop: bool = True
    multipart: bool = False

    @property
    def pattern(self):
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        return re.compile(f"^{regex}$")


PRODUCT_BASIC, PRODUCT_WRITE = "seller.product.basic", "seller.product.write"
ORDER, FULFILLMENT = "seller.order.info", "seller.fulfillment.basic"
RETURNS, FINANCE = "seller.return_refund.basic", "seller.finance.info"
PRODUCT_PARAM, REVERSE_PARAM, SHIP_PARAM = 12052910, 25001001, 21001001
ROUTES = (
    Route(
        GET,
        "/authorization/202309/shops",
        "api_authorized_shops",
        "seller.authorization.info",
        shop=False,
    ),
    Route(
        POST,
        "/product/202502/products/search",
        "api_search_products",
        PRODUCT_BASIC,
        PRODUCT_PARAM,
    ),
    Route(
        GET, "/product/202309/products/{product_id}", "api_get_product", PRODUCT_BASIC
    ),
    Route(
        POST,
        "/product/202309/products",
        "api_create_product",
        PRODUCT_WRITE,
        PRODUCT_PARAM,
    ),
    Route(
        DELETE,
        "/product/202309/products",
        "api_delete_products",
        "seller.product.delete",
    ),
    Route(
        PUT,
        "/product/202509/products/{product_id}",
        "api_edit_product",
        PRODUCT_WRITE,
        PRODUCT_PARAM,
    ),
    Route(
        POST,
        "/product/202309/products/activate",
        "api_activate_products",
        PRODUCT_WRITE,
        PRODUCT_PARAM,
    ),
    Route(
        POST,
        "/product/202309/products/deactivate",
        "api_deactivate_products",
        PRODUCT_WRITE,
        PRODUCT_PARAM,
    ),
    Route(
        POST,
        "/product/202309/products/{product_id}/inventory/update",
        "api_update_inventory",
        PRODUCT_WRITE,
    ),
    Route(GET, "/product/202309/categories", "api_categories", PRODUCT_BASIC),
    Route(
        GET,
        "/product/202309/categories/{category_id}/attributes",
        "api_attributes",
        PRODUCT_BASIC,
    ),
    Route(
        POST,
        "/product/202309/images/upload",
        "api_upload_image",
        PRODUCT_WRITE,
        11050001,
        shop=False,
        multipart=True,
    ),
    Route(GET, "/logistics/202309/warehouses", "api_warehouses", "seller.logistics"),
    Route(POST, "/order/202309/orders/search", "api_search_orders", ORDER),
    Route(GET, "/order/202507/orders", "api_get_orders", ORDER),
    Route(
        POST,
        "/return_refund/202309/cancellations",
        "api_cancel_order",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/cancellations/search",
        "api_search_cancellations",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/cancellations/{cancel_id}/approve",
        "api_approve_cancellation",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/cancellations/{cancel_id}/reject",
        "api_reject_cancellation",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/returns/search",
        "api_search_returns",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/returns/{return_id}/approve",
        "api_approve_return",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(
        POST,
        "/return_refund/202309/returns/{return_id}/reject",
        "api_reject_return",
        RETURNS,
        REVERSE_PARAM,
    ),
    Route(GET, "/return_refund/202309/reject_reasons", "api_reject_reasons", RETURNS),
    Route(
        GET, "/fulfillment/202309/packages/{package_id}", "api_get_package", FULFILLMENT
    ),
    Route(
        GET,
        "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers",
        "api_shipping_providers",
        "seller.logistics",
    ),
    Route(
        POST,
        "/fulfillment/202309/packages/{package_id}/shipping_info/update",
        "api_update_shipping_info",
        FULFILLMENT,
        21011022,
    ),
    Route(
        GET,
        "/fulfillment/202309/combinable_packages/search",
        "api_search_combinable",
        FULFILLMENT,
    ),
    Route(POST, "/fulfillment/202309/packages/combine", "api_combine", FULFILLMENT),
    Route(
        POST,
        "/fulfillment/202309/packages/{package_id}/uncombine",
        "api_uncombine",
        FULFILLMENT,
        21011005,
    ),
    Route(
        GET,
        "/fulfillment/202309/orders/split_attributes",
        "api_split_attributes",
        FULFILLMENT,
    ),
    Route(
        POST,
        "/fulfillment/202309/orders/{order_id}/split",
        "api_split_order",
        FULFILLMENT,
        21011005,
    ),
    Route(
        POST,
        "/fulfillment/202309/packages/{package_id}/ship",
        "api_ship_package",
        FULFILLMENT,
        SHIP_PARAM,
    ),
    Route(
        GET,
        "/fulfillment/202309/packages/{package_id}/shipping_documents",
        "api_shipping_document",
        FULFILLMENT,
    ),
    Route(GET, "/finance/202309/statements", "api_statements", FINANCE),
    Route(
        GET,
        "/finance/202501/statements/{statement_id}/statement_transactions",
        "api_statement_transactions",
        FINANCE,
    ),
)
PATH_TOKEN_GET = "/api/v2/token/get"
PATH_TOKEN_REFRESH = "/api/v2/token/refresh"
PATH_AUTHORIZE = "/open/authorize"
DEFAULT_SHOP_ID = 7494049642642441621
SERVICE_ID = "7310000000000000001"
# The token pair oms_tiktok's demo shop will be configured with.
DEMO_ACCESS_TOKEN = "TTP_sandbox-demo-access-token"
DEMO_REFRESH_TOKEN = "TTP_sandbox-demo-refresh-token"
# Products whose seller SKUs are the internal references of oms_base's demo.
DEMO_PRODUCTS = (
    {
        "title": "Cotton T-Shirt",
        "category_id": "600003",
        "skus": [
            {
                "seller_sku": "TSHIRT-RED-M",
                "price": "19.90",
                "stock": 50,
                "attributes": [("Color", "Red"), ("Size", "M")],
            },
            {
                "seller_sku": "TSHIRT-BLUE-L",
                "price": "19.90",
                "stock": 50,
                "attributes": [("Color", "Blue"), ("Size", "L")],
            },
        ],
    },
    {
        "title": "Ceramic Mug 350 ml",
        "category_id": "600102",
        "skus": [{"seller_sku": "MUG-350", "price": "9.50", "stock": 80}],
    },
    {
        "title": "Power Bank 10000 mAh",
        "category_id": "600202",
        "skus": [{"seller_sku": "PWRBANK-10K", "price": "29.00", "stock": 30}],
    },
)
# order status -> the control page's actions, as buyer, carrier or TikTok
PAGE_ACTIONS = {
    "UNPAID": (("pay", "Pay"), ("buyer_cancel", "Buyer cancels")),
    "ON_HOLD": (("release_hold", "End the hold"), ("buyer_cancel", "Buyer cancels")),
    "AWAITING_SHIPMENT": (("buyer_cancel", "Buyer asks to cancel"),),
    "AWAITING_COLLECTION": (
        ("IN_TRANSIT", "Carrier collects"),
        ("buyer_cancel", "Buyer asks to cancel"),
    ),
    "IN_TRANSIT": (("DELIVERED", "Deliver"), ("fail_delivery", "Delivery fails")),
    "DELIVERED": (("COMPLETED", "Complete"), ("return", "Buyer returns")),
}


def _request_id(now):
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d%H%M%S")
    return stamp + secrets.token_hex(10).upper()


class TikTokSandbox(SandboxServer):
    """A TikTok Shop Partner API emulator for one app and one seller who
    authorized it for one or more shops.

    Start it with :meth:`start` (its base URL is the client's ``api_url``
    and ``auth_url``), seed it with :meth:`add_product` and
    :meth:`generate_orders`, move orders with :meth:`set_order_status`,
    deliver queued webhooks with :meth:`configure_push` and
    :meth:`flush_pushes`.
    """

    name = "tiktok"
    title = "TikTok Shop sandbox"
    control_errors = (*SandboxServer.control_errors, StopIteration, TikTokError)

    def __init__(
        self,
        app_key="sandbox-app-key",
        app_secret="sandbox-app-secret",
        shops=1,
        region="MY",
        currency="MYR",
        seed=None,
        clock=time.time,
        on_hold_seconds=0,
        audit_delay=0,
        rate_limit_qps=50,
        redirect_url=None,
        seed_demo=False,
    ):
        super().__init__()
        self.app_key = app_key
        self.app_secret = app_secret
        self.shop_count = shops
        self.region = region
        self.currency = currency
        self.clock = clock
        self.service_id = SERVICE_ID
        self.api_routes = [(route, route.pattern) for route in ROUTES]
        # the same paths in any version, to tell a bad version from a bad path
        self.any_version = [
            re.compile(VERSION.sub("/[0-9]{6}", pattern.pattern, count=1))
            for _route, pattern in self.api_routes
        ]
        self.reset(
            seed=seed,
            on_hold_seconds=on_hold_seconds,
            audit_delay=audit_delay,
            rate_limit_qps=rate_limit_qps,
            redirect_url=redirect_url,
        )
        self.route(GET, PATH_TOKEN_GET, self._token_route(self._token_get))
        self.route(GET, PATH_TOKEN_REFRESH, self._token_route(self._token_refresh))
        self.route(GET, PATH_AUTHORIZE, self._authorize_page)
        for path, handler in (
            ("/_sandbox/products", self._control_add_product),
            ("/_sandbox/orders", self._control_place_order),
            ("/_sandbox/orders/generate", self._control_generate_orders),
            ("/_sandbox/orders/status", self._control_order_status),
            ("/_sandbox/orders/buyer_cancel", self._control_buyer_cancel),
            ("/_sandbox/returns", self._control_request_return),
            ("/_sandbox/returns/status", self._control_return_status),
            ("/_sandbox/returns/step", self._control_return_step),
            ("/_sandbox/orders/fail_delivery", self._control_fail_delivery),
            ("/_sandbox/orders/address", self._control_update_address),
            ("/_sandbox/statements", self._control_statement),
            ("/_sandbox/authorize", self._control_authorize),
            ("/_sandbox/tokens", self._control_tokens),
            ("/_sandbox/tokens/expire", self._control_expire_tokens),
            ("/_sandbox/deauthorize", self._control_deauthorize),
            ("/_sandbox/scopes", self._control_scopes),
            ("/_sandbox/push/config", self._control_push_config),
            ("/_sandbox/push/flush", self._control_flush_pushes),
            ("/_sandbox/config", self._control_config),
        ):
            self.route(POST, path, self._control(handler))
        self.prefix_routes = (
            ("/_sandbox/images/", self._serve_image),
            ("/_sandbox/documents/", self._serve_document),
        )
        if seed_demo:
            self.seed_demo()

    def reset(
        self,
        seed=None,
        on_hold_seconds=0,
        audit_delay=0,
        rate_limit_qps=50,
        redirect_url=None,
        error_status=None,
    ):
        """Forget everything: new empty shops, no token, no fault, no call.

        Lets one running server serve many tests without restarting it.
        """
        with self.lock:
            self.ids = common.Ids()
            self.auth = TikTokAuth(
                self.app_key, self.app_secret, self.clock, region=self.region
            )
            self.shops = []
            for index in range(self.shop_count):
                name = "Sandbox Shop" if index == 0 else f"Sandbox Shop {index + 1}"
                self.shops.append(
                    TikTokShop(
                        DEFAULT_SHOP_ID + index,
                        name,
                        self.ids,
                        self.clock,
                        self._queue_webhook,
                        self._foreign_warehouses,
                        region=self.region,
                        currency=self.currency,
                        seed=None if seed is None else seed + index,
                        on_hold_seconds=on_hold_seconds,
                        audit_delay=audit_delay,
                    )
                )
            self.rate_limit_qps = rate_limit_qps
            self.rate_windows = {}
            self.redirect_url = redirect_url
            # TikTok answers refusals in the body; which HTTP status carries
            # them is not documented (except 429), hence 200 unless set here.
            self.error_status = dict(error_status or {})
            self.pending_webhooks = []
            self.calls.clear()
            self.faults.reset()
            self.pushes.url = None
            self.pushes.deliveries.clear()

    @property
    def shop(self):
        """The first (default) shop."""
        return self.shops[0]

    def shop_by(self, key=None):
        """A shop by id or cipher; the default shop when ``key`` is empty."""
        if not key:
            return self.shop
        for shop in self.shops:
            if str(key) in (shop.id, shop.cipher):
                return shop
        raise KeyError(f"no shop {key}")

    def _foreign_warehouses(self, shop):
        return {
            warehouse_id
            for other in self.shops
            if other is not shop
            for warehouse_id in other.warehouse_ids()
        }

    # Routing ----------------------------------------------------------------------

    def dispatch(self, request):
        """Override of ``SandboxServer``: the API paths carry path parameters
        (``/product/202309/products/{product_id}``); exact routes (token
        endpoints, control API, page) are the base class's."""
        exact = any(
            (method, request.path) in self.routes for method in (GET, POST, PUT, DELETE)
        )
        if exact:
            return super().dispatch(request)
        for prefix, handler in self.prefix_routes:
            if request.path.startswith(prefix):
                return handler(request, request.path[len(prefix) :])
        return self.serve_call(request, self._gateway)

    def emulator_error(self, error):
        return {"code": common.INTERNAL_ERROR, "message": str(error)}

    def _resolve(self, request):
        """``(route, path parameters)`` of a request, or TikTok's refusal of
        an unknown path, method or version."""
        matched = [
            (route, match.groupdict())
            for route, pattern in self.api_routes
            if (match := pattern.match(request.path))
        ]
        for route, params in matched:
            if route.method == request.method:
                return route, params
        if matched:
            raise TikTokError(common.INVALID_METHOD)
        if any(pattern.match(request.path) for pattern in self.any_version):
            raise TikTokError(common.INVALID_VERSION)
        raise TikTokError(common.INVALID_PATH, http_status=404)

    def _gateway(self, request):
        now = int(self.clock())
        request_id = _request_id(now)
        try:
            route, path_params = self._resolve(request)
            with self.lock:
                for shop in self.shops:
                    shop.settle()
                shop = self._check(request, route, now)
                call = self._make_call(request, route, shop, path_params, now)
                data = getattr(shop if route.shop else self, route.handler)(call)
        except TikTokError as error:
            return self._error_response(error, request_id)
        return (
            200,
            {"code": 0, "message": "Success", "request_id": request_id, "data": data},
            {},
        )

    def _error_response(self, error, request_id):
        payload = {
            "code": error.code,
            "message": error.message,
            "request_id": request_id,
            "data": error.data,
        }
        status = self.error_status.get(error.code, error.http_status or 200)
        headers = {}
        if error.code == common.TOO_MANY_REQUESTS:
            headers["Retry-After"] = str(self.faults.rate_limit_ban)
        return status, payload, headers

    def fault_response(self, fault, request):
        """Override of ``SandboxServer``: throttling is an HTTP 429 carrying
        TikTok's envelope."""
        if fault != "rate_limit":
            return super().fault_response(fault, request)
        error = TikTokError(common.TOO_MANY_REQUESTS, http_status=429)
        return self._error_response(error, _request_id(int(self.clock())))

    # Gateway checks ---------------------------------------------------------------

    def _check(self, request, route, now):
        """Refuse the call as TikTok's gateway would; return the shop."""
        query = request.query
        if query.get("app_key") != self.app_key:
            raise TikTokError(common.INVALID_REQUEST, common.INVALID_APP_KEY)
        if not query.get("sign"):
            raise TikTokError(common.INVALID_REQUEST, common.MISSING_SIGN)
        try:
            timestamp = int(query.get("timestamp") or "-1")
        except ValueError:
            timestamp = -1
        if timestamp < 0:
            raise TikTokError(common.INVALID_REQUEST, common.TIMESTAMP_NEGATIVE)
        if timestamp < now - TIMESTAMP_PAST:
            raise TikTokError(common.INVALID_REQUEST, common.TIMESTAMP_TOO_OLD)
        if timestamp > now + TIMESTAMP_FUTURE:
            raise TikTokError(common.INVALID_REQUEST, common.TIMESTAMP_TOO_NEW)
        content_type = request.headers.get("Content-Type", "")
        sign = expected_sign(
            self.app_secret, request.path, query, request.body, content_type
        )
        if not secrets.compare_digest(sign, query["sign"].lower()):
            raise TikTokError(common.INVALID_SIGN)
        token = request.headers.get("x-tts-access-token") or query.get("access_token")
        self.auth.check_access_token(token, route.scope)
        cipher = query.get("shop_cipher")
        shop = None
        if route.shop:
            if not cipher:
                raise TikTokError(common.MISSING_SHOP_CIPHER)
            shop = next((s for s in self.shops if s.cipher == cipher), None)
            if shop is None:
                raise TikTokError(common.TOKEN_OR_SHOP_MISMATCH)
        elif cipher:
            raise TikTokError(common.INVALID_REQUEST, common.UNEXPECTED_CIPHER)
        self._throttle(route, cipher or "", now)
        media_type = content_type.split(";", 1)[0].strip().lower()
        if route.multipart and media_type != "multipart/form-data":
            raise TikTokError(common.MULTIPART_REQUIRED)
        if not route.multipart and request.body and media_type != "application/json":
            raise TikTokError(common.BODY_FORMAT)
        return shop

    def _throttle(self, route, cipher, now):
        """At most ``rate_limit_qps`` calls per second per API and shop."""
        if not self.rate_limit_qps:
            return
        window = self.rate_windows.setdefault((route.template, cipher), deque())
        clock = time.monotonic()
        while window and window[0] <= clock - 1:
            window.popleft()
        if len(window) >= self.rate_limit_qps:
            raise TikTokError(common.TOO_MANY_REQUESTS, http_status=429)
        window.append(clock)

    def _make_call(self, request, route, shop, path_params, now):
        query = {
            key: value
            for key, value in request.query.items()
            if key
            not in ("app_key", "sign", "timestamp", "shop_cipher", "access_token")
        }
        body = {}
        if request.body and not route.multipart:
            try:
                body = json.loads(request.body)
            except ValueError:
                raise TikTokError(
                    common.BODY_FORMAT, "The request body is not valid JSON."
                ) from None
            if not isinstance(body, dict):
                raise TikTokError(
                    common.BODY_FORMAT, "The request body is not a JSON object."
                )
        return Call(
            shop,
            query,
            body,
            path_params,
            route.param_code,
            files=request.files,
            form=request.form,
            now=now,
            base_url=self.base_url or "",
        )

    # API handlers of the app (not of a shop) --------------------------------------

    def api_authorized_shops(self, call):
        return {"shops": [shop.info() for shop in self.shops]}

    def api_upload_image(self, call):
        # images belong to the seller; the default shop keeps them for all
        uploaded = self.shop.api_upload_image(call)
        for shop in self.shops[1:]:
            shop.images.update(self.shop.images)
        return uploaded

    # Token endpoints and the consent page -----------------------------------------

    def _token_route(self, handler):
        def handle(request):
            request_id = _request_id(int(self.clock()))
            try:
                with self.lock:
                    data = handler(dict(request.query))
            except TikTokError as error:
                return self._error_response(error, request_id)
            return (
                200,
                {
                    "code": 0,
                    "message": "success",
                    "request_id": request_id,
                    "data": data,
                },
                {},
            )

        return handle

    def _token_get(self, params):
        return self.auth.exchange_code(params)

    def _token_refresh(self, params):
        return self.auth.refresh(params)

    def _authorize_page(self, request):
        """The seller logs in and consents at once: a redirect to the app's
        redirect URL with ``code`` and ``state`` (``redirect_uri`` stands in
        for the URL configured in Partner Center when none is set here)."""
        query = request.query
        if query.get("service_id") != self.service_id:
            return (
                400,
                "<p>Unknown service_id: this app is not on the App Store.</p>",
                {},
            )
        redirect = self.redirect_url or query.get("redirect_uri")
        if not redirect:
            return 400, "<p>No redirect URL is configured for this app.</p>", {}
        with self.lock:
            code = self.auth.grant_code()
        parts = urlsplit(redirect)
        extra = urlencode({"code": code, "state": query.get("state", "")})
        location = urlunsplit(
            parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra)
        )
        return 302, "", {"Location": location}

    # Files behind the URLs the API gives ------------------------------------------

    def _serve_image(self, request, key):
        with self.lock:
            for shop in self.shops:
                content = shop.image_content(key)
                if content is not None:
                    return 200, content, {"Content-Type": "application/octet-stream"}
        return 404, b"Not found", {"Content-Type": "text/plain"}

    def _serve_document(self, request, name):
        key = name.removesuffix(".pdf")
        with self.lock:
            for shop in self.shops:
                lines = shop.document_lines(key)
                if lines is not None:
                    return 200, make_pdf([lines]), {"Content-Type": "application/pdf"}
        return 404, b"Not found", {"Content-Type": "text/plain"}

    # Webhooks ---------------------------------------------------------------------

    def _queue_webhook(self, shop, event_type, data):
        self.pending_webhooks.append((event_type, shop.id, data, int(self.clock())))

    def webhook_message(self, event_type, shop_id, data, timestamp=None):
        """``(body, headers)`` of a webhook signed as TikTok signs it."""
        body = json.dumps(
            {
                "type": event_type,
                "tts_notification_id": self.ids.next("notification"),
                "shop_id": str(shop_id),
                "timestamp": int(timestamp or self.clock()),
                "data": data,
            },
            separators=(",", ":"),
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": webhook_signature(self.app_secret, self.app_key, body),
        }
        return body, headers

    def flush_pushes(self, duplicates=0, shuffle=False, seed=None):
        """Deliver the queued webhooks now; ``duplicates`` re-sends that many,
        ``shuffle`` breaks their order. Without a URL the queue is kept."""
        with self.lock:
            if not self.pushes.url:
                return []
            for shop in self.shops:
                shop.settle()
            queued, self.pending_webhooks = self.pending_webhooks, []
            messages = [self.webhook_message(*entry) for entry in queued]
        return self.pushes.send_batch(
            messages, duplicates=duplicates, shuffle=shuffle, seed=seed
        )

    def pending_push_count(self):
        return len(self.pending_webhooks)

    def deauthorize(self):
        """The seller removes the app: tokens die, webhook 6 is queued."""
        with self.lock:
            self.auth.deauthorize()
            for shop in self.shops:
                shop.notify(
                    6,
                    {
                        "message": f"Shop_id {shop.id} is deauthorized from your "
                        "APP by merchant."
                    },
                )

    def notify_authorization_expiry(self, days=30):
        """Queue webhook 7: the authorization ends in ``days`` days."""
        with self.lock:
            expiry = int(self.clock()) + days * 86400
            for shop in self.shops:
                shop.notify(
                    7,
                    {
                        "message": "The authorization of your app is about to expire.",
                        "expiration_time": expiry,
                    },
                )

    # Python API (tests and control routes) ----------------------------------------

    def seed_demo(self, orders=10):
        """Load the demo catalogue, ``orders`` orders, a statement of the
        delivered ones and the demo token pair."""
        with self.lock:
            for product in DEMO_PRODUCTS:
                self.shop.add_product(
                    product["title"],
                    product["skus"],
                    category_id=product["category_id"],
                )
        if orders:
            ids = self.generate_orders(orders, seed=42)
            for order_id in ids[: max(1, orders // 4)]:
                self.ship_and_deliver(order_id)
            with self.lock:
                self.shop.create_statement()
        return self.issue_tokens(DEMO_ACCESS_TOKEN, DEMO_REFRESH_TOKEN)

    def add_product(self, title, skus, shop=None, **kwargs):
        """A live product, see :meth:`ProductsMixin.add_product`."""
        with self.lock:
            return self.shop_by(shop).add_product(title, skus, **kwargs)

    def place_order(self, items, shop=None, **kwargs):
        """A buyer's order of ``[(seller_sku, quantity)]``; returns its id."""
        with self.lock:
            return self.shop_by(shop).place_order(items, **kwargs)

    def generate_orders(
        self,
        n,
        seed=None,
        shop=None,
        cod_ratio=0.2,
        unpaid_ratio=0.1,
        multi_item_ratio=0.3,
        created_from=None,
        created_to=None,
        seller_skus=None,
    ):
        """Place ``n`` random orders created a second apart up to now (or
        spread over ``[created_from, created_to]``), of any sellable SKU or
        of ``seller_skus`` only; returns their ids."""
        rng = random.Random(seed)
        with self.lock:
            target = self.shop_by(shop)
            end = int(created_to or self.clock())
            start = int(created_from or end - n + 1)
            step = (end - start) / max(n - 1, 1)
            ids = []
            for index in range(n):
                sellable = [
                    (product, sku)
                    for product, sku in target.sellable_skus()
                    if seller_skus is None or sku["seller_sku"] in seller_skus
                ]
                if not sellable:
                    break
                count = (
                    2 if rng.random() < multi_item_ratio and len(sellable) > 1 else 1
                )
                items = [
                    (
                        sku["seller_sku"],
                        min(1 + (rng.random() < 0.2), max(sku["inventory"].values())),
                    )
                    for _product, sku in rng.sample(sellable, count)
                ]
                cod = rng.random() < cod_ratio
                ids.append(
                    target.place_order(
                        items,
                        paid=cod or rng.random() >= unpaid_ratio,
                        cod=cod,
                        created=int(start + index * step),
                        seller_discount=rng.choice((0, 0, 1, 2)),
                    )
                )
            return ids

    def set_order_status(self, order_id, status, shop=None):
        with self.lock:
            return self._order_shop(order_id, shop).set_order_status(order_id, status)

    def release_hold(self, order_id, shop=None):
        with self.lock:
            self._order_shop(order_id, shop).release_hold(order_id)

    def buyer_cancel(self, order_id, shop=None):
        with self.lock:
            return self._order_shop(order_id, shop).buyer_cancel(order_id)

    def request_return(self, order_id, shop=None, **kwargs):
        with self.lock:
            return self._order_shop(order_id, shop).request_return(order_id, **kwargs)

    def set_return_status(self, return_id, status, shop=None):
        with self.lock:
            return self._return_shop(return_id, shop).set_return_status(
                return_id, status
            )

    def advance_return(self, return_id, step, shop=None):
        """A step of a return taken by TikTok, the buyer or the carrier
        (see :meth:`ReturnsMixin.advance_return`)."""
        with self.lock:
            return self._return_shop(return_id, shop).advance_return(return_id, step)

    def _return_shop(self, return_id, shop=None):
        target = self.shop_by(shop)
        if str(return_id) not in target.returns:
            target = next(s for s in self.shops if str(return_id) in s.returns)
        return target

    def update_address(self, order_id, street, shop=None, **kwargs):
        """The buyer changes the delivery address of an order."""
        with self.lock:
            return self._order_shop(order_id, shop).update_address(
                order_id, street, **kwargs
            )

    def fail_delivery(self, order_id, shop=None, **kwargs):
        """The carrier brings a parcel in transit back undelivered."""
        with self.lock:
            return self._order_shop(order_id, shop).fail_delivery(order_id, **kwargs)

    def create_statement(self, shop=None, **kwargs):
        with self.lock:
            return self.shop_by(shop).create_statement(**kwargs)

    def ship_and_deliver(self, order_id, shop=None):
        """Arrange, collect and deliver an order as seller and carrier."""
        with self.lock:
            self.ship_order(order_id, shop)
            self._order_shop(order_id, shop).set_order_status(order_id, "DELIVERED")

    def ship_order(self, order_id, shop=None):
        """Arrange the shipment as the seller; the carrier collects it."""
        with self.lock:
            target = self._order_shop(order_id, shop)
            order = target.orders[str(order_id)]
            if order["status"] == "ON_HOLD":
                target.release_hold(order_id)
            if order["status"] == "AWAITING_SHIPMENT":
                package_id = order["lines"][0]["package_id"]
                call = Call(target, {}, {}, {"package_id": package_id}, 21001001)
                target.api_ship_package(call)
            target.set_order_status(order_id, "IN_TRANSIT")

    def _order_shop(self, order_id, shop=None):
        if shop:
            return self.shop_by(shop)
        for candidate in self.shops:
            if str(order_id) in candidate.orders:
                return candidate
        raise KeyError(f"no order {order_id}")

    def order(self, order_id):
        """The order as the API answers it."""
        with self.lock:
            target = self._order_shop(order_id)
            target.settle()
            return target.order_dict(target.orders[str(order_id)])

    def stock(self, seller_sku, shop=None):
        """``{warehouse_id: quantity}`` of a SKU."""
        with self.lock:
            return dict(self.shop_by(shop).find_sku(seller_sku)[1]["inventory"])

    def price(self, seller_sku, shop=None):
        """The sale price of a SKU."""
        with self.lock:
            return float(self.shop_by(shop).find_sku(seller_sku)[1]["price"])

    # Control page and live mode (see SandboxServer) -------------------------------

    def live_order(self):
        with self.lock:
            if self.shop.sellable_skus():
                return self.generate_orders(1)
        return []

    def page_products(self):
        return [
            {
                "sku": sku["seller_sku"],
                "name": " ".join(
                    filter(
                        None,
                        [product["title"]]
                        + [a["value_name"] for a in sku["sales_attributes"]],
                    )
                ),
                "stock": sum(sku["inventory"].values()),
            }
            for product, sku in self.shop.sellable_skus()
        ]

    def page_orders(self, limit):
        self.shop.settle()
        orders = list(self.shop.orders.values())[-limit:]
        return [
            {
                "id": order["id"],
                "created": order["create_time"],
                "status": order["status"]
                + (" (cancel requested)" if order["is_buyer_request_cancel"] else ""),
                "lines": ", ".join(
                    f"1 × {line['seller_sku']}"
                    + (" (cancelled)" if line["status"] == "CANCELLED" else "")
                    for line in order["lines"]
                ),
                "actions": [
                    action
                    for action in PAGE_ACTIONS.get(order["status"], ())
                    if not (
                        action[0] == "buyer_cancel" and order["is_buyer_request_cancel"]
                    )
                ],
            }
            for order in reversed(orders)
        ]

    def page_create_order(self, sku, quantity, cod):
        with self.lock:
            return self.shop.place_order([(sku, quantity)], cod=cod)

    def page_order_action(self, order_id, action):
        with self.lock:
            order = self.shop.orders.get(order_id)
            if order is None:
                raise ValueError(f"no order {order_id}")
            allowed = dict(PAGE_ACTIONS.get(order["status"], ()))
            if action not in allowed:
                raise ValueError(f"{action} is not possible in {order['status']}")
            if action == "pay":
                self.shop.set_order_status(order_id, "AWAITING_SHIPMENT")
            elif action == "release_hold":
                self.shop.release_hold(order_id)
            elif action == "buyer_cancel":
                cancel_id = self.shop.buyer_cancel(order_id)
                return f"cancellation {cancel_id}, now {order['status']}."
            elif action == "return":
                return f"return {self.shop.request_return(order_id)} requested."
            elif action == "fail_delivery":
                self.shop.fail_delivery(order_id)
            else:
                self.shop.set_order_status(order_id, action)
            return f"now {order['status']}."

    def state_summary(self):
        """Override of ``SandboxServer``: add the shops' counters."""
        summary = super().state_summary()
        with self.lock:
            summary.update(
                app_key=self.app_key,
                service_id=self.service_id,
                shops=[
                    {
                        **shop.info(),
                        "products": len(shop.products),
                        "orders": len(shop.orders),
                        "order_statuses": _count(
                            o["status"] for o in shop.orders.values()
                        ),
                        "cancellations": len(shop.cancellations),
                        "returns": len(shop.returns),
                        "statements": len(shop.statements),
                    }
                    for shop in self.shops
                ],
                pending_webhooks=len(self.pending_webhooks),
                push_url=self.pushes.url,
            )
        return summary

    # Control routes ---------------------------------------------------------------

    def _control_add_product(self, data):
        data = dict(data)
        return {
            "product_id": self.add_product(data.pop("title"), data.pop("skus"), **data)
        }

    def _control_place_order(self, data):
        items = [tuple(item) for item in data["items"]]
        options = {k: data[k] for k in ("paid", "cod", "shipping_type") if k in data}
        return {"order_id": self.place_order(items, shop=data.get("shop"), **options)}

    def _control_generate_orders(self, data):
        return {"order_ids": self.generate_orders(**data)}

    def _control_order_status(self, data):
        return {"status": self.set_order_status(data["order_id"], data["status"])}

    def _control_buyer_cancel(self, data):
        return {"cancel_id": self.buyer_cancel(data["order_id"])}

    def _control_request_return(self, data):
        data = dict(data)
        return {"return_id": self.request_return(data.pop("order_id"), **data)}

    def _control_return_status(self, data):
        return {"status": self.set_return_status(data["return_id"], data["status"])}

    def _control_return_step(self, data):
        return {"status": self.advance_return(data["return_id"], data["step"])}

    def _control_update_address(self, data):
        data = dict(data)
        order_id, street = data.pop("order_id"), data.pop("street")
        return {"address": self.update_address(order_id, street, **data)}

    def _control_fail_delivery(self, data):
        return {"status": self.fail_delivery(data["order_id"])}

    def _control_statement(self, data):
        return {"statement_id": self.create_statement(**data)}

    def _control_authorize(self, data):
        return {"code": self.authorize()}

    def _control_tokens(self, data):
        access_token, refresh_token = self.issue_tokens()
        return {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "shops": [shop.info() for shop in self.shops],
        }

    def _control_scopes(self, data):
        with self.lock:
            for scope in data.get("revoke") or ():
                self.auth.revoke_scope(scope)
            for scope in data.get("grant") or ():
                self.auth.grant_scope(scope)
            return {"granted_scopes": sorted(self.auth.scopes)}

    def _control_config(self, data):
        with self.lock:
            for shop in self.shops:
                if "on_hold_seconds" in data:
                    shop.on_hold_seconds = int(data["on_hold_seconds"])
                if "audit_delay" in data:
                    shop.audit_delay = int(data["audit_delay"])
            if "rate_limit_qps" in data:
                self.rate_limit_qps = int(data["rate_limit_qps"] or 0)
            if "redirect_url" in data:
                self.redirect_url = data["redirect_url"] or None
            if "error_status" in data:
                self.error_status = {
                    int(code): int(status)
                    for code, status in data["error_status"].items()
                }
        return {"ok": True}


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
