"""HTTP face of the Shopee emulator: the ``/api/v2`` gateway, the seller
consent page, push delivery and the ``/_sandbox`` control API.
"""

import json
import threading
import time
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from oms_api_common.pdf import make_pdf
from oms_api_common.sandbox import SandboxServer, _Handler

from . import const, schema
from .auth import ShopeeAuth
from .shop import Reply, ShopeeError, ShopeeShop
from .signing import sign_push

GET, POST = "GET", "POST"
# path -> (HTTP method, shop-level?, ShopeeShop handler)
API_ROUTES = {
    const.PATH_SHOP_INFO: (GET, True, None),
    const.PATH_ORDER_LIST: (GET, True, "api_get_order_list"),
    const.PATH_ORDER_DETAIL: (GET, True, "api_get_order_detail"),
    const.PATH_SHIPMENT_LIST: (GET, True, "api_get_shipment_list"),
    const.PATH_CANCEL_ORDER: (POST, True, "api_cancel_order"),
    const.PATH_SPLIT_ORDER: (POST, True, "api_split_order"),
    const.PATH_UNSPLIT_ORDER: (POST, True, "api_unsplit_order"),
    const.PATH_HANDLE_BUYER_CANCELLATION: (POST, True, "api_handle_buyer_cancellation"),
    const.PATH_CHANNEL_LIST: (GET, True, "api_get_channel_list"),
    const.PATH_SHIPPING_PARAMETER: (GET, True, "api_get_shipping_parameter"),
    const.PATH_SHIP_ORDER: (POST, True, "api_ship_order"),
    const.PATH_TRACKING_NUMBER: (GET, True, "api_get_tracking_number"),
    const.PATH_SHIPPING_DOCUMENT_PARAMETER: (
        POST,
        True,
        "api_get_shipping_document_parameter",
    ),
    const.PATH_CREATE_SHIPPING_DOCUMENT: (POST, True, "api_create_shipping_document"),
    const.PATH_SHIPPING_DOCUMENT_RESULT: (
        POST,
        True,
        "api_get_shipping_document_result",
    ),
    const.PATH_DOWNLOAD_SHIPPING_DOCUMENT: (POST, True, None),
    const.PATH_CATEGORY: (GET, True, "api_get_category"),
    const.PATH_ATTRIBUTE_TREE: (GET, True, "api_get_attribute_tree"),
    const.PATH_ITEM_LIST: (GET, True, "api_get_item_list"),
    const.PATH_SEARCH_ITEM: (GET, True, "api_search_item"),
    const.PATH_ITEM_BASE_INFO: (GET, True, "api_get_item_base_info"),
    const.PATH_MODEL_LIST: (GET, True, "api_get_model_list"),
    const.PATH_ADD_ITEM: (POST, True, "api_add_item"),
    const.PATH_UPDATE_ITEM: (POST, True, "api_update_item"),
    const.PATH_DELETE_ITEM: (POST, True, "api_delete_item"),
    const.PATH_UNLIST_ITEM: (POST, True, "api_unlist_item"),
    const.PATH_UPDATE_PRICE: (POST, True, "api_update_price"),
    const.PATH_UPDATE_STOCK: (POST, True, "api_update_stock"),
    const.PATH_UPLOAD_IMAGE: (POST, False, None),
    const.PATH_RETURN_LIST: (GET, True, "api_get_return_list"),
    const.PATH_RETURN_DETAIL: (GET, True, "api_get_return_detail"),
    const.PATH_RETURN_CONFIRM: (POST, True, "api_return_confirm"),
    const.PATH_RETURN_DISPUTE: (POST, True, "api_return_dispute"),
    const.PATH_RETURN_OFFER: (POST, True, "api_return_offer"),
    const.PATH_RETURN_DISPUTE_REASON: (GET, True, "api_get_return_dispute_reason"),
    const.PATH_ESCROW_DETAIL: (GET, True, "api_get_escrow_detail"),
    const.PATH_ESCROW_DETAIL_BATCH: (POST, True, "api_get_escrow_detail_batch"),
    const.PATH_ESCROW_LIST: (GET, True, "api_get_escrow_list"),
    const.PATH_TOKEN_GET: (POST, False, None),
    const.PATH_TOKEN_REFRESH: (POST, False, None),
}
COMMON_PARAMS = ("partner_id", "timestamp", "sign", "access_token", "shop_id")
# Product and media answers always carry ``warning`` (text, empty when none);
# the other modules add a warning list only when there is one.
TEXT_WARNING_PREFIXES = ("/api/v2/product/", "/api/v2/media_space/")
AUTHORIZATION_DAYS = 365
# The token pair the demo shop of oms_shopee's demo data is configured with.
DEMO_ACCESS_TOKEN = "sandbox-demo-access-token"
DEMO_REFRESH_TOKEN = "sandbox-demo-refresh-token"
# Listings whose SKUs are the internal references of oms_base's demo products.
DEMO_ITEMS = (
    {
        "name": "Cotton T-Shirt",
        "price": 19.9,
        "variants": [
            {"option": "Red M", "sku": "TSHIRT-RED-M", "price": 19.9, "stock": 50},
            {"option": "Blue L", "sku": "TSHIRT-BLUE-L", "price": 19.9, "stock": 50},
        ],
    },
    {
        "name": "Ceramic Mug 350 ml",
        "sku": "MUG-350",
        "price": 9.5,
        "stock": 80,
        "category_id": 100713,
    },
    {
        "name": "Power Bank 10000 mAh",
        "sku": "PWRBANK-10K",
        "price": 29.0,
        "stock": 30,
        "category_id": 100713,
    },
)
_request_context = threading.local()


class _RawQueryHandler(_Handler):
    """Keeps the raw request line: ``Request.query`` keeps one value per key,
    while Shopee repeats keys for list parameters (``item_status``)."""

    def _handle(self):
        _request_context.raw_path = self.path
        try:
            return super()._handle()
        except (BrokenPipeError, ConnectionResetError):
            # The caller gave up waiting (its timeout): nobody to answer.
            return None
        finally:
            _request_context.raw_path = None

    do_GET = do_POST = do_PUT = do_DELETE = _handle


def _multi_query(request):
    """Query parameters with repeated keys as lists."""
    raw_path = getattr(_request_context, "raw_path", None)
    if not raw_path:
        return dict(request.query)
    parsed = parse_qs(urlsplit(raw_path).query, keep_blank_values=True)
    return {
        key: values[0] if len(values) == 1 else values for key, values in parsed.items()
    }


class ShopeeSandbox(SandboxServer):
    """A Shopee Open Platform v2 emulator for one partner app and one shop.

    Start it with :meth:`start` (returns the base URL to give the client as
    ``api_url``), seed it with :meth:`add_item` / :meth:`generate_orders`,
    drive orders with :meth:`set_order_status`, and deliver queued pushes
    with :meth:`configure_push` + :meth:`flush_pushes`.
    """

    name = "shopee"
    title = "Shopee sandbox"
    control_errors = (*SandboxServer.control_errors, ShopeeError)
    # order status -> the control page's actions, as buyer, 3PL or Shopee
    PAGE_ACTIONS = {
        const.UNPAID: (
            (const.READY_TO_SHIP, "Pay"),
            (const.CANCELLED, "Cancel (unpaid)"),
        ),
        const.READY_TO_SHIP: ((const.IN_CANCEL, "Buyer asks to cancel"),),
        const.PROCESSED: (
            (const.SHIPPED, "Ship"),
            (const.IN_CANCEL, "Buyer asks to cancel"),
        ),
        const.SHIPPED: (
            (const.TO_CONFIRM_RECEIVE, "Deliver"),
            ("failed_delivery", "Fail delivery"),
        ),
        const.TO_CONFIRM_RECEIVE: (
            (const.COMPLETED, "Buyer confirms receipt"),
            (const.TO_RETURN, "Return"),
        ),
    }

    def __init__(
        self,
        partner_id=1000001,
        partner_key="sandbox-partner-key",
        shop_id=2000001,
        region="MY",
        currency="MYR",
        seed=None,
        tracking_delay=1.0,
        document_polls=2,
        rate_limit_status=200,
        error_status=None,
        clock=time.time,
        seed_demo=False,
    ):
        super().__init__()
        self.partner_id = partner_id
        self.partner_key = partner_key
        self.shop_id = shop_id
        self.region = region
        self.currency = currency
        self.clock = clock
        self.reset(
            seed=seed,
            tracking_delay=tracking_delay,
            document_polls=document_polls,
            rate_limit_status=rate_limit_status,
            error_status=error_status,
        )
        for path, (method, shop_level, handler) in API_ROUTES.items():
            self.route(method, path, self._api_route(path, method, shop_level, handler))
        self.route(GET, const.PATH_AUTH_PARTNER, self._auth_partner)
        for method, path, handler in (
            (POST, "/_sandbox/items", self._control_add_item),
            (POST, "/_sandbox/orders/generate", self._control_generate_orders),
            (POST, "/_sandbox/orders/status", self._control_order_status),
            (POST, "/_sandbox/returns/status", self._control_return_status),
            (POST, "/_sandbox/returns/advance", self._control_return_advance),
            (POST, "/_sandbox/orders/failed_delivery", self._control_failed_delivery),
            (POST, "/_sandbox/authorize", self._control_authorize),
            (POST, "/_sandbox/tokens", self._control_tokens),
            (POST, "/_sandbox/tokens/expire", self._control_expire_tokens),
            (POST, "/_sandbox/deauthorize", self._control_deauthorize),
            (
                POST,
                "/_sandbox/authorization_expiry",
                self._control_authorization_expiry,
            ),
            (POST, "/_sandbox/push/config", self._control_push_config),
            (POST, "/_sandbox/push/flush", self._control_flush_pushes),
            (POST, "/_sandbox/config", self._control_config),
        ):
            self.route(method, path, self._control(handler))
        if seed_demo:
            self.seed_demo()

    def reset(
        self,
        seed=None,
        tracking_delay=1.0,
        document_polls=2,
        rate_limit_status=200,
        error_status=None,
    ):
        """Forget everything: a new empty shop, no token, no fault, no call.

        Lets one running server serve many tests without restarting it.
        """
        with self.lock:
            self.auth = ShopeeAuth(
                self.partner_id, self.partner_key, self.shop_id, clock=self.clock
            )
            self.shop = ShopeeShop(
                self.shop_id,
                region=self.region,
                currency=self.currency,
                clock=self.clock,
                seed=seed,
                tracking_delay=tracking_delay,
                document_polls=document_polls,
            )
            # Shopee documents errors only as JSON bodies; which HTTP status
            # carries them is unconfirmed, hence 200 unless configured here.
            self.rate_limit_status = rate_limit_status
            self.error_status = dict(error_status or {})
            self.calls.clear()
            self.faults.reset()
            # Faults of one API path: {path: calls left throttled} and
            # {path: seconds the answer waits once the call is done}, e.g. a
            # split the caller never hears of.
            self.path_throttles = {}
            self.path_answer_delays = {}
            self.pushes.url = None
            self.pushes.deliveries.clear()

    def start(self, host="127.0.0.1", port=0):
        base_url = super().start(host, port)
        self.httpd.RequestHandlerClass = _RawQueryHandler
        return base_url

    # Gateway -----------------------------------------------------------------------

    def _envelope(self, request_id, error="", message=""):
        return {"request_id": request_id, "error": error, "message": message}

    def _error_response(self, error, request_id):
        payload = self._envelope(request_id, error.error, error.message)
        if error.response is not None:
            payload["response"] = error.response
        status = self.error_status.get(error.error, error.http_status or 200)
        return status, payload, {}

    def fault_response(self, fault, request):
        """Override of ``SandboxServer``: throttling uses Shopee's envelope."""
        if fault != "rate_limit":
            return super().fault_response(fault, request)
        error = ShopeeError(
            const.ERROR_TOO_MANY_REQUEST,
            "Too many requests, please try again later.",
            http_status=self.rate_limit_status,
        )
        return self._error_response(error, uuid.uuid4().hex)

    def _api_route(self, path, method, shop_level, handler_name):
        def handle(request):
            request_id = uuid.uuid4().hex
            with self.lock:
                throttled = self.path_throttles.get(path, 0)
                if throttled:
                    self.path_throttles[path] = throttled - 1
            if throttled:
                return self.fault_response("rate_limit", request)
            try:
                if request.method != method:
                    raise ShopeeError(
                        const.ERROR_PARAM,
                        f"Wrong parameters, detail: use HTTP {method}.",
                    )
                query = _multi_query(request)
                with self.lock:
                    self.shop.settle()
                    self.auth.check_request(path, query, shop_level)
                    reply = self._call_handler(path, handler_name, request, query)
            except ShopeeError as error:
                return self._error_response(error, request_id)
            delay = self.path_answer_delays.get(path)
            if delay:
                time.sleep(delay)
            if not isinstance(reply, Reply):
                reply = Reply(reply)
            if reply.raw is not None:
                return 200, reply.raw, {"Content-Type": reply.content_type}
            payload = self._envelope(request_id)
            if reply.top_level:
                payload.update(reply.top_level)
            if reply.response is not None:
                payload["response"] = reply.response
            if reply.warning:
                payload["warning"] = reply.warning
            elif path.startswith(TEXT_WARNING_PREFIXES):
                payload["warning"] = ""
            return 200, payload, {}

        return handle

    def _params(self, request, query):
        if request.method == GET:
            return {
                key: value for key, value in query.items() if key not in COMMON_PARAMS
            }
        if request.files or request.form:
            return dict(request.form)
        try:
            body = request.json()
        except ValueError:
            raise ShopeeError(
                const.ERROR_PARAM, "The request body is not a valid json format"
            ) from None
        if not isinstance(body, dict):
            raise ShopeeError(
                const.ERROR_PARAM, "The request body is not a valid json format"
            )
        return body

    def _call_handler(self, path, handler_name, request, query):
        params = self._params(request, query)
        text = request.method == GET or bool(request.files or request.form)
        schema.validate(path, {**params, **request.files}, text=text)
        if path == const.PATH_TOKEN_GET:
            return Reply(top_level=self.auth.exchange_code(params))
        if path == const.PATH_TOKEN_REFRESH:
            return Reply(top_level=self.auth.refresh(params))
        if path == const.PATH_SHOP_INFO:
            return Reply(top_level=self._shop_info())
        if path == const.PATH_UPLOAD_IMAGE:
            files = [request.files[name] for name in request.files if name == "image"]
            return self.shop.api_upload_image(files, params)
        if path == const.PATH_DOWNLOAD_SHIPPING_DOCUMENT:
            return self.shop.api_download_shipping_document(params, make_pdf)
        return getattr(self.shop, handler_name)(params)

    def _shop_info(self):
        auth_time = self.auth.auth_time or int(self.clock())
        return {
            "shop_name": self.shop.shop_name,
            "region": self.shop.region,
            "status": "NORMAL",
            "sip_affi_shops": [],
            "is_cb": False,
            "is_sip": False,
            "is_upgraded_cbsc": False,
            "merchant_id": None,
            "shop_fulfillment_flag": "Others",
            "is_main_shop": False,
            "is_direct_shop": False,
            "linked_main_shop_id": 0,
            "linked_direct_shop_list": [],
            "is_one_awb": False,
            "is_mart_shop": False,
            "is_outlet_shop": False,
            "auth_time": auth_time,
            "expire_time": auth_time + AUTHORIZATION_DAYS * 86400,
        }

    def _auth_partner(self, request):
        """The seller logs in and confirms at once: 302 to ``redirect``."""
        request_id = uuid.uuid4().hex
        query = dict(request.query)
        try:
            self.auth.check_request(const.PATH_AUTH_PARTNER, query, shop_level=False)
            redirect = query.get("redirect")
            if not redirect:
                raise ShopeeError(
                    const.ERROR_PARAM, "Wrong parameters, detail: redirect is required."
                )
            with self.lock:
                code = self.auth.grant_code()
                self.shop.queue_push(
                    const.PUSH_SHOP_AUTHORIZATION,
                    {
                        "shop_id_list": [self.shop_id],
                        "merchant_id_list": [],
                        "success": 1,
                        "extra": f"shop_id {self.shop_id} is authorized successfully",
                    },
                )
        except ShopeeError as error:
            return self._error_response(error, request_id)
        parts = urlsplit(redirect)
        extra = urlencode({"code": code, "shop_id": self.shop_id})
        location = urlunsplit(
            parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra)
        )
        return 302, "", {"Location": location}

    # Python API (tests and the control routes) ---------------------------------------

    def seed_demo(self, orders=10):
        """Load the demo catalogue, ``orders`` orders and the demo tokens."""
        for item in DEMO_ITEMS:
            self.add_item(**item)
        if orders:
            self.generate_orders(orders, seed=42)
        return self.issue_tokens(DEMO_ACCESS_TOKEN, DEMO_REFRESH_TOKEN)

    def add_item(self, name, **kwargs):
        """Create a listing, see :meth:`ShopeeShop.add_item`; returns item_id."""
        with self.lock:
            return self.shop.add_item(name, **kwargs)

    def start_promotion(self, sku, price, promotion_id=None):
        """Put ``sku`` in a discount promotion, see
        :meth:`ShopeeShop.start_promotion`; returns the promotion id."""
        with self.lock:
            return self.shop.start_promotion(sku, price, promotion_id)

    def end_promotion(self, sku):
        with self.lock:
            self.shop.end_promotion(sku)

    def generate_orders(
        self,
        n,
        skus=None,
        cod_ratio=0.2,
        voucher_ratio=0.3,
        multi_item_ratio=0.3,
        seed=None,
        created_from=None,
        created_to=None,
        channel_id=None,
    ):
        """Place ``n`` buyer orders created between ``created_from`` and
        ``created_to`` (by default a second apart up to now); returns their
        order_sn, oldest first. Paid orders start READY_TO_SHIP, some COD
        ones UNPAID. ``channel_id``: their logistics channel (by default one
        of the default channels at random)."""
        with self.lock:
            return self.shop.generate_orders(
                n,
                skus=skus,
                cod_ratio=cod_ratio,
                voucher_ratio=voucher_ratio,
                multi_item_ratio=multi_item_ratio,
                seed=seed,
                created_from=created_from,
                created_to=created_to,
                channel_id=channel_id,
            )

    def set_order_status(self, order_sn, status, reason=None):
        """Move an order as buyer/3PL/Shopee would: IN_CANCEL (buyer asks to
        cancel), SHIPPED, TO_CONFIRM_RECEIVE, COMPLETED, TO_RETURN, ..."""
        with self.lock:
            return self.shop.set_order_status(order_sn, status, reason)["order_status"]

    def set_return_status(self, return_sn, status):
        with self.lock:
            return self.shop.set_return_status(return_sn, status)["status"]

    def sellable_quantity(self, sku):
        """Seller stock of the model (or model-less item) with this SKU."""
        with self.lock:
            return self.shop.find_model(sku)[1]["stock"]

    def model_price(self, sku):
        with self.lock:
            return self.shop.find_model(sku)[1]["original_price"]

    def order(self, order_sn):
        with self.lock:
            self.shop.settle()
            return self.shop.orders[order_sn]

    def deauthorize(self):
        """The seller revokes the app: tokens die, push code 2 is queued."""
        with self.lock:
            self.auth.deauthorize()
            self.shop.queue_push(
                const.PUSH_SHOP_DEAUTHORIZATION,
                {"shop_id_list": [self.shop_id], "merchant_id_list": []},
            )

    def notify_authorization_expiry(self, days=7):
        """Queue push code 12: the authorization ends within ``days``."""
        with self.lock:
            self.shop.queue_push(
                const.PUSH_AUTHORIZATION_EXPIRY,
                {
                    "shop_expire_soon": [self.shop_id],
                    "merchant_expire_soon": [],
                    "expire_before": int(self.clock()) + days * 86400,
                    "page_no": 1,
                    "total_page": 1,
                },
            )

    def push_message(self, code, data, timestamp=None):
        """Return (body, headers) of a push signed as Shopee signs it."""
        body = json.dumps(
            {
                "msg_id": uuid.uuid4().hex,
                "data": data,
                "shop_id": self.shop_id,
                "code": code,
                "timestamp": int(timestamp or self.clock()),
            },
            separators=(",", ":"),
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": sign_push(self.partner_key, self.pushes.url or "", body),
        }
        return body, headers

    def flush_pushes(self, duplicates=0, shuffle=False, seed=None):
        """Deliver queued pushes now (synchronously); returns the deliveries.

        ``duplicates`` re-sends that many of them, ``shuffle`` breaks order.
        Without a configured URL the queue is kept.
        """
        with self.lock:
            if not self.pushes.url:
                return []
            self.shop.settle()
            queued, self.shop.pending_pushes = self.shop.pending_pushes, []
            messages = [self.push_message(code, data, ts) for code, data, ts in queued]
        return self.pushes.send_batch(
            messages, duplicates=duplicates, shuffle=shuffle, seed=seed
        )

    # Control page and live mode (see SandboxServer) -----------------------------

    def live_order(self):
        with self.lock:
            if self.shop._sellable_models():
                return self.shop.generate_orders(1)
        return []

    def pending_push_count(self):
        return len(self.shop.pending_pushes)

    def page_products(self):
        return [
            {
                "sku": model["model_sku"] or item["item_sku"],
                "name": " ".join(
                    filter(None, (item["item_name"], model["model_name"]))
                ),
                "stock": model["stock"],
            }
            for item, model in self.shop._sellable_models()
        ]

    def page_orders(self, limit):
        self.shop.settle()
        # in the order they were placed: several are placed in one second
        orders = list(self.shop.orders.values())[-limit:]
        return [
            {
                "id": order["order_sn"],
                "created": order["create_time"],
                "status": order["order_status"],
                "lines": ", ".join(
                    f"{line['model_quantity_purchased']} × "
                    f"{line['model_sku'] or line['item_sku']}"
                    for line in order["item_list"]
                ),
                "actions": self._page_actions(order),
            }
            for order in reversed(orders)
        ]

    def page_create_order(self, sku, quantity, cod):
        with self.lock:
            return self.shop.place_order(sku, quantity, cod)

    # steps of an order's return, by its status and reverse logistics
    PAGE_RETURN_ACTIONS = {
        ("REQUESTED", "LOGISTICS_PENDING_ARRANGE"): (
            ("return:approve", "Accept return (Shopee)"),
            ("return:refund", "Refund (Shopee)"),
        ),
        ("ACCEPTED", "LOGISTICS_PENDING_ARRANGE"): (
            ("return:ship", "Buyer ships the return"),
        ),
        ("PROCESSING", "LOGISTICS_PICKUP_DONE"): (
            ("return:arrive", "Return parcel arrives"),
        ),
        ("PROCESSING", "LOGISTICS_DELIVERY_DONE"): (
            ("return:refund", "Refund (Shopee)"),
        ),
    }

    def _page_actions(self, order):
        actions = list(self.PAGE_ACTIONS.get(order["order_status"], ()))
        record = self.shop.returns.get(order.get("_return_sn") or "")
        if record:
            key = (record["status"], record["reverse_logistic_status"])
            actions += list(self.PAGE_RETURN_ACTIONS.get(key, ()))
        return actions

    def page_order_action(self, order_id, action):
        with self.lock:
            order = self.shop._order(order_id)
            if action not in dict(self._page_actions(order)):
                raise ValueError(f"{action} is not possible in {order['order_status']}")
            if action == "failed_delivery":
                self.shop.fail_delivery(order_id)
                return "delivery failed, the parcel goes back."
            if action.startswith("return:"):
                step = action.split(":")[1]
                record = self.shop.advance_return(order["_return_sn"], step)
                return f"return {record['return_sn']}: {step}."
            return f"now {self.set_order_status(order_id, action)}."

    def state_summary(self):
        """Override of ``SandboxServer``: add the shop's counters."""
        summary = super().state_summary()
        with self.lock:
            statuses = {}
            for order in self.shop.orders.values():
                statuses[order["order_status"]] = (
                    statuses.get(order["order_status"], 0) + 1
                )
            summary.update(
                items=len(self.shop.items),
                orders=len(self.shop.orders),
                order_statuses=statuses,
                returns=len(self.shop.returns),
                pending_pushes=len(self.shop.pending_pushes),
                push_url=self.pushes.url,
            )
        return summary

    # Control routes --------------------------------------------------------------

    def _control_add_item(self, data):
        return {"item_id": self.add_item(**data)}

    def _control_generate_orders(self, data):
        return {"order_sn_list": self.generate_orders(**data)}

    def _control_order_status(self, data):
        return {
            "order_status": self.set_order_status(
                data["order_sn"], data["status"], data.get("reason")
            )
        }

    def _control_return_status(self, data):
        return {"status": self.set_return_status(data["return_sn"], data["status"])}

    def _control_return_advance(self, data):
        with self.lock:
            record = self.shop.advance_return(data["return_sn"], data["step"])
            return {"status": record["status"], "return_sn": record["return_sn"]}

    def _control_failed_delivery(self, data):
        with self.lock:
            order = self.shop.fail_delivery(data["order_sn"])
            return {"order_status": order["order_status"]}

    def _control_authorize(self, data):
        return {"code": self.authorize(), "shop_id": self.shop_id}

    def _control_tokens(self, data):
        access_token, refresh_token = self.issue_tokens()
        return {
            "partner_id": self.partner_id,
            "shop_id": self.shop_id,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expire_in": const.ACCESS_TOKEN_TTL,
        }

    def _control_authorization_expiry(self, data):
        self.notify_authorization_expiry(int(data.get("days", 7)))
        return {"ok": True}

    def _control_config(self, data):
        with self.lock:
            if "tracking_delay" in data:
                self.shop.tracking_delay = float(data["tracking_delay"])
            if "document_polls" in data:
                self.shop.document_polls = int(data["document_polls"])
            if "rate_limit_status" in data:
                self.rate_limit_status = int(data["rate_limit_status"])
            if "error_status" in data:
                self.error_status = {
                    str(k): int(v) for k, v in data["error_status"].items()
                }
        return {"ok": True}
