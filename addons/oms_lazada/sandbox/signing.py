"""The platform side of LazOP signatures, written from Lazada's signature
guide (not shared with the connector, whose signing this checks)."""

import hashlib
import hmac


def _digest(secret, data):
    if isinstance(data, str):
        data = data.encode()
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def request_signature(app_secret, api_path, params, skip_empty=False):
    """Upper-case hex HMAC-SHA256 of the API path followed by every
    ``name + value`` sorted by name, ``sign`` left out (files are not
    among ``params``). The Java and .NET SDKs leave empty values out."""
    text = api_path + "".join(
        f"{name}{params[name]}"
        for name in sorted(params)
        if name != "sign" and not (skip_empty and params[name] in ("", None))
    )
    return _digest(app_secret, text).upper()


def valid_request_signature(app_secret, api_path, params):
    given = (params.get("sign") or "").upper()
    return any(
        hmac.compare_digest(
            given, request_signature(app_secret, api_path, params, skip_empty)
        )
        for skip_empty in (False, True)
    )


def push_signature(app_key, app_secret, body):
    """``Authorization`` header of a push: HMAC-SHA256 of the app key
    followed by the raw body, lower-case hex."""
    if isinstance(body, str):
        body = body.encode()
    return _digest(app_secret, app_key.encode() + body)
