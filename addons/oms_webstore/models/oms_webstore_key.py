import hashlib
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP

from .. import ratelimit

KEY_PREFIX = "omsk_"


def hash_key(key):
    """SHA-256 of an API key: keys are 256-bit random tokens, so a fast
    hash is enough (no dictionary to try), and lookups stay one index scan."""
    return hashlib.sha256(key.encode()).hexdigest()


class OmsWebstoreKey(models.Model):
    """An API key a web store authenticates with, bound to one shop.

    Only its SHA-256 is stored; the key itself is shown once, when it is
    made (``oms.webstore.key.wizard``). Revoking is immediate and final.
    """

    _name = "oms.webstore.key"
    _description = "Web Store API Key"
    _inherit = ["mail.thread"]
    _order = "active desc, id desc"

    name = fields.Char(required=True, tracking=True, help="Who uses the key.")
    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("platform", "=", "webstore")],
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    active = fields.Boolean(default=True, tracking=True)
    key_hash = fields.Char(required=True, readonly=True, copy=False, index=True)
    key_hint = fields.Char(
        string="Key Starts With", readonly=True, copy=False, help="To recognise it."
    )
    rate_limit = fields.Integer(
        string="Requests per Minute",
        default=600,
        help="Requests beyond this within a minute get 429 and Retry-After.",
    )
    revoked_at = fields.Datetime(readonly=True, copy=False)
    revoked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    last_used_at = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("key_hash_uniq", "unique(key_hash)", "This API key already exists."),
        ("rate_limit_positive", "CHECK(rate_limit > 0)", "The rate limit is positive."),
    ]

    def init(self):
        # the request counters of the keys, shared by every worker
        ratelimit.create_table(self.env.cr)

    @api.model
    def _generate(self, channel, name, rate_limit=None):
        """Make a key for ``channel``; return ``(record, key)``: the key is
        not kept, give it to the store now."""
        channel.ensure_one()
        channel._check_manager()
        if channel.platform != "webstore":
            raise UserError(_("API keys are for web store shops."))
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        vals = {
            "name": name,
            "channel_id": channel.id,
            "key_hash": hash_key(key),
            "key_hint": key[: len(KEY_PREFIX) + 4],
        }
        if rate_limit:
            vals["rate_limit"] = rate_limit
        record = self.create(vals)
        if channel.state == "draft":
            channel.write({"state": "connected", "state_reason": False})
        return record, key

    @api.model
    def _find(self, key):
        """The key record of ``key``, revoked ones included, or an empty one."""
        if not key:
            return self.browse()
        return self.with_context(active_test=False).search(
            [("key_hash", "=", hash_key(key))], limit=1
        )

    def action_revoke(self):
        self.env["oms.channel"]._check_manager()
        self.filtered("active").write(
            {
                "active": False,
                "revoked_at": fields.Datetime.now(),
                "revoked_by_id": self.env.user.id,
            }
        )
        return True

    def write(self, vals):
        if vals.get("active") and self.filtered("revoked_at"):
            raise UserError(_("A revoked API key cannot be restored: make a new one."))
        return super().write(vals)


class OmsWebstoreKeyWizard(models.TransientModel):
    """Make an API key and show it once."""

    _name = "oms.webstore.key.wizard"
    _description = "New Web Store API Key"

    channel_id = fields.Many2one("oms.channel", required=True, readonly=True)
    name = fields.Char(required=True, default=lambda self: _("Web store"))
    rate_limit = fields.Integer(string="Requests per Minute", default=600)
    key = fields.Char(string="API Key", readonly=True, groups=MANAGER_GROUP)
    key_id = fields.Many2one("oms.webstore.key", string="Key Record", readonly=True)

    def action_generate(self):
        self.ensure_one()
        record, key = self.env["oms.webstore.key"]._generate(
            self.channel_id, self.name, self.rate_limit
        )
        self.write({"key": key, "key_id": record.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"oms_webstore_key_shown": True},
        }
