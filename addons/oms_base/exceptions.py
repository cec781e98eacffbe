"""Errors of the OMS framework, typed so that callers know what to do.

Marketplace errors themselves are ``oms_api_common.errors`` (plain Python, no
Odoo); these are the ones the Odoo side raises around them.
"""

from oms_api_common.errors import ApiOutcomeUnknownError

from odoo import _
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError


class OmsUserError(UserError):
    """A ``UserError`` of the OMS, which the web client shows as Odoo's own:
    a warning with the message, not a server error with a traceback (it
    picks its dialog by the class name, and knows only Odoo's)."""

    def __init__(self, message):
        super().__init__(message)
        self.context = {"exception_class": "odoo.exceptions.UserError"}


class OmsAuthorizationLost(OmsUserError):
    """The marketplace refused the shop's tokens and they cannot be refreshed.

    Raised by ``_oms_call``; the job entry points catch it *outside* the
    savepoint of their work, so that the shop's new state is saved while
    the work itself is rolled back and redone after re-authorization.
    """

    def __init__(self, channel, error):
        super().__init__(
            _(
                "Authorization of shop %(shop)s lost: %(error)s",
                shop=channel.display_name,
                error=error,
            )
        )
        self.error = error


class OmsAwaitingAuthorization(OmsUserError):
    """The shop lost its authorization: nothing is called until a manager
    authorizes it again. Jobs wait for it without using up their tries."""

    transient = True

    def __init__(self, channel):
        super().__init__(
            _(
                "Shop %s waits for a new authorization: an OMS manager "
                "authorizes it again from the shop (Authorize Shop).",
                channel.display_name,
            )
        )


class OmsMarketplaceError(OmsUserError):
    """A marketplace call made for a person failed; the text says what the
    marketplace answered (``oms.channel._oms_error_message``).

    ``error`` is the original error; ``transient`` says whether trying
    again later may work (the marketplace was busy or down).
    """

    def __init__(self, message, error):
        super().__init__(message)
        self.error = error
        self.transient = isinstance(error, RetryableJobError) or bool(
            getattr(error, "transient", False)
        )
        # the marketplace may have done it: never to be tried again blindly
        self.outcome_unknown = isinstance(error, ApiOutcomeUnknownError)


class OmsOutcomeUnknown(OmsUserError):
    """A job's call that changes something got no answer: the marketplace
    may have done it already. The job fails (a retry could do it twice)
    with the message a person reads before requeuing it; ``error`` is the
    client's ``ApiOutcomeUnknownError``."""

    def __init__(self, message, error):
        super().__init__(message)
        self.error = error


class OmsOauthRefused(Exception):
    """A seller authorization callback that must not attach tokens.

    ``channel`` is the shop the callback was for when the person may see
    it (to link back to it), else an empty recordset.
    """

    def __init__(self, message, channel, status=400):
        super().__init__(message)
        self.message = message
        self.channel = channel
        self.status = status
