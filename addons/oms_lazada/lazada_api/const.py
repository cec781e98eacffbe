"""Lazada Open Platform facts (see shared marketplace-apis.md, section 1)."""

from oms_api_common import errors

GATEWAYS = {
    "sg": "https://api.lazada.sg/rest",
    "th": "https://api.lazada.co.th/rest",
    "my": "https://api.lazada.com.my/rest",
    "vn": "https://api.lazada.vn/rest",
    "ph": "https://api.lazada.com.ph/rest",
    "id": "https://api.lazada.co.id/rest",
}
AUTH_URL = "https://auth.lazada.com/rest"
# The bundled emulator, as `make run` and docker compose start it.
SANDBOX_URL = "http://127.0.0.1:8801"
AUTHORIZE_URL = "https://auth.lazada.com/oauth/authorize"
SDK_PARTNER_ID = "oms-odoo-18"

ORDERS_PAGE_SIZE = 100
ORDERS_MAX_OFFSET = 5000
ORDER_ITEMS_BATCH = 50
PRODUCTS_PAGE_SIZE = 50
FINANCE_PAGE_SIZE = 500
MAX_SKUS_PER_UPDATE = 50
MAX_PACKAGES_PER_CALL = 20
# an item's pack answer: its status does not allow packing (packed already)
ITEM_NOT_ALLOWED_TO_PACK = "700026"
# item statuses from ready to ship on
READY_OR_LATER = frozenset({"ready_to_ship", "shipped", "delivered"})
TIMESTAMP_WINDOW = 7200  # seconds

# message_type of push messages -> neutral kind of oms.event (oms_base's
# EVENT_KINDS); any other message type is an "other" event.
PUSH_KINDS = {
    0: "order",  # trade order status
    2: "chat",  # IM message
    3: "product",
    4: "product",
    5: "product",
    8: "auth_expiring",  # authorization token expiration alert
    10: "return",  # reverse order
    19: "chat",  # IM session update
}
PUSH_KIND_OTHER = "other"

AUTH_EXPIRED_CODES = {"IllegalAccessToken"}
AUTH_CODES = {
    "IllegalRefreshToken",
    "InvalidCode",
    "AUTH_TYPE_UNSUPPORTED",
    "APP_KEY_INVALID",
}
SIGNATURE_CODES = {"IncompleteSignature", "InvalidSignature"}
RATE_LIMIT_CODES = {
    "ApiCallLimit",
    "901",
    "E901",
    "TRAFFIC_CONTROL",
    "OPEN_API_CALL_EXCEED_LIMIT",
    "Mp3SellerApiLimit",
}
TRANSIENT_CODES = {"ServiceTimeout", "ISP.ServiceUnavailable"}
NOT_FOUND_CODES = {"16", "E016", "700021", "E0002", "35", "506", "207", "208", "4137"}


def error_class(code):
    code = str(code)
    if code in AUTH_EXPIRED_CODES or code in AUTH_CODES:
        return errors.ApiAuthError
    if code in SIGNATURE_CODES:
        return errors.ApiSignatureError
    if code in RATE_LIMIT_CODES:
        return errors.ApiRateLimitError
    if code in TRANSIENT_CODES:
        return errors.ApiTransportError
    if code in NOT_FOUND_CODES:
        return errors.ApiNotFoundError
    return errors.ApiBusinessError
