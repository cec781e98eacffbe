"""Shopee Open Platform v2 signatures: API calls and push notifications.

Pure functions of the client (to sign, and to verify pushes). The sandbox
verifies with its own implementation, so a mistake here shows up there.
"""

import hashlib
import hmac


def _hmac_hex(partner_key, message):
    if isinstance(partner_key, str):
        partner_key = partner_key.encode()
    if isinstance(message, str):
        message = message.encode()
    return hmac.new(partner_key, message, hashlib.sha256).hexdigest()


def base_string(partner_id, api_path, timestamp, access_token=None, shop_id=None):
    """Return the string Shopee signs for an API call.

    Public APIs sign ``partner_id + api_path + timestamp``; shop APIs append
    ``access_token + shop_id``. Query and body parameters are never signed.
    """
    parts = [str(partner_id), api_path, str(int(timestamp))]
    if access_token is not None or shop_id is not None:
        if access_token is None or shop_id is None:
            raise ValueError("shop-level signatures need both access_token and shop_id")
        parts += [access_token, str(shop_id)]
    return "".join(parts)


def sign(partner_key, api_path, timestamp, partner_id, access_token=None, shop_id=None):
    """Return the ``sign`` query parameter: lowercase hex HMAC-SHA256."""
    return _hmac_hex(
        partner_key, base_string(partner_id, api_path, timestamp, access_token, shop_id)
    )


def sign_push(partner_key, url, body):
    """Return the ``Authorization`` header Shopee sends with a push.

    The base string is the callback URL exactly as configured, ``|`` and the
    raw body bytes: never re-serialise the JSON before verifying.
    """
    if isinstance(body, str):
        body = body.encode()
    return _hmac_hex(partner_key, url.encode() + b"|" + body)


def verify_push(partner_key, url, body, authorization):
    """Tell whether ``authorization`` is Shopee's signature of this push."""
    if not authorization or not partner_key:
        return False
    expected = sign_push(partner_key, url, body).encode()
    return hmac.compare_digest(expected, authorization.strip().lower().encode())
