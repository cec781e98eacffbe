"""Shared pieces of the emulated shop: Shopee's error, handler replies and
request-parameter parsing that answers like Shopee's gateway does.
"""

import json
from dataclasses import dataclass

from . import const

MAX_WINDOW_DETAIL = "Start time must be earlier than end time and diff in 15days."


class ShopeeError(Exception):
    """A Shopee error envelope: ``error`` code, ``message``, optional data."""

    def __init__(self, error, message, response=None, http_status=None):
        super().__init__(f"{error}: {message}")
        self.error = error
        self.message = message
        self.response = response
        self.http_status = http_status


@dataclass
class Reply:
    """A handler result that is more than a plain ``response`` object."""

    response: object = None
    warning: object = None
    top_level: dict = None  # auth and shop APIs answer outside ``response``
    raw: bytes = None  # binary download
    content_type: str = "application/octet-stream"


def param_error(detail):
    return ShopeeError(const.ERROR_PARAM, f"Wrong parameters, detail: {detail}.")


def required_param(params, name):
    value = params.get(name)
    if value in (None, "", []):
        raise param_error(f"{name} is a required field")
    return value


def as_int(value, name):
    if isinstance(value, bool):
        raise param_error(f"{name} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise param_error(f"{name} must be an integer") from None


def int_param(params, name, default=None, required=False):
    value = params.get(name)
    if value in (None, ""):
        if required:
            raise param_error(f"{name} is a required field")
        return default
    return as_int(value, name)


def list_param(value):
    """Accept a JSON list, repeated query values, ``a,b`` or ``[a,b]``."""
    if value in (None, ""):
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for entry in value:
            out.extend(list_param(entry) if isinstance(entry, str) else [entry])
        return out
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return list(json.loads(text))
            except ValueError:
                text = text.strip("[]")
        return [
            part for part in text.replace("+", ",").replace(" ", ",").split(",") if part
        ]
    return [value]


def money(value):
    return round(float(value) + 0.0, 2)


def page_size_param(params, default, maximum=100):
    size = int_param(params, "page_size", default)
    if size is None:
        raise param_error("page_size is a required field")
    if size < 1 or size > maximum:
        raise param_error(f"page_size must be between 1 and {maximum}")
    return size


def time_window(params, name_from, name_to, max_window, error_code):
    """Read a ``from``/``to`` pair that Shopee limits to ``max_window``."""
    time_from = int_param(params, name_from, required=True)
    time_to = int_param(params, name_to, required=True)
    if time_from >= time_to or time_to - time_from > max_window:
        raise ShopeeError(error_code, MAX_WINDOW_DETAIL)
    return time_from, time_to


def cursor_param(params):
    """Our cursors are offsets; Shopee's are opaque strings, so are ours."""
    cursor = str(params.get("cursor") or "").strip('"')
    if not cursor:
        return 0
    try:
        return max(int(cursor), 0)
    except ValueError:
        raise param_error("cursor is invalid") from None
