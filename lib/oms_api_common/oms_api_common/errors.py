"""Typed marketplace errors, so callers know what is worth retrying."""

from .redact import redact


class ApiError(Exception):
    """An error answered by (or on the way to) a marketplace API."""

    transient = False
    # Whether the marketplace surely did not act on the request (it never
    # got it, or refused it unread): only then may a write be sent again.
    not_processed = False

    def __init__(
        self,
        message="",
        code=None,
        request_id=None,
        http_status=None,
        retry_after=None,
        payload=None,
        details=None,
        not_processed=None,
    ):
        # The text ends up in dialogs, job records and logs: never a secret.
        if isinstance(message, str):
            message = redact(message)
        super().__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.http_status = http_status
        self.retry_after = retry_after
        self.payload = payload
        # What the marketplace said of each refused field or SKU.
        self.details = [redact(str(detail)) for detail in details or ()]
        if not_processed is not None:
            self.not_processed = not_processed

    def redact(self, secrets):
        """Mask the known secret values ``secrets`` in this error's text."""
        if isinstance(self.message, str):
            self.message = redact(self.message, secrets)
            self.args = (self.message, *self.args[1:])
        if isinstance(self.request_id, str):
            self.request_id = redact(self.request_id, secrets)
        self.details = [redact(detail, secrets) for detail in self.details]
        return self

    def __str__(self):
        text = self.message or self.__class__.__name__
        if self.code not in (None, ""):
            text = f"[{self.code}] {text}"
        if self.request_id:
            text = f"{text} (request {self.request_id})"
        return text


class ApiAuthError(ApiError):
    """Token invalid, expired or revoked; a refresh or a new authorization helps."""

    def __init__(self, *args, token_expired=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.token_expired = token_expired


class ApiSignatureError(ApiError):
    """The request signature was refused: wrong secret or clock."""


class ApiRateLimitError(ApiError):
    """Throttled: the marketplace refused the call without acting on it."""

    transient = True
    not_processed = True


class ApiNotFoundError(ApiError):
    pass


class ApiBusinessError(ApiError):
    """Validation or business rule refused by the marketplace."""


class ApiTransportError(ApiError):
    """Timeout, connection failure, 5xx or an unparseable answer."""

    transient = True


class ApiUnavailableError(ApiTransportError):
    """Outage or maintenance window."""


class ApiOutcomeUnknownError(ApiError):
    """A call that changes something got no usable answer (read timeout,
    connection lost, 5xx): the marketplace may have done it already.

    Never retried blindly (a second ship, cancel or split could be done
    twice): a person, or the next sync, checks what the marketplace did.
    ``cause`` is the transport error that left the outcome open.
    """

    @classmethod
    def from_error(cls, error, method, url):
        outcome = cls(
            f"No answer to {method} {url} ({error.message or error}): the "
            "marketplace may have done it already",
            code=error.code,
            request_id=error.request_id,
            http_status=error.http_status,
            payload=error.payload,
            details=error.details,
        )
        outcome.cause = error
        return outcome
