"""Errors of the OMS framework, typed so that callers know what to do.

Marketplace errors themselves are ``api_common.errors`` (plain Python, no
Odoo); these are the ones the Odoo side raises around them.
"""

from odoo import _
from odoo.exceptions import UserError


class OmsAuthorizationLost(UserError):
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
