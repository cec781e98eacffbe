"""Strict reading of marketplace push bodies, and what a refused one leaves.

A push body is stored in PostgreSQL, whose text holds no NUL character,
as UTF-8, which has no lone surrogates. JSON can carry both (``\\u0000``,
``\\ud800``), numbers Python reads as infinity (``1e400``) and nesting deep
enough to exhaust the interpreter's stack: every such body is refused here
with a reason a person can read, as ``MalformedPush``.
"""

import hashlib
import json
import math
from datetime import UTC, datetime
from itertools import islice

# Marketplace envelopes nest 3 or 4 levels; far more is an attack.
MAX_DEPTH = 32
# Identifiers and statuses end up in indexed columns.
MAX_IDENTIFIER = 128
EXCERPT_SIZE = 512
# Header names whose values are credentials, signatures or session data.
SECRET_HEADER_WORDS = ("authorization", "cookie", "sign", "token", "secret", "key")
MAX_HEADERS = 50
MAX_HEADER_VALUE = 256
# Epoch values above this are milliseconds (1e11 s is the year 5138).
MILLISECONDS_FROM = 10**11


class MalformedPush(ValueError):
    """The body of a push is not a message that can be stored and read."""


def _reject_constant(name):
    raise MalformedPush(f"non-finite number {name}")


def _parse_float(text):
    value = float(text)
    if math.isinf(value):
        raise MalformedPush(f"number out of range: {text[:32]}")
    return value


def check_text(text, what="a string"):
    """Raise ``MalformedPush`` if ``text`` cannot be stored as it is."""
    if "\x00" in text:
        raise MalformedPush(f"NUL character in {what}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedPush(f"lone surrogate in {what}") from None


def _check_tree(message, max_depth):
    # Iterative: a recursive walk is what deep nesting is meant to break.
    stack = [(message, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise MalformedPush(f"nested deeper than {max_depth} levels")
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(key, str):
                check_text(key, "a key")
            if isinstance(value, str):
                check_text(value)
            elif isinstance(value, dict | list):
                stack.append((value, depth + 1))


def load_json_object(body, max_depth=MAX_DEPTH):
    """Parse a push body (bytes or text) that must be one JSON object."""
    if isinstance(body, bytes | bytearray):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError as err:
            raise MalformedPush(f"not UTF-8 text (byte {err.start})") from None
    check_text(body, "the body")
    try:
        message = json.loads(
            body, parse_constant=_reject_constant, parse_float=_parse_float
        )
    except RecursionError:
        raise MalformedPush("nested too deeply") from None
    except MalformedPush:
        raise
    except ValueError as err:
        raise MalformedPush(f"not JSON ({err})") from None
    if not isinstance(message, dict):
        raise MalformedPush(f"a JSON object was expected, not {type(message).__name__}")
    _check_tree(message, max_depth)
    return message


def identifier(value, name, required=False):
    """An id or status of a push as text: a string or an integer, short."""
    if value is None or value == "":
        if required:
            raise MalformedPush(f"no {name}")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedPush(f"{name} is a {type(value).__name__}")
    text = str(value)
    if len(text) > MAX_IDENTIFIER:
        raise MalformedPush(f"{name} is longer than {MAX_IDENTIFIER} characters")
    return text


def integer(value, name):
    """An integer of a push, which may come as a string of digits."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedPush(f"{name} is not an integer")
    return value


def envelope(body, type_field, what):
    """Read a push envelope: ``(message, type, data)``.

    ``message`` is the body's JSON object, ``type`` its integer
    ``type_field`` (the push code or event type) and ``data`` its ``data``
    object (empty when absent). Raise ``MalformedPush`` on a body that is not
    such an envelope; ``what`` names it in the reason ("a Shopee push
    message", "a TikTok Shop webhook").
    """
    message = load_json_object(body)
    try:
        message_type = integer(message.get(type_field), type_field)
    except MalformedPush:
        raise MalformedPush(f"not {what}: no {type_field}") from None
    data = message.get("data")
    if data is not None and not isinstance(data, dict):
        raise MalformedPush("data is not an object")
    return message, message_type, data or {}


def epoch(value, name="timestamp"):
    """A push's Unix time (seconds or milliseconds) as a naive UTC datetime.

    ``None`` when the push has none.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise MalformedPush(f"{name} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedPush(f"{name} is not a number")
    if value >= MILLISECONDS_FROM:
        value = value / 1000
    try:
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise MalformedPush(f"{name} is out of range") from None


def clean_text(text, size=None):
    """``text`` without what PostgreSQL refuses, cut to ``size`` characters."""
    text = text.replace("\x00", "")
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    return text[:size] if size else text


def excerpt(body, size=EXCERPT_SIZE):
    """The start of a body, as storable text."""
    text = bytes(body[: size * 4]).decode("utf-8", errors="replace")
    return clean_text(text, size)


def body_text(body):
    """The whole body as text when it can be stored unchanged, else None."""
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def digest(body):
    return hashlib.sha256(body).hexdigest()


def safe_headers(headers):
    """Request headers as text, the values of credential headers hidden."""
    lines = []
    for name, value in islice(headers.items(), MAX_HEADERS):
        if any(word in name.lower() for word in SECRET_HEADER_WORDS):
            value = "[hidden]"
        lines.append(f"{name[:64]}: {value[:MAX_HEADER_VALUE]}")
    return clean_text("\n".join(lines))


def event_values(kind, external_ref, dedup_key, payload, shop_ref, sent_at):
    """What a connector's ``_oms_webhook_parse`` gives per event of a push."""
    return {
        "kind": kind,
        "external_ref": external_ref,
        "dedup_key": dedup_key,
        "payload": payload,
        "shop_ref": shop_ref,
        "sent_at": sent_at,
    }
