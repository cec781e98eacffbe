"""Shopee Open Platform v2 facts as the emulator serves them: paths,
statuses, limits, push and error codes, from Shopee's API reference.

The emulator keeps its own copy, apart from the connector's client: when
the client gets a path, a limit or a status wrong, the sandbox answers as
Shopee would instead of agreeing with the mistake.
"""

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
PATH_HANDLE_BUYER_CANCELLATION = "/api/v2/order/handle_buyer_cancellation"

PATH_CHANNEL_LIST = "/api/v2/logistics/get_channel_list"
PATH_SHIPPING_PARAMETER = "/api/v2/logistics/get_shipping_parameter"
PATH_SHIP_ORDER = "/api/v2/logistics/ship_order"
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
LOGISTICS_DELIVERY_FAILED = "LOGISTICS_DELIVERY_FAILED"

ITEM_STATUSES = (
    "NORMAL",
    "BANNED",
    "UNLIST",
    "REVIEWING",
    "SELLER_DELETE",
    "SHOPEE_DELETE",
)
# search_item without item_status: what the seller still has
LISTED_ITEM_STATUSES = ("NORMAL", "BANNED", "UNLIST", "REVIEWING")

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

RETURN_STATUSES = (
    "REQUESTED",
    "ACCEPTED",
    "CANCELLED",
    "JUDGING",
    "CLOSED",
    "PROCESSING",
    "SELLER_DISPUTE",
)

NEGOTIATION_STATUSES = ("PENDING_RESPOND", "PENDING_BUYER_RESPOND", "TERMINATED")
SELLER_PROOF_STATUSES = ("NOT_NEEDED", "PENDING", "UPLOADED", "OVERDUE")
SELLER_COMPENSATION_STATUSES = (
    "COMPENSATION_NOT_APPLICABLE",
    "COMPENSATION_INITIAL_STAGE",
    "COMPENSATION_PENDING_REQUEST",
    "COMPENSATION_NOT_REQUIRED",
    "COMPENSATION_REQUESTED",
    "COMPENSATION_APPROVED",
    "COMPENSATION_REJECTED",
    "COMPENSATION_CANCELLED",
    "COMPENSATION_NOT_ELIGIBLE",
)

# Limits ------------------------------------------------------------------------

TIMESTAMP_TOLERANCE = 5 * 60  # a signed request is valid for 5 minutes
ACCESS_TOKEN_TTL = 4 * 3600
REFRESH_TOKEN_TTL = 30 * 24 * 3600
AUTH_CODE_TTL = 10 * 60

ORDER_LIST_MAX_WINDOW = 15 * 24 * 3600  # get_order_list time_from..time_to
RETURN_LIST_MAX_WINDOW = 15 * 24 * 3600

ORDER_DETAIL_BATCH = 50  # order_sn_list
ITEM_BASE_INFO_BATCH = 50  # item_id_list
ATTRIBUTE_TREE_BATCH = 20  # category_id_list
PRICE_UPDATE_BATCH = 50  # price_list entries per call (one item per call)
STOCK_UPDATE_BATCH = 50  # stock_list entries per call (one item per call)
UNLIST_BATCH = 50  # item_list entries per call
SHIPPING_DOCUMENT_BATCH = 50  # order_list of the shipping-document APIs
ESCROW_DETAIL_BATCH = 50  # order_sn_list
UPLOAD_IMAGE_MAX_BYTES = 10 * 1024 * 1024

# Push codes (Push Mechanism) ---------------------------------------------------

PUSH_SHOP_AUTHORIZATION = 1
PUSH_SHOP_DEAUTHORIZATION = 2
PUSH_ORDER_STATUS = 3
PUSH_TRACKING_NUMBER = 4
PUSH_AUTHORIZATION_EXPIRY = 12
PUSH_SHIPPING_DOCUMENT_STATUS = 15

# Error codes -------------------------------------------------------------------

ERROR_AUTH = "error_auth"
ERROR_SIGN = "error_sign"
ERROR_PARAM = "error_param"
ERROR_NOT_FOUND = "error_not_found"
ERROR_TOO_MANY_REQUEST = "error_too_many_request"
