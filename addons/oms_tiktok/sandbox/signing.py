"""How the emulated gateway checks a signature, written from TikTok's
signing guide (not shared with the connector's client on purpose).
"""

import hashlib
import hmac

NOT_SIGNED = ("sign", "access_token")


def expected_sign(app_secret, path, query, body, content_type):
    """The signature TikTok computes for a received request.

    Query parameters except ``sign`` and ``access_token``, sorted by name,
    each as name then value, after the path; then the raw body unless the
    request is multipart; the whole wrapped in the app secret.
    """
    text = path.encode()
    for name in sorted(query):
        if name not in NOT_SIGNED:
            text += name.encode() + str(query[name]).encode()
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "multipart/form-data":
        text += body or b""
    key = app_secret.encode()
    return hmac.new(key, key + text + key, hashlib.sha256).hexdigest()


def webhook_signature(app_secret, app_key, body):
    """The ``Authorization`` header of a webhook: HMAC-SHA256 of the app
    key followed by the raw body, keyed with the app secret."""
    return hmac.new(
        app_secret.encode(), app_key.encode() + body, hashlib.sha256
    ).hexdigest()
