"""HTTP plumbing shared by the marketplace clients."""

import contextlib
import contextvars
import logging
import socket
import time

import requests
from urllib3.exceptions import NewConnectionError

from .errors import (
    ApiError,
    ApiOutcomeUnknownError,
    ApiTransportError,
    ApiUnavailableError,
)
from .redact import install_log_filter, mask, redact, redact_url

_logger = logging.getLogger(__name__)

# Kept for callers that test names; ``redact.is_secret_name`` is the rule.
SECRET_PARAMS = frozenset(
    {
        "access_token",
        "refresh_token",
        "sign",
        "app_secret",
        "partner_key",
        "client_secret",
        "code",
        "authorization",
    }
)

# Methods a request may be sent again with (RFC 9110, 9.2.2): the default of
# a call that does not say; a POST that only reads says so itself.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

# Caps on the timeout and retries of the calls made in a block, for a person
# waiting on them (``call_limits``); None: the client's own.
_call_limits = contextvars.ContextVar("oms_api_call_limits", default=None)


@contextlib.contextmanager
def call_limits(timeout=None, max_retries=None):
    """Cap the timeout (seconds, or ``(connect, read)``) and the retries of
    every client call made inside the block, whatever each client's own.

    A person waiting on a button gets an answer in seconds; a job keeps its
    client's longer timeouts and retries.
    """
    token = _call_limits.set((timeout, max_retries))
    try:
        yield
    finally:
        _call_limits.reset(token)


def _pair(timeout):
    return tuple(timeout) if isinstance(timeout, tuple | list) else (timeout, timeout)


def _never_sent(err):
    """Whether the failed request surely never reached the server: the
    connection itself failed (refused, host name unknown, connect timeout)."""
    if isinstance(err, requests.ConnectTimeout):
        return True
    if not isinstance(err, requests.ConnectionError):
        return False
    seen = set()
    todo = [err]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(
            current, NewConnectionError | socket.gaierror | ConnectionRefusedError
        ):
            return True
        todo += [getattr(current, "reason", None), current.__cause__]
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]
    return False


# urllib3 logs request URLs, query string included, at DEBUG.
install_log_filter()


def describe_transport_error(err):
    """A short reason for a failed request, without its URL.

    The text of a ``requests`` exception quotes the whole URL, tokens and
    signature included: the reason is taken from the socket error under it.
    """
    seen = set()
    todo = [err]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return f"host name not found ({current.strerror or current})"
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, OSError) and type(current).__module__ in (
            "builtins",
            "socket",
            "ssl",
        ):
            return redact(current.strerror or current)
        # requests wraps urllib3's error, which wraps the socket's
        todo += [getattr(current, "reason", None), current.__cause__]
        todo.append(current.__context__)
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]
    return err.__class__.__name__


class BaseClient:
    """A session with timeouts and bounded retries of transient errors.

    Subclasses build the request (signing) and override ``_parse`` to turn
    the marketplace's envelope into data or a typed ``ApiError``.

    A call that changes something is sent again only when the marketplace
    surely did not act on it (``ApiError.not_processed``: the connection
    failed, a 429, a 503); after a read timeout, a lost connection or a
    5xx it raises ``ApiOutcomeUnknownError``. Each call says whether it is
    idempotent (``_call(..., idempotent=True)`` for a search sent as a
    POST, an absolute stock or price); by default its HTTP method does.
    """

    timeout = (5, 30)
    max_retries = 2
    backoff = 0.5
    max_backoff = 8.0

    def __init__(self, timeout=None, max_retries=None, backoff=None, session=None):
        if timeout is not None:
            self.timeout = timeout
        if max_retries is not None:
            self.max_retries = max_retries
        if backoff is not None:
            self.backoff = backoff
        self.session = session or requests.Session()
        self.sleep = time.sleep

    def _secret_values(self):
        """Credentials of this client, masked wherever they show up in a
        message even unnamed. Override to add the client's own."""
        return ()

    def _timeout(self):
        """The timeout of the next request: the client's, capped by
        ``call_limits``."""
        cap = (_call_limits.get() or (None, None))[0]
        if cap is None:
            return self.timeout
        return tuple(
            min(own, limit) if own is not None else limit
            for own, limit in zip(_pair(self.timeout), _pair(cap), strict=True)
        )

    def _max_retries(self):
        cap = (_call_limits.get() or (None, None))[1]
        return self.max_retries if cap is None else min(self.max_retries, cap)

    def _request(self, method, url, **kwargs):
        """Send one request; network failures and 5xx become transport errors."""
        started = time.monotonic()
        try:
            response = self.session.request(
                method, url, timeout=self._timeout(), **kwargs
            )
        except requests.RequestException as err:
            # ``from None``: the requests exception quotes the full URL, and
            # chained it would reach tracebacks, job records and dialogs.
            safe_url = redact_url(url)
            never_sent = _never_sent(err)
            if isinstance(err, requests.Timeout):
                phase = "Connect timeout" if never_sent else "Timeout"
                raise ApiTransportError(
                    f"{phase} calling {safe_url}", not_processed=never_sent
                ) from None
            reason = describe_transport_error(err)
            raise ApiTransportError(
                f"Cannot reach {safe_url}: {reason}", not_processed=never_sent
            ) from None
        url = redact_url(url)
        if _logger.isEnabledFor(logging.DEBUG):
            _logger.debug(
                "%s %s params=%s -> %s in %.0f ms",
                method,
                url,
                mask(kwargs.get("params") or kwargs.get("data"), self._secret_values()),
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
        if response.status_code == 503:
            # "unable to handle the request" (RFC 9110, 15.6.4): not done
            raise ApiUnavailableError(
                f"{url} is unavailable (HTTP 503)", http_status=503, not_processed=True
            )
        if response.status_code >= 500:
            raise ApiTransportError(
                f"{url} answered HTTP {response.status_code}",
                http_status=response.status_code,
            )
        return response

    def _parse(self, response):
        """Return the useful part of ``response`` or raise a typed error."""
        try:
            return response.json()
        except ValueError as err:
            raise ApiTransportError(
                "Unparseable answer", http_status=response.status_code
            ) from err

    def _call(self, method, url, idempotent=None, **kwargs):
        """Send and parse, retrying transient errors a bounded number of times.

        ``idempotent``: whether sending the request twice does no more than
        once (default: by ``IDEMPOTENT_METHODS``). A call that is not is
        retried only when the marketplace surely did not act on it, else
        ``ApiOutcomeUnknownError`` is raised.

        ``kwargs`` may hold a ``prepare`` callable returning the request
        arguments, called again on each attempt (fresh timestamp/signature).
        """
        prepare = kwargs.pop("prepare", None)
        if idempotent is None:
            idempotent = method.upper() in IDEMPOTENT_METHODS
        max_retries = self._max_retries()
        attempt = 0
        while True:
            request_kwargs = prepare() if prepare else kwargs
            try:
                return self._parse(self._request(method, url, **request_kwargs))
            except ApiError as err:
                err.redact(self._secret_values())
                if err.transient and not (idempotent or err.not_processed):
                    outcome = ApiOutcomeUnknownError.from_error(
                        err, method.upper(), redact_url(url)
                    )
                    raise outcome.redact(self._secret_values()) from err
                if not err.transient or attempt >= max_retries:
                    raise
                if err.retry_after and float(err.retry_after) > self.max_backoff:
                    # A long ban is waited out by the job queue, not by a
                    # worker sleeping here.
                    raise
                delay = min(self.backoff * (2**attempt), self.max_backoff)
                if err.retry_after:
                    delay = max(delay, float(err.retry_after))
                _logger.info(
                    "Transient error from %s (%s); retry %s/%s in %.1fs",
                    redact_url(url),
                    err,
                    attempt + 1,
                    max_retries,
                    delay,
                )
                self.sleep(delay)
                attempt += 1
