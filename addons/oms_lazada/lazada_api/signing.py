"""LazOP request signing and push-message verification (pure functions)."""

import hashlib
import hmac


def sign(app_secret, api_path, params):
    """Signature of a Lazada Open Platform call.

    Every parameter but ``sign`` (and file uploads, which the caller leaves
    out), sorted by name, ``name + value`` concatenated, prefixed by the API
    path; HMAC-SHA256 keyed with the app secret, upper-case hex.
    """
    text = api_path + "".join(
        f"{key}{params[key]}" for key in sorted(params) if key != "sign"
    )
    digest = hmac.new(app_secret.encode(), text.encode(), hashlib.sha256)
    return digest.hexdigest().upper()


def sign_push(app_key, app_secret, body):
    """``Authorization`` header of a push: HMAC-SHA256(app_key + body), hex."""
    if isinstance(body, str):
        body = body.encode()
    return hmac.new(
        app_secret.encode(), app_key.encode() + body, hashlib.sha256
    ).hexdigest()


def verify_push(app_key, app_secret, body, authorization):
    """True when ``authorization`` is Lazada's signature of ``body``."""
    if not (authorization and app_key and app_secret):
        return False
    expected = sign_push(app_key, app_secret, body)
    return hmac.compare_digest(expected.lower(), authorization.strip().lower())
