"""Plain-Python toolkit shared by the marketplace clients and sandboxes.

No Odoo import here: clients and emulators are testable on their own.
"""

from .errors import (
    ApiAuthError,
    ApiBusinessError,
    ApiError,
    ApiNotFoundError,
    ApiOutcomeUnknownError,
    ApiRateLimitError,
    ApiSignatureError,
    ApiTransportError,
    ApiUnavailableError,
)
from .http import SECRET_PARAMS, BaseClient, call_limits, mask
from .pdf import make_pdf
from .redact import RedactingFilter, is_secret_name, redact, redact_url
from .sandbox import FaultInjector, PushSender, Request, SandboxServer
