"""Mask credentials and signatures in any text that can leave the client.

Error messages, logs, job records and chatter show where a call went and
why it failed, never the tokens, keys or signatures it carried: in query
strings (``access_token=...``), form or JSON bodies (``"sign": "..."``),
headers (``Authorization: ...``) and Python reprs of those.
"""

import logging
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"

# Names ending like these hold a secret: access_token, refresh_token,
# app_secret, client_secret, partner_key, api_key, password...
SECRET_SUFFIXES = ("token", "secret", "password", "partner_key", "api_key")
# Exact names: a signature, an OAuth code, an Authorization header.
SECRET_NAMES = frozenset({"sign", "signature", "code", "authorization"})

_KEY = r"(?:\w*_)?(?:{suffixes})|{names}".format(
    suffixes="|".join(SECRET_SUFFIXES),
    names="|".join(sorted(SECRET_NAMES)),
)
_SECRET_RE = re.compile(
    rf"""
    (?P<key>(?:\b|(?<=%3[fF])|(?<=%26))(?:{_KEY})\b)  # the name, or URL-encoded
    (?P<sep>["']?\s*(?:=|:|%3[dD])\s*["']?)        # = or : with quotes
    (?P<scheme>(?:bearer|basic|token)\s+)?        # Authorization: Bearer x
    (?P<value>[^\s&"'<>,;)}}\]]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Secret values shorter than this are not replaced literally: too likely to
# match ordinary text (an empty or test value).
MIN_LITERAL = 6


def is_secret_name(name):
    """Whether a parameter, field or header called ``name`` holds a secret."""
    name = str(name).lower()
    return name in SECRET_NAMES or name.endswith(SECRET_SUFFIXES)


def redact(text, secrets=()):
    """Return ``text`` with secret-bearing values replaced by ``***``.

    Values that follow a secret's name are masked wherever they appear;
    ``secrets`` are known values (the client's key and token) masked even
    where nothing names them.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    for secret in secrets:
        if secret and len(str(secret)) >= MIN_LITERAL:
            text = text.replace(str(secret), MASK)
    return _SECRET_RE.sub(
        lambda m: f"{m['key']}{m['sep']}{m['scheme'] or ''}{MASK}", text
    )


def redact_url(url):
    """``url`` with the values of its secret query parameters masked."""
    if not url:
        return url
    parts = urlsplit(str(url))
    if not parts.query:
        return redact(url)
    query = [
        (key, MASK if is_secret_name(key) else value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return redact(urlunsplit(parts._replace(query=urlencode(query, safe="*"))))


def mask(params, secrets=()):
    """Copy of ``params`` safe to log: secret-bearing values are hidden."""
    if isinstance(params, dict):
        return {
            key: MASK if is_secret_name(key) else mask(value, secrets)
            for key, value in params.items()
        }
    if isinstance(params, list | tuple):
        return type(params)(mask(value, secrets) for value in params)
    if isinstance(params, str):
        return redact(params, secrets)
    return params


class RedactingFilter(logging.Filter):
    """Safety net on loggers that print URLs and bodies (urllib3, requests,
    the job runner): the message and its traceback are redacted."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logging's business
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(
                logging.Formatter().formatException(record.exc_info)
            )
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


# Loggers that write request URLs (with their query string) or tracebacks
# holding them: urllib3 at DEBUG, the queue_job runner when a job fails.
FILTERED_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.poolmanager",
    "urllib3.response",
    "urllib3.util.retry",
    "requests",
    "odoo.addons.queue_job.controllers.main",
    "odoo.addons.queue_job.job",
    "odoo.addons.queue_job.jobrunner.runner",
    "oms_api_common.http",
)

_FILTER = RedactingFilter()


def install_log_filter(names=FILTERED_LOGGERS):
    """Attach the redacting filter to the loggers ``names`` (idempotent)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
