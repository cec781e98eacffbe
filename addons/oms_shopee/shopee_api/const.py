"""Shopee Open Platform v2 facts: hosts, paths, statuses, limits, error codes.

Data only. Values come from Shopee's API reference and our digest in
``shared/reference/marketplace-apis.md`` section 2.
"""

# Hosts -----------------------------------------------------------------------

HOST_LIVE = "https://partner.shopeemobile.com"
# The bundled emulator, as `make run` and docker compose start it.
SANDBOX_URL = "http://127.0.0.1:8802"
HOST_LIVE_CN = "https://openplatform.shopee.cn"
HOST_LIVE_BR = "https://openplatform.shopee.com.br"
HOST_TEST = "https://openplatform.sandbox.test-stable.shopee.sg"
HOST_TEST_CN = "https://openplatform.sandbox.test-stable.shopee.cn"
# Still printed as ``test_url`` in the per-API reference pages.
HOST_TEST_LEGACY = "https://partner.test-stable.shopeemobile.com"

# API paths -------------------------------------------------------------------

PATH_AUTH_PARTNER = "/api/v2/shop/auth_partner"
PATH_TOKEN_GET = "/api/v2/auth/token/get"
PATH_TOKEN_REFRESH = "/api/v2/auth/access_token/get"
PATH_SHOP_INFO = "/api/v2/shop/get_shop_info"

PATH_ORDER_LIST = "/api/v2/order/get_order_list"
PATH_ORDER_DETAIL = "/api/v2/order/get_order_detail"
PATH_SHIPMENT_LIST = "/api/v2/order/get_shipment_list"
PATH_CANCEL_ORDER = "/api/v2/order/cancel_order"
PATH_SPLIT_ORDER = "/api/v2/order/split_order"
PATH_UNSPLIT_ORDER = "/api/v2/order/unsplit_order"
# split_order's answer for an order split before.
ERROR_ORDER_SPLIT_ALREADY = "order.order_has_been_split"
PATH_HANDLE_BUYER_CANCELLATION = "/api/v2/order/handle_buyer_cancellation"

PATH_CHANNEL_LIST = "/api/v2/logistics/get_channel_list"
PATH_SHIPPING_PARAMETER = "/api/v2/logistics/get_shipping_parameter"
PATH_SHIP_ORDER = "/api/v2/logistics/ship_order"
# ship_order's answer for a package whose shipment is arranged already.
ERROR_PACKAGE_ALREADY_SHIPPED = "logistics.package_already_shipped"
PATH_TRACKING_NUMBER = "/api/v2/logistics/get_tracking_number"
PATH_SHIPPING_DOCUMENT_PARAMETER = "/api/v2/logistics/get_shipping_document_parameter"
PATH_CREATE_SHIPPING_DOCUMENT = "/api/v2/logistics/create_shipping_document"
PATH_SHIPPING_DOCUMENT_RESULT = "/api/v2/logistics/get_shipping_document_result"
PATH_DOWNLOAD_SHIPPING_DOCUMENT = "/api/v2/logistics/download_shipping_document"

PATH_CATEGORY = "/api/v2/product/get_category"
PATH_ATTRIBUTE_TREE = "/api/v2/product/get_attribute_tree"
PATH_ITEM_LIST = "/api/v2/product/get_item_list"
PATH_SEARCH_ITEM = "/api/v2/product/search_item"
PATH_ITEM_BASE_INFO = "/api/v2/product/get_item_base_info"
PATH_MODEL_LIST = "/api/v2/product/get_model_list"
PATH_ADD_ITEM = "/api/v2/product/add_item"
PATH_UPDATE_ITEM = "/api/v2/product/update_item"
PATH_DELETE_ITEM = "/api/v2/product/delete_item"
PATH_UNLIST_ITEM = "/api/v2/product/unlist_item"
PATH_UPDATE_PRICE = "/api/v2/product/update_price"
PATH_UPDATE_STOCK = "/api/v2/product/update_stock"
PATH_UPLOAD_IMAGE = "/api/v2/media_space/upload_image"

PATH_RETURN_LIST = "/api/v2/returns/get_return_list"
PATH_RETURN_DETAIL = "/api/v2/returns/get_return_detail"
PATH_RETURN_CONFIRM = "/api/v2/returns/confirm"
PATH_RETURN_DISPUTE = "/api/v2/returns/dispute"
PATH_RETURN_OFFER = "/api/v2/returns/offer"
PATH_RETURN_DISPUTE_REASON = "/api/v2/returns/get_return_dispute_reason"

PATH_ESCROW_DETAIL = "/api/v2/payment/get_escrow_detail"
PATH_ESCROW_DETAIL_BATCH = "/api/v2/payment/get_escrow_detail_batch"
PATH_ESCROW_LIST = "/api/v2/payment/get_escrow_list"

# Public APIs sign without access_token/shop_id. ``media_space.upload_image``
# is documented as a Public API although it is used for shop listings.
PUBLIC_PATHS = frozenset(
    {PATH_AUTH_PARTNER, PATH_TOKEN_GET, PATH_TOKEN_REFRESH, PATH_UPLOAD_IMAGE}
)

# Order and package statuses ----------------------------------------------------

UNPAID = "UNPAID"
READY_TO_SHIP = "READY_TO_SHIP"
PROCESSED = "PROCESSED"
RETRY_SHIP = "RETRY_SHIP"
SHIPPED = "SHIPPED"
TO_CONFIRM_RECEIVE = "TO_CONFIRM_RECEIVE"
IN_CANCEL = "IN_CANCEL"
CANCELLED = "CANCELLED"
TO_RETURN = "TO_RETURN"
COMPLETED = "COMPLETED"
INVOICE_PENDING = "INVOICE_PENDING"  # BR only, list filter
PENDING = "PENDING"  # only with request_order_status_pending=true

ORDER_STATUSES = (
    UNPAID,
    READY_TO_SHIP,
    PROCESSED,
    RETRY_SHIP,
    SHIPPED,
    TO_CONFIRM_RECEIVE,
    IN_CANCEL,
    CANCELLED,
    TO_RETURN,
    COMPLETED,
)
# Statuses a buyer cancellation request (IN_CANCEL) can start from.
CANCELLABLE_STATUSES = (UNPAID, READY_TO_SHIP, PROCESSED)

LOGISTICS_NOT_START = "LOGISTICS_NOT_START"
LOGISTICS_READY = "LOGISTICS_READY"
LOGISTICS_REQUEST_CREATED = "LOGISTICS_REQUEST_CREATED"
LOGISTICS_PICKUP_DONE = "LOGISTICS_PICKUP_DONE"
LOGISTICS_DELIVERY_DONE = "LOGISTICS_DELIVERY_DONE"
LOGISTICS_INVALID = "LOGISTICS_INVALID"
LOGISTICS_REQUEST_CANCELED = "LOGISTICS_REQUEST_CANCELED"

ITEM_STATUSES = (
    "NORMAL",
    "BANNED",
    "UNLIST",
    "REVIEWING",
    "SELLER_DELETE",
    "SHOPEE_DELETE",
)

CANCEL_REASONS = (
    "OUT_OF_STOCK",
    "CUSTOMER_REQUEST",
    "UNDELIVERABLE_AREA",
    "COD_NOT_SUPPORTED",
)
BUYER_CANCELLATION_OPERATIONS = ("ACCEPT", "REJECT")

SHIPPING_DOCUMENT_TYPES = (
    "NORMAL_AIR_WAYBILL",
    "THERMAL_AIR_WAYBILL",
    "NORMAL_JOB_AIR_WAYBILL",
    "THERMAL_JOB_AIR_WAYBILL",
    "THERMAL_UNPACKAGED_LABEL",
)
DOCUMENT_READY = "READY"
DOCUMENT_PROCESSING = "PROCESSING"
DOCUMENT_FAILED = "FAILED"

RETURN_STATUSES = (
    "REQUESTED",
    "ACCEPTED",
    "CANCELLED",
    "JUDGING",
    "CLOSED",
    "PROCESSING",
    "SELLER_DISPUTE",
)

# Limits ------------------------------------------------------------------------

TIMESTAMP_TOLERANCE = 5 * 60  # a signed request is valid for 5 minutes
ACCESS_TOKEN_TTL = 4 * 3600
REFRESH_TOKEN_TTL = 30 * 24 * 3600
AUTH_CODE_TTL = 10 * 60

ORDER_LIST_MAX_WINDOW = 15 * 24 * 3600  # get_order_list time_from..time_to
RETURN_LIST_MAX_WINDOW = 15 * 24 * 3600
ORDER_LIST_PAGE_SIZE = 100
SHIPMENT_LIST_PAGE_SIZE = 100
ITEM_LIST_PAGE_SIZE = 100
RETURN_LIST_PAGE_SIZE = 100
ESCROW_LIST_PAGE_SIZE = 100

ORDER_DETAIL_BATCH = 50  # order_sn_list
ITEM_BASE_INFO_BATCH = 50  # item_id_list
ATTRIBUTE_TREE_BATCH = 20  # category_id_list
PRICE_UPDATE_BATCH = 50  # price_list entries per call (one item per call)
STOCK_UPDATE_BATCH = 50  # stock_list entries per call (one item per call)
UNLIST_BATCH = 50  # item_list entries per call
SHIPPING_DOCUMENT_BATCH = 50  # order_list of the shipping-document APIs
ESCROW_DETAIL_BATCH = 50  # order_sn_list, Shopee recommends 20
ESCROW_DETAIL_BATCH_RECOMMENDED = 20
UPLOAD_IMAGE_MAX_BYTES = 10 * 1024 * 1024

# get_order_detail fields returned only when asked for (Shopee's list).
ORDER_DETAIL_OPTIONAL_FIELDS = (
    "buyer_user_id",
    "buyer_username",
    "estimated_shipping_fee",
    "recipient_address",
    "actual_shipping_fee",
    "goods_to_declare",
    "note",
    "note_update_time",
    "item_list",
    "pay_time",
    "dropshipper",
    "dropshipper_phone",
    "split_up",
    "buyer_cancel_reason",
    "cancel_by",
    "cancel_reason",
    "actual_shipping_fee_confirmed",
    "buyer_cpf_id",
    "fulfillment_flag",
    "pickup_done_time",
    "package_list",
    "shipping_carrier",
    "payment_method",
    "total_amount",
    "invoice_data",
    "checkout_shipping_carrier",
    "reverse_shipping_fee",
    "order_chargeable_weight_gram",
)

# Push codes (Push Mechanism) ---------------------------------------------------

PUSH_SHOP_AUTHORIZATION = 1
PUSH_SHOP_DEAUTHORIZATION = 2
PUSH_ORDER_STATUS = 3
PUSH_TRACKING_NUMBER = 4
PUSH_SHOPEE_UPDATES = 5
PUSH_BANNED_ITEM = 6
PUSH_ITEM_PROMOTION = 7
PUSH_RESERVED_STOCK_CHANGE = 8
PUSH_PROMOTION_UPDATE = 9
PUSH_WEBCHAT = 10
PUSH_VIDEO_UPLOAD = 11
PUSH_AUTHORIZATION_EXPIRY = 12
PUSH_BRAND_REGISTER_RESULT = 13
PUSH_SHIPPING_DOCUMENT_STATUS = 15

# Push code -> neutral kind of oms.event (oms_base's EVENT_KINDS); any other
# code is an "other" event. Codes 3 and 4 are about one order.
PUSH_KINDS = {
    PUSH_SHOP_AUTHORIZATION: "auth_granted",
    PUSH_SHOP_DEAUTHORIZATION: "auth_revoked",
    PUSH_ORDER_STATUS: "order",
    PUSH_TRACKING_NUMBER: "package",
    PUSH_BANNED_ITEM: "product",
    PUSH_WEBCHAT: "chat",
    PUSH_AUTHORIZATION_EXPIRY: "auth_expiring",
    PUSH_SHIPPING_DOCUMENT_STATUS: "package",
}
PUSH_KIND_OTHER = "other"

# Error codes, grouped by how a caller should react ----------------------------
# The client turns these into typed exceptions; the sandbox emits them.

ERROR_AUTH = "error_auth"
ERROR_SIGN = "error_sign"
ERROR_PARAM = "error_param"
ERROR_PERMISSION = "error_permission"
ERROR_SERVER = "error_server"
ERROR_NOT_FOUND = "error_not_found"
ERROR_TOO_MANY_REQUEST = "error_too_many_request"

# The access token is no longer accepted: refresh it and retry.
TOKEN_ERRORS = frozenset(
    {
        "invalid_access_token",
        "invalid_acceess_token",  # sic, seen in the wild
        "error_access_token",
        "access_token_expired",
    }
)
# ``error_auth`` messages that mean the same as TOKEN_ERRORS.
TOKEN_ERROR_MESSAGE_HINTS = ("access_token", "access token")

# The authorization itself is gone: the seller must authorize again.
REAUTHORIZE_ERRORS = frozenset(
    {
        "invalid_code",
        "invalid_shop_id",
        "invalid_partner_id",
        "refresh_token_expired",
        "error_shop_refresh_token",
        "error_merchant_refresh_token",
        "shop_access_expired",
        "merchant_access_expired",
        "shop_no_linked",
        "merchant_no_linked",
        "shop_banned",
        ERROR_PERMISSION,
    }
)
SIGNATURE_ERRORS = frozenset({ERROR_SIGN})
RATE_LIMIT_ERRORS = frozenset({ERROR_TOO_MANY_REQUEST, "error_rate_limit"})
RATE_LIMIT_MESSAGE_HINTS = ("too many request",)
NOT_FOUND_ERRORS = frozenset(
    {
        ERROR_NOT_FOUND,
        "error_not_exists",
        "error_item_not_found",
        "error_data_not_found",
        "order_not_found",
        "income_not_found",
        "common.error_not_found",
        "logistics.order_not_exist",
        "logistics.invalid_error",  # "The order is not exist."
        "logistics.package_not_exist",
        "logistics.package_number_not_found",
        "logistics.error_order_not_found",
    }
)
NOT_FOUND_MESSAGE_HINTS = ("not found", "not exist", "doesn't exist")
# Server-side trouble Shopee asks to retry later.
TRANSIENT_ERRORS = frozenset(
    {
        ERROR_SERVER,
        "error_network",
        "error_inner",
        "error_system_busy",
        "logistics.error_network",
        "logistics.error_other",
        "internal_error_server",
    }
)
# Gateway messages for a timestamp outside the 5-minute window (error_param).
TIMESTAMP_ERROR_MESSAGES = ("Invalid timestamp", "no timestamp")

# Attribute input types (get_attribute_tree ``attribute_info.input_type``).
INPUT_SINGLE_DROP_DOWN = 1
INPUT_SINGLE_COMBO_BOX = 2
INPUT_FREE_TEXT = 3
INPUT_MULTI_DROP_DOWN = 4
INPUT_MULTI_COMBO_BOX = 5
# Types that take a value outside the listed ones.
FREE_INPUT_TYPES = (INPUT_SINGLE_COMBO_BOX, INPUT_FREE_TEXT, INPUT_MULTI_COMBO_BOX)
# Types that take several values.
MULTI_VALUE_TYPES = (INPUT_MULTI_DROP_DOWN, INPUT_MULTI_COMBO_BOX)
