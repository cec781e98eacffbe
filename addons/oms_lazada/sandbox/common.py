"""Shared pieces of the Lazada sandbox: Lazada's refusals as the sandbox
raises them and its request parameters read the way the gateway reads them
(integers, ISO dates, numbers, JSON lists, each refused with the code the
API documents)."""

import json
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))


class LazadaError(Exception):
    """An error envelope: ``{"type", "code", "message", "request_id"}``."""

    def __init__(self, code, message, type_="ISV", detail=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.type = type_
        self.detail = detail


class ResultRefusal(Exception):
    """A fulfilment API's refusal: ``result.success`` false, code "0"."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def missing_parameter(name):
    """The gateway's refusal of a mandatory parameter left out."""
    return LazadaError(
        "MissingParameter",
        f"The input parameter “{name}” that is mandatory for processing "
        "this request is not supplied",
    )


def money(value):
    return f"{value:.2f}"


class RequestParams:
    """Parameter readers shared by the sandbox's API handlers."""

    @staticmethod
    def _int_param(params, name, default, error, minimum=0, maximum=None):
        """An integer parameter, or ``error`` (code, message) with the value."""
        raw = params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(str(raw).strip())
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum and value > maximum):
            raise LazadaError(error[0], error[1] % raw)
        return value

    @staticmethod
    def _date_param(params, name):
        """An ISO 8601 parameter (``2018-02-10T16:00:00+08:00``) as an aware
        datetime; without an offset it is the venture's time."""
        raw = params.get(name)
        if raw in (None, ""):
            return None
        try:
            moment = datetime.fromisoformat(str(raw).strip())
        except ValueError as err:
            raise LazadaError("17", f'E017: "{raw}" Invalid Date Format') from err
        return moment if moment.tzinfo else moment.replace(tzinfo=TZ)

    @staticmethod
    def _number(value, kind=float):
        try:
            return kind(str(value).strip())
        except (TypeError, ValueError):
            return None

    @staticmethod
    def _json_list(params, name):
        try:
            values = json.loads(params.get(name) or "[]")
        except ValueError as err:
            raise LazadaError("5", "E005: Invalid Request Format") from err
        if not isinstance(values, list):
            raise LazadaError("5", "E005: Invalid Request Format")
        return values
