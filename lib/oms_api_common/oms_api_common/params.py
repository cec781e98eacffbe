"""Values the clients send as request parameters, the same for every API."""

import datetime


def unix_time(value):
    """A Unix timestamp from an int or an aware/naive-UTC ``datetime``."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # Odoo datetimes are naive UTC
            value = value.replace(tzinfo=datetime.UTC)
        return int(value.timestamp())
    return int(value)


def chunked(values, size):
    """``values`` in lists of at most ``size``, as batch endpoints take them."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
