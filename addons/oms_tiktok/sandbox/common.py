"""Shared pieces of the TikTok Shop emulator: the error of the envelope, the
codes the reference documents, request parameters read the way TikTok's
gateway reads them, opaque page tokens, identifiers and money.

Nothing here comes from the connector's client: the emulator is written
from TikTok's reference on its own, so that the two can disagree in tests.
"""

import base64
import binascii
import itertools
import threading
from decimal import ROUND_HALF_UP, Decimal

# Codes of the reference's common error page
TOO_MANY_REQUESTS = 36009002
INTERNAL_ERROR = 36009003
INVALID_REQUEST = 36009004
INVALID_PATH = 36009009
INVALID_METHOD = 36009010
INVALID_VERSION = 36009014
FILE_TOO_BIG = 36009021
BODY_FORMAT = 36009022
MULTIPART_REQUIRED = 36009023
TOKEN_OR_SHOP_MISMATCH = 101000
TOKEN_INVALID = 105001
TOKEN_EXPIRED = 105002
SCOPE_MISSING = 105005
INVALID_SIGN = 106001
MISSING_SHOP_CIPHER = 106013

MESSAGES = {
    TOO_MANY_REQUESTS: "Too many requests. You've made too many requests in a short "
    "period of time.",
    INTERNAL_ERROR: "Internal error. Please try again. If the issue persists after "
    "multiple attempts, please contact platform support.",
    INVALID_PATH: "Invalid path. The specified path does not match any available "
    "endpoint.",
    INVALID_METHOD: "Invalid method. The HTTP method used is not supported by this "
    "endpoint.",
    INVALID_VERSION: "The version name is invalid, please check and retry.",
    FILE_TOO_BIG: "Invalid file size. The uploaded file size exceeds the maximum "
    "limit.",
    BODY_FORMAT: "Invalid request format. The request body format must be "
    "application/json for structured data or multipart/form-data for binary files.",
    MULTIPART_REQUIRED: "Invalid request format. The value of the content-type header "
    "must be multipart/form-data.",
    TOKEN_OR_SHOP_MISMATCH: "Invalid query or header. The x-tts-access-token header "
    "is invalid or does not match the shop_cipher query parameter.",
    TOKEN_INVALID: "access token is invalid; detail: your token has been deauthorized",
    TOKEN_EXPIRED: "Expired credentials. The access_token or x-tts-access-token header "
    "has expired.",
    SCOPE_MISSING: "Access denied. The app is not authorized to access the endpoint "
    "because the access scopes granted for the app or the access token do not contain "
    "the required access scope for the endpoint.",
    INVALID_SIGN: "Invalid credentials. The sign query parameter is invalid.",
    MISSING_SHOP_CIPHER: "Missing identifier. The shop_cipher query parameter is "
    "required to identify the target shop.",
}
MISSING_SIGN = "Missing credentials. The request does not include a required "
MISSING_SIGN += "signature in the query."
INVALID_TOKEN_HEADER = "Invalid credentials. The x-tts-access-token header is invalid."
INVALID_APP_KEY = "Invalid credentials. Invalid app_key query parameter."
TIMESTAMP_NEGATIVE = "Invalid timestamp. The value of the timestamp query parameter "
TIMESTAMP_NEGATIVE += "must not be lesser than 0."
TIMESTAMP_TOO_OLD = "Invalid timestamp. The value of the timestamp query parameter "
TIMESTAMP_TOO_OLD += "must not be earlier than 5 minutes before the current time."
TIMESTAMP_TOO_NEW = "Invalid timestamp. The value of the timestamp query parameter "
TIMESTAMP_TOO_NEW += "must not exceed the current time by more than 30 seconds."
UNEXPECTED_CIPHER = "Unexpected identifier. The shop_cipher query parameter is not "
UNEXPECTED_CIPHER += "required for this request."


class TikTokError(Exception):
    """A refusal answered in TikTok's envelope: ``code`` and ``message``."""

    def __init__(self, code, message=None, http_status=None, data=None):
        message = message or MESSAGES.get(code) or "Request failed."
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.data = data


class Ids:
    """TikTok identifiers: long digit strings, distinct per kind."""

    STARTS = {
        "product": 1729500000000000000,
        "sku": 1729600000000000000,
        "order": 576400000000000000,
        "line": 577000000000000000,
        "package": 1152300000000000000,
        "cancel": 4035300000000000000,
        "return": 4036300000000000000,
        "return_line": 4036400000000000000,
        "statement": 7212000000000000000,
        "transaction": 7213000000000000000,
        "payment": 7214000000000000000,
        "user": 7494000000000000000,
        "notification": 7327000000000000000,
        "tracking": 100000,
    }

    def __init__(self):
        self.lock = threading.Lock()
        self.counters = {
            kind: itertools.count(start + 1) for kind, start in self.STARTS.items()
        }

    def next(self, kind):
        with self.lock:
            return str(next(self.counters[kind]))


def money(value):
    """TikTok amounts: decimal strings with two places (``"19.90"``)."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount + 0:.2f}"


def decimal(value):
    return Decimal(str(value or 0))


def encode_page_token(offset):
    return base64.b64encode(f"offset={offset}".encode()).decode()


def decode_page_token(token, error_code, name="page_token"):
    """The offset behind an opaque page token ("" is the first page)."""
    if not token:
        return 0
    try:
        text = base64.b64decode(token.encode(), validate=True).decode()
        key, _sep, value = text.partition("=")
        offset = int(value)
        if key != "offset" or offset < 0:
            raise ValueError(text)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise TikTokError(error_code, f"The {name} is invalid.") from None
    return offset


def page(items, offset, size):
    """``(items of the page, next page token or "")``."""
    chunk = items[offset : offset + size]
    more = offset + size < len(items)
    return chunk, encode_page_token(offset + size) if more else ""


class Call:
    """What a handler sees of one API call, with readers that refuse a bad
    parameter with the endpoint's documented code (``param_code``)."""

    def __init__(
        self,
        shop,
        query,
        body,
        path_params,
        param_code,
        files=None,
        form=None,
        now=0,
        base_url="",
    ):
        self.shop = shop
        self.query = query
        self.body = body if isinstance(body, dict) else {}
        self.path_params = path_params
        self.param_code = param_code
        self.files = files or {}
        self.form = form or {}
        self.now = now
        self.base_url = base_url

    def refuse(self, message, code=None):
        return TikTokError(code or self.param_code, message)

    # query parameters are text; the body is typed JSON

    def query_int(self, name, default=None, minimum=None, maximum=None, code=None):
        value = self.query.get(name)
        if value in (None, ""):
            if default is None:
                raise self.refuse(f"{name} is required.", code)
            return default
        try:
            number = int(value)
        except ValueError:
            raise self.refuse(f"{name} must be an integer.", code) from None
        if (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            raise self.refuse(
                f"{name} must be between {minimum} and {maximum}.", code
            ) from None
        return number

    def query_choice(self, name, choices, default=None, required=False, code=None):
        value = self.query.get(name)
        if value in (None, ""):
            if required:
                raise self.refuse(f"{name} is required.", code)
            return default
        if value not in choices:
            raise self.refuse(f"{name} must be one of {', '.join(choices)}.", code)
        return value

    def page_size(self, default, maximum, minimum=1, code=None):
        return self.query_int("page_size", default, minimum, maximum, code)

    def offset(self, code=None):
        return decode_page_token(self.query.get("page_token"), code or self.param_code)

    def body_value(self, name, kind, required=False, default=None, code=None):
        """A body field of JSON type ``kind`` (str, int, bool, list, dict)."""
        value = self.body.get(name)
        if value is None or (kind in (str, list) and not value):
            if required:
                raise self.refuse(f"{name} is required.", code)
            return default
        if kind is int and isinstance(value, bool):
            raise self.refuse(f"{name} must be an integer.", code)
        if not isinstance(value, kind):
            raise self.refuse(f"{name} has the wrong type.", code)
        return value

    def body_list(self, name, item_kind, required=False, maximum=None, code=None):
        values = self.body_value(name, list, required, [], code)
        if any(not isinstance(value, item_kind) for value in values):
            raise self.refuse(f"{name} holds a value of the wrong type.", code)
        if maximum and len(values) > maximum:
            raise self.refuse(f"{name} holds more than {maximum} values.", code)
        return values

    def time_range(self, prefix, upper="lt", code=None):
        """``(ge, lt)`` body bounds; a missing one is open."""
        low = self.body_value(f"{prefix}_ge", int, code=code)
        high = self.body_value(f"{prefix}_{upper}", int, code=code)
        if low is not None and high is not None and low > high:
            raise self.refuse(f"{prefix}_ge must not be after {prefix}_{upper}.", code)
        return low, high
