import hashlib
import json
from datetime import timedelta

from odoo import _, api, fields, models

# Events one processing job takes; at most this many orders share a fetch.
EVENT_BATCH_SIZE = 200


class OmsChannelSync(models.AbstractModel):
    """A shop's pulls (``oms.channel``): orders, returns and finance data
    stored as events, and the processing of stored events. Methods of
    ``oms.channel``, kept apart."""

    _name = "oms.channel.sync"
    _description = "Marketplace Shop: Order, Return and Finance Pulls"

    @api.model
    def _cron_sync_orders(self):
        self.search([("state", "=", "connected")])._oms_queue_periodic_work()

    def _oms_queue_periodic_work(self):
        """What the 5-minute cron queues for these shops: the order pull,
        events waiting without a job, stock left unpublished."""
        connected = self.filtered(lambda channel: channel.state == "connected")
        pulling = connected.filtered(
            lambda channel: channel.order_sync_enabled and channel.support_order_pull
        )
        for channel in pulling:
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

    def _oms_sync_orders(self):
        """Job: pull orders updated since the cursor (minus the overlap)."""
        self.ensure_one()
        if not self.support_order_pull:
            return self.env._("The platform pushes its orders: nothing to pull.")
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
        self._oms_write_stamps({"order_sync_cursor": now, "last_order_sync": now})
        return self.env._("%(count)s page(s) pulled", count=len(pages))

    @api.model
    def _cron_sync_returns(self):
        channels = self.search([("state", "=", "connected")])
        for channel in channels.filtered("support_returns"):
            channel._oms_enqueue("_oms_sync_returns", key="sync_returns")

    def _oms_sync_returns(self):
        """Job: store the marketplace's reverse orders for the returns flow."""
        self.ensure_one()
        return self._oms_guarded(self._oms_pull_returns)

    def _oms_pull_returns(self):
        now = fields.Datetime.now()
        since = self.returns_sync_cursor or now - timedelta(days=30)
        returns = self._oms_call("_oms_fetch_returns", since)
        events = self.env["oms.event"]._store(
            [
                {
                    "channel_id": self.id,
                    "kind": "return",
                    "external_ref": ret.external_id,
                    "dedup_key": ret.dedup_key,
                    "payload": ret.to_payload(),
                }
                for ret in returns
            ]
        )
        events.filtered(lambda e: e.state == "new")._process()
        self._oms_write_stamps({"returns_sync_cursor": now})
        return self.env._("%(count)s return(s) stored", count=len(events))

    def _oms_sync_finance(self, date_from, date_to):
        """Job: store the marketplace's finance data of a period.

        Each statement/payout becomes an ``oms.event`` of kind
        ``finance`` (the ``normalized.Settlement`` that
        ``_oms_map_settlements`` returns, as its payload), deduplicated on
        its content, for the settlement engine.
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
            payload = json.dumps(settlement.to_payload(), sort_keys=True)
            digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
            values.append(
                {
                    "channel_id": self.id,
                    "kind": "finance",
                    "external_ref": settlement.reference,
                    "dedup_key": f"settlement:{settlement.reference}:{digest}",
                    "payload": payload,
                }
            )
        events = self.env["oms.event"]._store(values)
        events.filtered(lambda e: e.state == "new")._process()
        if not events.filtered(lambda e: e.state == "failed"):
            self._oms_finance_synced(date_to)
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
        queues the next one. Either way the events are locked, and those
        another job is processing are left to it.
        """
        self.ensure_one()
        Event = self.env["oms.event"]
        if event_ids is not None:
            events = Event.browse(event_ids).exists()._lock_for_processing()
        else:
            events = Event._take_new(self, EVENT_BATCH_SIZE)
        self._oms_guarded(events._process)
        if event_ids is None and len(events) == EVENT_BATCH_SIZE:
            self._oms_enqueue("_oms_process_events", key="process_events")
        return _("%(count)s event(s) processed", count=len(events))

    def _oms_import_returns(self, returns):
        """Take in ``normalized.Return`` objects of this shop; return a
        short result message.

        The base keeps them on their events only; the returns module
        (oms_returns) makes its return records of them.
        """
        return self.env._("Stored for the returns flow")

    def _oms_import_payload(self, payload):
        """Map a marketplace payload to normalized orders and import them."""
        orders = self._oms_map_orders(payload)
        return self.env["oms.order.importer"]._import_orders(self, orders)
