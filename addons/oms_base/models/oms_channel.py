import hashlib
import json
import logging
import math
import os
import re
from collections import defaultdict
from datetime import timedelta

from psycopg2 import DataError
from psycopg2.errors import ProgramLimitExceeded

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.queue_job.exception import (
    FailedJobError,
    NoSuchJobError,
    RetryableJobError,
)
from odoo.addons.queue_job.job import Job, identity_exact

from ..api_common import errors as api_errors
from ..api_common import push as api_push

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "oms_base.group_oms_manager"
USER_GROUP = "oms_base.group_oms_user"
# Context key: the person whose action queued a job (told if it fails).
REQUESTED_BY_KEY = "oms_requested_by"
JOB_MAX_RETRIES = 15
# Events one processing job takes; at most this many orders share a fetch.
EVENT_BATCH_SIZE = 200
# Push intake defaults (ir.config_parameter oms_base.webhook_*).
WEBHOOK_MAX_BYTES = 1024 * 1024
WEBHOOK_REFUSED_PER_MINUTE = 20


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


class OmsChannel(models.Model):
    """A shop on a marketplace.

    Connectors plug in like payment providers do: they add their code to
    ``platform`` and override the ``_oms_*`` hooks below, each override
    starting with ``if self.platform != '<code>': return super()...``.
    """

    _name = "oms.channel"
    _description = "Marketplace Shop"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    platform = fields.Selection(
        selection=[("none", "No Platform Set")],
        default="none",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    country_id = fields.Many2one(
        "res.country",
        compute="_compute_country_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Country of the shop, used to normalize buyers' phone numbers.",
    )
    environment = fields.Selection(
        [("sandbox", "Sandbox"), ("production", "Production")],
        default="sandbox",
        required=True,
        tracking=True,
        help="Sandbox talks to the bundled marketplace emulator; production to "
        "the real marketplace. Only the URL and credentials differ.",
    )
    api_url = fields.Char(
        string="API Base URL",
        compute="_compute_api_url",
        store=True,
        readonly=False,
        precompute=True,
        help="Base URL of the marketplace's API gateway for this shop, filled "
        "from the platform and the environment.",
    )
    external_shop_id = fields.Char(
        string="Marketplace Shop ID", copy=False, tracking=True, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Not Connected"),
            ("connected", "Connected"),
            ("auth_expired", "Authorization Expired"),
            ("error", "Error"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    state_reason = fields.Text(copy=False, readonly=True)

    # Credentials: manager-only, never copied, blanked by neutralize.sql.
    access_token = fields.Char(copy=False, groups=MANAGER_GROUP)
    refresh_token = fields.Char(copy=False, groups=MANAGER_GROUP)
    token_expires_at = fields.Datetime(copy=False, readonly=True)
    refresh_expires_at = fields.Datetime(copy=False, readonly=True)
    token_refresh_margin = fields.Integer(
        string="Refresh Margin (min)",
        default=60,
        help="Tokens are refreshed this many minutes before they expire.",
    )

    # Fulfilment and sales
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Fulfilling Warehouses",
        check_company=True,
        compute="_compute_warehouse_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="Warehouses whose free stock is published and which ship this "
        "shop's orders. The first one is used for new orders.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self._default_user_id(),
        domain=[("share", "=", False)],
        help="Salesperson of imported orders; the shop's to-dos (orders "
        "needing attention, lost authorization) are assigned to this person.",
    )
    sale_tax_ids = fields.Many2many(
        "account.tax",
        string="Sale Taxes",
        domain=[("type_tax_use", "=", "sale")],
        check_company=True,
        help="Taxes put on imported order lines. Marketplace prices include "
        "tax, so use price-included taxes.",
    )
    marketplace_partner_id = fields.Many2one(
        "res.partner",
        help="The marketplace company that collects buyers' payments and pays "
        "the shop out.",
    )
    auto_confirm = fields.Boolean(
        default=True, help="Confirm paid orders on import, which reserves stock."
    )

    # Order sync
    order_sync_enabled = fields.Boolean(string="Sync Orders", default=True)
    order_sync_cursor = fields.Datetime(
        copy=False,
        help="Orders updated since this time are pulled at the next sync.",
    )
    order_sync_overlap = fields.Integer(
        string="Overlap (min)",
        default=10,
        help="Each pull starts this many minutes before the cursor so that "
        "orders updated during the previous pull are not missed.",
    )
    order_sync_initial_days = fields.Integer(string="First Pull (days)", default=3)
    last_order_sync = fields.Datetime(copy=False, readonly=True)
    returns_sync_cursor = fields.Datetime(
        copy=False, help="Returns updated since this time are fetched next."
    )

    # Stock rule
    stock_sync_enabled = fields.Boolean(string="Push Stock", default=True)
    stock_buffer = fields.Float(
        string="Buffer",
        help="Quantity kept back from the marketplace for each SKU.",
    )
    stock_percentage = fields.Float(
        string="Share (%)",
        default=100.0,
        help="Share of the free quantity (after the buffer) offered here.",
    )
    stock_max_qty = fields.Float(
        string="Maximum",
        help="Never publish more than this per SKU; 0 means no maximum.",
    )
    stock_push_delay = fields.Integer(
        string="Debounce (s)",
        default=20,
        help="Stock changes are collected for this many seconds before one "
        "batched push.",
    )
    last_stock_push = fields.Datetime(copy=False, readonly=True)

    binding_ids = fields.One2many("oms.product.binding", "channel_id")
    # Listings and events are the OMS users': an accountant opening the
    # shop (from a settlement) reads it without them.
    binding_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    order_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    attention_order_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    failed_event_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    job_channel_name = fields.Char(compute="_compute_job_channel_name")
    webhook_url = fields.Char(compute="_compute_webhook_url")

    _sql_constraints = [
        (
            "stock_percentage_range",
            "CHECK(stock_percentage >= 0 AND stock_percentage <= 100)",
            "The stock share must be between 0 and 100%.",
        ),
    ]

    @api.model
    def _default_user_id(self):
        # The creating person, not the superuser or a bot (both archived).
        user = self.env.user
        return user if user.active and not user.share else False

    @api.constrains("stock_buffer", "stock_max_qty")
    def _check_stock_rule(self):
        for channel in self:
            if channel.stock_buffer < 0 or channel.stock_max_qty < 0:
                raise ValidationError(_("Buffer and maximum cannot be negative."))

    def _compute_counts(self):
        binding_data = dict(
            self.env["oms.product.binding"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        order_data = {
            (channel, attention): count
            for channel, attention, count in self.env["sale.order"]._read_group(
                [("oms_channel_id", "in", self.ids)],
                ["oms_channel_id", "oms_needs_attention"],
                ["__count"],
            )
        }
        event_data = dict(
            self.env["oms.event"]._read_group(
                [("channel_id", "in", self.ids), ("state", "=", "failed")],
                ["channel_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.binding_count = binding_data.get(channel, 0)
            attention = order_data.get((channel, True), 0)
            channel.attention_order_count = attention
            channel.order_count = attention + order_data.get((channel, False), 0)
            channel.failed_event_count = event_data.get(channel, 0)

    @api.depends("platform", "environment")
    def _compute_api_url(self):
        for channel in self:
            channel.api_url = channel._oms_default_api_url() or channel.api_url

    @api.depends("company_id")
    def _compute_warehouse_ids(self):
        to_fill = self.filtered(
            lambda c: not c.warehouse_ids or c.warehouse_ids.company_id != c.company_id
        )
        for company in to_fill.company_id:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            to_fill.filtered(
                lambda c, co=company: c.company_id == co
            ).warehouse_ids = warehouse

    @api.depends("platform")
    def _compute_country_id(self):
        for channel in self:
            channel.country_id = (
                channel._oms_default_country()
                or channel.country_id
                or channel.company_id.country_id
                or self.env.company.country_id
            )

    @api.depends("platform")
    def _compute_job_channel_name(self):
        # One queue_job channel per shop caps concurrency per marketplace shop.
        for channel in self:
            channel.job_channel_name = (
                f"root.oms.{channel.platform}_{channel.id or 'new'}"
            )

    @api.depends("platform")
    def _compute_webhook_url(self):
        for channel in self:
            # get_base_url() takes one record (website answers per record).
            base_url = channel.get_base_url()
            channel.webhook_url = (
                f"{base_url}/oms/webhook/{channel.platform}/{channel.id}"
                if channel.id
                else False
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_test_connection(self):
        self.ensure_one()
        self._check_manager()
        try:
            message = self._oms_test_connection()
        except api_errors.ApiError as err:
            self._oms_set_state_from_error(err)
            raise UserError(_("Connection failed: %s", err)) from err
        self.write({"state": "connected", "state_reason": False})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Connection works"),
                "message": message or _("The marketplace answered."),
                "type": "success",
                "sticky": False,
            },
        }

    def action_authorize(self):
        """Open the marketplace page where the seller authorizes this shop."""
        self.ensure_one()
        self._check_manager()
        redirect_uri = f"{self.get_base_url()}/oms/oauth/{self.platform}/callback"
        return {
            "type": "ir.actions.act_url",
            "url": self._oms_authorize_url(redirect_uri, self._oms_oauth_state()),
            "target": "self",
        }

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

    def action_sync_orders(self):
        now = fields.Datetime.now()
        for channel in self:
            job = channel._oms_enqueue("_oms_sync_orders", key="sync_orders")
            # A pull waiting out a back-off shares the key and took this
            # request in: a person asking now gets it now, with fresh retries
            # (still one pull, so nothing is imported twice).
            record = job if isinstance(job, models.BaseModel) else job.db_record()
            # queue jobs are technical records only queue managers may write
            record = record.sudo()
            if record.state == "pending" and record.eta and record.eta > now:
                record.write({"eta": False, "retry": 0})
        return self._notify_queued(_("Order sync queued."))

    def action_push_stock(self):
        bindings = self.env["oms.product.binding"].search(
            [("channel_id", "in", self.ids), ("active", "=", True)]
        )
        bindings.write({"stock_dirty": True})
        for channel in self:
            channel._oms_enqueue("_oms_push_stock", key="push_stock")
        return self._notify_queued(_("Stock push queued."))

    def action_import_listings(self):
        for channel in self:
            channel._oms_enqueue(
                "_oms_run_hook", "_oms_import_listings", key="import_listings"
            )
        return self._notify_queued(_("Listing import queued."))

    def action_view_bindings(self):
        return self._action_view("oms_base.action_oms_product_binding")

    def action_view_orders(self):
        return self._action_view("oms_base.action_oms_sale_order", "oms_channel_id")

    def action_view_attention_orders(self):
        action = self.action_view_orders()
        action["domain"] = action["domain"] + [("oms_needs_attention", "=", True)]
        return action

    def action_view_failed_events(self):
        action = self._action_view("oms_base.action_oms_event")
        action["domain"] = action["domain"] + [("state", "=", "failed")]
        return action

    def _action_view(self, xmlid, field_name="channel_id"):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(field_name, "in", self.ids)]
        action["context"] = {"default_" + field_name: self[:1].id}
        return action

    def _notify_queued(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "info", "sticky": False},
        }

    def _oms_demo_point_to_sandbox_host(self):
        """Demo data: reach the sandboxes on ``$OMS_SANDBOX_HOST`` if set.

        The demo shops point at 127.0.0.1; in docker compose the sandboxes
        run in their own container, named by that variable.
        """
        host = os.environ.get("OMS_SANDBOX_HOST")
        if not host:
            return
        for channel in self.sudo():
            updates = {}
            for name, field in channel._fields.items():
                if name.endswith("url") and field.type == "char" and field.store:
                    value = channel[name]
                    if value and "127.0.0.1" in value:
                        updates[name] = value.replace("127.0.0.1", host)
            channel.write(updates)

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP) and not self.env.su:
            raise UserError(_("Only OMS managers can do this."))

    # ------------------------------------------------------------------
    # Jobs and API calls
    # ------------------------------------------------------------------

    def _oms_enqueue(self, method, *args, key=None, eta=None, **kwargs):
        """Queue ``method`` on this shop's job channel.

        With ``key``, a job that is already waiting for the same shop and key
        is reused instead of queueing a second one (debounce).
        """
        self.ensure_one()
        delay_kwargs = {
            "channel": self._oms_job_channel(),
            "description": f"{self.display_name}: {method.strip('_')}",
        }
        if key:
            delay_kwargs["identity_key"] = identity_exact
        # Enough retries, spaced by the job function's retry pattern, to ride
        # out a marketplace outage of about an hour; then the job fails
        # visibly in the job queue, where a person can requeue it.
        delay_kwargs["max_retries"] = JOB_MAX_RETRIES
        if eta:
            delay_kwargs["eta"] = eta
        delayed = self._oms_as_bot().with_delay(**delay_kwargs)
        return getattr(delayed, method)(*args, **kwargs)

    def _oms_as_bot(self):
        """This shop as its jobs see it: run by its company's Marketplace
        Bot, whoever queued them, in the shop's company.

        The person who asked is remembered (context key kept in the job, so
        follow-up jobs keep it too) to be told if the job fails; crons,
        webhooks and code running as superuser are nobody's.
        """
        self.ensure_one()
        company = self.company_id
        user = self.env.user
        requested_by = self.env.context.get(REQUESTED_BY_KEY)
        if not requested_by and not self.env.su and user.active and not user.share:
            requested_by = user.id
        return self.with_user(company._oms_get_bot()).with_context(
            allowed_company_ids=company.ids, **{REQUESTED_BY_KEY: requested_by}
        )

    @api.model
    def _job_prepare_context_before_enqueue_keys(self):
        return (*super()._job_prepare_context_before_enqueue_keys(), REQUESTED_BY_KEY)

    def _job_store_values(self, job):
        vals = super()._job_store_values(job)
        vals["oms_requested_by_id"] = self.env.context.get(REQUESTED_BY_KEY) or False
        return vals

    def _oms_notify_job_failed(self, job):
        """A job of this shop failed for good (after its retries): say so in
        the shop's chatter, notifying the person who queued it."""
        self.ensure_one()
        error = job.exc_message or job.exc_name or _("unknown error")
        # A transport error may quote a signed URL: drop query strings.
        error = re.sub(r"\?\S*", "", error)[:500]
        self.message_post(
            body=_(
                "%(job)s failed: %(error)s. OMS managers find the job under "
                "OMS > Configuration > Jobs.",
                job=job.name,
                error=error,
            ),
            partner_ids=job.oms_requested_by_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _oms_responsible(self):
        """Who this shop's to-dos go to: its responsible, else a manager."""
        self.ensure_one()
        if self.user_id.active and not self.user_id.share:
            return self.user_id
        # Jobs run as the bot, which may not read other users' companies.
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(lambda u: not u.share and self.company_id in u.company_ids)
        )
        return self.env["res.users"].browse(managers[:1].ids) or self.env.user

    def _oms_job_channel(self):
        """Job channel of this shop, created on first use."""
        self.ensure_one()
        name = self.job_channel_name
        channel_model_sudo = self.env["queue.job.channel"].sudo()
        # Job channels are technical records only admins may create; every
        # OMS user triggers jobs, so the lookup/creation runs as superuser.
        if not channel_model_sudo.search_count([("complete_name", "=", name)]):
            parent = self.env.ref("oms_base.queue_job_channel_oms")
            channel_model_sudo.create(
                {"name": name.rsplit(".", 1)[1], "parent_id": parent.id}
            )
        return name

    def _oms_default_api_url(self):
        """API URL for this shop's platform and environment (sandbox: the
        bundled emulator), or False to keep what the user typed.

        Connectors override it, and ``_compute_api_url``'s dependencies
        when the URL also depends on their own fields (venture, region).
        """
        self.ensure_one()
        return False

    def _oms_default_country(self):
        """Country of the shop's market (venture, region), or False."""
        self.ensure_one()
        return False

    def _oms_client(self):
        """Return this shop's API client.

        For a connector to talk to its marketplace, it must override this
        method and return a configured client of its ``<platform>_api``.
        """
        self.ensure_one()
        raise UserError(
            _("Shop %s has no marketplace connector installed.", self.display_name)
        )

    def _oms_call(self, method, *args, **kwargs):
        """Call ``method`` of this shop (a hook that talks to the marketplace).

        Central place that turns marketplace errors into job behaviour:
        transient errors are retried by queue_job with backoff, an expired
        token is refreshed once, a lost authorization raises
        ``OmsAuthorizationLost`` and parks the shop, anything else is raised
        as a clear error.
        """
        self.ensure_one()
        if self.state == "auth_expired":
            raise RetryableJobError(
                _("Shop %s waits for a new authorization.", self.display_name),
                seconds=900,
                ignore_retry=True,
            )
        self._oms_ensure_token()
        try:
            try:
                result = getattr(self, method)(*args, **kwargs)
            except api_errors.ApiAuthError as err:
                if not (err.token_expired and self._oms_try_refresh()):
                    raise OmsAuthorizationLost(self, err) from err
                result = getattr(self, method)(*args, **kwargs)
        except api_errors.ApiAuthError as err:
            raise OmsAuthorizationLost(self, err) from err
        except api_errors.ApiError as err:
            if err.transient:
                raise RetryableJobError(
                    self._oms_transient_message(err),
                    seconds=self._oms_retry_delay(err),
                ) from err
            raise
        if self.state == "error":
            # parked by a job that gave up: the marketplace answers again
            self.write({"state": "connected", "state_reason": False})
        return result

    def _oms_transient_message(self, err):
        if isinstance(err, api_errors.ApiRateLimitError):
            return _(
                "%(shop)s: the marketplace limits the call rate (%(error)s).",
                shop=self.display_name,
                error=err,
            )
        return _(
            "%(shop)s: the marketplace cannot be reached (%(error)s).",
            shop=self.display_name,
            error=err,
        )

    def _oms_retry_delay(self, err):
        """Seconds the running job waits before retrying after ``err``.

        Never less than the ban the marketplace announced, nor than the
        job's retry pattern for this attempt: short bans alone would burn
        every retry in minutes, while the pattern spreads them over the
        horizon a marketplace throttling or outage can last.
        """
        ban = math.ceil(float(err.retry_after)) + 1 if err.retry_after else None
        job_uuid = self.env.context.get("job_uuid")
        if not job_uuid:
            return ban
        try:
            job = Job.load(self.env, job_uuid)
        except NoSuchJobError:
            return ban
        # perform() counts this attempt before the pattern is read
        job.retry += 1
        return max(ban or 0, job._get_retry_seconds())

    def _oms_job_failed(self, exc_info=None, exc_name=None, exc_message=None):
        """``on_fail`` of the shop's jobs (queue_job_data.xml).

        A job that used up its retries (a marketplace throttling or out of
        reach for the whole retry horizon) parks its shop with the reason
        and asks a person to look; its last error says what the marketplace
        answered. Other failures stay in the job queue only.
        """
        gave_up = f"{FailedJobError.__module__}.{FailedJobError.__name__}"
        if exc_name != gave_up:
            return
        tries, error = self._oms_parse_gave_up(exc_message or "")
        reason = _(
            "A job gave up after %(tries)s tries: %(error)s\nCheck the "
            "marketplace's status, then use Test Connection to resume the "
            "periodic sync.",
            tries=tries,
            error=error,
        )
        for channel in self.filtered(lambda c: c.state in ("connected", "error")):
            was_parked = channel.state == "error"
            channel.write({"state": "error", "state_reason": reason})
            if not was_parked:
                channel._oms_schedule_activity(
                    _("Shop %s stopped syncing", channel.display_name), reason
                )

    @api.model
    def _oms_parse_gave_up(self, message):
        """Split queue_job's ``Max. retries (N) reached: <error>``."""
        found = re.match(r"Max\. retries \((\d+)\) reached: (.*)", message, re.DOTALL)
        if not found:
            return JOB_MAX_RETRIES, message
        return int(found.group(1)), found.group(2)

    def _oms_guarded(self, work):
        """Run a job's ``work()``; a lost authorization parks the shop.

        The work is rolled back to a savepoint and the shop's state is saved
        with the job, instead of the whole job failing (and rolling back the
        state too) again and again.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return work()
        except OmsAuthorizationLost as lost:
            self._oms_set_state_from_error(lost.error)
            return _("Waiting for a new authorization: %s", lost.error)

    def _oms_run_listing_hook(self, hook, binding_ids, *args):
        """Job: call a listing hook (price, update, delete, activate) on bindings."""
        self.ensure_one()
        bindings = self.env["oms.product.binding"].browse(binding_ids).exists()
        if not bindings:
            return _("The listings no longer exist.")
        return self._oms_guarded(lambda: self._oms_call(hook, bindings, *args))

    def _oms_run_hook(self, hook, *args):
        """Job: call a shop-level hook (e.g. import listings) through ``_oms_call``."""
        self.ensure_one()
        return self._oms_guarded(lambda: self._oms_call(hook, *args))

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

    def _oms_set_state_from_error(self, err):
        state = "auth_expired" if isinstance(err, api_errors.ApiAuthError) else "error"
        if self.state != state or self.state_reason != str(err):
            self.write({"state": state, "state_reason": str(err)})
            if state == "auth_expired":
                self._oms_schedule_activity(
                    _("Authorization of shop %s expired", self.display_name),
                    str(err),
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

    def _oms_schedule_activity(self, summary, note):
        self.activity_schedule(
            "oms_base.mail_activity_oms_attention",
            summary=summary,
            note=note,
            user_id=self._oms_responsible().id,
        )

    # ------------------------------------------------------------------
    # Order sync
    # ------------------------------------------------------------------

    @api.model
    def _cron_sync_orders(self):
        self.search([("state", "=", "connected")])._oms_queue_periodic_work()

    def _oms_queue_periodic_work(self):
        """What the 5-minute cron queues for these shops: the order pull,
        events waiting without a job, stock left unpublished."""
        connected = self.filtered(lambda channel: channel.state == "connected")
        for channel in connected.filtered("order_sync_enabled"):
            channel._oms_enqueue("_oms_sync_orders", key="sync_orders")
        # A push stored just as its shop's processing job started reading
        # found that job already queued and waits for the next push: sweep.
        stale = self.env["oms.event"]._read_group(
            [
                ("channel_id", "in", connected.ids),
                ("state", "=", "new"),
                (
                    "create_date",
                    "<",
                    fields.Datetime.subtract(fields.Datetime.now(), minutes=1),
                ),
            ],
            ["channel_id"],
        )
        for (channel,) in stale:
            channel._oms_enqueue("_oms_process_events", key="process_events")
        # Stock that a failed push left unpublished goes out again.
        dirty = self.env["oms.product.binding"]._read_group(
            [("stock_dirty", "=", True), ("channel_id", "in", connected.ids)],
            ["channel_id"],
        )
        pending = self.env["oms.stock.change"]._read_group(
            [("channel_id", "in", connected.ids)], ["channel_id"]
        )
        for channel in {channel for (channel,) in dirty + pending}:
            if channel.stock_sync_enabled:
                channel._oms_enqueue("_oms_push_stock", key="push_stock")

    @api.model
    def _cron_refresh_tokens(self):
        soon = fields.Datetime.now() + timedelta(days=1)
        channels = self.search(
            [("state", "=", "connected"), ("token_expires_at", "<=", soon)]
        )
        for channel in channels:
            channel._oms_enqueue("_oms_refresh_job", key="refresh_token")

    def _oms_sync_orders(self):
        """Job: pull orders updated since the cursor (minus the overlap)."""
        self.ensure_one()
        return self._oms_guarded(self._oms_pull_orders)

    def _oms_pull_orders(self):
        now = fields.Datetime.now()
        sync_from = self.order_sync_cursor or now - timedelta(
            days=self.order_sync_initial_days
        )
        since = sync_from - timedelta(minutes=self.order_sync_overlap)
        Event = self.env["oms.event"]
        pages = self._oms_call("_oms_fetch_order_pages", since, now)
        events = Event._store(
            [
                {
                    "channel_id": self.id,
                    "kind": "orders_page",
                    "external_ref": f"{since.isoformat()}/{index}",
                    "payload": page,
                }
                for index, page in enumerate(pages)
            ]
        )
        events._process()
        failed = events.filtered(lambda event: event.state == "failed")
        if failed:
            # The cursor only moves over pages that were all imported: the
            # next pull fetches these orders again (pages carry no time
            # bounds to stop at), and the failed pages stay for replay.
            return self.env._(
                "%(count)s page(s) pulled, %(failed)s failed: the sync cursor "
                "stays where it was",
                count=len(pages),
                failed=len(failed),
            )
        self.write({"order_sync_cursor": now, "last_order_sync": now})
        return self.env._("%(count)s page(s) pulled", count=len(pages))

    @api.model
    def _oms_webhook_param(self, key, default):
        """An integer setting of push intake, from ``ir.config_parameter``."""
        # Read by anonymous push requests: the settings are technical.
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            _logger.warning("Invalid %s: %r, using %s", key, value, default)
            return default

    @api.model
    def _oms_webhook_max_size(self):
        """Largest push body accepted, in bytes."""
        return self._oms_webhook_param("oms_base.webhook_max_bytes", WEBHOOK_MAX_BYTES)

    def _oms_webhook_window(self):
        """(oldest, newest) ``sent_at`` of a push that is not refused as stale.

        Marketplaces retry a push for hours (Lazada: 12 times, 30 min apart),
        so older is a replay; newer than the clock skew allows is forged.
        """
        now = fields.Datetime.now()
        hours = self._oms_webhook_param("oms_base.webhook_max_age_hours", 24)
        skew = self._oms_webhook_param("oms_base.webhook_max_skew_minutes", 15)
        return now - timedelta(hours=hours), now + timedelta(minutes=skew)

    def _oms_receive_webhook(self, headers, body, url, remote_addr=None):
        """Verify, store and acknowledge one push; return (HTTP status, text).

        A forged push is refused (401) and only its metadata recorded. A
        push the marketplace really sent is always acknowledged (200):
        marketplaces resend what was not, which would not fix a malformed,
        stale or misaddressed one, and Shopee disables the pushes of apps
        that fail too many. Those are recorded with their reason.
        """
        self.ensure_one()
        request_info = {"headers": headers, "body": body, "remote_addr": remote_addr}
        if len(body) > self._oms_webhook_max_size():
            # The declared length was checked; this is what was really read.
            self._oms_refuse_webhook(
                "too_large",
                _("Message of %s bytes refused: too large.", len(body)),
                **request_info,
            )
            return 413, "too large"
        try:
            verified = self._oms_webhook_verify(headers, body, url)
        except Exception as err:  # noqa: BLE001 - a bad message must not 500
            _logger.info("Webhook of shop %s not verifiable: %s", self.id, err)
            verified = False
        if not verified:
            self._oms_refuse_webhook(
                "signature", _("Invalid signature: message refused."), **request_info
            )
            return 401, "invalid signature"
        try:
            values = self._oms_webhook_parse(body)
        except Exception as err:  # noqa: BLE001 - whatever the body holds
            message = api_push.clean_text(str(err) or type(err).__name__, 500)
            self._oms_store_failed_webhook(
                _("Malformed message: %s", message), **request_info
            )
            return 200, "malformed, stored"
        channel, values = self._oms_webhook_route(values)
        if not channel:
            self._oms_refuse_webhook(
                "other_shop",
                _(
                    "Push for marketplace shop %s: neither this shop nor another "
                    "shop of the same app.",
                    values[0].get("shop_ref") or _("(none)"),
                ),
                **request_info,
            )
            return 200, "unknown shop, refused"
        oldest, newest = channel._oms_webhook_window()
        sent = [vals["sent_at"] for vals in values if vals.get("sent_at")]
        if any(sent_at < oldest or sent_at > newest for sent_at in sent):
            self._oms_refuse_webhook(
                "stale",
                _(
                    "Sent at %s, outside the accepted window: stale or replayed.",
                    min(sent),
                ),
                **request_info,
            )
            return 200, "stale, refused"
        try:
            # Parsers refuse what PostgreSQL cannot hold; should one miss
            # something, the push is still recorded, not answered with a 500.
            with self.env.cr.savepoint():
                events = self.env["oms.event"]._store(
                    [dict(vals, channel_id=channel.id) for vals in values]
                )
        except (ValueError, DataError, ProgramLimitExceeded) as err:
            message = api_push.clean_text(str(err), 500)
            self._oms_store_failed_webhook(
                _("Message could not be stored: %s", message), **request_info
            )
            return 200, "malformed, stored"
        to_process = events.filtered(lambda e: e.state == "new")
        if to_process:
            to_process._enqueue_processing()
        return 200, ""

    def _oms_refuse_unread_webhook(self, length, headers, remote_addr=None):
        """Refuse, without reading it, a push of unknown or excessive size."""
        self.ensure_one()
        if length is None:
            self._oms_refuse_webhook(
                "no_length",
                _("Message without a declared length refused."),
                headers,
                remote_addr=remote_addr,
            )
            return 411, "length required"
        self._oms_refuse_webhook(
            "too_large",
            _("Message of %s bytes refused: too large.", length),
            headers,
            remote_addr=remote_addr,
            size=length,
        )
        return 413, "too large"

    def _oms_webhook_route(self, values):
        """(shop, event values) of parsed push values naming a shop.

        The shop is empty when the push names a shop that is neither this
        one nor another of the same app (or several shops); the values then
        keep their ``shop_ref``.
        """
        refs = {vals.get("shop_ref") or "" for vals in values}
        channel = self._oms_webhook_channel(refs.pop() if refs else "")
        if not channel or refs:
            return self.browse(), values
        return channel, [
            {key: value for key, value in vals.items() if key != "shop_ref"}
            for vals in values
        ]

    def _oms_webhook_metadata(self, headers, body, remote_addr=None, size=None):
        """What is kept of a push besides its payload."""
        return {
            "kind": "webhook",
            "body_size": len(body) if body is not None else size,
            "body_sha256": api_push.digest(body) if body is not None else False,
            "remote_addr": remote_addr,
            "request_headers": api_push.safe_headers(headers),
        }

    def _oms_store_failed_webhook(self, error, headers, body, remote_addr=None):
        """Store an authentic push that could not be read, for a person."""
        text = api_push.body_text(body)
        return self.env["oms.event"]._store(
            [
                dict(
                    self._oms_webhook_metadata(headers, body, remote_addr),
                    channel_id=self.id,
                    payload=text if text is not None else api_push.excerpt(body),
                    state="failed",
                    refusal="malformed",
                    error=error,
                )
            ]
        )

    def _oms_refuse_webhook(
        self, reason, error, headers, body=None, remote_addr=None, size=None
    ):
        """Record the metadata of a refused push, the body cut to an excerpt.

        A flood must not fill the database: past ``oms_base.webhook_refused
        _per_minute`` records a minute for the shop (0: no limit), refused
        pushes are only counted on the last record. Return the record, if
        one was made.
        """
        self.ensure_one()
        Event = self.env["oms.event"]
        limit = self._oms_webhook_param(
            "oms_base.webhook_refused_per_minute", WEBHOOK_REFUSED_PER_MINUTE
        )
        recent = Event.search(
            [
                ("channel_id", "=", self.id),
                ("state", "=", "refused"),
                ("create_date", ">=", fields.Datetime.now() - timedelta(minutes=1)),
            ],
            order="id desc",
            limit=limit,
        )
        if limit and len(recent) >= limit:
            recent[0]._count_unrecorded()
            return Event
        _logger.info(
            "Push to shop %s refused (%s) from %s", self.id, reason, remote_addr
        )
        return Event._store(
            [
                dict(
                    self._oms_webhook_metadata(headers, body, remote_addr, size),
                    channel_id=self.id,
                    payload=api_push.excerpt(body) if body else "",
                    state="refused",
                    refusal=reason,
                    error=error,
                )
            ]
        )

    @api.model
    def _cron_sync_returns(self):
        for channel in self.search([("state", "=", "connected")]):
            channel._oms_enqueue("_oms_sync_returns", key="sync_returns")

    def _oms_sync_returns(self):
        """Job: store the marketplace's reverse orders for the returns flow."""
        self.ensure_one()
        return self._oms_guarded(self._oms_pull_returns)

    def _oms_pull_returns(self):
        now = fields.Datetime.now()
        since = self.returns_sync_cursor or now - timedelta(days=30)
        values = self._oms_call("_oms_fetch_returns", since)
        events = self.env["oms.event"]._store(
            [dict(vals, channel_id=self.id, kind="return") for vals in values]
        )
        events.filtered(lambda e: e.state == "new")._process()
        self.returns_sync_cursor = now
        return self.env._("%(count)s return(s) stored", count=len(events))

    def action_sync_finance(self):
        self._check_manager()
        today = fields.Date.context_today(self)
        for channel in self:
            channel._oms_enqueue(
                "_oms_sync_finance", str(today - timedelta(days=14)), str(today)
            )
        return self._notify_queued(_("Finance sync queued."))

    def _oms_sync_finance(self, date_from, date_to):
        """Job: store the marketplace's finance data of a period.

        Each statement/payout becomes an ``oms.event`` of kind
        ``settlement`` (values as ``_oms_map_settlements`` returns them),
        deduplicated on its content, for the settlement engine.
        """
        self.ensure_one()
        return self._oms_guarded(
            lambda: self._oms_pull_finance(
                fields.Date.to_date(date_from), fields.Date.to_date(date_to)
            )
        )

    def _oms_pull_finance(self, date_from, date_to):
        raw = self._oms_call("_oms_fetch_settlements", date_from, date_to)
        settlements = self._oms_map_settlements(raw)
        values = []
        for settlement in settlements:
            payload = json.dumps(settlement, default=str, sort_keys=True)
            digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
            values.append(
                {
                    "channel_id": self.id,
                    "kind": "settlement",
                    "external_ref": settlement.get("reference"),
                    "dedup_key": f"settlement:{settlement.get('reference')}:{digest}",
                    "payload": payload,
                }
            )
        events = self.env["oms.event"]._store(values)
        events.filtered(lambda e: e.state == "new")._process()
        return self.env._(
            "%(count)s statement(s) stored, %(new)s new",
            count=len(events),
            new=len(events.filtered(lambda e: e.state != "ignored")),
        )

    def _oms_process_events(self, event_ids=None):
        """Job: process stored events of this shop.

        Without ids (what pushes queue), take the shop's new events, oldest
        first, a batch at a time: at peak, pushes arriving while this job
        waits share it, and their orders are fetched together. A full batch
        queues the next one.
        """
        self.ensure_one()
        Event = self.env["oms.event"]
        if event_ids is not None:
            events = Event.browse(event_ids).exists()
        else:
            events = Event._take_new(self, EVENT_BATCH_SIZE)
        events._process()
        if event_ids is None and len(events) == EVENT_BATCH_SIZE:
            self._oms_enqueue("_oms_process_events", key="process_events")
        return _("%(count)s event(s) processed", count=len(events))

    def _oms_import_payload(self, payload):
        """Map a marketplace payload to normalized orders and import them."""
        orders = self._oms_map_orders(payload)
        return self.env["oms.order.importer"]._import_orders(self, orders)

    # ------------------------------------------------------------------
    # Stock push
    # ------------------------------------------------------------------

    def _oms_free_quantities(self, products):
        """Free quantity of ``products`` in this shop's warehouses.

        Free = on hand minus reserved, which already accounts for every
        confirmed order of every channel sharing these warehouses.
        """
        self.ensure_one()
        warehouses = self.warehouse_ids or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        products = products.with_context(
            location=warehouses.lot_stock_id.ids, compute_child=True
        )
        # Quants may have moved earlier in this transaction; quantities are
        # not invalidated by quant writes, so never trust the cache here.
        products.invalidate_recordset(["free_qty"])
        return {product.id: product.free_qty for product in products}

    def _oms_publishable_quantity(self, free_qty):
        """Apply the shop's stock rule to a free quantity."""
        self.ensure_one()
        qty = max(free_qty - self.stock_buffer, 0.0)
        qty = math.floor(qty * self.stock_percentage / 100.0 + 1e-9)
        if self.stock_max_qty:
            qty = min(qty, int(self.stock_max_qty))
        return max(int(qty), 0)

    def _oms_stock_batch_size(self):
        """Maximum number of SKUs one stock call of the platform accepts.

        Connectors override this with their platform's limit.
        """
        return 50

    def _oms_push_stock(self):
        """Job: publish the quantity of this shop's dirty bindings.

        Unchanged quantities are skipped; changed ones go out in batches of
        the platform's maximum size. Once a batch was accepted, a later
        failure does not roll it back: failed SKUs keep their error and stay
        dirty, and a follow-up push is queued.
        """
        self.ensure_one()
        if not self.stock_sync_enabled:
            return _("Stock push is off for this shop.")
        return self._oms_guarded(self._oms_push_dirty_stock)

    def _oms_push_dirty_stock(self):
        # Consume this shop's pending stock changes (see oms.stock.change).
        self.env.cr.execute(
            "DELETE FROM oms_stock_change WHERE channel_id = %s"
            " RETURNING product_id, force",
            [self.id],
        )
        rows = self.env.cr.fetchall()
        changed = list({product_id for product_id, _force in rows})
        forced = {product_id for product_id, force in rows if force}
        bindings = self.env["oms.product.binding"].search(
            [
                ("channel_id", "=", self.id),
                ("active", "=", True),
                ("product_id", "!=", False),
                # bound by hand and not seen on the marketplace yet
                ("external_id", "!=", False),
                "|",
                ("stock_dirty", "=", True),
                ("product_id", "in", changed),
            ]
        )
        if not bindings:
            return _("Nothing to push.")
        free = self._oms_free_quantities(bindings.product_id)
        updates = []
        unchanged = self.env["oms.product.binding"]
        for binding in bindings:
            qty = self._oms_publishable_quantity(free.get(binding.product_id.id, 0.0))
            if (
                binding.last_pushed_qty == qty
                and binding.sync_state == "synced"
                and binding.product_id.id not in forced
            ):
                unchanged |= binding
            else:
                updates.append((binding, qty))
        unchanged.write({"stock_dirty": False})
        size = self._oms_stock_batch_size()
        pushed = failed = 0
        for start in range(0, len(updates), size):
            batch = updates[start : start + size]
            try:
                results = self._oms_call("_oms_push_stock_batch", batch)
            except RetryableJobError:
                if not pushed:
                    raise
                # Part of the stock is already published: keep it and come
                # back for the rest instead of rolling everything back.
                rest = self.env["oms.product.binding"].concat(
                    *(binding for binding, _qty in updates[start:])
                )
                rest.write({"stock_dirty": True})
                self._oms_enqueue(
                    "_oms_push_stock",
                    key="push_stock",
                    eta=fields.Datetime.now() + timedelta(seconds=60),
                )
                break
            pushed_now, failed_now = self._oms_record_stock_results(batch, results)
            pushed += pushed_now
            failed += failed_now
        self.last_stock_push = fields.Datetime.now()
        return _(
            "%(pushed)s pushed, %(failed)s failed, %(skipped)s unchanged",
            pushed=pushed,
            failed=failed,
            skipped=len(unchanged),
        )

    def _oms_record_stock_results(self, batch, results):
        """Write what the marketplace accepted or refused; return the counts."""
        Binding = self.env["oms.product.binding"]
        accepted_by_qty = defaultdict(lambda: Binding)
        refused = 0
        for binding, qty in batch:
            error = (results or {}).get(binding.id)
            if error:
                refused += 1
                binding.write(
                    {"sync_state": "error", "last_error": error, "stock_dirty": False}
                )
            else:
                accepted_by_qty[qty] |= binding
        now = fields.Datetime.now()
        for qty, bindings in accepted_by_qty.items():
            bindings.write(
                {
                    "last_pushed_qty": qty,
                    "last_stock_push": now,
                    "sync_state": "synced",
                    "last_error": False,
                    "stock_dirty": False,
                }
            )
        return len(batch) - refused, refused

    def _oms_report_partial(self, records, title, errors):
        """Part of a batch was accepted by the marketplace: note the rest.

        Raising would roll back what the marketplace already did, so the
        failures become a chatter note and a to-do activity instead.
        """
        message = "\n".join(errors)
        for record in records:
            record.message_post(
                body=_("%(title)s: %(message)s", title=title, message=message)
            )
        records[:1].activity_schedule(
            "oms_base.mail_activity_oms_attention",
            summary=title,
            note=message,
            user_id=self._oms_responsible().id,
        )

    # ------------------------------------------------------------------
    # Connector hooks (neutral defaults)
    # ------------------------------------------------------------------

    def _oms_test_connection(self):
        """Check the credentials against the marketplace.

        For a connector to support connection tests, it must override this
        method and return a short message describing the shop it reached.
        """
        self.ensure_one()
        raise UserError(_("No marketplace connector for shop %s.", self.display_name))

    def _oms_authorize_url(self, redirect_uri, state):
        """Return the marketplace page where the seller authorizes the app."""
        raise UserError(_("This platform has no authorization flow."))

    def _oms_exchange_code(self, code, **params):
        """Exchange an authorization code for tokens and store them."""
        raise UserError(_("This platform has no authorization flow."))

    def _oms_refresh_token(self):
        """Refresh the access token and store the new pair.

        Connectors override this; the default has nothing to refresh.
        """
        return False

    def _oms_fetch_order_pages(self, since, until):
        """Return the raw pages of orders updated in ``[since, until]``.

        Each page is a JSON-serializable dict holding complete orders (with
        their lines) that ``_oms_map_orders`` understands. It is stored as an
        ``oms.event`` before it is processed.
        """
        return []

    def _oms_fetch_order(self, external_id):
        """Return the raw payload of one order, as ``_oms_map_orders`` takes it."""
        raise UserError(_("This platform cannot fetch a single order."))

    def _oms_fetch_orders(self, external_ids):
        """Return the raw payload of several orders, fetched together.

        ``None`` (the default) when the platform has no batch fetch: each
        order push is then processed on its own with ``_oms_fetch_order``.
        """

    def _oms_order_events_to_batch(self, events):
        """The order pushes among ``events`` that a batch fetch may serve."""
        return events.filtered(lambda event: event.kind == "order")

    def _oms_map_orders(self, payload):
        """Turn a raw orders payload into a list of ``normalized.Order``."""
        return []

    def _oms_webhook_verify(self, headers, body, url):
        """Return True when the push message really comes from the marketplace."""
        return False

    def _oms_webhook_parse(self, body):
        """Split a verified push body into event values.

        Return a list of dicts with ``kind``, ``external_ref``, ``dedup_key``
        and ``payload`` keys, and if the push says them, ``sent_at`` (naive
        UTC datetime it was sent) and ``shop_ref`` (the marketplace's id of
        the shop it is about). Raise on a body that is not a push (see
        ``api_common.push``): anything raised is recorded as malformed.
        """
        return []

    def _oms_webhook_channel(self, shop_ref):
        """The shop a verified push naming ``shop_ref`` is about.

        Marketplaces send the pushes of all the shops of an app to one URL:
        this shop if ``shop_ref`` is empty or its own, another active shop
        of the same app (same credentials) with that id, else no shop.
        """
        self.ensure_one()
        if not shop_ref or shop_ref == (self.external_shop_id or ""):
            return self
        return self.browse()

    def _oms_process_event(self, event):
        """Process one stored event; return a short result message.

        The base handles ``orders_page`` (a pulled page) and ``order`` (a
        push about one order, fetched again for its current state); other
        kinds are the connector's. Raise to mark the event failed.
        """
        if event.kind == "orders_page":
            result = self._oms_import_payload(event._get_payload())
            return result.summary(self.env)
        if event.kind == "order":
            payload = self._oms_call("_oms_fetch_order", event.external_ref)
            return self._oms_import_payload(payload).summary(self.env)
        if event.kind == "settlement":
            return self._oms_process_settlement(event)
        if event.kind == "return":
            # Kept as received; the returns module turns it into pickings.
            return self.env._("Stored for the returns flow")
        return None

    def _oms_push_stock_batch(self, updates):
        """Publish quantities for one batch of ``(binding, quantity)``.

        Return a dict ``{binding_id: error message}`` for the SKUs the
        marketplace refused; the others are taken as published.
        """
        raise UserError(_("This platform cannot receive stock."))

    def _oms_push_price(self, bindings):
        """Publish the prices of ``bindings`` from the shop's pricelist."""
        raise UserError(_("This platform cannot receive prices."))

    def _oms_import_listings(self):
        """Job: import the shop's listings and bind them by seller SKU."""
        raise UserError(_("This platform cannot list products."))

    def _oms_get_cancel_reasons(self, order):
        """Return ``[(code, label)]`` the seller may give to cancel ``order``."""
        return []

    def _oms_cancel_order(self, order, reason_code):
        """Cancel ``order`` on the marketplace with the given reason code."""
        raise UserError(_("This platform cannot cancel orders."))

    def _oms_supports_partial_cancel(self):
        """Whether the platform cancels some items of an order, not only all.

        Connectors that do override this and ``_oms_cancel_order_lines``.
        """
        return False

    def _oms_cancel_order_lines(self, order, lines, reason_code):
        """Cancel the items of ``lines`` (sale lines of ``order``) on the
        marketplace with the given reason code; the rest of it goes on."""
        raise UserError(_("This platform cancels whole orders only."))

    def _oms_pack(self, pickings):
        """Pack ``pickings`` on the marketplace; write tracking on them."""
        raise UserError(_("This platform has no packing step."))

    def _oms_ready_to_ship(self, pickings):
        """Tell the marketplace ``pickings`` are ready for the carrier."""
        raise UserError(_("This platform has no ready-to-ship step."))

    def _oms_get_labels(self, pickings):
        """Return ``{picking: pdf bytes}`` with the carrier labels (AWB)."""
        raise UserError(_("This platform cannot print labels."))

    def _oms_fetch_settlements(self, date_from, date_to):
        """Return the marketplace's finance data for the period."""
        return []

    def _oms_map_settlements(self, raw):
        """Turn ``_oms_fetch_settlements`` data into settlement values.

        A list of dicts: ``reference``, ``date_from``, ``date_to``,
        ``payout_date``, ``currency`` (ISO code), ``payout_amount`` and
        ``lines`` (``external_order_ref``, ``kind``, ``amount`` signed from
        the seller's point of view, ``transaction_ref``, ``date``, ``label``).
        """
        return []

    def _oms_process_settlement(self, event):
        """Hand a stored statement to the settlement engine (accounting)."""
        return self.env._("Stored for the settlement engine")

    def _oms_fetch_returns(self, since):
        """Return the reverse orders (returns, refunds) updated since ``since``.

        A list of dicts with ``external_ref``, ``dedup_key`` (changes when
        the return changes) and the raw ``payload``; each is stored as an
        ``oms.event`` of kind ``return``.
        """
        return []

    def _oms_listing_create(self, bindings):
        """Create the listings of ``bindings`` on the marketplace."""
        raise UserError(_("This platform cannot create listings."))

    def _oms_listing_update(self, bindings):
        """Update the listings of ``bindings`` on the marketplace."""
        raise UserError(_("This platform cannot update listings."))

    def _oms_listing_delete(self, bindings):
        """Delete the listings of ``bindings`` on the marketplace."""
        raise UserError(_("This platform cannot delete listings."))

    def _oms_listing_set_active(self, bindings, active):
        """Activate or deactivate the listings of ``bindings``."""
        raise UserError(_("This platform cannot (de)activate listings."))
