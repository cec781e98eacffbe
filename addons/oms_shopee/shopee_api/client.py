"""Shopee Open Platform v2 client: signing, envelopes, pagination, batching.

One instance talks to one host for one partner app, optionally bound to one
shop (``shop_id`` + ``access_token``). Methods return Shopee's own payloads
(the ``response`` object, or lists gathered across pages and batches);
mapping them to Odoo records is the connector's job, not this module's.
"""

import logging
import time
from urllib.parse import urlencode

from oms_api_common import errors, push
from oms_api_common.http import BaseClient
from oms_api_common.params import chunked, unix_time
from oms_api_common.redact import redact

from . import const
from .signing import sign, verify_push

_logger = logging.getLogger(__name__)

# Envelope keys; everything else at top level is payload (auth, shop info).
ENVELOPE_KEYS = ("request_id", "error", "message", "warning")


def time_windows(time_from, time_to, max_window):
    """Split ``[time_from, time_to]`` into inclusive windows Shopee accepts.

    Consecutive windows do not overlap (``next.from = previous.to + 1``), so
    a record sits in exactly one window.
    """
    start, end = unix_time(time_from), unix_time(time_to)
    if start >= end:
        raise ValueError("time_from must be earlier than time_to")
    while start < end:
        stop = min(start + max_window, end)
        yield start, stop
        start = stop + 1


def classify_error(code, message):
    """Return the oms_api_common exception class (and kwargs) for a Shopee error."""
    lowered = (message or "").lower()
    if code in const.TOKEN_ERRORS or (
        code == const.ERROR_AUTH
        and any(hint in lowered for hint in const.TOKEN_ERROR_MESSAGE_HINTS)
    ):
        return errors.ApiAuthError, {"token_expired": True}
    if code == const.ERROR_AUTH or code in const.REAUTHORIZE_ERRORS:
        return errors.ApiAuthError, {"token_expired": False}
    if code in const.SIGNATURE_ERRORS or (
        code == const.ERROR_PARAM and message in const.TIMESTAMP_ERROR_MESSAGES
    ):
        return errors.ApiSignatureError, {}
    if (
        code in const.RATE_LIMIT_ERRORS
        or "rate_limit" in code
        or any(hint in lowered for hint in const.RATE_LIMIT_MESSAGE_HINTS)
    ):
        return errors.ApiRateLimitError, {}
    if (
        code in const.NOT_FOUND_ERRORS
        or code.endswith(("_not_found", "_not_exist"))
        or (
            code in ("error_data", const.ERROR_PARAM)
            and any(hint in lowered for hint in const.NOT_FOUND_MESSAGE_HINTS)
        )
    ):
        return errors.ApiNotFoundError, {}
    if code in const.TRANSIENT_ERRORS:
        return errors.ApiUnavailableError, {}
    return errors.ApiBusinessError, {}


class ShopeeClient(BaseClient):
    """Client of Shopee Open Platform API v2."""

    def __init__(
        self, partner_id, partner_key, api_url, shop_id=None, access_token=None, **kw
    ):
        super().__init__(**kw)
        self.partner_id = int(partner_id)
        self.partner_key = partner_key
        self.api_url = api_url.rstrip("/")
        self.shop_id = int(shop_id) if shop_id else None
        self.access_token = access_token
        self.clock = time.time

    def __repr__(self):  # never show the key or token
        return f"<ShopeeClient partner={self.partner_id} shop={self.shop_id}>"

    def close(self):
        """Release the pooled connections of the HTTP session."""
        self.session.close()

    def _secret_values(self):
        """Override of ``BaseClient``: the partner key and the shop's token."""
        return (self.partner_key, self.access_token)

    # Transport ------------------------------------------------------------------------

    def _common_params(self, path):
        timestamp = int(self.clock())
        params = {"partner_id": self.partner_id, "timestamp": timestamp}
        if path in const.PUBLIC_PATHS:
            params["sign"] = sign(self.partner_key, path, timestamp, self.partner_id)
            return params
        if not (self.shop_id and self.access_token):
            raise ValueError(
                f"{path} is a shop API: shop_id and access_token are required"
            )
        params["access_token"] = self.access_token
        params["shop_id"] = self.shop_id
        params["sign"] = sign(
            self.partner_key,
            path,
            timestamp,
            self.partner_id,
            self.access_token,
            self.shop_id,
        )
        return params

    def _api(
        self,
        method,
        path,
        params=None,
        body=None,
        files=None,
        raw=False,
        idempotent=None,
    ):
        """Send one API call, signed afresh on each attempt, and return the
        parsed envelope (or the file bytes when ``raw``). ``idempotent``: see
        ``BaseClient._call`` (POSTs that read or set absolute values say so)."""
        params = {
            key: value for key, value in (params or {}).items() if value is not None
        }

        def prepare():
            kwargs = {"params": {**params, **self._common_params(path)}}
            if files is not None:
                kwargs["files"] = files
                kwargs["data"] = body or {}
            elif method == "POST":
                kwargs["json"] = body or {}
            return kwargs

        result = self._call(
            method, self.api_url + path, idempotent=idempotent, prepare=prepare
        )
        if raw != isinstance(result, bytes):
            raise errors.ApiTransportError(
                f"Unexpected {'JSON' if raw else 'file'} answer from {path}"
            )
        return result

    def _get(self, path, **params):
        return self._api("GET", path, params=params)

    def _post(self, path, body=None, **kwargs):
        return self._api("POST", path, body=body, **kwargs)

    def _parse(self, response):
        """Override of ``BaseClient``: turn Shopee's envelope into data or a
        typed ApiError; a successful file download is returned as bytes."""
        status = response.status_code
        content_type = response.headers.get("Content-Type", "").lower()
        if (
            status == 200
            and content_type
            and not any(kind in content_type for kind in ("json", "text/plain"))
        ):
            return response.content
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            if status == 429:
                raise errors.ApiRateLimitError(
                    "Too many requests",
                    http_status=status,
                    retry_after=self._retry_after(response),
                )
            raise errors.ApiTransportError(
                f"Unparseable Shopee answer (HTTP {status})", http_status=status
            )
        code = payload.get("error") or ""
        if code or status == 429:
            error_class, extra = classify_error(code, payload.get("message") or "")
            if status == 429:  # whatever the body says, the gateway throttled us
                error_class, extra = errors.ApiRateLimitError, {}
            raise error_class(
                payload.get("message") or code or "Too many requests",
                code=code or None,
                request_id=payload.get("request_id"),
                http_status=status,
                retry_after=self._retry_after(response),
                payload=payload,
                **extra,
            )
        if payload.get("warning"):
            _logger.info(
                "Shopee warning (request %s): %s",
                payload.get("request_id"),
                redact(payload["warning"], self._secret_values()),
            )
        return payload

    @staticmethod
    def _retry_after(response):
        value = response.headers.get("Retry-After")
        try:
            return float(value) if value else None
        except ValueError:
            return None

    # Auth -----------------------------------------------------------------------------

    def auth_partner_url(self, redirect_url):
        """Return the link a seller opens to authorize the app (valid 5 min)."""
        timestamp = int(self.clock())
        query = {
            "partner_id": self.partner_id,
            "timestamp": timestamp,
            "sign": sign(
                self.partner_key, const.PATH_AUTH_PARTNER, timestamp, self.partner_id
            ),
            "redirect": redirect_url,
        }
        return f"{self.api_url}{const.PATH_AUTH_PARTNER}?{urlencode(query)}"

    def _store_tokens(self, payload, shop_id):
        self.shop_id = int(payload.get("shop_id") or shop_id)
        self.access_token = payload["access_token"]
        return {
            key: value for key, value in payload.items() if key not in ENVELOPE_KEYS
        }

    def get_access_token(self, code, shop_id):
        """Exchange the one-time authorization ``code``; binds the client to
        the shop and returns ``access_token``, ``refresh_token``, ``expire_in``."""
        body = {"code": code, "partner_id": self.partner_id, "shop_id": int(shop_id)}
        return self._store_tokens(self._post(const.PATH_TOKEN_GET, body), shop_id)

    def refresh_access_token(self, refresh_token, shop_id=None):
        """Trade a (single-use) refresh token for a new token pair. Persist
        the returned ``refresh_token`` at once: the old one is now void."""
        shop_id = int(shop_id or self.shop_id)
        body = {
            "refresh_token": refresh_token,
            "partner_id": self.partner_id,
            "shop_id": shop_id,
        }
        # Sent again after no answer: if Shopee did renew, the old token is
        # refused and the shop asks for an authorization, as without it.
        return self._store_tokens(
            self._post(const.PATH_TOKEN_REFRESH, body, idempotent=True), shop_id
        )

    def get_shop_info(self):
        payload = self._get(const.PATH_SHOP_INFO)
        return {
            key: value for key, value in payload.items() if key not in ENVELOPE_KEYS
        }

    # Orders ---------------------------------------------------------------------------

    def iter_order_list(
        self,
        time_from,
        time_to,
        time_range_field="update_time",
        order_status=None,
        page_size=const.ORDER_LIST_PAGE_SIZE,
    ):
        """Yield ``{order_sn, order_status}`` for orders whose
        ``time_range_field`` falls in the range, any length: the range is cut
        into 15-day windows and each window is read cursor by cursor."""
        if time_range_field not in ("create_time", "update_time"):
            raise ValueError("time_range_field must be create_time or update_time")
        page_size = max(1, min(int(page_size), const.ORDER_LIST_PAGE_SIZE))
        seen = set()
        for window_from, window_to in time_windows(
            time_from, time_to, const.ORDER_LIST_MAX_WINDOW
        ):
            cursor = ""
            while True:
                response = self._get(
                    const.PATH_ORDER_LIST,
                    time_range_field=time_range_field,
                    time_from=window_from,
                    time_to=window_to,
                    page_size=page_size,
                    cursor=cursor,
                    order_status=order_status,
                    response_optional_fields="order_status",
                )["response"]
                for order in response.get("order_list") or []:
                    if order["order_sn"] not in seen:
                        seen.add(order["order_sn"])
                        yield order
                cursor = response.get("next_cursor") or ""
                if not response.get("more") or not cursor:
                    break

    def get_order_detail(
        self, order_sn_list, optional_fields=const.ORDER_DETAIL_OPTIONAL_FIELDS
    ):
        """Return order details, 50 order_sn per call."""
        if isinstance(order_sn_list, str):
            order_sn_list = [order_sn_list]
        orders = []
        for chunk in chunked(order_sn_list, const.ORDER_DETAIL_BATCH):
            response = self._get(
                const.PATH_ORDER_DETAIL,
                order_sn_list=",".join(chunk),
                response_optional_fields=",".join(optional_fields or ()) or None,
            )["response"]
            orders.extend(response.get("order_list") or [])
        return orders

    def iter_shipment_list(self, page_size=const.SHIPMENT_LIST_PAGE_SIZE):
        """Yield ``{order_sn, package_number}`` waiting for arrangement."""
        cursor = ""
        while True:
            response = self._get(
                const.PATH_SHIPMENT_LIST, page_size=page_size, cursor=cursor
            )["response"]
            yield from response.get("order_list") or []
            cursor = response.get("next_cursor") or ""
            if not response.get("more") or not cursor:
                return

    def get_shipment_list(self, page_size=const.SHIPMENT_LIST_PAGE_SIZE):
        return list(self.iter_shipment_list(page_size))

    def cancel_order(self, order_sn, cancel_reason, item_list=None):
        """Cancel as the seller; ``item_list`` ({item_id, model_id}) is
        required by Shopee for OUT_OF_STOCK."""
        body = {"order_sn": order_sn, "cancel_reason": cancel_reason}
        if item_list:
            body["item_list"] = item_list
        return self._post(const.PATH_CANCEL_ORDER, body)["response"]

    def split_order(self, order_sn, package_list):
        """Split a READY_TO_SHIP order into packages; ``package_list``:
        ``[{"item_list": [{item_id, model_id, order_item_id,
        promotion_group_id}]}]`` holding every item of the order once.
        Returns the new ``package_list`` with their package numbers."""
        body = {"order_sn": order_sn, "package_list": package_list}
        # Sent again, Shopee refuses it as already split, which the caller
        # takes as its own split when the packages are the ones it asked for.
        return self._post(const.PATH_SPLIT_ORDER, body, idempotent=True)["response"][
            "package_list"
        ]

    def unsplit_order(self, order_sn):
        """Undo the split of an order none of whose packages is arranged:
        one package again."""
        return self._post(const.PATH_UNSPLIT_ORDER, {"order_sn": order_sn})

    def handle_buyer_cancellation(self, order_sn, operation):
        """Answer a buyer's cancellation request (order IN_CANCEL)."""
        if operation not in const.BUYER_CANCELLATION_OPERATIONS:
            raise ValueError("operation must be ACCEPT or REJECT")
        body = {"order_sn": order_sn, "operation": operation}
        return self._post(const.PATH_HANDLE_BUYER_CANCELLATION, body)["response"]

    # Logistics ------------------------------------------------------------------------

    def get_channel_list(self):
        return self._get(const.PATH_CHANNEL_LIST)["response"]["logistics_channel_list"]

    def get_shipping_parameter(self, order_sn, package_number=None):
        return self._get(
            const.PATH_SHIPPING_PARAMETER,
            order_sn=order_sn,
            package_number=package_number,
        )["response"]

    def ship_order(
        self,
        order_sn,
        pickup=None,
        dropoff=None,
        package_number=None,
        non_integrated=None,
    ):
        """Arrange shipment with exactly one of pickup, dropoff, non_integrated
        (pass ``{}`` when get_shipping_parameter asks for no field)."""
        modes = {
            name: value
            for name, value in (
                ("pickup", pickup),
                ("dropoff", dropoff),
                ("non_integrated", non_integrated),
            )
            if value is not None
        }
        if len(modes) != 1:
            raise ValueError(
                "ship_order needs exactly one of pickup, dropoff, non_integrated"
            )
        body = {"order_sn": order_sn, **modes}
        if package_number:
            body["package_number"] = package_number
        return self._post(const.PATH_SHIP_ORDER, body).get("response") or {}

    def get_tracking_number(self, order_sn, package_number=None, optional_fields=None):
        """Return the tracking info; ``tracking_number`` stays empty until the
        3PL assigns it (listen to push code 4 or poll again later)."""
        return self._get(
            const.PATH_TRACKING_NUMBER,
            order_sn=order_sn,
            package_number=package_number,
            response_optional_fields=",".join(optional_fields)
            if optional_fields
            else None,
        )["response"]

    def wait_for_tracking_number(
        self, order_sn, package_number=None, poll=5.0, timeout=60.0
    ):
        """Poll get_tracking_number until it is set, for at most ``timeout``
        seconds of polling. Raises ApiUnavailableError when it never comes."""
        for _attempt in range(max(1, int(timeout // poll) + 1)):
            tracking_number = self.get_tracking_number(order_sn, package_number).get(
                "tracking_number"
            )
            if tracking_number:
                return tracking_number
            self.sleep(poll)
        raise errors.ApiUnavailableError(f"No tracking number yet for order {order_sn}")

    @staticmethod
    def _order_list(orders, shipping_document_type=None):
        """Normalise ``orders`` (order_sn strings or dicts) to order_list."""
        order_list = []
        for order in orders:
            entry = {"order_sn": order} if isinstance(order, str) else dict(order)
            if shipping_document_type and "shipping_document_type" not in entry:
                entry["shipping_document_type"] = shipping_document_type
            order_list.append(entry)
        return order_list

    def _document_batches(self, path, orders, shipping_document_type=None):
        # Reads, or the creation of a document task once per order: safe
        # to send again.
        results = []
        order_list = self._order_list(orders, shipping_document_type)
        for chunk in chunked(order_list, const.SHIPPING_DOCUMENT_BATCH):
            results.extend(
                self._post(path, {"order_list": chunk}, idempotent=True)["response"][
                    "result_list"
                ]
            )
        return results

    def get_shipping_document_parameter(self, orders):
        return self._document_batches(const.PATH_SHIPPING_DOCUMENT_PARAMETER, orders)

    def create_shipping_document(self, orders, shipping_document_type=None):
        """Create AWB tasks (50 per call). Entries that failed carry
        ``fail_error``; if every entry of a call fails, Shopee answers
        ``common.batch_api_all_failed`` (ApiBusinessError with the payload)."""
        return self._document_batches(
            const.PATH_CREATE_SHIPPING_DOCUMENT, orders, shipping_document_type
        )

    def get_shipping_document_result(self, orders, shipping_document_type=None):
        return self._document_batches(
            const.PATH_SHIPPING_DOCUMENT_RESULT, orders, shipping_document_type
        )

    def download_shipping_document(self, orders, shipping_document_type=None):
        """Return the document file (PDF bytes) for up to 50 READY orders."""
        order_list = self._order_list(orders)
        if not 1 <= len(order_list) <= const.SHIPPING_DOCUMENT_BATCH:
            raise ValueError("download_shipping_document takes 1 to 50 orders per call")
        body = {"order_list": order_list}
        if shipping_document_type:
            body["shipping_document_type"] = shipping_document_type
        return self._api(
            "POST",
            const.PATH_DOWNLOAD_SHIPPING_DOCUMENT,
            body=body,
            raw=True,
            idempotent=True,  # a download
        )

    def fetch_shipping_document(
        self, orders, shipping_document_type=None, poll=2.0, timeout=60.0
    ):
        """Create the documents, poll until READY, then download them.

        Bounded: gives up after ``timeout`` seconds of polling with
        ApiUnavailableError; a FAILED task raises ApiBusinessError.
        """
        order_list = self._order_list(orders, shipping_document_type)
        for result in self.create_shipping_document(order_list):
            if result.get("fail_error"):
                raise errors.ApiBusinessError(
                    result.get("fail_message") or result["fail_error"],
                    code=result["fail_error"],
                    payload=result,
                )
        lookup = [
            {
                key: entry[key]
                for key in ("order_sn", "package_number")
                if entry.get(key)
            }
            for entry in order_list
        ]
        for _attempt in range(max(1, int(timeout // poll) + 1)):
            results = self.get_shipping_document_result(lookup)
            failed = [
                result
                for result in results
                if result.get("status") == const.DOCUMENT_FAILED
                or result.get("fail_error")
            ]
            if failed:
                raise errors.ApiBusinessError(
                    failed[0].get("fail_message") or "Shipping document failed",
                    code=failed[0].get("fail_error") or const.DOCUMENT_FAILED,
                    payload=failed[0],
                )
            if all(result.get("status") == const.DOCUMENT_READY for result in results):
                return self.download_shipping_document(lookup, shipping_document_type)
            self.sleep(poll)
        raise errors.ApiUnavailableError("Shipping documents still PROCESSING")

    # Products -------------------------------------------------------------------------

    def get_category(self, language=None):
        return self._get(const.PATH_CATEGORY, language=language)["response"][
            "category_list"
        ]

    def get_attribute_tree(self, category_ids, language=None):
        """Return ``[{category_id, attribute_tree}]``, 20 categories per call."""
        result = []
        for chunk in chunked(category_ids, const.ATTRIBUTE_TREE_BATCH):
            response = self._get(
                const.PATH_ATTRIBUTE_TREE,
                category_id_list=",".join(str(category_id) for category_id in chunk),
                language=language,
            )["response"]
            result.extend(response.get("list") or [])
        return result

    def get_attributes(self, category_id, language=None):
        """Attribute tree of one category (v2 has no get_attributes API)."""
        for entry in self.get_attribute_tree([category_id], language):
            if int(entry["category_id"]) == int(category_id):
                return entry.get("attribute_tree") or []
        return []

    def iter_item_list(
        self,
        item_status=("NORMAL",),
        update_time_from=None,
        update_time_to=None,
        page_size=const.ITEM_LIST_PAGE_SIZE,
    ):
        """Yield ``{item_id, item_status, update_time}`` page by page."""
        offset = 0
        while True:
            params = {
                "offset": offset,
                "page_size": page_size,
                "item_status": list(item_status),
            }
            if update_time_from is not None:
                params["update_time_from"] = unix_time(update_time_from)
            if update_time_to is not None:
                params["update_time_to"] = unix_time(update_time_to)
            response = self._api("GET", const.PATH_ITEM_LIST, params=params)["response"]
            yield from response.get("item") or []
            if not response.get("has_next_page"):
                return
            offset = response["next_offset"]

    def search_item_ids(self, item_sku, page_size=const.ITEM_LIST_PAGE_SIZE):
        """Ids of the items whose item or model SKU is ``item_sku``
        (search_item, every page)."""
        item_ids, offset = [], ""
        while True:
            params = {"page_size": page_size, "item_sku": item_sku}
            if offset:
                params["offset"] = offset
            response = self._get(const.PATH_SEARCH_ITEM, **params)["response"]
            item_ids.extend(response.get("item_id_list") or [])
            offset = response.get("next_offset")
            if not offset or not response.get("item_id_list"):
                return item_ids

    def get_item_base_info(self, item_ids):
        """Return base info of items, 50 per call."""
        items = []
        for chunk in chunked(item_ids, const.ITEM_BASE_INFO_BATCH):
            response = self._get(
                const.PATH_ITEM_BASE_INFO, item_id_list=",".join(str(i) for i in chunk)
            )["response"]
            items.extend(response.get("item_list") or [])
        return items

    def get_model_list(self, item_id):
        return self._get(const.PATH_MODEL_LIST, item_id=item_id)["response"]

    def upload_image(self, content, filename, scene="normal"):
        """Upload one JPG/PNG to the media space; returns ``image_info``
        (``image_id`` and ``image_url_list``)."""
        response = self._post(
            const.PATH_UPLOAD_IMAGE,
            {"scene": scene},
            files={"image": (filename, content)},
            idempotent=True,  # a second upload only leaves an unused image
        )["response"]
        return response["image_info"]

    def add_item(self, item):
        return self._post(const.PATH_ADD_ITEM, item)["response"]

    def update_item(self, item):
        if not item.get("item_id"):
            raise ValueError("update_item needs item_id")
        return self._post(const.PATH_UPDATE_ITEM, item).get("response") or {}

    def delete_item(self, item_id):
        self._post(const.PATH_DELETE_ITEM, {"item_id": int(item_id)})

    @staticmethod
    def _merge_lists(responses):
        merged = {"success_list": [], "failure_list": []}
        for response in responses:
            merged["success_list"].extend(response.get("success_list") or [])
            merged["failure_list"].extend(response.get("failure_list") or [])
        return merged

    def unlist_item(self, items):
        """Unlist (``unlist: True``) or relist items, 50 per call."""
        return self._merge_lists(
            # a status set per item: safe to send again
            self._post(const.PATH_UNLIST_ITEM, {"item_list": chunk}, idempotent=True)[
                "response"
            ]
            for chunk in chunked(items, const.UNLIST_BATCH)
        )

    def update_price(self, item_id, price_list):
        """Set ``original_price`` per model (model_id 0 without variants),
        50 models per call. Returns merged success_list/failure_list."""
        return self._merge_lists(
            self._post(
                const.PATH_UPDATE_PRICE,
                {"item_id": int(item_id), "price_list": chunk},
                idempotent=True,  # absolute prices
            )["response"]
            for chunk in chunked(price_list, const.PRICE_UPDATE_BATCH)
        )

    def update_stock(self, item_id, stock_list):
        """Set seller stock per model, 50 models per call. Entries are
        Shopee's ``{model_id, seller_stock: [...]}`` or ``{model_id, stock}``."""
        normalized = [
            entry
            if "seller_stock" in entry
            else {
                "model_id": entry.get("model_id", 0),
                "seller_stock": [{"stock": entry["stock"]}],
            }
            for entry in stock_list
        ]
        return self._merge_lists(
            self._post(
                const.PATH_UPDATE_STOCK,
                {"item_id": int(item_id), "stock_list": chunk},
                idempotent=True,  # absolute quantities
            )["response"]
            for chunk in chunked(normalized, const.STOCK_UPDATE_BATCH)
        )

    # Returns --------------------------------------------------------------------------

    def iter_return_list(
        self,
        time_from,
        time_to,
        time_range_field="update_time",
        status=None,
        page_size=const.RETURN_LIST_PAGE_SIZE,
    ):
        """Yield return records changed (or created) in the range, cut into
        15-day windows and read page by page (page_no starts at 0)."""
        if time_range_field not in ("create_time", "update_time"):
            raise ValueError("time_range_field must be create_time or update_time")
        seen = set()
        for window_from, window_to in time_windows(
            time_from, time_to, const.RETURN_LIST_MAX_WINDOW
        ):
            page_no = 0
            while True:
                response = self._get(
                    const.PATH_RETURN_LIST,
                    page_no=page_no,
                    page_size=page_size,
                    status=status,
                    **{
                        f"{time_range_field}_from": window_from,
                        f"{time_range_field}_to": window_to,
                    },
                )["response"]
                for record in response.get("return") or []:
                    if record["return_sn"] not in seen:
                        seen.add(record["return_sn"])
                        yield record
                if not response.get("more"):
                    break
                page_no += 1

    def get_return_detail(self, return_sn):
        return self._get(const.PATH_RETURN_DETAIL, return_sn=return_sn)["response"]

    def confirm_return(self, return_sn):
        """Confirm the refund of a return."""
        return self._post(const.PATH_RETURN_CONFIRM, {"return_sn": return_sn})[
            "response"
        ]

    def get_return_dispute_reasons(self, return_sn):
        response = self._get(const.PATH_RETURN_DISPUTE_REASON, return_sn=return_sn)[
            "response"
        ]
        return response.get("dispute_reason_list") or []

    def dispute_return(self, return_sn, email, reason_id, text=None, image_urls=None):
        body = {
            "return_sn": return_sn,
            "email": email,
            "dispute_reason_id": int(reason_id),
        }
        if text:
            body["dispute_text_reason"] = text
        if image_urls:
            body["image_list"] = [
                {
                    "module_index": 1,
                    "requirement": "Photo(s) of the returned item",
                    "image_url": list(image_urls),
                }
            ]
        return self._post(const.PATH_RETURN_DISPUTE, body)["response"]

    def offer_return(self, return_sn, amount, solution="REFUND"):
        """Offer the buyer ``amount`` instead of the full refund."""
        body = {
            "return_sn": return_sn,
            "proposed_solution": solution,
            "proposed_adjusted_refund_amount": float(amount),
        }
        return self._post(const.PATH_RETURN_OFFER, body)["response"]

    # Finance --------------------------------------------------------------------------

    def get_escrow_detail(self, order_sn):
        return self._get(const.PATH_ESCROW_DETAIL, order_sn=order_sn)["response"]

    def get_escrow_detail_batch(
        self, order_sns, batch_size=const.ESCROW_DETAIL_BATCH_RECOMMENDED
    ):
        """Return ``[{escrow_detail, fail_error?, fail_message?}]`` in batches
        of ``batch_size`` (Shopee allows 50, recommends 20)."""
        batch_size = max(1, min(batch_size, const.ESCROW_DETAIL_BATCH))
        result = []
        for chunk in chunked(order_sns, batch_size):
            result.extend(
                self._post(
                    const.PATH_ESCROW_DETAIL_BATCH,
                    {"order_sn_list": chunk},
                    idempotent=True,  # a read
                )["response"]
            )
        return result

    def iter_escrow_list(
        self, release_time_from, release_time_to, page_size=const.ESCROW_LIST_PAGE_SIZE
    ):
        """Yield ``{order_sn, payout_amount, escrow_release_time}``."""
        page_no = 1
        while True:
            response = self._get(
                const.PATH_ESCROW_LIST,
                release_time_from=unix_time(release_time_from),
                release_time_to=unix_time(release_time_to),
                page_size=page_size,
                page_no=page_no,
            )["response"]
            yield from response.get("escrow_list") or []
            if not response.get("more"):
                return
            page_no += 1

    # Push -----------------------------------------------------------------------------

    def verify_push(self, url, body, authorization):
        """Check a push's ``Authorization`` header against our partner key."""
        return verify_push(self.partner_key, url, body, authorization)

    @staticmethod
    def parse_push(body):
        """Parse a push body into ``{code, shop_id, timestamp, msg_id, data}``.

        Raises ValueError (``push.MalformedPush``) on anything that is not a
        Shopee push envelope, or that could not be stored (see ``push``).
        """
        message, code, data = push.envelope(body, "code", "a Shopee push message")
        return {
            "code": code,
            "shop_id": message.get("shop_id"),
            "timestamp": message.get("timestamp"),
            "msg_id": message.get("msg_id"),
            "data": data,
            "raw": message,
        }
