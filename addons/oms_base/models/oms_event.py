import json
import logging
from datetime import timedelta

from psycopg2.errors import DeadlockDetected, LockNotAvailable, SerializationFailure

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.queue_job.exception import RetryableJobError

from ..exceptions import OmsAuthorizationLost

# Two jobs touched the same rows (shops sharing stock): not the event's
# fault. Raised, the job runs again in a fresh transaction.
CONCURRENCY_ERRORS = (
    RetryableJobError,
    SerializationFailure,
    DeadlockDetected,
    LockNotAvailable,
)


def _retry_later(error):
    """Whether ``error`` is the job's to retry rather than the event's to
    fail: rows shared with another job, a marketplace busy or down, a shop
    waiting for its authorization (``transient`` typed errors)."""
    return isinstance(error, CONCURRENCY_ERRORS) or bool(
        getattr(error, "transient", False)
    )


_logger = logging.getLogger(__name__)

# What an event is about, the same words for every marketplace. Pulls store
# ``orders_page``, ``return`` and ``finance`` events; each connector maps its
# push types to these kinds in its ``<platform>_api/const.py`` (a plain dict
# ``PUSH_KINDS``, push type -> kind, "other" for the rest) and returns them
# from ``_oms_webhook_parse``. What the push says beyond its kind stays in
# its payload, for the connector's ``_oms_process_event``. A new neutral kind
# is added here, for all connectors, never by one of them.
EVENT_KINDS = [
    ("orders_page", "Orders page"),
    ("order", "Order"),
    ("package", "Package"),
    ("return", "Return"),
    ("product", "Product"),
    ("finance", "Finance"),
    ("auth_granted", "Authorization granted"),
    ("auth_revoked", "Authorization revoked"),
    ("auth_expiring", "Authorization expiring"),
    ("chat", "Chat"),
    ("webhook", "Unreadable push"),
    ("other", "Other"),
]

# Orders fetched per call and imported per savepoint when pushes are batched.
BATCH_FETCH = 50
# Events one run of the cleaning cron deletes; it runs again for the rest.
CLEAN_BATCH = 10000
# (states, retention parameter, default days); 0 days keeps them forever.
RETENTION = [
    (("done", "ignored"), "oms_base.event_retention_days", 90),
    (("refused",), "oms_base.event_refused_retention_days", 14),
    (("failed",), "oms_base.event_failed_retention_days", 180),
]


class OmsEvent(models.Model):
    """An inbound marketplace message or polled page, stored before processing.

    Storing first is what lets us acknowledge a push fast, survive a crash in
    the middle of processing, and replay anything that failed.
    """

    _name = "oms.event"
    _description = "Marketplace Event"
    _order = "id desc"
    _rec_name = "external_ref"

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    platform = fields.Selection(related="channel_id.platform", store=True)
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    kind = fields.Selection(
        EVENT_KINDS,
        required=True,
        index=True,
        help="What the message is about: an order changed (status, "
        "address...), a package (tracking number, shipping document), a "
        "return, a product, finance data, the shop's authorization, a chat "
        "message, or a push that could not be read.",
    )
    external_ref = fields.Char(
        string="External Reference", index=True, help="Order, item or page id."
    )
    dedup_key = fields.Char(
        index=True,
        help="Identifies the same message when the marketplace sends it twice.",
    )
    payload = fields.Text(string="Raw Payload", required=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("ignored", "Ignored"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        index=True,
    )
    result = fields.Char(readonly=True)
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)
    processed_at = fields.Datetime(readonly=True)
    auth_failure = fields.Boolean(
        readonly=True, help="Failed because the shop lost its authorization."
    )
    duplicate_of_id = fields.Many2one(
        "oms.event", readonly=True, index="btree_not_null"
    )
    sent_at = fields.Datetime(
        string="Sent", readonly=True, help="When the marketplace sent the push."
    )
    # What is kept of a push that was refused: its payload is only an excerpt.
    refusal = fields.Selection(
        [
            ("signature", "Invalid signature"),
            ("too_large", "Too large"),
            ("no_length", "No length"),
            ("malformed", "Malformed"),
            ("other_shop", "Unknown shop"),
            ("stale", "Stale or replayed"),
        ],
        readonly=True,
    )
    body_size = fields.Integer(string="Size (bytes)", readonly=True)
    body_sha256 = fields.Char(string="SHA-256", readonly=True)
    remote_addr = fields.Char(string="Sender Address", readonly=True)
    request_headers = fields.Text(readonly=True)
    unrecorded_count = fields.Integer(
        string="Not Recorded",
        readonly=True,
        help="Pushes refused for this shop in the same minute after this one, "
        "counted but not recorded.",
    )

    @api.model
    def _store(self, vals_list, state="new"):
        """Create events from values whose ``payload`` may be a dict.

        A message whose dedup key was already stored for the shop is kept
        as ``ignored``, pointing at the first one.
        """
        keyed = [vals for vals in vals_list if vals.get("dedup_key")]
        first_by_key = {}
        if keyed:
            channel_ids = list({vals["channel_id"] for vals in keyed})
            rows = self.search_read(
                [
                    ("channel_id", "in", channel_ids),
                    ("dedup_key", "in", [vals["dedup_key"] for vals in keyed]),
                    ("duplicate_of_id", "=", False),
                ],
                ["channel_id", "dedup_key"],
            )
            first_by_key = {
                (row["channel_id"][0], row["dedup_key"]): row["id"] for row in rows
            }
        to_create = []
        for vals in vals_list:
            vals = dict(vals)
            if not isinstance(vals.get("payload"), str):
                vals["payload"] = json.dumps(vals.get("payload"), default=str)
            vals.setdefault("state", state)
            first = first_by_key.get((vals["channel_id"], vals.get("dedup_key")))
            if first and vals["state"] == "new":
                vals.update(
                    state="ignored",
                    duplicate_of_id=first,
                    result=_("Duplicate of an event already received"),
                )
            to_create.append(vals)
        return self.create(to_create)

    def _lock_for_processing(self):
        """These events, locked for this transaction, that wait for processing.

        As ``_take_new`` for events named by id (a replay): those another
        job holds are skipped, not waited for, so that two replays, or a
        replay and the shop's processing job, never process one twice.
        """
        if not self:
            return self
        self.flush_recordset(["state"])
        self.env.cr.execute(
            """
            SELECT id FROM oms_event
             WHERE id IN %s AND state IN ('new', 'failed')
             ORDER BY id
               FOR UPDATE SKIP LOCKED
            """,
            [tuple(self.ids)],
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _get_payload(self):
        self.ensure_one()
        try:
            return json.loads(self.payload)
        except ValueError as err:
            raise UserError(_("The payload is not valid JSON: %s", err)) from err

    @api.model
    def _take_new(self, channel, limit):
        """Up to ``limit`` new events of ``channel``, oldest first, locked.

        Rows another processing job holds are skipped, not waited for: two
        jobs of one shop never process the same event.
        """
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM oms_event
                 WHERE channel_id = %s AND state = 'new' AND %s
                 ORDER BY id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                channel.id,
                self._take_new_condition(channel),
                limit,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _take_new_condition(self, channel):
        """SQL condition on the new events of ``channel`` that its
        processing job takes (all of them here; a platform that queues
        other events with jobs of their own narrows it)."""
        return SQL("TRUE")

    def _process(self):
        """Process new events, each in its own savepoint.

        Order pushes are first served in batches where the platform can
        fetch several orders at once; what a batch could not do falls back
        to the event-by-event path. A failing event is marked failed with
        its error; the others go on. Transient errors propagate, so that the
        job retries.
        """
        todo = self.filtered(lambda e: e.state in ("new", "failed"))
        done = self.browse()
        for channel in todo.channel_id:
            done |= todo.filtered(
                lambda e, c=channel: e.channel_id == c
            )._process_order_batch(channel)
        for event in todo - done:
            event.attempts += 1
            try:
                with self.env.cr.savepoint():
                    result = event.channel_id._oms_process_event(event)
            except OmsAuthorizationLost as lost:
                event.channel_id._oms_set_state_from_error(lost.error)
                event.write(
                    {
                        "state": "failed",
                        "auth_failure": True,
                        "error": str(lost),
                        "processed_at": fields.Datetime.now(),
                    }
                )
                continue
            except Exception as err:  # any other failure is recorded
                if _retry_later(err):
                    raise
                _logger.info("OMS event %s failed: %s", event.id, err)
                event.write(
                    {
                        "state": "failed",
                        "error": str(err) or err.__class__.__name__,
                        "processed_at": fields.Datetime.now(),
                    }
                )
                continue
            event.write(
                {
                    "state": "done" if result is not None else "ignored",
                    "result": result or _("No handler for this kind of event"),
                    "error": False,
                    "processed_at": fields.Datetime.now(),
                }
            )
        return True

    def _process_order_batch(self, channel):
        """Serve the order pushes of ``channel`` among these events together.

        The newest state of each order is fetched once however many pushes
        it got, ``BATCH_FETCH`` orders per call, and imported in one go.
        Return the events handled; a batch that fails for another reason
        than a transient error is left to the event-by-event path, which
        records which order is at fault.
        """
        events = channel._oms_order_events_to_batch(self)
        refs = list(dict.fromkeys(events.mapped("external_ref")))
        if len(refs) < 2:
            return self.browse()
        handled = self.browse()
        for start in range(0, len(refs), BATCH_FETCH):
            chunk = refs[start : start + BATCH_FETCH]
            chunk_events = events.filtered(lambda e, c=chunk: e.external_ref in c)
            try:
                with self.env.cr.savepoint():
                    payload = channel._oms_call("_oms_fetch_orders", chunk)
                    if payload is None:
                        return handled
                    result = channel._oms_import_payload(payload)
            except Exception as err:  # any other: retried one by one below
                if _retry_later(err):
                    raise
                _logger.info("OMS batch of shop %s fell back: %s", channel.id, err)
                continue
            chunk_events.write(
                {
                    "state": "done",
                    "attempts": max(chunk_events.mapped("attempts")) + 1,
                    "result": _(
                        "Batch of %(count)s orders: %(summary)s",
                        count=len(chunk),
                        summary=result.summary(self.env),
                    ),
                    "error": False,
                    "processed_at": fields.Datetime.now(),
                }
            )
            handled |= chunk_events
        return handled

    def _enqueue_processing(self):
        for channel in self.channel_id:
            channel._oms_enqueue("_oms_process_events", key="process_events")

    def action_replay(self):
        """Process the events again, as a job of their shop.

        The job runs as the shop's Marketplace Bot, so a replay has the
        rights of an import whoever clicks it, and the queue retries it
        while the marketplace is busy or down.
        """
        if not self.env.user.has_group("oms_base.group_oms_manager"):
            raise UserError(_("Only OMS managers can replay events."))
        events = self.filtered(
            lambda e: e.state in ("new", "failed", "ignored", "done")
        )
        events.write({"state": "new", "error": False})
        for channel in events.channel_id:
            channel._oms_enqueue(
                "_oms_process_events",
                events.filtered(lambda e, c=channel: e.channel_id == c).ids,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": _("%s event(s) queued for processing.", len(events)),
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _count_unrecorded(self):
        """Count one more refused push on this record, the last one recorded."""
        self.ensure_one()
        # A flood hits this row from concurrent requests: a lost count is
        # better than waiting for the row or failing the request.
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """
                    UPDATE oms_event
                       SET unrecorded_count = COALESCE(unrecorded_count, 0) + 1
                     WHERE id IN (SELECT id FROM oms_event WHERE id = %s
                                     FOR UPDATE SKIP LOCKED)
                    """,
                    [self.id],
                    log_exceptions=False,
                )
        except SerializationFailure:
            return
        self.invalidate_recordset(["unrecorded_count"])

    @api.model
    def _cron_clean_events(self):
        """Delete events older than their state's retention period.

        Events still waiting are never deleted; failed ones are kept longer
        than processed ones, refused ones (metadata of a refused push) the
        shortest. Periods are in days, in the ``RETENTION`` parameters.
        """
        params = self.env["ir.config_parameter"].sudo()
        now = fields.Datetime.now()
        domains = []
        for states, key, default in RETENTION:
            try:
                days = int(params.get_param(key, default))
            except ValueError:
                _logger.warning("Invalid %s, using %s days", key, default)
                days = default
            if days > 0:
                domains.append(
                    [
                        ("state", "in", states),
                        ("create_date", "<", now - timedelta(days=days)),
                    ]
                )
        if not domains:
            return
        domain = expression.OR(domains)
        events = self.search(domain, limit=CLEAN_BATCH)
        events.unlink()
        remaining = self.search_count(domain) if len(events) == CLEAN_BATCH else 0
        self.env["ir.cron"]._notify_progress(done=len(events), remaining=remaining)
