"""A Lazada Open Platform stand-in on loopback.

It checks what the real gateway checks (app key, timestamp window,
signature, access token, mandatory parameters, per-API rate limit), answers
with Lazada's envelopes and error codes, and keeps a shop in memory:
products, stock, orders with per-item statuses, packages, AWB documents,
reverse orders and finance transactions. Status changes queue signed push
messages. What it answers follows Lazada's API reference, not our
connector: it imports nothing of it.
"""

import base64
import itertools
import json
import random
import secrets
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from oms_api_common import SandboxServer, make_pdf

from . import apis, catalog
from .catalog import VENTURE_CURRENCY
from .errors import LazadaError, ResultRefusal
from .finance import FinanceApis
from .params import TZ
from .params import money as _money
from .payload import PayloadError, as_list
from .products import ProductApis
from .returns import ReturnApis
from .seller import SellerApis
from .signing import push_signature, valid_request_signature

CODE_TTL = 1800


class LazadaSandbox(ProductApis, ReturnApis, FinanceApis, SellerApis, SandboxServer):
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
        self.app_key = app_key
        self.app_secret = app_secret
        self.venture = venture
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.qps_per_api = qps_per_api
        self.clock = time.time
        self.rng = random.Random(seed)
        self.seller_id = "1000123"
        self.account_id = "7000123"
        self.access_tokens = {}  # token -> expiry
        self.refresh_tokens = {}  # token -> expiry
        self.codes = {}  # code -> expiry
        self.products = {}  # item_id -> product
        self.orders = {}  # order_id -> order (items under "items")
        self.packages = {}  # package_id -> package
        self.reverse_orders = {}
        self.transactions = []
        # statement -> what its payout differs from its rows (a fault)
        self.payout_offsets = {}
        self.images = []
        self.pending_pushes = []
        self.api_hits = {}
        self._ids = itertools.count(int(self.clock()) % 100000 * 1000 + 1)
        self._buyers = []
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

    @staticmethod
    def _missing(name):
        return LazadaError(
            "MissingParameter",
            f"The input parameter “{name}” that is mandatory for processing "
            "this request is not supplied",
        )

    def _check_mandatory(self, api_path, params, request):
        for name in apis.REQUIRED.get(api_path, ()):
            if params.get(name) in (None, "") and name not in request.files:
                raise self._missing(name)
        one_of = apis.ONE_OF.get(api_path)
        if one_of and not any(params.get(name) for name in one_of[0]):
            raise LazadaError(one_of[1], one_of[2])

    def _timestamp_valid(self, stamp):
        """Epoch milliseconds or a UTC time like 2017-11-11T12:00:00Z."""
        stamp = stamp or ""
        if stamp.isdigit():
            moment = int(stamp) / 1000
        else:
            try:
                parsed = datetime.fromisoformat(stamp)
            except ValueError:
                return False
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            moment = parsed.timestamp()
        return abs(moment - self.clock()) <= apis.TIMESTAMP_WINDOW

    def _check_request(self, api_path, params, needs_token):
        if not params.get("app_key"):
            raise self._missing("app_key")
        if params.get("app_key") != self.app_key:
            raise LazadaError(
                "InvalidApiKey", "The specified app key is invalid", "ISV"
            )
        if not params.get("sign"):
            raise self._missing("sign")
        if not self._timestamp_valid(params.get("timestamp")):
            raise LazadaError("InvalidTimestamp", "The request timestamp is invalid")
        if not valid_request_signature(self.app_secret, api_path, params):
            raise LazadaError(
                "IncompleteSignature",
                "The request signature does not conform to lazop standards",
            )
        if needs_token:
            expiry = self.access_tokens.get(params.get("access_token"))
            if not expiry or expiry < self.clock():
                raise LazadaError(
                    "IllegalAccessToken",
                    "The specified access token is invalid or expired",
                )
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

    # ------------------------------------------------------------------
    # Authorization
    # ------------------------------------------------------------------

    def _authorize_page(self, request):
        query = request.query
        if query.get("client_id") != self.app_key or not query.get("redirect_uri"):
            return 400, "Invalid client_id or redirect_uri", {}
        code = "0_" + secrets.token_hex(16)
        with self.lock:
            self.codes[code] = self.clock() + CODE_TTL
        target = {"code": code}
        if query.get("state"):
            target["state"] = query["state"]
        separator = "&" if "?" in query["redirect_uri"] else "?"
        location = f"{query['redirect_uri']}{separator}{urlencode(target)}"
        return 302, "", {"Location": location}

    def issue_tokens(self, access_token=None, refresh_token=None):
        now = self.clock()
        access = access_token or "50000" + secrets.token_hex(20)
        refresh = refresh_token or "50001" + secrets.token_hex(20)
        with self.lock:
            self.access_tokens[access] = now + self.access_ttl
            self.refresh_tokens[refresh] = now + self.refresh_ttl
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.access_ttl,
            "refresh_expires_in": self.refresh_ttl,
            "country": self.venture,
            "account_platform": "seller_center",
            "account": "seller@sandbox.example",
            "account_id": self.account_id,
            "country_user_info": [
                {
                    "country": self.venture,
                    "seller_id": self.seller_id,
                    "user_id": self.seller_id,
                    "short_code": f"{self.venture.upper()}{self.seller_id}",
                }
            ],
        }

    def _token_create(self, params, request):
        expiry = self.codes.pop(params.get("code"), None)
        if not expiry or expiry < self.clock():
            raise LazadaError("InvalidCode", "Invalid authorization code")
        return self.issue_tokens()

    def _token_refresh(self, params, request):
        expiry = self.refresh_tokens.get(params.get("refresh_token"))
        if not expiry or expiry < self.clock():
            raise LazadaError(
                "IllegalRefreshToken",
                "The specified refresh token is invalid or expired",
            )
        token = self.issue_tokens(refresh_token=params["refresh_token"])
        # the refresh token keeps its own lifetime
        self.refresh_tokens[params["refresh_token"]] = expiry
        token["refresh_expires_in"] = int(expiry - self.clock())
        token["country_user_info_list"] = token.pop("country_user_info")
        return token

    def expire_access_token(self, token):
        with self.lock:
            if token in self.access_tokens:
                self.access_tokens[token] = self.clock() - 1

    def _seller_get(self, params, request):
        return {
            "data": {
                "seller_id": int(self.seller_id),
                "name": "Sandbox Seller",
                "name_company": "Sandbox Pte Ltd",
                "short_code": f"{self.venture.upper()}{self.seller_id}",
                "email": "seller@sandbox.example",
                "logo_url": "https://sg-live-01.slatic.net/shop/sandbox-seller-logo.png",
                "cb": False,
                "location": catalog.VENTURE_COUNTRY.get(self.venture, "Singapore"),
                "status": "ACTIVE",
                "verified": True,
                "marketplaceEaseMode": False,
            }
        }

    # ------------------------------------------------------------------
    # Products
    # ------------------------------------------------------------------

    def _next_id(self):
        return next(self._ids)

    def add_product(
        self, seller_sku, price, quantity, name=None, item_id=None, category=10002019
    ):
        with self.lock:
            sku_id = self._next_id()
            if item_id not in self.products:
                item_id = item_id or self._next_id()
                self.products[item_id] = {
                    "item_id": item_id,
                    "primary_category": category,
                    "attributes": {
                        "name": name or seller_sku,
                        "description": name or seller_sku,
                    },
                    "skus": [],
                    "images": [],
                    "status": "active",
                    "created_time": str(int(self.clock() * 1000)),
                    "updated_time": str(int(self.clock() * 1000)),
                }
            self.products[item_id]["skus"].append(
                {
                    "SkuId": sku_id,
                    "SellerSku": seller_sku,
                    "ShopSku": f"{item_id}_{self.venture.upper()}-{sku_id}",
                    "quantity": int(quantity),
                    "occupied": 0,
                    "price": float(price),
                    "special_price": float(price),
                    "Status": "active",
                    "Images": [],
                }
            )
        return item_id, sku_id

    def _sku(self, seller_sku=None, sku_id=None):
        for product in self.products.values():
            for sku in product["skus"]:
                if (seller_sku and sku["SellerSku"] == seller_sku) or (
                    sku_id and str(sku["SkuId"]) == str(sku_id)
                ):
                    return product, sku
        return None, None

    def change_price_in_seller_center(self, seller_sku, price):
        """The seller edits a price on Lazada: the product-update push follows."""
        with self.lock:
            product, sku = self._sku(seller_sku=seller_sku)
            sku["price"] = sku["special_price"] = float(price)
            product["updated_time"] = str(int(self.clock() * 1000))
            self._push(4, {"item_id": product["item_id"], "action": "EDITED_UPDATED"})

    def sellable_quantity(self, seller_sku):
        _product, sku = self._sku(seller_sku=seller_sku)
        return sku["quantity"] - sku["occupied"] if sku else None

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------

    def _stamp(self, moment=None):
        moment = datetime.fromtimestamp(moment or self.clock(), TZ).replace(
            microsecond=0
        )
        return moment

    def _buyer(self):
        if self._buyers and self.rng.random() < 0.2:
            return self.rng.choice(self._buyers)
        first, last = self.rng.choice(catalog.BUYER_NAMES)
        buyer = {
            "buyer_id": str(self._next_id()),
            "first_name": first,
            "last_name": last,
            "phone": "+65 " + str(self.rng.randint(81000000, 98999999)),
            "address1": f"{self.rng.randint(1, 300)} "
            + self.rng.choice(catalog.STREETS),
            "post_code": str(self.rng.randint(100000, 829999)),
        }
        self._buyers.append(buyer)
        return buyer

    def generate_orders(
        self,
        n,
        skus,
        cod_ratio=0.3,
        voucher_ratio=0.3,
        multi_item_ratio=0.5,
        seed=None,
        units=None,
        shipping_provider_type=None,
    ):
        """Create ``n`` pending orders over the given seller SKUs, dated now.

        ``units`` fixes the number of units (order items) of each order;
        ``shipping_provider_type`` the delivery option the buyer chose
        (EXPRESS, INSTANT, SELLER_OWN_FLEET...; standard by default).
        """
        rng = random.Random(seed) if seed is not None else self.rng
        created = []
        with self.lock:
            for _index in range(n):
                order_id = self._next_id() + 300000000000000
                count = units or (
                    rng.randint(2, 4) if rng.random() < multi_item_ratio else 1
                )
                buyer = self._buyer()
                now = self._stamp()
                items = []
                for _unit in range(count):
                    product, sku = self._sku(seller_sku=rng.choice(skus))
                    if not sku:
                        continue
                    sku["occupied"] += 1
                    voucher_seller = voucher_platform = 0.0
                    if rng.random() < voucher_ratio:
                        if rng.random() < 0.5:
                            voucher_seller = round(sku["special_price"] * 0.1, 2)
                        else:
                            voucher_platform = round(sku["special_price"] * 0.1, 2)
                    items.append(
                        self._new_item(
                            order_id,
                            product,
                            sku,
                            buyer,
                            now,
                            voucher_seller,
                            voucher_platform,
                        )
                    )
                if not items:
                    continue
                if shipping_provider_type:
                    own_fleet = shipping_provider_type == "SELLER_OWN_FLEET"
                    for item in items:
                        item["shipping_provider_type"] = shipping_provider_type
                        item["delivery_option_sof"] = "1" if own_fleet else "0"
                cod = rng.random() < cod_ratio
                order = {
                    "order_id": order_id,
                    "order_number": order_id,
                    "created_at": now.isoformat(),
                    "updated_at": now.isoformat(),
                    "price": _money(sum(float(i["item_price"]) for i in items)),
                    "shipping_fee": _money(rng.choice([0.0, 1.99, 2.99])),
                    "shipping_fee_original": "2.99",
                    "voucher": _money(sum(float(i["voucher_amount"]) for i in items)),
                    "voucher_seller": _money(
                        sum(float(i["voucher_seller"]) for i in items)
                    ),
                    "voucher_platform": _money(
                        sum(float(i["voucher_platform"]) for i in items)
                    ),
                    "payment_method": "COD" if cod else "MIXEDCARD",
                    "items_count": len(items),
                    "customer_first_name": buyer["first_name"],
                    "customer_last_name": buyer["last_name"],
                    "buyer_note": "",
                    "warehouse_code": "dropshipping",
                    "address_shipping": {
                        "first_name": buyer["first_name"],
                        "last_name": buyer["last_name"],
                        "phone": buyer["phone"],
                        "address1": buyer["address1"],
                        "address3": "Singapore",
                        "address4": "Singapore",
                        "address5": buyer["post_code"],
                        "post_code": buyer["post_code"],
                        "city": "Singapore",
                        "country": "Singapore",
                    },
                    "items": items,
                }
                self.orders[order_id] = order
                self._refresh_statuses(order)
                created.append(order_id)
                for item in items:
                    self._queue_order_push(order, item)
        return created

    def _new_item(
        self, order_id, product, sku, buyer, now, voucher_seller, voucher_platform
    ):
        price = sku["special_price"]
        return {
            "order_item_id": self._next_id() + 400000000000000,
            "order_id": order_id,
            "status": "pending",
            "sku": sku["SellerSku"],
            "sku_id": str(sku["SkuId"]),
            "shop_sku": sku["ShopSku"],
            "product_id": str(product["item_id"]),
            "name": product["attributes"].get("name"),
            "variation": "",
            "item_price": _money(price),
            "paid_price": _money(price - voucher_seller - voucher_platform),
            "voucher_amount": _money(voucher_seller + voucher_platform),
            "voucher_seller": _money(voucher_seller),
            "voucher_platform": _money(voucher_platform),
            "tax_amount": "0.00",
            "shipping_amount": "0.00",
            "currency": VENTURE_CURRENCY.get(self.venture, "SGD"),
            "buyer_id": buyer["buyer_id"],
            "package_id": "",
            "tracking_code": "",
            "shipment_provider": "",
            "shipping_type": "Dropshipping",
            "shipping_provider_type": "standard",
            "reason": "",
            "cancel_return_initiator": "",
            "reverse_order_id": "",
            "promised_shipping_time": (now + timedelta(days=2)).strftime(
                "%Y-%m-%d %H:%M:%S %z"
            ),
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S %z"),
            "updated_at": now.strftime("%Y-%m-%d %H:%M:%S %z"),
            "order_type": "Normal",
        }

    def _refresh_statuses(self, order):
        order["statuses"] = sorted({item["status"] for item in order["items"]})

    def _touch(self, order, items, status, **values):
        now = self._stamp()
        for item in items:
            item["status"] = status
            item["updated_at"] = now.strftime("%Y-%m-%d %H:%M:%S %z")
            item.update(values)
            self._queue_order_push(order, item)
        order["updated_at"] = now.isoformat()
        self._refresh_statuses(order)

    def _release(self, items):
        for item in items:
            _product, sku = self._sku(sku_id=item["sku_id"])
            if sku and sku["occupied"]:
                sku["occupied"] -= 1

    def set_order_status(self, order_id, status, reason=None, item_ids=None):
        """Move an order on like the marketplace would (buyer, carrier).

        With ``item_ids``, only those order items move (Lazada statuses are
        per item: a buyer may cancel one item of an order).
        """
        wanted = {str(item_id) for item_id in item_ids or ()}
        with self.lock:
            order = self.orders[int(order_id)]
            live = [
                i
                for i in order["items"]
                if i["status"] != "canceled"
                and (not wanted or str(i["order_item_id"]) in wanted)
            ]
            if status == "canceled":
                self._release(live)
                self._touch(
                    order,
                    live,
                    status,
                    reason=reason or "Change of mind",
                    cancel_return_initiator="cancellation-customer",
                )
            elif status == "returned":
                reverse_id = self._create_reverse(order, live, reason)
                self._touch(
                    order,
                    live,
                    status,
                    reverse_order_id=str(reverse_id),
                    cancel_return_initiator="return-customer",
                )
            else:
                if status in ("shipped", "delivered"):
                    for item in live:
                        if item["status"] in ("pending", "packed", "ready_to_ship"):
                            _product, sku = self._sku(sku_id=item["sku_id"])
                            if sku and sku["occupied"]:
                                sku["occupied"] -= 1
                                sku["quantity"] -= 1
                self._touch(order, live, status)
                if status == "delivered":
                    self._book_transactions(order, live)

    def pack_items(self, order_id, item_ids):
        """Pack these items of an order in one parcel, as a seller does in
        the Seller Center; return the package id.

        Packing an order's items in several calls ships it in several
        packages, each with its own tracking number.
        """
        with self.lock:
            order = self.orders[int(order_id)]
            lines = self._pack_order(
                order,
                [str(item_id) for item_id in item_ids],
                catalog.SHIPMENT_PROVIDERS[0]["name"],
            )
        return next(
            (line["package_id"] for line in lines if line.get("package_id")), None
        )

    @staticmethod
    def _lazada_time(moment_text):
        """``2014-10-15 18:36:05 +0800`` (items' format) of an ISO time."""
        try:
            moment = datetime.fromisoformat(moment_text)
        except (TypeError, ValueError):
            return moment_text or ""
        return moment.strftime("%Y-%m-%d %H:%M:%S %z")

    def _public_address(self, address, district_key):
        public = {
            "first_name": "",
            "last_name": "",
            "phone": "",
            "phone2": "",
            "address1": "",
            "address2": "",
            "address3": "",
            "address4": "",
            "address5": "",
            "city": "",
            "post_code": "",
            "country": catalog.VENTURE_COUNTRY.get(self.venture, "Singapore"),
            **address,
        }
        public.setdefault(district_key, "")
        return public

    def _order_public(self, order, district_key="addressDistrict"):
        """An order as /orders/get and /order/get show it: what the sandbox
        keeps plus every field the reference marks required. The two APIs
        spell the district key differently (addressDsitrict in GetOrders,
        addressDistrict in GetOrder); each gets its own spelling."""
        public = {k: v for k, v in order.items() if k != "items"}
        shipping = self._public_address(order["address_shipping"], district_key)
        billing = self._public_address(
            order.get("address_billing") or order["address_shipping"], district_key
        )
        items = [self._item_public(order, item) for item in order["items"]]
        promised = sorted(
            i["promised_shipping_time"]
            for i in items
            if i.get("promised_shipping_time")
        )
        vouchers = sorted({i["voucher_code"] for i in items if i["voucher_code"]})
        defaults = {
            "address_updated_at": self._lazada_time(order["created_at"]),
            "branch_number": "",
            "tax_code": "",
            "national_registration_number": "",
            "extra_attributes": '{"TaxInvoiceRequested":"false"}',
            "remarks": "",
            "gift_option": False,
            "gift_message": "",
            "delivery_info": "",
            "voucher_code": ",".join(vouchers),
            "shipping_fee_discount_seller": "0.00",
            "shipping_fee_discount_platform": "0.00",
            "promised_shipping_times": promised[0][:19] if promised else "",
            "need_cancel_confirm": False,
            "is_cancel_pending": False,
        }
        return {
            **defaults,
            **public,
            "address_shipping": shipping,
            "address_billing": billing,
        }

    def _item_public(self, order, item):
        """An order item with every field the reference marks required."""
        product = self.products.get(int(item["product_id"] or 0)) or {}
        images = list(product.get("images") or [])
        for sku in product.get("skus") or []:
            if str(sku["SkuId"]) == str(item["sku_id"]):
                images += sku.get("Images") or []
        tld = catalog.VENTURE_TLD.get(self.venture, "sg")
        defaults = {
            "purchase_order_id": "",
            "purchase_order_number": "",
            "product_main_image": images[0]
            if images
            else f"https://{self.venture}-live-01.slatic.net/p/{item['sku_id']}.jpg",
            "product_detail_url": f"https://www.lazada.{tld}/products/"
            f"i{item['product_id']}-s{item['sku_id']}.html",
            "digital_delivery_info": "",
            "return_status": "",
            "invoice_number": "",
            "shop_id": f"{self.venture.upper()}{self.seller_id}",
            **self._voucher_codes(order, item),
            "wallet_credits": "0.00",
            "is_digital": 0,
            "tracking_code_pre": "",
            "shipping_service_cost": 0,
            "extra_attributes": "",
            "reason_detail": "",
            "warehouse_code": order.get("warehouse_code") or "dropshipping",
            "delivery_option_sof": "0",
            "is_fbl": "0",
            "is_reroute": "0",
            "shipping_fee_original": "0.00",
            "shipping_fee_discount_seller": "0.00",
            "shipping_fee_discount_platform": "0.00",
            "voucher_seller_lpi": "0.00",
            "voucher_platform_lpi": "0.00",
            "sla_time_stamp": self._sla_time(item.get("promised_shipping_time")),
            "need_cancel_confirm": False,
            "is_cancel_pending": False,
        }
        public = {**defaults, **item}
        if not public.get("reverse_order_id"):
            # a Number in the reference: absent until there is a return
            public.pop("reverse_order_id", None)
        return public

    @staticmethod
    def _voucher_codes(order, item):
        """Codes of the vouchers an item was bought with (none: empty)."""
        suffix = str(order["order_id"])[-6:]
        seller = f"SV{suffix}" if float(item.get("voucher_seller") or 0) else ""
        platform = f"LV{suffix}" if float(item.get("voucher_platform") or 0) else ""
        return {
            "voucher_code": ",".join(c for c in (seller, platform) if c),
            "voucher_code_seller": seller,
            "voucher_code_platform": platform,
        }

    @staticmethod
    def _sla_time(promised):
        try:
            moment = datetime.strptime(promised or "", "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            return ""
        return moment.isoformat()

    def _orders_window(self, params):
        bounds = {}
        for name in (
            "created_after",
            "created_before",
            "update_after",
            "update_before",
        ):
            bounds[name] = self._date_param(params, name)
        return bounds

    @staticmethod
    def _order_in_window(order, bounds):
        created = datetime.fromisoformat(order["created_at"])
        updated = datetime.fromisoformat(order["updated_at"])
        checks = (
            (bounds["created_after"], created, 1),
            (bounds["created_before"], created, -1),
            (bounds["update_after"], updated, 1),
            (bounds["update_before"], updated, -1),
        )
        return all(
            bound is None or (moment - bound).total_seconds() * sign >= 0
            for bound, moment, sign in checks
        )

    def _orders_get(self, params, request):
        bounds = self._orders_window(params)
        offset = self._int_param(
            params,
            "offset",
            0,
            ("14", 'E014: "%s" Invalid Offset'),
            maximum=apis.ORDERS_MAX_OFFSET,
        )
        limit = self._int_param(
            params,
            "limit",
            apis.ORDERS_MAX_LIMIT,
            ("19", 'E019: "%s" Invalid Limit'),
            minimum=1,
            maximum=apis.ORDERS_MAX_LIMIT,
        )
        status = params.get("status")
        if status and status not in apis.ORDER_STATUSES:
            raise LazadaError("36", "E036: Invalid status filter")
        direction = (params.get("sort_direction") or "DESC").upper()
        if direction not in ("ASC", "DESC"):
            raise LazadaError("74", "E074: Invalid sort direction.")
        sort_by = params.get("sort_by") or "created_at"
        if sort_by not in ("created_at", "updated_at"):
            raise LazadaError("75", "E075: Invalid sort filter.")
        selected = [
            order
            for order in self.orders.values()
            if self._order_in_window(order, bounds)
            and (not status or status in order["statuses"])
        ]
        selected.sort(
            key=lambda o: (datetime.fromisoformat(o[sort_by]), o["order_id"]),
            reverse=direction == "DESC",
        )
        page = selected[offset : offset + limit]
        return {
            "data": {
                "count": len(page),
                "countTotal": len(selected),
                "orders": [self._order_public(o, "addressDsitrict") for o in page],
            }
        }

    def _find_order(self, order_id):
        try:
            order = self.orders.get(int(order_id))
        except (TypeError, ValueError):
            order = None
        if not order:
            raise LazadaError("16", 'E016: "%s" Invalid Order ID' % order_id)
        return order

    def _order_get(self, params, request):
        return {"data": self._order_public(self._find_order(params.get("order_id")))}

    def _order_items_get(self, params, request):
        order = self._find_order(params.get("order_id"))
        return {"data": [self._item_public(order, item) for item in order["items"]]}

    def _orders_items_get(self, params, request):
        try:
            ids = json.loads(params["order_ids"])
        except ValueError:
            ids = None
        if not isinstance(ids, list) or not ids:
            raise LazadaError(
                "56", "E056: Invalid OrdersIdList format. Must use array format [1,2]"
            )
        if len(ids) > apis.ORDER_ITEMS_BATCH:
            raise LazadaError("38", "E038: Too many orders were requested")
        if not all(str(i).isdigit() for i in ids):
            raise LazadaError(
                "37", "E037: One or more order id in the list are incorrect"
            )
        data = []
        for order_id in ids:
            order = self.orders.get(int(order_id))
            if order:
                data.append(
                    {
                        "order_id": order["order_id"],
                        "order_number": order["order_number"],
                        "order_items": [
                            self._item_public(order, item) for item in order["items"]
                        ],
                    }
                )
        if not data:
            raise LazadaError("39", "E039: No orders were found")
        return {"data": data}

    # ------------------------------------------------------------------
    # Cancel, pack, ready to ship, AWB
    # ------------------------------------------------------------------

    CANCELLABLE = ("unpaid", "pending", "packed", "ready_to_ship", "repacked")

    def _cancel_target(self, params):
        """The order and items of a cancel call, as the reverse-order
        service checks them (E0115, E0122, E0102, E0123)."""
        raw = str(params.get("order_id") or "")
        if not raw.isdigit():
            raise LazadaError("115", "E0115: order id is null")
        order = self.orders.get(int(raw))
        if not order:
            raise LazadaError("122", "E0122: invalid trade order")
        try:
            wanted = json.loads(params.get("order_item_id_list") or "")
        except ValueError:
            wanted = None
        if (
            not isinstance(wanted, list)
            or not wanted
            or not all(str(i).isdigit() for i in wanted)
        ):
            raise LazadaError("102", "E0102: trade order line id is empty or invalid")
        by_id = {str(i["order_item_id"]): i for i in order["items"]}
        unknown = [str(i) for i in wanted if str(i) not in by_id]
        if unknown:
            raise LazadaError(
                "123", "E0123: invalid trade order lines %s" % ",".join(unknown)
            )
        return order, [by_id[str(i)] for i in wanted]

    def _cancel_validate(self, params, request):
        _order, items = self._cancel_target(params)
        if any(i["status"] not in self.CANCELLABLE for i in items):
            return {
                "data": {
                    "tip_content": "These items can no longer be cancelled",
                    "tip_type": "error",
                    "reason_options": [],
                }
            }
        return {
            "data": {
                "tip_content": "",
                "tip_type": "NONE",
                "reason_options": catalog.CANCEL_REASONS,
            }
        }

    def _cancel_create(self, params, request):
        order, items = self._cancel_target(params)
        reason_id = str(params.get("reason_id") or "")
        reasons = {r["reason_id"]: r["reason_name"] for r in catalog.CANCEL_REASONS}
        if reason_id not in reasons:
            raise LazadaError("104", "E0104: reason is empty or invalid")
        refused = [
            str(i["order_item_id"])
            for i in items
            if i["status"] not in self.CANCELLABLE
        ]
        if refused:
            raise LazadaError(
                "123", "E0123: invalid trade order lines %s" % ",".join(refused)
            )
        self._release(items)
        self._touch(
            order,
            items,
            "canceled",
            reason=reasons[reason_id],
            cancel_return_initiator="cancellation-seller",
        )
        return {"data": {"tip_content": "", "tip_type": "NONE"}}

    @staticmethod
    def _result(data):
        # The reference's examples leave an error code next to "success":
        # true; a success here carries "0" (the items' own success code).
        return {
            "result": {
                "success": True,
                "error_code": "0",
                "error_msg": "success",
                "data": data,
            }
        }

    @staticmethod
    def _request_json(params, key, required=()):
        """The JSON object of a fulfilment request, its ``required`` keys
        present (PARAM_ILLEGAL / PARAM_IS_NULL otherwise)."""
        try:
            value = json.loads(params.get(key) or "")
        except ValueError as err:
            raise ResultRefusal("700004", "PARAM_ILLEGAL") from err
        if not isinstance(value, dict):
            raise ResultRefusal("700004", "PARAM_ILLEGAL")
        for name in required:
            if value.get(name) in (None, "", []):
                raise ResultRefusal("700017", f"PARAM_IS_NULL: {name}")
        return value

    @staticmethod
    def _entries(request, key, required):
        entries = request.get(key)
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) for e in entries
        ):
            raise ResultRefusal("700004", f"PARAM_ILLEGAL: {key}")
        for entry in entries:
            for name in required:
                if entry.get(name) in (None, "", []):
                    raise ResultRefusal("700017", f"PARAM_IS_NULL: {name}")
        if len(entries) > apis.MAX_PACKAGES_PER_CALL:
            raise ResultRefusal("700022", "BATCH_SIZE_OUT_OF_LIMIT")
        return entries

    def _shipment_providers(self, params, request):
        providers_request = self._request_json(
            params, "getShipmentProvidersReq", ("orders",)
        )
        for entry in self._entries(
            providers_request, "orders", ("order_id", "order_item_ids")
        ):
            if not self.orders.get(self._number(entry["order_id"], int)):
                raise ResultRefusal("700021", "ORDER_NOT_FOUND")
        return self._result(
            {
                "platform_default": 0,
                "shipment_providers": catalog.SHIPMENT_PROVIDERS,
                "shipping_allocate_type": "TFS",
            }
        )

    def _pack_line(self, order_item_id, code, msg, **values):
        return {
            "order_item_id": order_item_id,
            "item_err_code": code,
            "msg": msg,
            "tracking_number": "",
            "shipment_provider": "",
            "package_id": "",
            "retry": False,
            **values,
        }

    def _pack(self, params, request):
        pack_request = self._request_json(
            params,
            "packReq",
            ("pack_order_list", "delivery_type", "shipping_allocate_type"),
        )
        orders = self._entries(
            pack_request, "pack_order_list", ("order_id", "order_item_list")
        )
        if pack_request["delivery_type"] != "dropship":
            raise ResultRefusal("700013", "OP_NOT_SUPPORT: delivery_type")
        if pack_request["shipping_allocate_type"] not in ("TFS", "NTFS"):
            raise ResultRefusal("700004", "PARAM_ILLEGAL: shipping_allocate_type")
        provider = next(
            (
                p["name"]
                for p in catalog.SHIPMENT_PROVIDERS
                if p["provider_code"] == pack_request.get("shipment_provider_code")
            ),
            catalog.SHIPMENT_PROVIDERS[0]["name"],
        )
        result = []
        for entry in orders:
            order = self.orders.get(self._number(entry["order_id"], int))
            wanted = [str(i) for i in as_list(entry["order_item_list"])]
            if not order:
                result.append(
                    {
                        "order_id": entry["order_id"],
                        "order_item_list": [
                            self._pack_line(i, "700021", "ORDER_NOT_FOUND")
                            for i in wanted
                        ],
                    }
                )
                continue
            result.append(
                {
                    "order_id": order["order_id"],
                    "order_item_list": self._pack_order(order, wanted, provider),
                }
            )
        return self._result({"pack_order_list": result})

    def _pack_order(self, order, wanted, provider):
        package_id = f"FP{self._next_id():012d}"
        tracking = f"SGLZ{self.rng.randint(10**9, 10**10 - 1)}"
        by_id = {str(i["order_item_id"]): i for i in order["items"]}
        lines = []
        packed = []
        for item_id in wanted:
            item = by_id.get(item_id)
            if not item:
                lines.append(self._pack_line(item_id, "700025", "ORDER_ITEM_NOT_FOUND"))
                continue
            if item["status"] not in ("pending", "repacked"):
                lines.append(
                    self._pack_line(
                        item["order_item_id"], "700026", "FO_ITEM_NOT_ALLOW_TO_PACK"
                    )
                )
                continue
            packed.append(item)
            lines.append(
                self._pack_line(
                    item["order_item_id"],
                    "0",
                    "success",
                    tracking_number=tracking,
                    shipment_provider=provider,
                    package_id=package_id,
                )
            )
        if packed:
            self.packages[package_id] = {
                "package_id": package_id,
                "order_id": order["order_id"],
                "status": "packed",
                "tracking_number": tracking,
                "shipment_provider": provider,
            }
            self._touch(
                order,
                packed,
                "packed",
                package_id=package_id,
                tracking_code=tracking,
                shipment_provider=provider,
            )
        return lines

    def _rts(self, params, request):
        rts_request = self._request_json(params, "readyToShipReq", ("packages",))
        result = []
        for entry in self._entries(rts_request, "packages", ("package_id",)):
            package = self.packages.get(entry["package_id"])
            if not package or package["status"] != "packed":
                result.append(
                    {
                        "package_id": entry["package_id"],
                        "item_err_code": "700000",
                        "msg": "PACKAGE_STATUS_NOT_ALLOW_TO_OP",
                        "retry": False,
                    }
                )
                continue
            package["status"] = "ready_to_ship"
            order = self.orders[package["order_id"]]
            items = [
                i for i in order["items"] if i["package_id"] == package["package_id"]
            ]
            self._touch(order, items, "ready_to_ship")
            result.append(
                {
                    "package_id": package["package_id"],
                    "item_err_code": "0",
                    "msg": "success",
                    "retry": False,
                }
            )
        return self._result({"packages": result})

    def _document(self, params, request):
        document = self._request_json(
            params, "getDocumentReq", ("doc_type", "packages")
        )
        doc_type = str(document["doc_type"]).upper()
        if doc_type not in ("PDF", "HTML"):
            raise ResultRefusal("700004", "PARAM_ILLEGAL: doc_type")
        pages = []
        for entry in self._entries(document, "packages", ("package_id",)):
            package = self.packages.get(entry["package_id"])
            if not package:
                raise ResultRefusal("700021", "ORDER_NOT_FOUND")
            order = self.orders[package["order_id"]]
            address = order["address_shipping"]
            pages.append(
                [
                    "Lazada AWB",
                    f"Package {package['package_id']}",
                    f"Carrier {package['shipment_provider']}",
                    f"Tracking {package['tracking_number']}",
                    f"Order {order['order_number']}",
                    f"To {address['first_name']} {address['last_name']}",
                    address["address1"],
                    f"COD {order['price']}"
                    if order["payment_method"] == "COD"
                    else "Prepaid",
                ]
            )
        if doc_type == "PDF":
            content = make_pdf(pages)
        else:
            content = "".join(
                "<div class='awb'>" + "<br/>".join(page) + "</div>" for page in pages
            ).encode()
        name = secrets.token_hex(8)
        return self._result(
            {
                "doc_type": doc_type,
                "file": base64.b64encode(content).decode(),
                "pdf_url": f"https://sandbox-awb.lazada.example/{name}.pdf",
            }
        )

    # ------------------------------------------------------------------
    # Reverse orders and finance
    # ------------------------------------------------------------------

    def _create_reverse(self, order, items, reason):
        reverse_id = self._next_id() + 700000000000000
        now = int(self.clock() * 1000)
        created = int(datetime.fromisoformat(order["created_at"]).timestamp() * 1000)
        self.reverse_orders[reverse_id] = {
            "reverse_order_id": reverse_id,
            "trade_order_id": order["order_id"],
            "request_type": "RETURN",
            "is_rtm": True,
            "shipping_type": "DROP_OFF",
            "reverse_order_lines": [
                {
                    "reverse_order_line_id": self._next_id() + 710000000000000,
                    "trade_order_line_id": item["order_item_id"],
                    "reverse_status": "REQUEST_INITIATE",
                    "ofc_status": "",
                    "refund_amount": round(float(item["paid_price"]) * 100),
                    "item_unit_price": round(float(item["item_price"]) * 100),
                    "reason_code": "1001",
                    "reason_text": reason or "Item does not match description",
                    "seller_sku_id": item["sku"],
                    "platform_sku_id": item["sku_id"],
                    "is_need_refund": True,
                    "is_dispute": False,
                    "refund_payment_method": order["payment_method"],
                    "whqc_decision": "",
                    "tracking_number": "",
                    "receiver_address": catalog.RETURN_ADDRESS,
                    "buyer_id": item["buyer_id"],
                    "product_id": item["product_id"],
                    "trade_order_gmt_create": created,
                    "return_order_line_gmt_create": now,
                    "return_order_line_gmt_modified": now,
                    "sla": now + 3 * 86400 * 1000,
                }
                for item in items
            ],
        }
        return reverse_id

    def _book_transactions(self, order, items):
        """Finance rows of a delivered order; per order they sum to the payout."""
        date = self._stamp().strftime("%d %b %Y")
        statement = self._statement()
        rows = []

        def add(fee, amount, item=None):
            rows.append(
                {
                    "fee_type": str(fee[0]),
                    "fee_name": fee[1],
                    "transaction_type": fee[2],
                    "details": fee[1],
                    "amount": _money(amount),
                    "VAT_in_amount": "0.00",
                    "WHT_amount": "0.00",
                    "WHT_included_in_amount": "No",
                    "statement": statement,
                    "paid_status": "Not paid",
                    "order_no": str(order["order_id"]),
                    "orderItem_no": str(item["order_item_id"]) if item else "",
                    "orderItem_status": item["status"] if item else "",
                    "seller_sku": item["sku"] if item else "",
                    "lazada_sku": item["shop_sku"] if item else "",
                    "shipping_provider": item.get("shipment_provider", "")
                    if item
                    else "",
                    "shipping_speed": item.get("shipping_provider_type", "")
                    if item
                    else "",
                    "shipment_type": item.get("shipping_type", "") if item else "",
                    "reference": "",
                    "comment": "",
                    "payment_ref_id": "",
                    "transaction_date": date,
                    "transaction_number": str(self._next_id()),
                }
            )

        for item in items:
            price = float(item["item_price"])
            add(catalog.FEE_ITEM_PRICE, price, item)
            add(
                catalog.FEE_COMMISSION, -round(price * catalog.COMMISSION_RATE, 2), item
            )
            add(catalog.FEE_PAYMENT, -round(price * catalog.PAYMENT_FEE_RATE, 2), item)
            if float(item["voucher_seller"]):
                add(catalog.FEE_SELLER_VOUCHER, -float(item["voucher_seller"]), item)
        if float(order["shipping_fee"]):
            add(catalog.FEE_SHIPPING_BUYER, float(order["shipping_fee"]))
        add(catalog.FEE_SHIPPING_SELLER, -catalog.SELLER_SHIPPING_FEE)
        self.transactions.extend(rows)
        return rows

    def _statement(self):
        today = self._stamp()
        start = today - timedelta(days=today.weekday())
        end = start + timedelta(days=6)
        return f"{start:%d %b %Y} - {end:%d %b %Y}"

    def offset_payout(self, delta, statement=None):
        """Fault: the payout of ``statement`` (by default the current
        week's) differs from its transactions by ``delta``."""
        statement = statement or self._statement()
        with self.lock:
            self.payout_offsets[statement] = (
                self.payout_offsets.get(statement, 0.0) + delta
            )
        return statement

    def payout(self, order_id):
        return round(
            sum(
                float(r["amount"])
                for r in self.transactions
                if r["order_no"] == str(order_id)
            ),
            2,
        )

    # ------------------------------------------------------------------
    # Push messages
    # ------------------------------------------------------------------

    def _push(self, message_type, data):
        body = json.dumps(
            {
                "seller_id": self.seller_id,
                "message_type": message_type,
                "data": data,
                "timestamp": int(self.clock() * 1000),
                "site": f"lazada_{self.venture}",
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": push_signature(self.app_key, self.app_secret, body),
        }
        self.pending_pushes.append((body, headers))

    def _queue_order_push(self, order, item):
        self._push(
            0,
            {
                "order_status": item["status"],
                "trade_order_id": str(order["order_id"]),
                "trade_order_line_id": str(item["order_item_id"]),
                "status_update_time": int(self.clock()),
            },
        )

    def flush_pushes(self, duplicates=0, shuffle=False, seed=None):
        """Deliver the queued pushes; ``duplicates``/``shuffle`` misbehave."""
        with self.lock:
            batch, self.pending_pushes = self.pending_pushes, []
        if self.faults.in_outage:
            # the marketplace keeps them and retries later
            with self.lock:
                self.pending_pushes = batch + self.pending_pushes
            return []
        return self.pushes.send_batch(
            batch, duplicates=duplicates, shuffle=shuffle, seed=seed
        )

    # ------------------------------------------------------------------
    # Demo and control API
    # ------------------------------------------------------------------

    def reset_orders(self):
        """Forget orders and what hangs on them (tests share one sandbox)."""
        with self.lock:
            self.orders.clear()
            self.packages.clear()
            self.reverse_orders.clear()
            self.transactions.clear()
            self.payout_offsets.clear()
            self.pending_pushes.clear()
            self.faults.reset()

    def seed_demo(self):
        self.issue_tokens("sandbox-demo-access-token", "sandbox-demo-refresh-token")
        demo = [
            ("TSHIRT-RED-M", 19.90, 120, "Cotton T-Shirt Red M"),
            ("TSHIRT-BLUE-L", 19.90, 80, "Cotton T-Shirt Blue L"),
            ("MUG-350", 9.50, 300, "Ceramic Mug 350 ml"),
            ("PWRBANK-10K", 29.00, 45, "Power Bank 10000 mAh"),
        ]
        for sku, price, quantity, name in demo:
            self.add_product(sku, price, quantity, name=name)
        self.generate_orders(8, [d[0] for d in demo], seed=2026)

    def _control_generate(self, request):
        data = request.json()
        ids = self.generate_orders(
            int(data.get("n", 1)), data.get("skus") or [], seed=data.get("seed")
        )
        return 200, {"order_ids": ids}, {}

    def _control_status(self, request):
        data = request.json()
        self.set_order_status(
            data["order_id"],
            data["status"],
            data.get("reason"),
            item_ids=data.get("item_ids"),
        )
        return 200, {"ok": True}, {}

    def _control_flush(self, request):
        data = request.json()
        done = self.flush_pushes(
            int(data.get("duplicates", 0)), bool(data.get("shuffle")), data.get("seed")
        )
        return 200, {"delivered": len(done)}, {}

    def _control_expire(self, request):
        self.expire_access_token(request.json().get("token"))
        return 200, {"ok": True}, {}

    def _control_add_product(self, request):
        data = request.json()
        item_id, sku_id = self.add_product(
            data["seller_sku"],
            float(data.get("price", 10)),
            int(data.get("quantity", 0)),
        )
        return 200, {"item_id": item_id, "sku_id": sku_id}, {}

    # ------------------------------------------------------------------
    # Control page and live mode (see SandboxServer)
    # ------------------------------------------------------------------

    # order item status -> the page's actions, as buyer, carrier or Lazada
    PAGE_ACTIONS = {
        "pending": (("canceled", "Cancel (buyer)"),),
        "packed": (("shipped", "Ship"), ("canceled", "Cancel (buyer)")),
        "ready_to_ship": (("shipped", "Ship"), ("canceled", "Cancel (buyer)")),
        "shipped": (("delivered", "Deliver"), ("failed_delivery", "Fail delivery")),
        "delivered": (("returned", "Return"),),
    }
    # steps of an order's reverse order, by its lines' status (see returns.py)
    PAGE_REVERSE_ACTIONS = {
        "REQUEST_INITIATE": (
            ("reverse:approve", "Approve return (Lazada)"),
            ("reverse:refund", "Refund (Lazada)"),
        ),
        "RTM_INIT": (("reverse:ship", "Buyer ships the return"),),
        "RTM_SHIPPING_BACK": (("reverse:arrive", "Return parcel arrives"),),
        "RTM_RECEIVE_ITEM": (("reverse:refund", "Refund (Lazada)"),),
    }

    def _page_reverse(self, order):
        return next(
            (
                r
                for r in self.reverse_orders.values()
                if r["trade_order_id"] == order["order_id"]
            ),
            None,
        )

    def _page_actions(self, order):
        actions = {}
        for status in order["statuses"]:
            actions.update(self.PAGE_ACTIONS.get(status, ()))
        reverse = self._page_reverse(order)
        if reverse:
            status = reverse["reverse_order_lines"][0]["reverse_status"]
            actions.update(self.PAGE_REVERSE_ACTIONS.get(status, ()))
        return actions

    def _active_skus(self):
        return [
            (product, sku)
            for product in self.products.values()
            if product["status"] == "active"
            for sku in product["skus"]
            if sku["Status"] == "active"
        ]

    def live_order(self):
        skus = [sku["SellerSku"] for _product, sku in self._active_skus()]
        return self.generate_orders(1, skus) if skus else []

    def pending_push_count(self):
        return len(self.pending_pushes)

    def page_products(self):
        return [
            {
                "sku": sku["SellerSku"],
                "name": product["attributes"].get("name"),
                "stock": sku["quantity"] - sku["occupied"],
            }
            for product, sku in self._active_skus()
        ]

    def page_orders(self, limit):
        orders = list(self.orders.values())[-limit:]
        rows = []
        for order in reversed(orders):
            units = {}
            for item in order["items"]:
                units[item["sku"]] = units.get(item["sku"], 0) + 1
            actions = self._page_actions(order)
            rows.append(
                {
                    "id": order["order_id"],
                    "created": datetime.fromisoformat(order["created_at"]).timestamp(),
                    "status": ", ".join(order["statuses"]),
                    "lines": ", ".join(f"{n} × {sku}" for sku, n in units.items()),
                    "actions": list(actions.items()),
                }
            )
        return rows

    def page_create_order(self, sku, quantity, cod):
        _product, found = self._sku(seller_sku=sku)
        if not found:
            raise ValueError(f"no SKU {sku} in this shop")
        if quantity > found["quantity"] - found["occupied"]:
            raise ValueError(
                f"only {found['quantity'] - found['occupied']} of {sku} in stock"
            )
        (order_id,) = self.generate_orders(
            1, [sku], cod_ratio=float(cod), voucher_ratio=0, units=quantity
        )
        return order_id

    def page_order_action(self, order_id, action):
        order = self._find_order(order_id)
        if action not in self._page_actions(order):
            raise ValueError(f"{action} is not possible in {order['statuses']}")
        if action.startswith("reverse:"):
            reverse = self._page_reverse(order)
            self.advance_reverse(reverse["reverse_order_id"], action.split(":")[1])
            return f"return {reverse['reverse_order_id']}: {action.split(':')[1]}."
        self.set_order_status(order["order_id"], action)
        return f"now {action}."

    def state_summary(self):
        return {
            **super().state_summary(),
            "orders": len(self.orders),
            "products": len(self.products),
            "pending_pushes": len(self.pending_pushes),
        }
