import hashlib
import re
import secrets
from datetime import timedelta

from odoo import _, api, fields, models

from ..exceptions import OmsOauthRefused

# Minutes a seller has to go through the marketplace's consent page.
STATE_LIFETIME = 10
STATE_FORMAT = re.compile(r"[A-Za-z0-9_-]{32,128}")


def _digest(value):
    return hashlib.sha256(value.encode()).hexdigest()


class OmsOauthState(models.Model):
    """The ``state`` of one seller authorization round trip.

    Only the link carries the random token; its hash is stored here with
    the shop, the person and the browser session that asked for it. The
    first callback presenting it spends it; it expires in minutes.
    """

    _name = "oms.oauth.state"
    _description = "Marketplace Authorization Request"
    _order = "id desc"

    token_hash = fields.Char(required=True, readonly=True)
    channel_id = fields.Many2one(
        "oms.channel", required=True, readonly=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade"
    )
    session_hash = fields.Char(
        readonly=True, help="Hash of the browser session that asked, if any."
    )
    expires_at = fields.Datetime(required=True, readonly=True)
    used = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("token_hash_unique", "UNIQUE(token_hash)", "Authorization states are unique.")
    ]

    @api.model
    def _issue(self, channel, session_id=None):
        """Return a new state token for ``channel`` and the current user."""
        token = secrets.token_urlsafe(32)
        # Technical records nobody edits; the token hash is only ever read
        # back by the callback of the person who asked.
        self.sudo().create(
            {
                "token_hash": _digest(token),
                "channel_id": channel.id,
                "user_id": self.env.uid,
                "session_hash": _digest(session_id) if session_id else False,
                "expires_at": fields.Datetime.now() + timedelta(minutes=STATE_LIFETIME),
            }
        )
        return token

    @api.model
    def _spend(self, token, platform, session_id=None):
        """Spend ``token`` for the current user; return its shop.

        Raise ``OmsOauthRefused`` when it is missing, malformed, unknown,
        already used, expired, someone else's, from another session or for
        another platform.
        """
        Channel = self.env["oms.channel"]
        if not token:
            raise OmsOauthRefused(
                _("The marketplace sent no authorization state back."), Channel
            )
        if not isinstance(token, str) or not STATE_FORMAT.fullmatch(token):
            raise OmsOauthRefused(_("The authorization state is malformed."), Channel)
        # sudo: states are technical; the checks below decide who may use one
        self.env.cr.execute(
            "SELECT id FROM oms_oauth_state WHERE token_hash = %s FOR UPDATE",
            [_digest(token)],
        )
        row = self.env.cr.fetchone()
        state_sudo = self.sudo().browse(row[0] if row else [])
        if not state_sudo:
            raise OmsOauthRefused(
                _("This authorization link is unknown. Start again from the shop."),
                Channel,
            )
        if state_sudo.user_id != self.env.user:
            raise OmsOauthRefused(
                _("This authorization was started by another user."), Channel, 403
            )
        channel = state_sudo.channel_id.with_env(self.env)
        if state_sudo.used:
            raise OmsOauthRefused(
                _("This authorization link was already used."), channel
            )
        state_sudo.used = True
        if state_sudo.session_hash and (
            not session_id or _digest(session_id) != state_sudo.session_hash
        ):
            raise OmsOauthRefused(
                _("This authorization was started in another session."),
                channel,
                403,
            )
        if state_sudo.expires_at < fields.Datetime.now():
            raise OmsOauthRefused(
                _(
                    "This authorization link expired after %s minutes. "
                    "Start again from the shop.",
                    STATE_LIFETIME,
                ),
                channel,
            )
        if channel.platform != platform:
            raise OmsOauthRefused(
                _("This authorization is for another marketplace."), channel
            )
        return channel

    @api.autovacuum
    def _gc_expired(self):
        """Drop states expired for a day, used or not."""
        limit = fields.Datetime.now() - timedelta(days=1)
        self.sudo().search([("expires_at", "<", limit)]).unlink()
