"""TikTok Shop signatures: API requests and webhook deliveries.

API requests (``sign`` query parameter): HMAC-SHA256 keyed with the app
secret over ``app_secret + path + sorted query key/values (without sign and
access_token) + raw body + app_secret``, lowercase hex. Multipart bodies
(uploads) are not signed.

Webhooks (``Authorization`` header): HMAC-SHA256 keyed with the app secret
over ``app_key + raw body``, lowercase hex.
"""

import hashlib
import hmac

UNSIGNED_PARAMS = frozenset({"sign", "access_token"})


def _bytes(value):
    if value is None:
        return b""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    return str(value).encode()


def _hmac_hex(secret, message):
    return hmac.new(_bytes(secret), message, hashlib.sha256).hexdigest()


def base_string(path, params, body=b""):
    """The bytes signed for a request, before wrapping with the secret."""
    pairs = "".join(
        f"{key}{params[key]}" for key in sorted(params) if key not in UNSIGNED_PARAMS
    )
    return (path + pairs).encode() + _bytes(body)


def sign(app_secret, path, params, body=b""):
    """The ``sign`` query parameter of a request.

    ``params`` are the query parameters as sent (strings), ``body`` the exact
    bytes sent, or empty for GET and multipart requests.
    """
    secret = _bytes(app_secret)
    return _hmac_hex(secret, secret + base_string(path, params, body) + secret)


def sign_webhook(app_secret, app_key, body):
    """The ``Authorization`` header TikTok Shop sends with a webhook."""
    return _hmac_hex(app_secret, _bytes(app_key) + _bytes(body))


def verify_webhook(app_secret, app_key, body, authorization):
    """Whether ``authorization`` is TikTok Shop's signature of ``body``."""
    if not authorization or not app_secret or not app_key:
        return False
    expected = sign_webhook(app_secret, app_key, body).encode()
    return hmac.compare_digest(expected, authorization.strip().lower().encode())
