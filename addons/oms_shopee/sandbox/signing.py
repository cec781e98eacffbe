"""Signatures as Shopee's gateway computes them (see the v2 "API calls" and
"Push Mechanism" guides), written for the emulator on its own so that it
checks the connector's signing instead of sharing it."""

import hashlib
import hmac


def _hmac_hex(partner_key, message):
    if isinstance(partner_key, str):
        partner_key = partner_key.encode()
    if isinstance(message, str):
        message = message.encode()
    return hmac.new(partner_key, message, hashlib.sha256).hexdigest()


def sign(partner_key, api_path, timestamp, partner_id, access_token=None, shop_id=None):
    """``sign`` of an API call: HMAC-SHA256 of partner_id, path, timestamp,
    then access_token and shop_id for shop APIs; lowercase hex."""
    base = f"{partner_id}{api_path}{int(timestamp)}"
    if access_token is not None or shop_id is not None:
        base += f"{access_token}{shop_id}"
    return _hmac_hex(partner_key, base)


def sign_push(partner_key, url, body):
    """``Authorization`` header of a push: HMAC-SHA256 of ``url|body``."""
    if isinstance(body, str):
        body = body.encode()
    return _hmac_hex(partner_key, url.encode() + b"|" + body)
