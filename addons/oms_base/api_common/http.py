"""HTTP plumbing shared by the marketplace clients."""

import logging
import time

import requests

from .errors import ApiError, ApiTransportError, ApiUnavailableError

_logger = logging.getLogger(__name__)

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


def mask(params):
    """Copy of ``params`` safe to log: secret-bearing values are hidden."""
    if not isinstance(params, dict):
        return params
    return {
        key: ("***" if str(key).lower() in SECRET_PARAMS else value)
        for key, value in params.items()
    }


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

    def _request(self, method, url, **kwargs):
        """Send one request; network failures and 5xx become transport errors."""
        started = time.monotonic()
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as err:
            raise ApiTransportError(f"Timeout calling {url}") from err
        except requests.RequestException as err:
            raise ApiTransportError(f"Cannot reach {url}: {err}") from err
        _logger.debug(
            "%s %s params=%s -> %s in %.0f ms",
            method,
            url,
            mask(kwargs.get("params") or kwargs.get("data")),
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
                    url,
                    err,
                    attempt + 1,
                    self.max_retries,
                    delay,
                )
                self.sleep(delay)
                attempt += 1
