import logging
from datetime import timedelta

from oms_api_common import errors as api_errors
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

# What a refresh changes on the shop, reflected in the caller's environment.
TOKEN_FIELDS = (
    "access_token",
    "refresh_token",
    "token_expires_at",
    "refresh_expires_at",
    "state",
    "state_reason",
)
# A refresh waits this long for another worker's refresh of the same shop.
REFRESH_LOCK_TIMEOUT = "60s"
REFRESH_ATTEMPTS = 3


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
        try:
            self._oms_refresh_committed()
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
        try:
            self._oms_refresh_committed()
        except api_errors.ApiError as err:
            _logger.warning("Token refresh failed for shop %s: %s", self.id, err)
            return False
        return True

    def _oms_refresh_committed(self):
        """Refresh the tokens in a transaction of their own, committed at once.

        Refresh tokens can be single use (Shopee): a new pair stored by the
        caller's transaction would be lost if it rolls back later (a job
        failing after its calls), and the shop locked out with a spent
        refresh token. So the refresh runs and is committed through a cursor
        of its own, as Odoo does for what must survive a rollback, and the
        new tokens are then reflected in this environment.

        That transaction locks the shop's row: refreshes of one shop are
        serialized across workers. One that waited finds the tokens another
        one stored and uses them instead of spending them again.
        """
        self.ensure_one()
        # Tokens are manager-only; refreshes run in jobs of any OMS user.
        known = self.sudo().refresh_token
        values = None
        for attempt in range(1, REFRESH_ATTEMPTS + 1):
            try:
                with self.env.registry.cursor() as cr:
                    values = self.with_env(self.env(cr=cr))._oms_refresh_locked(known)
                break
            except SerializationFailure:
                # another worker refreshed while this one waited: look again
                if attempt == REFRESH_ATTEMPTS:
                    raise
            except LockNotAvailable as err:
                # another refresh of this shop still runs (or this very
                # transaction holds the shop's row): try again later
                raise RetryableJobError(
                    _("The tokens of shop %s are being refreshed.", self.name),
                    seconds=30,
                ) from err
        if values is None:
            # A shop this transaction created: other transactions do not see
            # it, and nothing outlives a rollback of it anyway.
            self._oms_lock_for_refresh()
            self._oms_refresh_token()
            return
        self.sudo()._update_cache(values, validate=False)

    def _oms_refresh_locked(self, known_refresh_token):
        """Refresh under the shop's row lock, unless another transaction
        already replaced ``known_refresh_token``; return what is stored
        (None when this transaction does not see the shop)."""
        cr = self.env.cr
        cr.execute(
            "SELECT set_config('lock_timeout', %s, true)", [REFRESH_LOCK_TIMEOUT]
        )
        # Waiting for another refresh of this shop is expected: it ends in a
        # retry (SerializationFailure) or a later job (LockNotAvailable).
        cr.execute(
            "SELECT refresh_token FROM oms_channel WHERE id = %s FOR NO KEY UPDATE",
            [self.id],
            log_exceptions=False,
        )
        row = cr.fetchone()
        if not row:
            return None
        if row[0] == known_refresh_token:
            self._oms_refresh_token()
        channel = self.sudo()
        return {name: channel[name] for name in TOKEN_FIELDS}

    def _oms_write_stamps(self, values):
        """Write the shop's sync stamps and cursors (``values``), unless its
        row changed since this transaction began; return whether written.

        A token refresh commits on the shop's row from a transaction of its
        own (``_oms_refresh_committed``): any later update of that row in
        the caller's transaction fails on a serialization conflict, and the
        whole job would be retried after its marketplace calls. A stamp or
        cursor left where it was is harmless: cursors only move forward and
        the next pull reads the window again (imports are idempotent).
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                # Locks the row as this transaction sees it, or fails when
                # another one changed it since: then the write would too.
                self.env.cr.execute(
                    "SELECT id FROM oms_channel WHERE id = %s FOR NO KEY UPDATE",
                    [self.id],
                    log_exceptions=False,
                )
        except SerializationFailure:
            _logger.info(
                "Shop %s changed meanwhile (tokens refreshed aside): %s left "
                "for the next run",
                self.id,
                ", ".join(values),
            )
            return False
        self.write(values)
        return True

    def _oms_lock_for_refresh(self):
        """Serialize token refreshes of one shop, in this transaction."""
        self.env.cr.execute(
            "SELECT id FROM oms_channel WHERE id = %s FOR NO KEY UPDATE", [self.id]
        )

    def _oms_stored_refresh_token(self):
        """The shop's refresh token, for a connector's ``_oms_refresh_token``;
        a clear error when the shop has none (never authorized)."""
        self.ensure_one()
        # Tokens are manager-only; refreshes run in jobs of any OMS user.
        refresh_token = self.sudo().refresh_token
        if not refresh_token:
            raise UserError(_("Shop %s has no refresh token.", self.name))
        return refresh_token

    def _oms_store_tokens(self, pair):
        """Save the ``normalized.TokenPair`` a connector's authorization or
        refresh produced; the shop is connected again."""
        self.ensure_one()
        if not pair.access_token:
            platform = self._oms_platform_label(self.platform)
            raise api_errors.ApiAuthError(_("%s granted no access token.", platform))
        vals = {
            "access_token": pair.access_token,
            "refresh_token": pair.refresh_token or False,
            "token_expires_at": pair.access_expires_at or False,
            "refresh_expires_at": pair.refresh_expires_at or False,
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
        if self.support_order_pull:
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
            api_errors.ApiAuthError(reason, code="auth_revoked")
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
