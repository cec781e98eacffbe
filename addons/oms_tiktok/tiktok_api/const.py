"""TikTok Shop Partner API facts: hosts, paths, statuses, limits, error codes.

Data only. Values come from TikTok Shop's API reference (versioned paths,
202309 and later) and our digest in ``shared/reference/marketplace-apis.md``
section 3.
"""

# Hosts -----------------------------------------------------------------------

HOST_API = "https://open-api.tiktokglobalshop.com"
HOST_AUTH = "https://auth.tiktok-shops.com"
# Where a seller authorizes the app (ROW; the US has its own host).
HOST_SERVICES = "https://services.tiktokshop.com"
HOST_SERVICES_US = "https://services.us.tiktokshop.com"
# The bundled emulator serves the API, the token endpoints and the consent page.
SANDBOX_URL = "http://127.0.0.1:8803"

# Paths: token endpoints (auth host, neither signed nor timestamped) -----------

PATH_TOKEN_GET = "/api/v2/token/get"
PATH_TOKEN_REFRESH = "/api/v2/token/refresh"
PATH_AUTHORIZE = "/open/authorize"

# Paths: Partner API (the latest version of each in the reference) --------------

PATH_AUTHORIZED_SHOPS = "/authorization/202309/shops"

PATH_PRODUCTS_SEARCH = "/product/202502/products/search"
PATH_PRODUCT = "/product/202309/products/{product_id}"
PATH_PRODUCTS = "/product/202309/products"  # POST creates, DELETE deletes
PATH_PRODUCT_EDIT = "/product/202509/products/{product_id}"  # PUT
PATH_PRODUCTS_ACTIVATE = "/product/202309/products/activate"
PATH_PRODUCTS_DEACTIVATE = "/product/202309/products/deactivate"
PATH_INVENTORY_UPDATE = "/product/202309/products/{product_id}/inventory/update"
PATH_CATEGORIES = "/product/202309/categories"
PATH_ATTRIBUTES = "/product/202309/categories/{category_id}/attributes"
PATH_IMAGE_UPLOAD = "/product/202309/images/upload"

PATH_WAREHOUSES = "/logistics/202309/warehouses"

PATH_ORDERS_SEARCH = "/order/202309/orders/search"
PATH_ORDERS = "/order/202507/orders"

PATH_CANCELLATIONS = "/return_refund/202309/cancellations"
PATH_CANCELLATIONS_SEARCH = "/return_refund/202309/cancellations/search"
PATH_CANCELLATION_APPROVE = "/return_refund/202309/cancellations/{cancel_id}/approve"
PATH_CANCELLATION_REJECT = "/return_refund/202309/cancellations/{cancel_id}/reject"
PATH_PACKAGE_SHIPPING_INFO = (
    "/fulfillment/202309/packages/{package_id}/shipping_info/update"
)
PATH_SHIPPING_PROVIDERS = (
    "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers"
)
PATH_COMBINABLE_SEARCH = "/fulfillment/202309/combinable_packages/search"
PATH_PACKAGES_COMBINE = "/fulfillment/202309/packages/combine"
PATH_PACKAGE_UNCOMBINE = "/fulfillment/202309/packages/{package_id}/uncombine"
COMBINABLE_PAGE_SIZE = 50
PATH_SPLIT_ATTRIBUTES = "/fulfillment/202309/orders/split_attributes"
PATH_ORDER_SPLIT = "/fulfillment/202309/orders/{order_id}/split"
PATH_RETURNS_SEARCH = "/return_refund/202309/returns/search"
PATH_RETURN_APPROVE = "/return_refund/202309/returns/{return_id}/approve"
PATH_RETURN_REJECT = "/return_refund/202309/returns/{return_id}/reject"
PATH_REJECT_REASONS = "/return_refund/202309/reject_reasons"

PATH_PACKAGE = "/fulfillment/202309/packages/{package_id}"
PATH_PACKAGE_SHIP = "/fulfillment/202309/packages/{package_id}/ship"
PATH_SHIPPING_DOCUMENTS = "/fulfillment/202309/packages/{package_id}/shipping_documents"

PATH_STATEMENTS = "/finance/202309/statements"
PATH_STATEMENT_TRANSACTIONS = (
    "/finance/202501/statements/{statement_id}/statement_transactions"
)

# APIs called without ``shop_cipher`` (TikTok refuses an unexpected one).
NO_SHOP_PATHS = frozenset({PATH_AUTHORIZED_SHOPS, PATH_IMAGE_UPLOAD})

# Limits ------------------------------------------------------------------------

# Timestamps are accepted in [now - 5 min, now + 30 s].
TIMESTAMP_PAST = 300
TIMESTAMP_FUTURE = 30
ACCESS_TOKEN_DAYS = 7
AUTH_CODE_TTL = 30 * 60

PRODUCTS_PAGE_SIZE = 100
ORDERS_PAGE_SIZE = 100
ORDER_DETAIL_BATCH = 50
PRODUCT_BATCH = 20  # activate / deactivate / delete
CANCELLATIONS_PAGE_SIZE = 50
RETURNS_PAGE_SIZE = 50
RETURNS_MIN_PAGE_SIZE = 10
STATEMENTS_PAGE_SIZE = 100
TRANSACTIONS_PAGE_SIZE = 100
MAX_INVENTORY = 99999
MAX_IMAGE_BYTES = 10 * 1024 * 1024

# Products ------------------------------------------------------------------------

PRODUCT_DRAFT = "DRAFT"
PRODUCT_PENDING = "PENDING"
PRODUCT_FAILED = "FAILED"
PRODUCT_ACTIVATE = "ACTIVATE"
PRODUCT_SELLER_DEACTIVATED = "SELLER_DEACTIVATED"
PRODUCT_PLATFORM_DEACTIVATED = "PLATFORM_DEACTIVATED"
PRODUCT_FREEZE = "FREEZE"
PRODUCT_DELETED = "DELETED"
SAVE_AS_DRAFT = "AS_DRAFT"
SAVE_LISTING = "LISTING"
ATTRIBUTE_SALES = "SALES_PROPERTY"  # a variant's (size, colour)
ATTRIBUTE_PRODUCT = "PRODUCT_PROPERTY"
ROOT_CATEGORY = "0"  # parent_id of the top categories
# Units of package_weight and package_dimensions, in kg and cm.
WEIGHT_UNITS = {"KILOGRAM": 1.0, "GRAM": 0.001, "POUND": 0.45359237}
LENGTH_UNITS = {"CENTIMETER": 1.0, "INCH": 2.54}
IMAGE_USE_CASES = (
    "MAIN_IMAGE",
    "ATTRIBUTE_IMAGE",
    "DESCRIPTION_IMAGE",
    "CERTIFICATION_IMAGE",
    "SIZE_CHART_IMAGE",
)

# Orders, line items and packages -------------------------------------------------

UNPAID = "UNPAID"
ON_HOLD = "ON_HOLD"
AWAITING_SHIPMENT = "AWAITING_SHIPMENT"
PARTIALLY_SHIPPING = "PARTIALLY_SHIPPING"
AWAITING_COLLECTION = "AWAITING_COLLECTION"
IN_TRANSIT = "IN_TRANSIT"
DELIVERED = "DELIVERED"
COMPLETED = "COMPLETED"
CANCELLED = "CANCELLED"
# Webhook type 1 names the cancelled status CANCEL.
WEBHOOK_CANCEL = "CANCEL"
ORDER_STATUSES = (
    UNPAID,
    ON_HOLD,
    AWAITING_SHIPMENT,
    PARTIALLY_SHIPPING,
    AWAITING_COLLECTION,
    IN_TRANSIT,
    DELIVERED,
    COMPLETED,
    CANCELLED,
)
PACKAGE_TO_FULFILL = "TO_FULFILL"
PACKAGE_PROCESSING = "PROCESSING"
PACKAGE_FULFILLING = "FULFILLING"
PACKAGE_COMPLETED = "COMPLETED"
PACKAGE_CANCELLED = "CANCELLED"
SHIPPING_TIKTOK = "TIKTOK"
SHIPPING_SELLER = "SELLER"
HANDOVER_PICKUP = "PICKUP"
HANDOVER_DROP_OFF = "DROP_OFF"
DOCUMENT_TYPES = (
    "SHIPPING_LABEL",
    "PACKING_SLIP",
    "SHIPPING_LABEL_AND_PACKING_SLIP",
    "SHIPPING_LABEL_PICTURE",
    "HAZMAT_LABEL",
    "INVOICE_LABEL",
)
DOCUMENT_SIZES = ("A6", "A5")

# Cancellations and returns ---------------------------------------------------------

CANCEL_TYPE_SELLER = "CANCEL"
CANCEL_TYPE_BUYER = "BUYER_CANCEL"
CANCELLATION_PENDING = "CANCELLATION_REQUEST_PENDING"
CANCELLATION_SUCCESS = "CANCELLATION_REQUEST_SUCCESS"
CANCELLATION_CANCEL = "CANCELLATION_REQUEST_CANCEL"
CANCELLATION_CANCELLED = "CANCELLATION_REQUEST_CANCELLED"  # webhook type 11
CANCELLATION_COMPLETE = "CANCELLATION_REQUEST_COMPLETE"
# Seller cancel reasons the reference lists, by order status.
SELLER_CANCEL_REASONS_UNPAID = (
    "seller_cancel_unpaid_reason_out_of_stock",
    "seller_cancel_unpaid_reason_wrong_price",
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed",
    "seller_cancel_unpaid_reason_buyer_requested_cancellation",
)
SELLER_CANCEL_REASONS_PAID = (
    "seller_cancel_reason_out_of_stock",
    "seller_cancel_reason_wrong_price",
    "seller_cancel_paid_reason_address_not_deliver",
    "seller_cancel_paid_reason_buyer_requested_cancellation",
)
# Reasons to refuse a buyer's cancellation request.
CANCEL_REJECT_REASONS = (
    "seller_reject_apply_product_has_been_packed",
    "seller_reject_apply_unable_to_change_address",
    "order_manage_list_action_respond_popup_reject_reason_delivered",
    "order_manage_list_action_respond_popup_reject_reason_buyer_agree",
    "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason",
)
RETURN_TYPES = ("REFUND", "RETURN_AND_REFUND", "REPLACEMENT")
RETURN_PENDING = "RETURN_OR_REFUND_REQUEST_PENDING"
RETURN_REJECT = "REFUND_OR_RETURN_REQUEST_REJECT"
RETURN_AWAITING_BUYER_SHIP = "AWAITING_BUYER_SHIP"
RETURN_BUYER_SHIPPED = "BUYER_SHIPPED_ITEM"
RETURN_REJECT_RECEIVE = "REJECT_RECEIVE_PACKAGE"
RETURN_SUCCESS = "RETURN_OR_REFUND_REQUEST_SUCCESS"
RETURN_CANCEL = "RETURN_OR_REFUND_REQUEST_CANCEL"
RETURN_COMPLETE = "RETURN_OR_REFUND_REQUEST_COMPLETE"
# The seller's decisions on a return (Approve Return, Reject Return)
APPROVE_RETURN = "APPROVE_RETURN"
APPROVE_REFUND = "APPROVE_REFUND"
APPROVE_RECEIVED_PACKAGE = "APPROVE_RECEIVED_PACKAGE"
REJECT_RETURN = "REJECT_RETURN"
REJECT_REFUND = "REJECT_REFUND"
REJECT_RECEIVED_PACKAGE = "REJECT_RECEIVED_PACKAGE"
# seller_next_action_response: the return parcel is at the seller's
ACTION_RECEIVE_PACKAGE = "SELLER_RESPOND_RECEIVE_PACKAGE"
# Order cancel reasons of a parcel the carrier brought back undelivered
FAILED_DELIVERY_REASONS = frozenset(
    {
        "returned_to_shipper_other",
        "returned_to_shipper_refused",
        "Package delivery failed",
        "Package rejected",
    }
)

# Finance ----------------------------------------------------------------------------

PAYMENT_PAID = "PAID"
PAYMENT_FAILED = "FAILED"
PAYMENT_PROCESSING = "PROCESSING"

# Webhooks (event ``type``) ------------------------------------------------------------

WEBHOOK_ORDER_STATUS_CHANGE = 1
WEBHOOK_RECIPIENT_ADDRESS_UPDATE = 3
WEBHOOK_PACKAGE_UPDATE = 4
WEBHOOK_PRODUCT_STATUS_CHANGE = 5
WEBHOOK_SELLER_DEAUTHORIZATION = 6
WEBHOOK_AUTHORIZATION_EXPIRATION = 7
WEBHOOK_CANCELLATION_STATUS_CHANGE = 11
WEBHOOK_RETURN_STATUS_CHANGE = 12
WEBHOOK_INVENTORY_STATUS_CHANGE = 27

# Webhook type -> neutral kind of oms.event (oms_base's EVENT_KINDS); any other
# type is an "other" event, stored as received.
PUSH_KINDS = {
    WEBHOOK_ORDER_STATUS_CHANGE: "order",
    WEBHOOK_CANCELLATION_STATUS_CHANGE: "order",
    # the order is read again: its packages, its address
    WEBHOOK_PACKAGE_UPDATE: "order",
    WEBHOOK_RECIPIENT_ADDRESS_UPDATE: "order",
    WEBHOOK_PRODUCT_STATUS_CHANGE: "product",
    WEBHOOK_SELLER_DEAUTHORIZATION: "auth_revoked",
    WEBHOOK_AUTHORIZATION_EXPIRATION: "auth_expiring",
    WEBHOOK_RETURN_STATUS_CHANGE: "return",
}
PUSH_KIND_OTHER = "other"

# Error codes (``code`` of the envelope; 0 is success) ---------------------------------

OK = 0
ERROR_TOO_MANY_REQUESTS = 36009002
ERROR_INTERNAL = 36009003
# Missing or invalid credentials, timestamp, identifier or version (message says)
ERROR_INVALID_REQUEST = 36009004
ERROR_TIMEOUT = 36009007
ERROR_INVALID_PATH = 36009009
ERROR_INVALID_METHOD = 36009010
ERROR_INVALID_VERSION = 36009014
ERROR_FILE_TOO_BIG = 36009021
ERROR_BODY_FORMAT = 36009022
ERROR_MULTIPART_REQUIRED = 36009023
ERROR_IP_NOT_ALLOWED = 36009033
ERROR_INVALID_TOKEN_OR_SHOP = 101000
ERROR_TOKEN_INVALID = 105001
ERROR_TOKEN_EXPIRED = 105002
ERROR_SCOPE_MISSING = 105005
ERROR_INVALID_SIGN = 106001
ERROR_MISSING_SHOP_CIPHER = 106013
ERROR_PACKAGE_SHIPPED = 21011040  # Ship Package: shipped already

TOKEN_EXPIRED_ERRORS = frozenset({ERROR_TOKEN_EXPIRED})
REAUTHORIZE_ERRORS = frozenset(
    {
        ERROR_TOKEN_INVALID,
        ERROR_INVALID_TOKEN_OR_SHOP,
        ERROR_SCOPE_MISSING,
        ERROR_IP_NOT_ALLOWED,
    }
)
SIGNATURE_ERRORS = frozenset({ERROR_INVALID_SIGN})
RATE_LIMIT_ERRORS = frozenset({ERROR_TOO_MANY_REQUESTS})
TRANSIENT_ERRORS = frozenset({ERROR_INTERNAL, ERROR_TIMEOUT})
NOT_FOUND_ERRORS = frozenset(
    {
        12019150,  # product ID does not exist
        12052032,  # product does not exist
        12052260,  # product ID does not exist
        12052023,  # category does not exist
        12052556,  # SKU id not exist
        12052097,  # warehouse does not exist
        21008111,  # order or package does not belong to the seller
        21011028,  # package does not belong to the shop
        25007006,  # order not found
    }
)
# 36009004 covers several causes; its message tells which.
INVALID_REQUEST_TOKEN_HINTS = ("access_token", "x-tts-access-token")
INVALID_REQUEST_SIGNATURE_HINTS = ("signature", "timestamp", "app_key", "sign ")
