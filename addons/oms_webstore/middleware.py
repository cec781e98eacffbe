"""ASGI middleware of the API: body size limit and validation errors."""

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
    them, and answer pydantic's refusals in the API's error format (422)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = max_body_bytes()
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise self._too_large(limit)
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise self._too_large(limit)
            return message

        try:
            await self.app(scope, counted_receive, send)
        except RequestValidationError as err:
            raise validation_error(err.errors()) from None

    @staticmethod
    def _too_large(limit):
        return WebstoreApiError(
            413, "body_too_large", f"The request body exceeds {limit} bytes."
        )
