"""Lazada Open Platform client: signing, envelope, pagination, typed errors."""

import base64
import json
import re
import time
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from oms_api_common import BaseClient, errors

from . import const
from .signing import sign


def _iso(moment):
    """Naive UTC datetime -> ISO 8601 with offset, as Lazada wants."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


_BAN = re.compile(r"ban will last (\d+) seconds?", re.IGNORECASE)


def _ban_seconds(message):
    """Seconds a call-limit ban lasts, as Lazada's message says (else 1)."""
    found = _BAN.search(message or "")
    return int(found.group(1)) if found else 1


def _chunks(values, size):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class LazadaClient(BaseClient):
    """One seller's access to the Lazada Open Platform.

    Every method returns Lazada's data as Lazada shapes it; failures raise
    typed ``oms_api_common.errors`` so that callers know what to retry.
    """

    def __init__(
        self, app_key, app_secret, api_url, auth_url=None, access_token=None, **kw
    ):
        super().__init__(**kw)
        self.app_key = app_key
        self.app_secret = app_secret
        self.api_url = api_url.rstrip("/")
        self.auth_url = (auth_url or const.AUTH_URL).rstrip("/")
        self.access_token = access_token
        self.clock = time.time

    def __repr__(self):  # never show the secret or token
        return f"<LazadaClient app={self.app_key} {self.api_url}>"

    # ------------------------------------------------------------------
    # Transport
    # ------------------------------------------------------------------

    def _secret_values(self):
        """Override of ``BaseClient``: the app secret and the seller's token."""
        return (self.app_secret, self.access_token)

    def _signed_params(self, api_path, params, with_token):
        system = {
            "app_key": self.app_key,
            "timestamp": str(int(self.clock() * 1000)),
            "sign_method": "sha256",
            "partner_id": const.SDK_PARTNER_ID,
        }
        if with_token and self.access_token:
            system["access_token"] = self.access_token
        merged = {
            key: str(value)
            for key, value in {**system, **(params or {})}.items()
            if value is not None and value != ""
        }
        merged["sign"] = sign(self.app_secret, api_path, merged)
        return merged

    def execute(
        self,
        api_path,
        params=None,
        method="GET",
        files=None,
        auth=False,
        idempotent=None,
    ):
        """Call ``api_path`` with business ``params``; return the envelope.
        ``idempotent``: see ``BaseClient._call`` (some Lazada writes are GETs)."""
        base = self.auth_url if auth else self.api_url
        url = base + api_path

        def prepare():
            signed = self._signed_params(api_path, params, with_token=not auth)
            if method == "GET":
                return {"params": signed}
            return {"data": signed, "files": files}

        return self._call(method, url, idempotent=idempotent, prepare=prepare)

    def _parse(self, response):
        try:
            payload = response.json()
        except ValueError as err:
            raise errors.ApiTransportError(
                f"Lazada answered HTTP {response.status_code} without JSON",
                http_status=response.status_code,
            ) from err
        if response.status_code == 429:
            raise errors.ApiRateLimitError(
                "Too many requests", http_status=429, retry_after=1, payload=payload
            )
        code = str(payload.get("code", "0"))
        if code == "0":
            return payload
        error_class = const.error_class(code)
        kwargs = {
            "code": code,
            "request_id": payload.get("request_id"),
            "http_status": response.status_code,
            "payload": payload,
            "details": [
                f"{entry.get('field') or entry.get('seller_sku')}: "
                f"{entry.get('message')}"
                for entry in payload.get("detail") or []
                if isinstance(entry, dict) and entry.get("message")
            ],
        }
        if error_class is errors.ApiRateLimitError:
            kwargs["retry_after"] = _ban_seconds(payload.get("message"))
        if error_class is errors.ApiAuthError:
            kwargs["token_expired"] = code in const.AUTH_EXPIRED_CODES
        raise error_class(payload.get("message") or code, **kwargs)

    # ------------------------------------------------------------------
    # Authorization
    # ------------------------------------------------------------------

    def authorize_url(self, redirect_uri, state=None, country=None):
        parts = urlsplit(self.auth_url)
        if parts.netloc == urlsplit(const.AUTH_URL).netloc:
            page = const.AUTHORIZE_URL
        else:
            page = f"{parts.scheme}://{parts.netloc}/oauth/authorize"
        query = {
            "response_type": "code",
            "force_auth": "true",
            "redirect_uri": redirect_uri,
            "client_id": self.app_key,
        }
        if state:
            query["state"] = state
        if country:
            query["country"] = country
        return f"{page}?{urlencode(query)}"

    def create_token(self, code):
        return self.execute("/auth/token/create", {"code": code}, "POST", auth=True)

    def refresh_access_token(self, refresh_token):
        token = self.execute(
            "/auth/token/refresh",
            {"refresh_token": refresh_token},
            "POST",
            auth=True,
            idempotent=True,  # a renewed token leaves the old one valid a while
        )
        self.access_token = token.get("access_token") or self.access_token
        return token

    def get_seller(self):
        return self.execute("/seller/get").get("data") or {}

    def get_seller_performance(self, language=None):
        """``/seller/performance/get``: the seller's indicators with their
        targets."""
        params = {"language": language} if language else None
        return self.execute("/seller/performance/get", params).get("data") or {}

    def get_seller_metrics(self):
        """``/seller/metrics/get``: ship on time, response rate and time,
        positive seller rating."""
        return self.execute("/seller/metrics/get").get("data") or {}

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------

    def get_orders(
        self, update_after, update_before=None, offset=0, limit=None, status=None
    ):
        params = {
            "update_after": _iso(update_after),
            "sort_by": "updated_at",
            "sort_direction": "ASC",
            "offset": offset,
            "limit": limit or const.ORDERS_PAGE_SIZE,
        }
        if update_before:
            params["update_before"] = _iso(update_before)
        if status:
            params["status"] = status
        return self.execute("/orders/get", params).get("data") or {}

    def iter_orders(self, update_after, update_before=None, status=None):
        """Yield every order updated in the window, each once.

        Lazada caps the offset at 5000: past it, the window restarts at the
        last update time seen.
        """
        seen = set()
        start = update_after
        offset = 0
        while True:
            data = self.get_orders(start, update_before, offset=offset, status=status)
            orders = data.get("orders") or []
            for order in orders:
                if str(order["order_id"]) not in seen:
                    seen.add(str(order["order_id"]))
                    yield order
            if len(orders) < const.ORDERS_PAGE_SIZE:
                return
            offset += len(orders)
            if offset >= const.ORDERS_MAX_OFFSET:
                last = orders[-1].get("updated_at")
                start = datetime.fromisoformat(last) if last else start
                offset = 0

    def get_order(self, order_id):
        return self.execute("/order/get", {"order_id": order_id}).get("data") or {}

    def get_order_items(self, order_id):
        return (
            self.execute("/order/items/get", {"order_id": order_id}).get("data") or []
        )

    def get_multiple_order_items(self, order_ids):
        result = []
        for chunk in _chunks(order_ids, const.ORDER_ITEMS_BATCH):
            ids = json.dumps([int(i) if str(i).isdigit() else i for i in chunk])
            result += (
                self.execute("/orders/items/get", {"order_ids": ids}).get("data") or []
            )
        return result

    # ------------------------------------------------------------------
    # Products
    # ------------------------------------------------------------------

    def get_products(
        self,
        filter="all",
        offset=0,
        limit=None,
        update_after=None,
        sku_seller_list=None,
    ):
        params = {
            "filter": filter,
            "offset": offset,
            "limit": limit or const.PRODUCTS_PAGE_SIZE,
        }
        if update_after:
            params["update_after"] = _iso(update_after)
        if sku_seller_list:
            params["sku_seller_list"] = json.dumps(list(sku_seller_list))
        return self.execute("/products/get", params).get("data") or {}

    def iter_products(self, filter="all", update_after=None):
        offset = 0
        while True:
            data = self.get_products(filter, offset, update_after=update_after)
            products = data.get("products") or []
            yield from products
            offset += len(products)
            total = int(data.get("total_products") or 0)
            if not products or offset >= total:
                return

    def get_product(self, item_id=None, seller_sku=None):
        params = {"item_id": item_id} if item_id else {"seller_sku": seller_sku}
        return self.execute("/product/item/get", params).get("data") or {}

    def get_category_tree(self, language_code=None):
        params = {"language_code": language_code} if language_code else {}
        return self.execute("/category/tree/get", params).get("data") or []

    def get_category_attributes(self, primary_category_id):
        return (
            self.execute(
                "/category/attributes/get", {"primary_category_id": primary_category_id}
            ).get("data")
            or []
        )

    def upload_image(self, content, filename):
        data = (
            self.execute(
                "/image/upload",
                method="POST",
                files={"image": (filename, content)},
                idempotent=True,  # a second upload only leaves an unused image
            ).get("data")
            or {}
        )
        return data.get("image") or {}

    def migrate_image(self, url):
        payload = f"<Request><Image><Url>{url}</Url></Image></Request>"
        data = self.execute(
            "/image/migrate", {"payload": payload}, "POST", idempotent=True
        ).get("data")
        return (data or {}).get("image") or {}

    @staticmethod
    def _payload(product):
        return json.dumps({"Request": {"Product": product}})

    def create_product(self, product):
        return (
            self.execute(
                "/product/create", {"payload": self._payload(product)}, "POST"
            ).get("data")
            or {}
        )

    def update_product(self, product):
        # the product's content as given, not a change by steps
        return (
            self.execute(
                "/product/update",
                {"payload": self._payload(product)},
                "POST",
                idempotent=True,
            ).get("data")
            or {}
        )

    def remove_products(self, sku_id_list):
        results = []
        for chunk in _chunks(sku_id_list, const.MAX_SKUS_PER_UPDATE):
            results.append(
                self.execute(
                    "/product/remove", {"sku_id_list": json.dumps(chunk)}, "POST"
                )
            )
        return results

    def _sku_update(self, api_path, skus):
        """Send SKU updates in chunks of 50; per-SKU refusals are returned.

        Lazada answers a partly refused batch with an error code and a
        ``detail`` list; the accepted SKUs of that batch are updated, so
        this is not raised but handed back for the caller to record.
        """
        results = []
        for chunk in _chunks(skus, const.MAX_SKUS_PER_UPDATE):
            payload = self._payload({"Skus": {"Sku": chunk}})
            try:
                # absolute prices and quantities: safe to send again
                results.append(
                    self.execute(
                        api_path, {"payload": payload}, "POST", idempotent=True
                    )
                )
            except errors.ApiBusinessError as err:
                detail = (err.payload or {}).get("detail")
                if not detail:
                    raise
                results.append(err.payload)
        return results

    def update_price_quantity(self, skus):
        return self._sku_update("/product/price_quantity/update", skus)

    def update_sellable_quantity(self, skus):
        return self._sku_update("/product/stock/sellable/update", skus)

    def deactivate_product(self, item_id, sku_ids=None):
        product = {"ItemId": int(item_id)}
        if sku_ids:
            product["Skus"] = {"SkuId": [int(s) for s in sku_ids]}
        return self.execute(
            "/product/deactivate",
            {"apiRequestBody": json.dumps({"Request": {"Product": product}})},
            "POST",
            idempotent=True,  # a status set
        )

    def activate_product(self, item_id, sku_ids):
        """Lazada re-activates SKUs through a product update with Status active."""
        product = {
            "ItemId": int(item_id),
            "Skus": {"Sku": [{"SkuId": int(s), "Status": "active"} for s in sku_ids]},
        }
        return self.update_product(product)

    # ------------------------------------------------------------------
    # Fulfilment
    # ------------------------------------------------------------------

    def get_cancel_validation(self, order_id, order_item_ids):
        params = {
            "order_id": order_id,
            "order_item_id_list": json.dumps(list(order_item_ids)),
        }
        return self.execute("/order/reverse/cancel/validate", params).get("data") or {}

    def cancel_order(self, order_id, order_item_ids, reason_id):
        params = {
            "order_id": order_id,
            "order_item_id_list": json.dumps(list(order_item_ids)),
            "reason_id": reason_id,
        }
        return (
            self.execute("/order/reverse/cancel/create", params, "POST").get("data")
            or {}
        )

    @staticmethod
    def _result(envelope):
        result = envelope.get("result") or {}
        if result.get("success") is False and not result.get("data"):
            raise errors.ApiBusinessError(
                result.get("error_msg") or "Lazada refused the request",
                code=result.get("error_code"),
                payload=envelope,
            )
        return result.get("data") or {}

    def get_shipment_providers(self, orders):
        request = json.dumps({"orders": orders})
        return self._result(
            self.execute(
                "/order/shipment/providers/get", {"getShipmentProvidersReq": request}
            )
        )

    def pack(self, orders, shipping_allocate_type, shipment_provider_code=None):
        pack_list = []
        for chunk in _chunks(orders, const.MAX_PACKAGES_PER_CALL):
            request = {
                "pack_order_list": [
                    {"order_id": o["order_id"], "order_item_list": o["order_item_ids"]}
                    for o in chunk
                ],
                "delivery_type": "dropship",
                "shipping_allocate_type": shipping_allocate_type,
            }
            if shipment_provider_code:
                request["shipment_provider_code"] = shipment_provider_code
            data = self._result(
                self.execute(
                    "/order/fulfill/pack", {"packReq": json.dumps(request)}, "POST"
                )
            )
            pack_list += data.get("pack_order_list") or []
        return {"pack_order_list": pack_list}

    def ready_to_ship(self, package_ids):
        packages = []
        for chunk in _chunks(package_ids, const.MAX_PACKAGES_PER_CALL):
            request = json.dumps({"packages": [{"package_id": p} for p in chunk]})
            data = self._result(
                self.execute("/order/package/rts", {"readyToShipReq": request}, "POST")
            )
            packages += data.get("packages") or []
        return {"packages": packages}

    def get_awb_pdf(self, package_ids):
        request = json.dumps(
            {"doc_type": "PDF", "packages": [{"package_id": p} for p in package_ids]}
        )
        data = self._result(
            self.execute("/order/package/document/get", {"getDocumentReq": request})
        )
        return base64.b64decode(data.get("file") or b"")

    # ------------------------------------------------------------------
    # Returns and finance
    # ------------------------------------------------------------------

    def iter_reverse_orders(
        self, modified_after=None, page_size=50, reverse_order_id=None
    ):
        page = 1
        while True:
            params = {"page_size": page_size, "page_no": page}
            if reverse_order_id:
                params["reverse_order_id"] = reverse_order_id
            if modified_after:
                stamp = modified_after.replace(tzinfo=UTC).timestamp()
                params["ReverseOrderLineModifiedTimeRangeStart"] = int(stamp * 1000)
            result = (
                self.execute("/reverse/getreverseordersforseller", params).get("result")
                or {}
            )
            items = result.get("items") or []
            yield from items
            if len(items) < page_size:
                return
            page += 1

    def get_reverse_order_detail(self, reverse_order_id):
        return (
            self.execute(
                "/order/reverse/return/detail/list",
                {"reverse_order_id": reverse_order_id},
            ).get("data")
            or {}
        )

    def get_reverse_reasons(self, reverse_order_line_id):
        return (
            self.execute(
                "/order/reverse/reason/list",
                {"reverse_order_line_id": reverse_order_line_id},
            ).get("data")
            or []
        )

    def update_reverse_order(
        self,
        action,
        reverse_order_id,
        line_ids,
        reason_id=None,
        comment=None,
        images=None,
    ):
        """``/order/reverse/return/update``: the seller's decision on a
        return (agreeReturn, refuseReturn, confirmDelivery, agreeRefund,
        refuseRefund, instantRefund)."""
        params = {
            "action": action,
            "reverse_order_id": reverse_order_id,
            "reverse_order_item_ids": json.dumps([int(i) for i in line_ids]),
        }
        if reason_id:
            params["reason_id"] = reason_id
        if comment:
            params["comment"] = comment
        if images:
            params["image_info"] = json.dumps(
                [{"name": url.rsplit("/", 1)[-1], "url": url} for url in images]
            )
        # a decision sent as a GET: not to be sent twice
        return (
            self.execute("/order/reverse/return/update", params, idempotent=False).get(
                "data"
            )
            or {}
        )

    def decide_only_refund(
        self, action, reverse_order_id, line_ids, comment=None, images=None
    ):
        """``/order/reverse/onlyrefund/seller/decide``: agreeRefund or
        startDispute on a refund-only request."""
        params = {
            "action": action,
            "reverse_order_id": reverse_order_id,
            "reverse_order_item_ids": json.dumps([int(i) for i in line_ids]),
        }
        if comment:
            params["comment"] = comment
        if images:
            params["image_info_list"] = json.dumps(
                [
                    {"file_name": url.rsplit("/", 1)[-1], "file_url": url}
                    for url in images
                ]
            )
        return self.execute(
            "/order/reverse/onlyrefund/seller/decide", params, idempotent=False
        ).get("data")

    def iter_transaction_details(self, start_date, end_date, trans_type=-1):
        offset = 0
        while True:
            params = {
                "start_time": start_date.strftime("%Y-%m-%d"),
                "end_time": end_date.strftime("%Y-%m-%d"),
                "trans_type": trans_type,
                "offset": offset,
                "limit": const.FINANCE_PAGE_SIZE,
            }
            rows = (
                self.execute("/finance/transaction/details/get", params).get("data")
                or []
            )
            yield from rows
            if len(rows) < const.FINANCE_PAGE_SIZE:
                return
            offset += len(rows)

    def get_payout_status(self, created_after):
        params = {"created_after": created_after.strftime("%Y-%m-%d")}
        return self.execute("/finance/payout/status/get", params).get("data") or []


__all__ = ["LazadaClient"]
