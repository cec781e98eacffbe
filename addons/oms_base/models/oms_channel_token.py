import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.http import request

from odoo.addons.queue_job.exception import RetryableJobError

from ..api_common import errors as api_errors

_logger = logging.getLogger(__name__)


class OmsChannelToken(models.AbstractModel):
    """A shop's authorization and tokens (``oms.channel``): the OAuth
    ``state``, refreshes before expiry, and the shop's state when the
    marketplace refuses them. Methods of ``oms.channel``, kept apart."""

    _name = "oms.channel.token"
    _description = "Marketplace Shop: Authorization and Tokens"

    def _oms_oauth_state(self):
        """A fresh ``state`` for one authorization of this shop.

        Random and single use, bound to this shop, the current user and
        their browser session, valid for minutes (``oms.oauth.state``).
        """
        self.ensure_one()
        session_id = request.session.sid if request else None
        return self.env["oms.oauth.state"]._issue(self, session_id)

    @api.model
    def _oms_from_oauth_state(self, state, platform):
        """Spend the ``state`` of an authorization callback; return its shop.

        Raise ``OmsOauthRefused`` with the reason when the callback must not
        attach tokens (see ``oms.oauth.state._spend``).
        """
        session_id = request.session.sid if request else None
        return self.env["oms.oauth.state"]._spend(state, platform, session_id)

    @api.model
    def _cron_refresh_tokens(self):
        soon = fields.Datetime.now() + timedelta(days=1)
        channels = self.search(
            [("state", "=", "connected"), ("token_expires_at", "<=", soon)]
        )
        for channel in channels:
            channel._oms_enqueue("_oms_refresh_job", key="refresh_token")

    def _oms_refresh_job(self):
        """Job (hourly cron): refresh tokens that expire soon."""
        self.ensure_one()
        self._oms_lock_for_refresh()
        try:
            self._oms_refresh_token()
        except api_errors.ApiAuthError as err:
            self._oms_set_state_from_error(err)
            return str(err)
        except api_errors.ApiError as err:
            if err.transient:
                raise RetryableJobError(str(err), seconds=60) from err
            raise
        return _("Token refreshed")

    def _oms_ensure_token(self):
        """Refresh the access token if it expires within the refresh margin."""
        self.ensure_one()
        expires = self.token_expires_at
        margin = timedelta(minutes=self.token_refresh_margin)
        if expires and expires - margin <= fields.Datetime.now():
            self._oms_try_refresh()

    def _oms_try_refresh(self):
        """Refresh the tokens; return False (and log why) when it fails."""
        self._oms_lock_for_refresh()
        try:
            self._oms_refresh_token()
        except api_errors.ApiError as err:
            _logger.warning("Token refresh failed for shop %s: %s", self.id, err)
            return False
        return True

    def _oms_lock_for_refresh(self):
        """Serialize token refreshes of one shop across workers.

        Refresh tokens can be single use (Shopee): two workers refreshing
        with the same one would lose the shop's authorization. The second
        waits here, then fails to serialize and is retried by the queue with
        the tokens the first one stored.
        """
        self.env.cr.execute(
            "SELECT id FROM oms_channel WHERE id = %s FOR NO KEY UPDATE", [self.id]
        )

    def _oms_store_tokens(self, access_token, refresh_token, expires_in, refresh_in):
        """Save a token pair; ``expires_in``/``refresh_in`` are seconds."""
        now = fields.Datetime.now()
        vals = {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "token_expires_at": now + timedelta(seconds=expires_in)
            if expires_in
            else False,
            "refresh_expires_at": now + timedelta(seconds=refresh_in)
            if refresh_in
            else False,
            "state": "connected",
            "state_reason": False,
        }
        was_parked = self.state == "auth_expired"
        # Tokens are manager-only fields; the refresh runs inside jobs that
        # any OMS user may have triggered.
        self.sudo().write(vals)
        if was_parked:
            self._oms_after_reconnect()

    def _oms_after_reconnect(self):
        """Redo what waited for the authorization: pull, push, failed events."""
        self.ensure_one()
        self._oms_enqueue("_oms_sync_orders", key="sync_orders")
        self._oms_enqueue("_oms_push_stock", key="push_stock")
        events = self.env["oms.event"].search(
            [
                ("channel_id", "=", self.id),
                ("state", "=", "failed"),
                ("auth_failure", "=", True),
            ]
        )
        if events:
            events.write({"state": "new", "error": False, "auth_failure": False})
            events._enqueue_processing()

    def _oms_set_state_from_error(self, err):
        state = "auth_expired" if isinstance(err, api_errors.ApiAuthError) else "error"
        if self.state != state or self.state_reason != str(err):
            self.write({"state": state, "state_reason": str(err)})
            if state == "auth_expired":
                self._oms_schedule_activity(
                    _("Authorization of shop %s expired", self.display_name),
                    str(err),
                )

    def _oms_deauthorized(self, reason):
        """The seller removed the app (the marketplace's push says so): the
        shop waits for a new authorization, its responsible is told."""
        self._oms_set_state_from_error(
            api_errors.ApiAuthError(reason, code="seller_deauthorized")
        )
        return _("Shop marked as no longer authorized")

    def _oms_authorization_ends(self, ends_at):
        """The marketplace says the authorization ends on ``ends_at`` (a
        datetime or None): a to-do to authorize the shop again in time."""
        when = fields.Datetime.to_string(ends_at) if ends_at else "-"
        self._oms_schedule_activity(
            _("Authorization of shop %s ends soon", self.display_name),
            _(
                "%(platform)s ends the authorization on %(when)s: authorize the "
                "shop again.",
                platform=self._oms_platform_label(self.platform),
                when=when,
            ),
        )
        return _("Authorization ends on %s: activity scheduled", when)
