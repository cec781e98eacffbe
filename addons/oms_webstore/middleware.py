"""ASGI middleware of the API: body size limit and the API's errors."""

import json

from fastapi.exceptions import RequestValidationError

from odoo.addons.fastapi.context import odoo_env_ctx

from . import const
from .errors import WebstoreApiError, validation_error


def max_body_bytes():
    """The body size limit (``oms_webstore.max_body_bytes``, bytes)."""
    # a technical setting the anonymous caller may not read; cached
    params = odoo_env_ctx.get()["ir.config_parameter"].sudo()
    value = params.get_param("oms_webstore.max_body_bytes", "")
    return int(value) if value.isdigit() else const.MAX_BODY_BYTES


class WebstoreApiMiddleware:
    """Refuse bodies over ``max_body_bytes()`` (413) before anything reads
    them, and answer the API's errors (``WebstoreApiError``, pydantic's
    refusals as 422) in the API's format.

    The errors are answered here, the request's transaction rolled back,
    rather than raised out of the app for Odoo to answer: a2wsgi (under the
    OCA fastapi dispatcher) marks the app done before it hands over the
    exception, and a request whose app failed at that moment got no answer
    at all (a 500 seen once in a 1,000-request burst).
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = max_body_bytes()
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return await self._answer(self._too_large(limit), send)
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise self._too_large(limit)
            return message

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except RequestValidationError as err:
            error = validation_error(err.errors())
        except WebstoreApiError as err:
            error = err
        else:
            return
        if started:  # too late to answer: Odoo's error handling takes it
            raise error
        await self._answer(error, send)

    @staticmethod
    async def _answer(error, send):
        """Send ``error`` as the response; nothing of the request stays."""
        env = odoo_env_ctx.get()
        env.cr.rollback()
        env.transaction.reset()
        body = json.dumps({"detail": error.description}).encode()
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ]
        for name, value in (error.headers or {}).items():
            headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        await send(
            {"type": "http.response.start", "status": error.code, "headers": headers}
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _too_large(limit):
        return WebstoreApiError(
            413, "body_too_large", f"The request body exceeds {limit} bytes."
        )
