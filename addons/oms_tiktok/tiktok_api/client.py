"""TikTok Shop Partner API client: signing, tokens, envelopes, paging.

One instance talks to one app (``app_key`` + ``app_secret``) with one
seller's access token, for one shop at a time (``shop_cipher``; a seller may
have authorized several shops, see :meth:`TikTokClient.for_shop`). Methods
return TikTok's own ``data`` objects, or lists gathered across pages and
batches; mapping them to Odoo records is the connector's job.
"""

import copy
import json
import logging
import time
from urllib.parse import quote, urlencode

from oms_api_common import errors, push
from oms_api_common.http import BaseClient
from oms_api_common.params import chunked, unix_time

from . import const
from .signing import sign, verify_webhook

_logger = logging.getLogger(__name__)


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    return str(value)


def classify_error(code, message):
    """The oms_api_common exception class (and kwargs) for a TikTok ``code``."""
    lowered = (message or "").lower()
    if code in const.TOKEN_EXPIRED_ERRORS:
        return errors.ApiAuthError, {"token_expired": True}
    if code in const.REAUTHORIZE_ERRORS:
        return errors.ApiAuthError, {"token_expired": False}
    if code in const.SIGNATURE_ERRORS:
        return errors.ApiSignatureError, {}
    if code == const.ERROR_INVALID_REQUEST:
        if any(hint in lowered for hint in const.INVALID_REQUEST_TOKEN_HINTS):
            return errors.ApiAuthError, {"token_expired": False}
        if any(hint in lowered for hint in const.INVALID_REQUEST_SIGNATURE_HINTS):
            return errors.ApiSignatureError, {}
        return errors.ApiBusinessError, {}
    if code in const.RATE_LIMIT_ERRORS:
        return errors.ApiRateLimitError, {}
    if code in const.NOT_FOUND_ERRORS:
        return errors.ApiNotFoundError, {}
    if code in const.TRANSIENT_ERRORS:
        return errors.ApiUnavailableError, {}
    return errors.ApiBusinessError, {}


class TikTokClient(BaseClient):
    """Client of the TikTok Shop Partner API (versions 202309 and later)."""

    def __init__(
        self,
        app_key,
        app_secret,
        api_url=const.HOST_API,
        auth_url=None,
        access_token=None,
        shop_cipher=None,
        services_url=None,
        **kw,
    ):
        super().__init__(**kw)
        self.app_key = app_key
        self.app_secret = app_secret
        self.api_url = api_url.rstrip("/")
        production = self.api_url == const.HOST_API
        # The sandbox serves the token endpoints and the consent page itself.
        self.auth_url = (
            auth_url or (const.HOST_AUTH if production else api_url)
        ).rstrip("/")
        self.services_url = (
            services_url or (const.HOST_SERVICES if production else api_url)
        ).rstrip("/")
        self.access_token = access_token
        self.shop_cipher = shop_cipher
        self.clock = time.time
        self._auth_code = None

    def __repr__(self):  # never show the secret or the token
        return f"<TikTokClient app={self.app_key} shop_cipher={self.shop_cipher}>"

    def close(self):
        """Release the pooled connections of the HTTP session."""
        self.session.close()

    def for_shop(self, shop_cipher):
        """The same app and token for another authorized shop (same session)."""
        other = copy.copy(self)
        other.shop_cipher = shop_cipher
        return other

    def _secret_values(self):
        """Override of ``BaseClient``: the app secret, the token and, during
        the exchange, the authorization code (``auth_code`` is not a name
        the redaction rule knows)."""
        return (self.app_secret, self.access_token, self._auth_code)

    # Transport --------------------------------------------------------------------

    def _api(
        self,
        method,
        path,
        path_params=None,
        query=None,
        body=None,
        files=None,
        form=None,
        idempotent=None,
    ):
        """Send one signed API call (signed afresh on each attempt) and
        return its ``data`` (``{}`` when TikTok answers none).
        ``idempotent``: see ``BaseClient._call`` (TikTok searches are POSTs)."""
        url_path = path.format(
            **{
                key: quote(str(value), safe="")
                for key, value in (path_params or {}).items()
            }
        )
        if not self.access_token:
            raise ValueError(f"{path} needs the seller's access token")
        extra = {
            key: _query_value(value)
            for key, value in (query or {}).items()
            if value is not None and value != ""
        }
        if path not in const.NO_SHOP_PATHS:
            if not self.shop_cipher:
                raise ValueError(f"{path} is a shop API: shop_cipher is required")
            extra["shop_cipher"] = self.shop_cipher
        payload = None
        if body is not None and files is None:
            payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
            payload = payload.encode()

        def prepare():
            params = {
                "app_key": self.app_key,
                "timestamp": str(int(self.clock())),
                **extra,
            }
            # multipart bodies are not signed
            params["sign"] = sign(self.app_secret, url_path, params, payload or b"")
            headers = {"x-tts-access-token": self.access_token}
            kwargs = {"params": params, "headers": headers}
            if files is not None:
                kwargs["files"] = files
                kwargs["data"] = form or {}
            else:
                headers["Content-Type"] = "application/json"
                if payload is not None:
                    kwargs["data"] = payload
            return kwargs

        return self._call(
            method, self.api_url + url_path, idempotent=idempotent, prepare=prepare
        )

    def _parse(self, response):
        """Override of ``BaseClient``: TikTok's envelope ``{code, message,
        request_id, data}``; ``code`` decides, not the HTTP status."""
        status = response.status_code
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or "code" not in payload:
            if status == 429:
                raise errors.ApiRateLimitError(
                    "Too many requests",
                    code=const.ERROR_TOO_MANY_REQUESTS,
                    http_status=status,
                    retry_after=self._retry_after(response),
                )
            raise errors.ApiTransportError(
                f"Unparseable TikTok Shop answer (HTTP {status})", http_status=status
            )
        try:
            code = int(payload.get("code") or 0)
        except (TypeError, ValueError):
            raise errors.ApiTransportError(
                f"TikTok Shop answered a non-numeric code (HTTP {status})",
                http_status=status,
            ) from None
        message = payload.get("message") or ""
        if code or status == 429:
            error_class, extra = classify_error(code, message)
            if status == 429:  # whatever the body says, the gateway throttled us
                error_class, extra = errors.ApiRateLimitError, {}
            raise error_class(
                message or "Too many requests",
                code=code or const.ERROR_TOO_MANY_REQUESTS,
                request_id=payload.get("request_id"),
                http_status=status,
                retry_after=self._retry_after(response),
                payload=payload,
                **extra,
            )
        if status >= 400:
            raise errors.ApiTransportError(
                f"TikTok Shop answered HTTP {status}", http_status=status
            )
        data = payload.get("data")
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _retry_after(response):
        value = response.headers.get("Retry-After")
        try:
            return float(value) if value else None
        except ValueError:
            return None

    def _pages(self, method, path, path_params=None, query=None, body=None, size=20):
        """Yield each page's ``data``, following ``next_page_token``; the
        pages are read (also the POST searches): idempotent."""
        token = None
        seen = set()
        while True:
            data = self._api(
                method,
                path,
                path_params=path_params,
                query={**(query or {}), "page_size": size, "page_token": token},
                body=body,
                idempotent=True,
            )
            yield data
            token = data.get("next_page_token") or None
            if not token:
                return
            if token in seen:
                raise errors.ApiTransportError(
                    f"TikTok Shop gave the same page token twice on {path}"
                )
            seen.add(token)

    def _items(self, key, pages, id_key="id"):
        """The entries ``key`` of every page, each id once."""
        seen = set()
        for page in pages:
            for item in page.get(key) or []:
                item_id = item.get(id_key)
                if item_id is not None and item_id in seen:
                    continue
                seen.add(item_id)
                yield item

    @staticmethod
    def _page_size(value, maximum, minimum=1):
        return max(minimum, min(int(value), maximum))

    @staticmethod
    def _time_filters(**bounds):
        return {
            name: unix_time(value)
            for name, value in bounds.items()
            if value is not None
        }

    # Authorization and tokens -----------------------------------------------------

    def authorization_url(self, service_id, state):
        """The link a seller opens to authorize the app; TikTok redirects to
        the app's redirect URL with ``code`` and ``state``."""
        query = urlencode({"service_id": service_id, "state": state})
        return f"{self.services_url}{const.PATH_AUTHORIZE}?{query}"

    def _token(self, path, params):
        try:
            data = self._call(
                "GET",
                self.auth_url + path,
                params={
                    "app_key": self.app_key,
                    "app_secret": self.app_secret,
                    **params,
                },
            )
        except errors.ApiAuthError as err:
            err.token_expired = False  # a refresh cannot mend the token endpoints
            raise
        except errors.ApiBusinessError as err:
            raise errors.ApiAuthError(
                err.message,
                code=err.code,
                request_id=err.request_id,
                http_status=err.http_status,
                payload=err.payload,
            ) from None
        if not data.get("access_token"):
            raise errors.ApiTransportError("TikTok Shop answered no access token")
        self.access_token = data["access_token"]
        return data

    def get_access_token(self, auth_code):
        """Exchange the one-time authorization code; returns ``access_token``,
        ``access_token_expire_in``, ``refresh_token``, ``refresh_token_expire_in``
        (absolute Unix timestamps), ``open_id``, ``seller_name``,
        ``granted_scopes``... The client keeps the access token."""
        self._auth_code = auth_code
        try:
            return self._token(
                const.PATH_TOKEN_GET,
                {"auth_code": auth_code, "grant_type": "authorized_code"},
            )
        finally:
            self._auth_code = None

    def refresh_access_token(self, refresh_token):
        """Trade the refresh token for a new access token (same answer shape
        as :meth:`get_access_token`); store both tokens returned."""
        return self._token(
            const.PATH_TOKEN_REFRESH,
            {"refresh_token": refresh_token, "grant_type": "refresh_token"},
        )

    def get_authorized_shops(self):
        """``[{id, name, region, seller_type, cipher, code}]``: the shops this
        token may act for; ``cipher`` goes in ``shop_cipher``."""
        return self._api("GET", const.PATH_AUTHORIZED_SHOPS).get("shops") or []

    # Catalogue --------------------------------------------------------------------

    def get_categories(self, locale=None, keyword=None, category_version=None):
        return (
            self._api(
                "GET",
                const.PATH_CATEGORIES,
                query={
                    "locale": locale,
                    "keyword": keyword,
                    "category_version": category_version,
                },
            ).get("categories")
            or []
        )

    def get_attributes(self, category_id, locale=None, category_version=None):
        """Attributes of a leaf category: ``type`` SALES_PROPERTY (variants)
        or PRODUCT_PROPERTY, ``is_requried`` (TikTok's spelling), ``values``."""
        return (
            self._api(
                "GET",
                const.PATH_ATTRIBUTES,
                path_params={"category_id": category_id},
                query={"locale": locale, "category_version": category_version},
            ).get("attributes")
            or []
        )

    def get_warehouses(self):
        return self._api("GET", const.PATH_WAREHOUSES).get("warehouses") or []

    def upload_image(self, content, filename="image.jpg", use_case="MAIN_IMAGE"):
        """Upload one image; returns ``{uri, url, width, height, use_case}``:
        products refer to it by ``uri``."""
        if use_case not in const.IMAGE_USE_CASES:
            raise ValueError(
                f"use_case must be one of {', '.join(const.IMAGE_USE_CASES)}"
            )
        return self._api(
            "POST",
            const.PATH_IMAGE_UPLOAD,
            files={"data": (filename, content)},
            form={"use_case": use_case},
            idempotent=True,  # a second upload only leaves an unused image
        )

    # Products ---------------------------------------------------------------------

    def search_products(
        self, page_size=const.PRODUCTS_PAGE_SIZE, page_token=None, **filters
    ):
        """One page of products: ``{products, total_count, next_page_token}``."""
        return self._api(
            "POST",
            const.PATH_PRODUCTS_SEARCH,
            query={
                "page_size": self._page_size(page_size, const.PRODUCTS_PAGE_SIZE),
                "page_token": page_token,
            },
            body=filters,
            idempotent=True,  # a search
        )

    def iter_products(
        self,
        status=None,
        seller_skus=None,
        update_time_ge=None,
        update_time_le=None,
        page_size=const.PRODUCTS_PAGE_SIZE,
    ):
        """Yield products (with their SKUs and inventory), page by page.
        ``status`` ALL includes deleted products; none means TikTok's default."""
        body = self._time_filters(
            update_time_ge=update_time_ge, update_time_le=update_time_le
        )
        if status:
            body["status"] = status
        if seller_skus:
            body["seller_skus"] = list(seller_skus)
        pages = self._pages(
            "POST",
            const.PATH_PRODUCTS_SEARCH,
            body=body,
            size=self._page_size(page_size, const.PRODUCTS_PAGE_SIZE),
        )
        yield from self._items("products", pages)

    def get_product(self, product_id):
        return self._api(
            "GET", const.PATH_PRODUCT, path_params={"product_id": product_id}
        )

    def create_product(self, product):
        """Create a product (``save_mode`` AS_DRAFT keeps it a draft); returns
        ``{product_id, skus: [{id, seller_sku, ...}], warnings}``."""
        return self._api("POST", const.PATH_PRODUCTS, body=product)

    def edit_product(self, product_id, product):
        """Replace a product entirely: SKUs left out are removed, SKUs
        without ``id`` are added."""
        return self._api(
            "PUT",
            const.PATH_PRODUCT_EDIT,
            path_params={"product_id": product_id},
            body=product,
        )

    def _product_batches(self, method, path, product_ids, idempotent=None, **extra):
        """Send ``product_ids`` 20 at a time; returns the merged ``errors``
        (per product failures TikTok answers with code 0)."""
        failures = []
        for chunk in chunked(product_ids, const.PRODUCT_BATCH):
            data = self._api(
                method,
                path,
                body={"product_ids": [str(i) for i in chunk], **extra},
                idempotent=idempotent,
            )
            failures.extend(data.get("errors") or [])
        return failures

    def activate_products(self, product_ids):
        # a status set, not a change by steps: safe to send again
        return self._product_batches(
            "POST", const.PATH_PRODUCTS_ACTIVATE, product_ids, idempotent=True
        )

    def deactivate_products(self, product_ids):
        return self._product_batches(
            "POST", const.PATH_PRODUCTS_DEACTIVATE, product_ids, idempotent=True
        )

    def delete_products(self, product_ids):
        return self._product_batches("DELETE", const.PATH_PRODUCTS, product_ids)

    def update_inventory(self, product_id, skus):
        """Set stock per TikTok warehouse: ``skus`` are ``[{id, inventory:
        [{warehouse_id, quantity}]}]``, every warehouse of each SKU listed.
        Returns the per-SKU ``errors`` (empty when all were applied)."""
        data = self._api(
            "POST",
            const.PATH_INVENTORY_UPDATE,
            path_params={"product_id": product_id},
            body={"skus": skus},
            idempotent=True,  # absolute quantities
        )
        return data.get("errors") or []

    # Orders -----------------------------------------------------------------------

    def search_orders(
        self,
        page_size=const.ORDERS_PAGE_SIZE,
        page_token=None,
        sort_field=None,
        sort_order=None,
        **filters,
    ):
        """One page of orders: ``{orders, total_count, next_page_token}``."""
        return self._api(
            "POST",
            const.PATH_ORDERS_SEARCH,
            query={
                "page_size": self._page_size(page_size, const.ORDERS_PAGE_SIZE),
                "page_token": page_token,
                "sort_field": sort_field,
                "sort_order": sort_order,
            },
            body=filters,
            idempotent=True,  # a search
        )

    def iter_orders(
        self,
        update_time_ge=None,
        update_time_lt=None,
        create_time_ge=None,
        create_time_lt=None,
        order_status=None,
        page_size=50,
    ):
        """Yield full orders updated (or created) in ``[ge, lt)``, oldest
        change first, each order once even if it moves while paging."""
        body = self._time_filters(
            update_time_ge=update_time_ge,
            update_time_lt=update_time_lt,
            create_time_ge=create_time_ge,
            create_time_lt=create_time_lt,
        )
        if order_status:
            body["order_status"] = order_status
        sort_field = (
            "update_time" if update_time_ge or update_time_lt else "create_time"
        )
        pages = self._pages(
            "POST",
            const.PATH_ORDERS_SEARCH,
            query={"sort_field": sort_field, "sort_order": "ASC"},
            body=body,
            size=self._page_size(page_size, const.ORDERS_PAGE_SIZE),
        )
        yield from self._items("orders", pages)

    def get_orders(self, order_ids):
        """Order details, 50 ids per call."""
        if isinstance(order_ids, str):
            order_ids = [order_ids]
        orders = []
        for chunk in chunked(order_ids, const.ORDER_DETAIL_BATCH):
            data = self._api("GET", const.PATH_ORDERS, query={"ids": chunk})
            orders.extend(data.get("orders") or [])
        return orders

    # Cancellations ----------------------------------------------------------------

    def cancel_order(
        self, order_id, cancel_reason, skus=None, order_line_item_ids=None
    ):
        """Cancel as the seller, whole order or some lines (``skus``
        ``[{sku_id, quantity}]`` or ``order_line_item_ids``); the reason must
        suit the order's status. Returns ``{cancel_id, cancel_status}``."""
        body = {"order_id": str(order_id), "cancel_reason": cancel_reason}
        if skus:
            body["skus"] = skus
        if order_line_item_ids:
            body["order_line_item_ids"] = [str(i) for i in order_line_item_ids]
        return self._api("POST", const.PATH_CANCELLATIONS, body=body)

    def iter_cancellations(self, page_size=const.CANCELLATIONS_PAGE_SIZE, **filters):
        """Yield cancellation records matching the search ``filters``
        (``order_ids``, ``cancel_types``, ``cancel_status``, time bounds)."""
        pages = self._pages(
            "POST",
            const.PATH_CANCELLATIONS_SEARCH,
            body=filters,
            size=self._page_size(page_size, const.CANCELLATIONS_PAGE_SIZE),
        )
        yield from self._items("cancellations", pages, id_key="cancel_id")

    def approve_cancellation(self, cancel_id, idempotency_key=None):
        """Accept a buyer's cancellation request: the order is cancelled."""
        return self._api(
            "POST",
            const.PATH_CANCELLATION_APPROVE,
            path_params={"cancel_id": cancel_id},
            query={"idempotency_key": idempotency_key},
            body={},
            idempotent=bool(idempotency_key),  # TikTok does it once per key
        )

    def reject_cancellation(
        self, cancel_id, reject_reason, comment=None, images=None, idempotency_key=None
    ):
        """Refuse a buyer's cancellation request with one of TikTok's reasons."""
        body = {"reject_reason": reject_reason}
        if comment:
            body["comment"] = comment
        if images:
            body["images"] = images
        return self._api(
            "POST",
            const.PATH_CANCELLATION_REJECT,
            path_params={"cancel_id": cancel_id},
            query={"idempotency_key": idempotency_key},
            body=body,
            idempotent=bool(idempotency_key),
        )

    # Packages ---------------------------------------------------------------------

    def get_package(self, package_id):
        return self._api(
            "GET", const.PATH_PACKAGE, path_params={"package_id": package_id}
        )

    def update_shipping_info(self, package_id, tracking_number, shipping_provider_id):
        """Correct the tracking number (and carrier) of a seller-shipped
        package after shipping."""
        return self._api(
            "POST",
            const.PATH_PACKAGE_SHIPPING_INFO,
            path_params={"package_id": package_id},
            body={
                "tracking_number": tracking_number,
                "shipping_provider_id": shipping_provider_id,
            },
            idempotent=True,  # sets the tracking number, again the same
        )

    def get_shipping_providers(self, delivery_option_id):
        """``[{id, name}]``: the carriers a seller-shipped package of this
        delivery option may go with."""
        return (
            self._api(
                "GET",
                const.PATH_SHIPPING_PROVIDERS,
                path_params={"delivery_option_id": delivery_option_id},
            ).get("shipping_providers")
            or []
        )

    def iter_combinable_packages(self):
        """Yield ``{id, order_ids}``: orders TikTok would ship in one
        package (one buyer, one address), under a pre-generated id."""
        pages = self._pages(
            "GET", const.PATH_COMBINABLE_SEARCH, size=const.COMBINABLE_PAGE_SIZE
        )
        yield from self._items("combinable_packages", pages)

    def combine_packages(self, packages):
        """Combine each ``{id, order_ids}`` of ``iter_combinable_packages``;
        returns ``(combined [{id, order_ids}], errors)``."""
        answer = self._api(
            "POST",
            const.PATH_PACKAGES_COMBINE,
            body={"combinable_packages": list(packages)},
        )
        return answer.get("packages") or [], answer.get("errors") or []

    def uncombine_package(self, package_id, order_ids=None):
        """Take ``order_ids`` out of a combined package (each in its own);
        returns the packages after it ``[{id, order_ids}]``."""
        body = {"order_ids": list(order_ids)} if order_ids else {}
        return (
            self._api(
                "POST",
                const.PATH_PACKAGE_UNCOMBINE,
                path_params={"package_id": package_id},
                body=body,
            ).get("packages")
            or []
        )

    def get_split_attributes(self, order_ids):
        """``{order id: {can_split, reason, must_split}}`` of the orders."""
        answer = self._api(
            "GET", const.PATH_SPLIT_ATTRIBUTES, query={"order_ids": list(order_ids)}
        )
        return {
            str(entry["order_id"]): entry
            for entry in answer.get("split_attributes") or []
        }

    def split_order(self, order_id, groups):
        """Split an order into one package per group: ``groups`` maps a key
        of ours to the order line item ids of that package; returns ``{key:
        new package id}``."""
        answer = self._api(
            "POST",
            const.PATH_ORDER_SPLIT,
            path_params={"order_id": order_id},
            body={
                "splittable_groups": [
                    {"id": str(key), "order_line_item_ids": list(items)}
                    for key, items in groups.items()
                ]
            },
        )
        return {
            str(package["splittable_group_id"]): str(package["id"])
            for package in answer.get("packages") or []
        }

    def ship_package(
        self, package_id, handover_method=None, pickup_slot=None, self_shipment=None
    ):
        """Arrange shipment: TikTok Shipping packages with a handover method
        (PICKUP, optionally in a ``pickup_slot``, or DROP_OFF), seller-shipped
        ones with ``self_shipment`` ``{tracking_number, shipping_provider_id}``."""
        body = {}
        if handover_method:
            body["handover_method"] = handover_method
        if pickup_slot:
            body["pickup_slot"] = pickup_slot
        if self_shipment:
            body["self_shipment"] = self_shipment
        return self._api(
            "POST",
            const.PATH_PACKAGE_SHIP,
            path_params={"package_id": package_id},
            body=body,
        )

    def get_shipping_document(
        self,
        package_id,
        document_type="SHIPPING_LABEL",
        document_size=None,
        document_format=None,
    ):
        """``{doc_url, tracking_number}`` of a shipped package's document."""
        return self._api(
            "GET",
            const.PATH_SHIPPING_DOCUMENTS,
            path_params={"package_id": package_id},
            query={
                "document_type": document_type,
                "document_size": document_size,
                "document_format": document_format,
            },
        )

    def download_document(self, doc_url):
        """The bytes behind a ``doc_url`` (a PDF, unsigned download)."""
        response = self._request("GET", doc_url)
        content_type = response.headers.get("Content-Type", "").lower()
        if (
            response.status_code != 200
            or "json" in content_type
            or "html" in content_type
        ):
            raise errors.ApiTransportError(
                "The shipping document could not be downloaded "
                f"(HTTP {response.status_code})",
                http_status=response.status_code,
            )
        return response.content

    # Returns and refunds ----------------------------------------------------------

    def iter_returns(self, page_size=const.RETURNS_PAGE_SIZE, **filters):
        """Yield return and refund records matching ``filters`` (``order_ids``,
        ``return_types``, ``return_status``, ``update_time_ge``/``_lt``...)."""
        body = dict(filters)
        for name in (
            "create_time_ge",
            "create_time_lt",
            "update_time_ge",
            "update_time_lt",
        ):
            if body.get(name) is not None:
                body[name] = unix_time(body[name])
        pages = self._pages(
            "POST",
            const.PATH_RETURNS_SEARCH,
            body=body,
            size=self._page_size(
                page_size, const.RETURNS_PAGE_SIZE, const.RETURNS_MIN_PAGE_SIZE
            ),
        )
        yield from self._items("return_orders", pages, id_key="return_id")

    def approve_return(
        self, return_id, decision, buyer_keep_item=None, idempotency_key=None
    ):
        """The seller's yes to a return: ``APPROVE_RETURN`` (the buyer ships
        it back), ``APPROVE_REFUND`` (a refund request) or
        ``APPROVE_RECEIVED_PACKAGE`` (the parcel came back as it should)."""
        body = {"decision": decision}
        if buyer_keep_item is not None:
            body["buyer_keep_item"] = bool(buyer_keep_item)
        return self._api(
            "POST",
            const.PATH_RETURN_APPROVE,
            path_params={"return_id": return_id},
            query={"idempotency_key": idempotency_key},
            body=body,
            idempotent=bool(idempotency_key),
        )

    def reject_return(
        self, return_id, decision, reject_reason, comment=None, idempotency_key=None
    ):
        """The seller's no (``REJECT_RETURN``, ``REJECT_REFUND``,
        ``REJECT_RECEIVED_PACKAGE``) with one of ``get_reject_reasons``."""
        body = {"decision": decision, "reject_reason": reject_reason}
        if comment:
            body["comment"] = comment
        return self._api(
            "POST",
            const.PATH_RETURN_REJECT,
            path_params={"return_id": return_id},
            query={"idempotency_key": idempotency_key},
            body=body,
            idempotent=bool(idempotency_key),
        )

    def get_reject_reasons(self, return_or_cancel_id, locale=None):
        """``[{name, text}]``: what the seller may give to reject the return
        or cancellation request."""
        return (
            self._api(
                "GET",
                const.PATH_REJECT_REASONS,
                query={"return_or_cancel_id": return_or_cancel_id, "locale": locale},
            ).get("reasons")
            or []
        )

    # Finance ----------------------------------------------------------------------

    def iter_statements(
        self,
        statement_time_ge=None,
        statement_time_lt=None,
        payment_status=None,
        page_size=const.STATEMENTS_PAGE_SIZE,
    ):
        """Yield daily statements ``{id, statement_time, settlement_amount,
        revenue_amount, fee_amount, ..., payment_status}``, oldest first."""
        query = self._time_filters(
            statement_time_ge=statement_time_ge, statement_time_lt=statement_time_lt
        )
        query.update(
            sort_field="statement_time", sort_order="ASC", payment_status=payment_status
        )
        pages = self._pages(
            "GET",
            const.PATH_STATEMENTS,
            query=query,
            size=self._page_size(page_size, const.STATEMENTS_PAGE_SIZE),
        )
        yield from self._items("statements", pages)

    def get_statement_transactions(
        self, statement_id, page_token=None, page_size=const.TRANSACTIONS_PAGE_SIZE
    ):
        """One page of a statement's transactions, with the statement's
        totals (``total_settlement_amount``, ``total_settlement_breakdown``)."""
        return self._api(
            "GET",
            const.PATH_STATEMENT_TRANSACTIONS,
            path_params={"statement_id": statement_id},
            query={
                "sort_field": "order_create_time",
                "page_size": self._page_size(page_size, const.TRANSACTIONS_PAGE_SIZE),
                "page_token": page_token,
            },
        )

    def iter_statement_transactions(
        self, statement_id, page_size=const.TRANSACTIONS_PAGE_SIZE
    ):
        """Yield every transaction (order, adjustment, reserve) of a statement."""
        pages = self._pages(
            "GET",
            const.PATH_STATEMENT_TRANSACTIONS,
            path_params={"statement_id": statement_id},
            query={"sort_field": "order_create_time"},
            size=self._page_size(page_size, const.TRANSACTIONS_PAGE_SIZE),
        )
        yield from self._items("transactions", pages)

    # Webhooks ---------------------------------------------------------------------

    def verify_webhook(self, body, authorization):
        """Check a webhook's ``Authorization`` header against our app."""
        return verify_webhook(self.app_secret, self.app_key, body, authorization)

    @staticmethod
    def parse_webhook(body):
        """Parse a webhook body into ``{type, tts_notification_id, shop_id,
        timestamp, data, raw}``.

        Raises ValueError (``push.MalformedPush``) on anything that is not a
        TikTok Shop webhook, or that could not be stored (see ``push``).
        """
        message, event_type, data = push.envelope(body, "type", "a TikTok Shop webhook")
        return {
            "type": event_type,
            "tts_notification_id": push.identifier(
                message.get("tts_notification_id"), "tts_notification_id"
            ),
            "shop_id": push.identifier(message.get("shop_id"), "shop_id"),
            "timestamp": message.get("timestamp"),
            "data": data,
            "raw": message,
        }
