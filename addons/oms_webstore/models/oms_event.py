from odoo import api, fields, models
from odoo.tools import SQL

from .. import const


class OmsEvent(models.Model):
    _inherit = "oms.event"

    direction = fields.Selection(
        [("in", "Received"), ("out", "Sent")],
        default="in",
        required=True,
        index=True,
        help="Received: a message from the marketplace or store. Sent: a "
        "webhook to a web store (replay sends it again).",
    )
    webhook_type = fields.Selection(
        [(name, name) for name in const.WEBHOOK_KINDS],
        readonly=True,
        help="What a webhook sent to a web store says (its X-Oms-Event).",
    )
    webstore_accepted = fields.Boolean(
        string="Accepted for Later",
        readonly=True,
        help="A create-order message the store asked to be answered at once "
        "(Prefer: respond-async): a job makes the order and a webhook tells "
        "the store (order.created, or order.failed).",
    )

    def init(self):
        # One waiting accepted message per order number: two identical
        # requests at the same instant would each store one (and the store
        # be told twice); the second now waits for the first and is refused.
        # Such twins stored before the index are marked duplicates first.
        self.env.cr.execute(
            """
            WITH pending AS (
                SELECT id, min(id) OVER (PARTITION BY channel_id, external_ref)
                           AS first_id
                  FROM oms_event
                 WHERE webstore_accepted
                   AND duplicate_of_id IS NULL
                   AND state IN ('new', 'failed')
            )
            UPDATE oms_event e
               SET duplicate_of_id = p.first_id, state = 'ignored'
              FROM pending p
             WHERE e.id = p.id AND p.id <> p.first_id
            """
        )
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS oms_event_webstore_accepted_uniq
                ON oms_event (channel_id, external_ref)
             WHERE webstore_accepted
               AND duplicate_of_id IS NULL
               AND state IN ('new', 'failed')
            """
        )
        return super().init()

    @api.model
    def _take_new_condition(self, channel):
        """Override of `oms_base`: a web store shop's processing job takes
        the store's messages; the webhooks to the store have delivery jobs
        of their own (with their backoff)."""
        if channel.platform != const.PLATFORM:
            return super()._take_new_condition(channel)
        return SQL("direction = 'in'")

    def _process(self):
        """Override: tell the store how its accepted orders turned out."""
        res = super()._process()
        accepted = self.filtered(
            lambda e: e.webstore_accepted and e.state in ("done", "failed")
        )
        for channel in accepted.channel_id:
            channel._webstore_notify_accepted(
                accepted.filtered(lambda e, c=channel: e.channel_id == c)
            )
        return res
