"""HTTP plumbing shared by the marketplace clients."""

import logging
import socket
import time

import requests

from .errors import ApiError, ApiTransportError, ApiUnavailableError
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

    def _request(self, method, url, **kwargs):
        """Send one request; network failures and 5xx become transport errors."""
        started = time.monotonic()
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            # ``from None``: the requests exception quotes the full URL, and
            # chained it would reach tracebacks, job records and dialogs.
            safe_url = redact_url(url)
            if isinstance(err, requests.Timeout):
                raise ApiTransportError(f"Timeout calling {safe_url}") from None
            reason = describe_transport_error(err)
            raise ApiTransportError(f"Cannot reach {safe_url}: {reason}") from None
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
            raise ApiUnavailableError(
                f"{url} is unavailable (HTTP 503)", http_status=503
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

    def _call(self, method, url, **kwargs):
        """Send and parse, retrying transient errors a bounded number of times.

        ``kwargs`` may hold a ``prepare`` callable returning the request
        arguments, called again on each attempt (fresh timestamp/signature).
        """
        prepare = kwargs.pop("prepare", None)
        attempt = 0
        while True:
            request_kwargs = prepare() if prepare else kwargs
            try:
                return self._parse(self._request(method, url, **request_kwargs))
            except ApiError as err:
                err.redact(self._secret_values())
                if not err.transient or attempt >= self.max_retries:
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
                    self.max_retries,
                    delay,
                )
                self.sleep(delay)
                attempt += 1
