"""The API's errors: JSON ``{"detail": {"code", "message", "field"}}``.

They are werkzeug HTTP exceptions that the API's middleware answers with
their status and headers, the request's transaction rolled back, no
traceback logged (see ``middleware.WebstoreApiMiddleware``).
"""

from werkzeug.exceptions import HTTPException


class WebstoreApiError(HTTPException):
    def __init__(self, status, code, message, field=None, headers=None, errors=None):
        self.code = status
        detail = {"code": code, "message": message, "field": field}
        if errors:
            detail["errors"] = errors
        super().__init__(description=detail)
        self.api_code = code
        self.headers = headers


def field_path(loc):
    """``body.lines.0.quantity`` for pydantic's ``("body", "lines", 0, ...)``."""
    return ".".join(str(part) for part in loc) or None


def validation_error(errors):
    """The 422 of a request pydantic refused (``RequestValidationError``)."""
    items = [
        {
            "code": error.get("type", "invalid"),
            "message": error.get("msg", ""),
            "field": field_path(error.get("loc", ())),
        }
        for error in errors
    ]
    first = items[0] if items else {"code": "invalid", "message": "", "field": None}
    code = "malformed_json" if first["code"] == "json_invalid" else "validation_error"
    return WebstoreApiError(
        422, code, first["message"], first["field"], errors=items or None
    )


def not_found(what, ref, field=None):
    return WebstoreApiError(404, "not_found", f"{what} {ref} not found.", field)


def conflict(code, message, field=None, headers=None):
    return WebstoreApiError(409, code, message, field, headers=headers)
