"""A Lazada Open Platform stand-in on loopback.

It checks what the real gateway checks (app key, timestamp window,
signature, access token, per-API rate limit), answers with Lazada's
envelopes and error codes, and keeps a shop in memory: products, stock,
orders with per-item statuses, packages, AWB documents, reverse orders and
finance transactions. Status changes queue signed push messages.
"""

import base64
import itertools
import json
import random
import secrets
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from odoo.addons.oms_base.api_common import SandboxServer, make_pdf

from ..lazada_api import const
from ..lazada_api.signing import sign, sign_push
from ..mapping import VENTURE_CURRENCY
from . import catalog

TZ = timezone(timedelta(hours=8))
CODE_TTL = 1800


class LazadaError(Exception):
    def __init__(self, code, message, type_="ISV", detail=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.type = type_
        self.detail = detail


def _money(value):
    return f"{value:.2f}"


class LazadaSandbox(SandboxServer):
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
        self.access_tokens = {}  # token -> expiry
        self.refresh_tokens = {}  # token -> expiry
        self.codes = {}  # code -> expiry
        self.products = {}  # item_id -> product
        self.orders = {}  # order_id -> order (items under "items")
        self.packages = {}  # package_id -> package
        self.reverse_orders = {}
        self.transactions = []
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
                with self.lock:
                    body = handler(params, request)
            except LazadaError as err:
                return self._envelope_error(err)
            return 200, {"code": "0", "request_id": self._request_id(), **body}, {}

        return serve

    def _check_request(self, api_path, params, needs_token):
        if params.get("app_key") != self.app_key:
            raise LazadaError(
                "InvalidApiKey", "The specified app key is invalid", "ISV"
            )
        if not params.get("sign"):
            raise LazadaError("MissingParameter", "The input parameter sign is missing")
        stamp = params.get("timestamp", "")
        if (
            not stamp.isdigit()
            or abs(int(stamp) / 1000 - self.clock()) > const.TIMESTAMP_WINDOW
        ):
            raise LazadaError("InvalidTimestamp", "The request timestamp is invalid")
        expected = sign(self.app_secret, api_path, params)
        if expected != params["sign"]:
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
                "cb": False,
                "location": "Singapore",
                "status": "ACTIVE",
                "verified": True,
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

    @staticmethod
    def _public_product(product):
        skus = []
        for sku in product["skus"]:
            public = {k: v for k, v in sku.items() if k != "occupied"}
            public["quantity"] = sku["quantity"] - sku["occupied"]
            skus.append(public)
        return {**product, "skus": skus}

    def _products_get(self, params, request):
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 20)
        if limit > 50:
            raise LazadaError("19", 'E019: "%s" Invalid Limit' % limit)
        wanted = params.get("filter") or "all"
        products = [
            p
            for p in self.products.values()
            if wanted == "all" or p["status"] == wanted
        ]
        page = products[offset : offset + limit]
        return {
            "data": {
                "total_products": len(products),
                "products": [self._public_product(p) for p in page],
            }
        }

    def _product_get(self, params, request):
        if params.get("item_id"):
            product = self.products.get(int(params["item_id"]))
        else:
            product, _sku = self._sku(seller_sku=params.get("seller_sku"))
        if not product:
            raise LazadaError("506", "Get product failed: product not found")
        return {"data": self._public_product(product)}

    def _category_tree(self, params, request):
        return {"data": catalog.CATEGORY_TREE}

    def _category_attributes(self, params, request):
        attributes = catalog.CATEGORY_ATTRIBUTES.get(
            int(params.get("primary_category_id") or 0)
        )
        if attributes is None:
            raise LazadaError("201", "Invalid category")
        return {"data": attributes}

    def _image_upload(self, params, request):
        upload = request.files.get("image")
        if not upload:
            raise LazadaError("300", "Image is empty")
        url = f"https://sg-test-11.slatic.net/p/{secrets.token_hex(8)}.png"
        self.images.append(url)
        return {"data": {"image": {"url": url, "hash_code": secrets.token_hex(8)}}}

    def _image_migrate(self, params, request):
        url = f"https://sg-test-11.slatic.net/p/{secrets.token_hex(8)}.jpg"
        self.images.append(url)
        return {"data": {"image": {"url": url, "hash_code": secrets.token_hex(8)}}}

    @staticmethod
    def _product_payload(params, key="payload"):
        try:
            return json.loads(params.get(key) or "{}")["Request"]["Product"]
        except (ValueError, KeyError, TypeError) as err:
            raise LazadaError("500", "Invalid payload") from err

    def _product_create(self, params, request):
        product = self._product_payload(params)
        category = int(product.get("PrimaryCategory") or 0)
        attributes = catalog.CATEGORY_ATTRIBUTES.get(category)
        if attributes is None:
            raise LazadaError("201", "Invalid category")
        skus = (product.get("Skus") or {}).get("Sku") or []
        given = dict(product.get("Attributes") or {})
        detail = []
        for attribute in attributes:
            if not attribute["is_mandatory"]:
                continue
            values = [given.get(attribute["name"])] + [
                sku.get(attribute["name"]) for sku in skus
            ]
            if not any(values):
                detail.append(
                    {
                        "field": attribute["name"],
                        "message": f"{attribute['label']} is mandatory",
                    }
                )
        images = (product.get("Images") or {}).get("Image") or []
        if len(images) > 8:
            detail.append({"field": "Images", "message": "More than 8 images"})
        for sku in skus:
            _p, existing = self._sku(seller_sku=sku.get("SellerSku"))
            if existing:
                detail.append(
                    {"field": "SellerSku", "message": "4105: duplicate SellerSku"}
                )
        if detail or not skus:
            raise LazadaError("500", "Create product failed", detail=detail or None)
        item_id = None
        sku_list = []
        for sku in skus:
            item_id, sku_id = self.add_product(
                sku["SellerSku"],
                float(sku.get("price") or 0),
                int(sku.get("quantity") or 0),
                name=given.get("name"),
                item_id=item_id,
                category=category,
            )
            sku_list.append(
                {
                    "seller_sku": sku["SellerSku"],
                    "sku_id": sku_id,
                    "shop_sku": f"{item_id}_{self.venture.upper()}-{sku_id}",
                }
            )
        self.products[item_id]["attributes"] = given
        self.products[item_id]["images"] = images
        self._push(3, {"item_id": item_id, "action": "PUBLISHED"})
        return {
            "data": {
                "item_id": item_id,
                "sku_list": sku_list,
                "item_status": "Pending QC",
            }
        }

    def _product_update(self, params, request):
        product = self._product_payload(params)
        item = self.products.get(int(product.get("ItemId") or 0))
        if not item:
            raise LazadaError("501", "Update product failed: item not found")
        item["attributes"].update(product.get("Attributes") or {})
        for change in (product.get("Skus") or {}).get("Sku") or []:
            _p, sku = self._sku(
                sku_id=change.get("SkuId"), seller_sku=change.get("SellerSku")
            )
            if sku and change.get("Status"):
                sku["Status"] = change["Status"]
        if any(s["Status"] == "active" for s in item["skus"]):
            item["status"] = "active"
        item["updated_time"] = str(int(self.clock() * 1000))
        return {"data": {"item_status": item["status"]}}

    def _product_remove(self, params, request):
        removed = json.loads(params.get("sku_id_list") or "[]")
        if len(removed) > 50:
            raise LazadaError("204", "Too many SKUs")
        for entry in removed:
            sku_id = str(entry).rsplit("_", 1)[-1]
            product, sku = self._sku(sku_id=sku_id)
            if product:
                product["skus"].remove(sku)
                if not product["skus"]:
                    product["status"] = "deleted"
        return {}

    def _sku_changes(self, params):
        skus = (self._product_payload(params).get("Skus") or {}).get("Sku") or []
        if len(skus) > const.MAX_SKUS_PER_UPDATE:
            raise LazadaError("4171", "More than 50 SKUs in one request")
        return skus

    def _apply_sku_changes(self, skus, apply):
        detail = []
        for change in skus:
            _product, sku = self._sku(
                seller_sku=change.get("SellerSku"), sku_id=change.get("SkuId")
            )
            if not sku:
                detail.append(
                    {
                        "seller_sku": change.get("SellerSku"),
                        "field": "SellerSku",
                        "message": "35: SKU not found",
                    }
                )
                continue
            error = apply(sku, change)
            if error:
                detail.append({"seller_sku": sku["SellerSku"], "message": error})
        if detail:
            raise LazadaError("501", "Update failed for some SKUs", detail=detail)
        return {}

    def _price_quantity_update(self, params, request):
        def apply(sku, change):
            if change.get("Price") is not None:
                sku["price"] = sku["special_price"] = float(change["Price"])
            if change.get("Quantity") is not None:
                sku["quantity"] = int(change["Quantity"])

        return self._apply_sku_changes(self._sku_changes(params), apply)

    def _sellable_update(self, params, request):
        def apply(sku, change):
            quantity = int(change.get("SellableQuantity", -1))
            if quantity < 0:
                return "212: sellable inventory cannot be negative"
            sku["quantity"] = sku["occupied"] + quantity
            return None

        return self._apply_sku_changes(self._sku_changes(params), apply)

    def _product_deactivate(self, params, request):
        product = self._product_payload(params, "apiRequestBody")
        item = self.products.get(int(product.get("ItemId") or 0))
        if not item:
            raise LazadaError("E0002", "Product not exists")
        sku_ids = {str(s) for s in (product.get("Skus") or {}).get("SkuId") or []}
        for sku in item["skus"]:
            if not sku_ids or str(sku["SkuId"]) in sku_ids:
                sku["Status"] = "inactive"
        if all(s["Status"] == "inactive" for s in item["skus"]):
            item["status"] = "inactive"
        return {}

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
    ):
        """Create ``n`` pending orders over the given seller SKUs, dated now.

        ``units`` fixes the number of units (order items) of each order.
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

    def _order_public(self, order):
        return {k: v for k, v in order.items() if k != "items"}

    def _orders_get(self, params, request):
        after = params.get("update_after") or params.get("created_after")
        if not after:
            raise LazadaError(
                "MissingParameter", "update_after or created_after is required"
            )
        try:
            start = datetime.fromisoformat(after)
            end = (
                datetime.fromisoformat(params["update_before"])
                if params.get("update_before")
                else None
            )
        except ValueError as err:
            raise LazadaError("17", "E017: Invalid Date Format") from err
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        if limit > 100 or limit < 1:
            raise LazadaError("19", 'E019: "%s" Invalid Limit' % limit)
        if offset > const.ORDERS_MAX_OFFSET:
            raise LazadaError("14", 'E014: "%s" Invalid Offset' % offset)
        field = "updated_at" if params.get("update_after") else "created_at"
        selected = []
        for order in self.orders.values():
            moment = datetime.fromisoformat(order[field])
            in_window = moment >= start and (end is None or moment <= end)
            wanted = not params.get("status") or params["status"] in order["statuses"]
            if in_window and wanted:
                selected.append(order)
        reverse = (params.get("sort_direction") or "DESC").upper() == "DESC"
        selected.sort(key=lambda o: (o[field], o["order_id"]), reverse=reverse)
        page = selected[offset : offset + limit]
        return {
            "data": {
                "count": len(page),
                "countTotal": len(selected),
                "orders": [self._order_public(o) for o in page],
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
        return {"data": self._find_order(params.get("order_id"))["items"]}

    def _orders_items_get(self, params, request):
        ids = json.loads(params.get("order_ids") or "[]")
        if len(ids) > 50:
            raise LazadaError("38", "Too many orders")
        data = []
        for order_id in ids:
            order = self.orders.get(int(order_id))
            if order:
                data.append(
                    {
                        "order_id": order["order_id"],
                        "order_number": order["order_number"],
                        "order_items": order["items"],
                    }
                )
        return {"data": data}

    # ------------------------------------------------------------------
    # Cancel, pack, ready to ship, AWB
    # ------------------------------------------------------------------

    def _cancel_validate(self, params, request):
        self._find_order(params.get("order_id"))
        return {
            "data": {
                "tip_content": "",
                "tip_type": "NONE",
                "reason_options": catalog.CANCEL_REASONS,
            }
        }

    def _cancel_create(self, params, request):
        order = self._find_order(params.get("order_id"))
        reason_id = str(params.get("reason_id") or "")
        reasons = {r["reason_id"]: r["reason_name"] for r in catalog.CANCEL_REASONS}
        if reason_id not in reasons:
            raise LazadaError("E0101", "Invalid reason id")
        wanted = {str(i) for i in json.loads(params.get("order_item_id_list") or "[]")}
        items = [
            i for i in order["items"] if str(i["order_item_id"]) in wanted or not wanted
        ]
        if any(
            i["status"] not in ("pending", "packed", "ready_to_ship", "repacked")
            for i in items
        ):
            raise LazadaError("E0102", "Order item status does not allow cancellation")
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
    def _request_json(params, key):
        try:
            return json.loads(params.get(key) or "{}")
        except ValueError as err:
            raise LazadaError("MissingParameter", f"{key} is not valid JSON") from err

    def _shipment_providers(self, params, request):
        self._request_json(params, "getShipmentProvidersReq")
        return {
            "result": {
                "success": True,
                "data": {
                    "platform_default": 0,
                    "shipment_providers": catalog.SHIPMENT_PROVIDERS,
                    "shipping_allocate_type": "TFS",
                },
            }
        }

    def _pack(self, params, request):
        pack_request = self._request_json(params, "packReq")
        orders = pack_request.get("pack_order_list") or []
        if len(orders) > const.MAX_PACKAGES_PER_CALL:
            raise LazadaError("700022", "BATCH_SIZE_OUT_OF_LIMIT")
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
            order = self.orders.get(int(entry["order_id"]))
            if not order:
                result.append(
                    {
                        "order_id": entry["order_id"],
                        "order_item_list": [],
                        "msg": "ORDER_NOT_FOUND",
                    }
                )
                continue
            package_id = f"FP{self._next_id():012d}"
            tracking = f"SGLZ{self.rng.randint(10**9, 10**10 - 1)}"
            wanted = {str(i) for i in entry.get("order_item_list") or []}
            lines = []
            packed = []
            for item in order["items"]:
                if wanted and str(item["order_item_id"]) not in wanted:
                    continue
                if item["status"] not in ("pending", "repacked"):
                    lines.append(
                        {
                            "order_item_id": item["order_item_id"],
                            "item_err_code": "700026",
                            "msg": "FO_ITEM_NOT_ALLOW_TO_PACK",
                            "retry": False,
                        }
                    )
                    continue
                packed.append(item)
                lines.append(
                    {
                        "order_item_id": item["order_item_id"],
                        "item_err_code": "0",
                        "msg": "success",
                        "tracking_number": tracking,
                        "shipment_provider": provider,
                        "package_id": package_id,
                        "retry": False,
                    }
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
            result.append({"order_id": order["order_id"], "order_item_list": lines})
        return {"result": {"success": True, "data": {"pack_order_list": result}}}

    def _rts(self, params, request):
        packages = self._request_json(params, "readyToShipReq").get("packages") or []
        if len(packages) > const.MAX_PACKAGES_PER_CALL:
            raise LazadaError("700022", "BATCH_SIZE_OUT_OF_LIMIT")
        result = []
        for entry in packages:
            package = self.packages.get(entry.get("package_id"))
            if not package or package["status"] != "packed":
                result.append(
                    {
                        "package_id": entry.get("package_id"),
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
                }
            )
        return {"result": {"success": True, "data": {"packages": result}}}

    def _document(self, params, request):
        document = self._request_json(params, "getDocumentReq")
        pages = []
        for entry in document.get("packages") or []:
            package = self.packages.get(entry.get("package_id"))
            if not package:
                raise LazadaError("700021", "ORDER_NOT_FOUND")
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
        pdf = make_pdf(pages)
        return {
            "result": {
                "success": True,
                "data": {"doc_type": "PDF", "file": base64.b64encode(pdf).decode()},
            }
        }

    # ------------------------------------------------------------------
    # Reverse orders and finance
    # ------------------------------------------------------------------

    def _create_reverse(self, order, items, reason):
        reverse_id = self._next_id() + 700000000000000
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
                    "return_order_line_gmt_modified": int(self.clock() * 1000),
                }
                for item in items
            ],
        }
        return reverse_id

    def _reverse_list(self, params, request):
        page_no, size = (
            int(params.get("page_no") or 1),
            int(params.get("page_size") or 10),
        )
        since = int(params.get("ReverseOrderLineModifiedTimeRangeStart") or 0)
        items = [
            r
            for r in self.reverse_orders.values()
            if any(
                line["return_order_line_gmt_modified"] >= since
                for line in r["reverse_order_lines"]
            )
        ]
        page = items[(page_no - 1) * size : page_no * size]
        return {
            "result": {
                "page_no": page_no,
                "page_size": size,
                "total": len(items),
                "success": True,
                "items": page,
            }
        }

    def _reverse_detail(self, params, request):
        reverse = self.reverse_orders.get(int(params.get("reverse_order_id") or 0))
        if not reverse:
            raise LazadaError("E0100", "Reverse order not found")
        return {
            "data": {
                **{k: v for k, v in reverse.items() if k != "reverse_order_lines"},
                "reverseOrderLineDTOList": reverse["reverse_order_lines"],
            }
        }

    def _reverse_reasons(self, params, request):
        return {"data": catalog.REVERSE_REASONS}

    def _book_transactions(self, order, items):
        """Finance rows of a delivered order; per order they sum to the payout."""
        date = self._stamp().strftime("%d %b %Y")
        statement = self._statement()
        rows = []

        def add(fee, amount, item=None):
            rows.append(
                {
                    "fee_type": fee[0],
                    "fee_name": fee[1],
                    "transaction_type": fee[1],
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

    def payout(self, order_id):
        return round(
            sum(
                float(r["amount"])
                for r in self.transactions
                if r["order_no"] == str(order_id)
            ),
            2,
        )

    def _transactions_get(self, params, request):
        try:
            start = datetime.strptime(params["start_time"], "%Y-%m-%d")
            end = datetime.strptime(params["end_time"], "%Y-%m-%d")
        except (KeyError, ValueError) as err:
            raise LazadaError("17", "Invalid date format, expected yyyy-MM-dd") from err
        if (end - start).days >= 180:
            raise LazadaError("1000012", "The time window must be less than 180 days")
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 500)
        selected = [
            r
            for r in self.transactions
            if start.date()
            <= datetime.strptime(r["transaction_date"], "%d %b %Y").date()
            <= end.date()
        ]
        return {"data": selected[offset : offset + limit]}

    def _payout_status(self, params, request):
        total = sum(float(r["amount"]) for r in self.transactions)
        return {
            "data": [
                {
                    "statement_number": f"{self.venture.upper()}-{self.seller_id}-1",
                    "created_at": self._stamp().strftime("%Y-%m-%d"),
                    "payout": f"{total:.2f} {VENTURE_CURRENCY.get(self.venture)}",
                    "paid": "0",
                }
            ]
        }

    # ------------------------------------------------------------------
    # Push messages
    # ------------------------------------------------------------------

    def configure_push(self, url):
        self.pushes.url = url

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
            "Authorization": sign_push(self.app_key, self.app_secret, body),
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
        "shipped": (("delivered", "Deliver"),),
        "delivered": (("returned", "Return"),),
    }

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
            actions = {}
            for status in order["statuses"]:
                actions.update(self.PAGE_ACTIONS.get(status, ()))
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
        allowed = {
            wanted
            for status in order["statuses"]
            for wanted, _label in self.PAGE_ACTIONS.get(status, ())
        }
        if action not in allowed:
            raise ValueError(f"{action} is not possible in {order['statuses']}")
        self.set_order_status(order["order_id"], action)
        return f"now {action}."

    def state_summary(self):
        return {
            **super().state_summary(),
            "orders": len(self.orders),
            "products": len(self.products),
            "pending_pushes": len(self.pending_pushes),
        }
