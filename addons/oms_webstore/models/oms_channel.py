import hashlib
import hmac
import json
import logging
import secrets
from datetime import timedelta

import requests

from odoo import _, api, fields, models

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP

from .. import const, mapping

_logger = logging.getLogger(__name__)


class WebhookDeliveryError(Exception):
    """The store did not take a webhook (the event keeps the reason)."""


class OmsChannel(models.Model):
    _name = "oms.channel"
    _inherit = ["oms.channel", "oms.channel.webstore.api"]

    platform = fields.Selection(
        selection_add=[(const.PLATFORM, "Web Store")],
        ondelete={const.PLATFORM: "set default"},
    )
    webstore_key_ids = fields.One2many(
        "oms.webstore.key", "channel_id", string="API Keys", groups=MANAGER_GROUP
    )
    webstore_webhook_url = fields.Char(
        string="Store Webhook URL",
        help="Order and parcel status changes are posted here, signed with "
        "the webhook secret (header X-Oms-Signature: sha256=<hex HMAC>).",
    )
    webstore_webhook_secret = fields.Char(
        string="Webhook Secret",
        groups=MANAGER_GROUP,
        copy=False,
        help="Made with the web store shop: the store checks each webhook's "
        "signature with it.",
    )
    webstore_api_url = fields.Char(
        string="API Root", compute="_compute_webstore_api_url"
    )
    webstore_docs_url = fields.Char(
        string="API Documentation", compute="_compute_webstore_api_url"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the webhook secret exists where webhooks are sent: web store shops
        default_platform = self.env.context.get("default_platform")
        for vals in vals_list:
            platform = vals.get("platform", default_platform)
            if platform == const.PLATFORM and not vals.get("webstore_webhook_secret"):
                vals["webstore_webhook_secret"] = secrets.token_hex(32)
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("platform") == const.PLATFORM:
            # a shop becoming a web store gets its secret; it is manager data
            # that whoever may change the platform does not necessarily read
            for channel_sudo in self.sudo().filtered(
                lambda c: not c.webstore_webhook_secret
            ):
                channel_sudo.webstore_webhook_secret = secrets.token_hex(32)
        return res

    @api.depends("platform")
    def _compute_feature_support_fields(self):
        """Override of `oms_base`: the web store's orders are cancelled from
        Odoo whole or by line (the store hears it by webhook), and its
        buyers' cancellation requests are answered here; its orders are
        pushed through the API, never pulled."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == const.PLATFORM).update(
            {
                "support_order_cancel": True,
                "support_partial_cancel": True,
                "support_buyer_cancellation": True,
                "support_order_pull": False,
            }
        )
        return res

    @api.depends("platform")
    def _compute_webstore_api_url(self):
        for channel in self:
            base = f"{channel.get_base_url()}{const.API_ROOT}"
            is_store = channel.platform == const.PLATFORM
            channel.webstore_api_url = base if is_store else False
            channel.webstore_docs_url = f"{base}/docs" if is_store else False

    def action_webstore_new_key(self):
        self.ensure_one()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("New API Key"),
            "res_model": "oms.webstore.key.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_channel_id": self.id},
        }

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _oms_test_connection(self):
        """Override of `oms_base`: a web store calls us; say what it uses."""
        if self.platform != const.PLATFORM:
            return super()._oms_test_connection()
        # keys are manager data; the count is what the person asked
        keys = self.sudo().webstore_key_ids
        return _(
            "%(count)s active API key(s); the API is at %(url)s",
            count=len(keys),
            url=self.webstore_api_url,
        )

    def _oms_process_event(self, event):
        """Override of `oms_base`: an inbound event holds a store message
        already mapped to a ``normalized.Order`` (import it); an outbound
        one is a webhook to deliver."""
        if self.platform != const.PLATFORM:
            return super()._oms_process_event(event)
        if event.direction == "out":
            return self._webstore_deliver(event)
        if event.kind == "order":
            order = mapping.order_from_payload(event._get_payload()["order"])
            result = self.env["oms.order.importer"]._import_orders(self, [order])
            return result.summary(self.env)
        return super()._oms_process_event(event)

    def _oms_order_events_to_batch(self, events):
        """Override of `oms_base`: the store's messages carry their order,
        nothing is fetched."""
        if self.platform != const.PLATFORM:
            return super()._oms_order_events_to_batch(events)
        return events.browse()

    def _oms_get_cancel_reasons(self, order):
        """Override of `oms_base`: the store takes any reason."""
        if self.platform != const.PLATFORM:
            return super()._oms_get_cancel_reasons(order)
        return [
            ("out_of_stock", _("Out of stock")),
            ("customer_request", _("Customer request")),
            ("address_issue", _("Undeliverable address")),
            ("other", _("Other")),
        ]

    def _oms_cancel_order(self, order, reason_code):
        """Override of `oms_base`: nothing to call, the store hears the
        cancellation by webhook once the order is cancelled in Odoo."""
        if self.platform != const.PLATFORM:
            return super()._oms_cancel_order(order, reason_code)
        return True

    def _oms_cancel_order_lines(self, order, lines, reason_code):
        """Override of `oms_base`: as ``_oms_cancel_order``, by line."""
        if self.platform != const.PLATFORM:
            return super()._oms_cancel_order_lines(order, lines, reason_code)
        self._webstore_queue_webhooks(
            [
                (
                    const.WEBHOOK_ORDER_STATUS,
                    order.oms_external_id,
                    {
                        "order_no": order.oms_external_id,
                        "status": order.oms_status,
                        "cancelled_lines": lines.mapped("oms_external_id"),
                        "reason": reason_code,
                    },
                )
            ]
        )
        return True

    def _oms_stock_batch_size(self):
        """Override of `oms_base`: one webhook carries up to 500 SKUs."""
        if self.platform != const.PLATFORM:
            return super()._oms_stock_batch_size()
        return 500

    def _oms_push_stock_batch(self, updates):
        """Override of `oms_base`: the store reads the stock feed; changed
        quantities are also posted to it as one ``stock.changed`` webhook."""
        if self.platform != const.PLATFORM:
            return super()._oms_push_stock_batch(updates)
        if self.webstore_webhook_url:
            items = [
                {
                    "sku": binding.seller_sku,
                    "sku_id": binding.external_id,
                    "quantity": qty,
                }
                for binding, qty in updates
            ]
            self._webstore_queue_webhooks(
                [(const.WEBHOOK_STOCK, "stock", {"items": items})]
            )
        return {}

    # ------------------------------------------------------------------
    # Outbound webhooks
    # ------------------------------------------------------------------

    def _webstore_queue_webhooks(self, messages):
        """Record ``(type, reference, data)`` messages for this shop's store
        as outbound events and queue their delivery; nothing without a
        webhook URL."""
        self.ensure_one()
        if not self.webstore_webhook_url or not messages:
            return self.env["oms.event"]
        now = fields.Datetime.now()
        vals_list = []
        for webhook_type, reference, data in messages:
            body = {
                "type": webhook_type,
                "shop_id": self.id,
                "occurred_at": now.isoformat() + "Z",
                "data": data,
            }
            vals_list.append(
                {
                    "channel_id": self.id,
                    "direction": "out",
                    "kind": const.WEBHOOK_KINDS[webhook_type],
                    "webhook_type": webhook_type,
                    "external_ref": reference,
                    "payload": json.dumps(body, default=str, sort_keys=True),
                }
            )
        # Any user's action (a picking validated) may change a status the
        # store must hear about; outbound events are technical records.
        events = self.env["oms.event"].sudo()._store(vals_list)
        self._oms_enqueue("_webstore_deliver_webhooks", events.ids)
        return events

    def _webstore_notify_accepted(self, events):
        """Tell the store how the create messages it had answered at once
        (``events``, processed) turned out: ``order.created`` with the
        order, or ``order.failed`` with the reason."""
        self.ensure_one()
        refs = events.filtered(lambda e: e.state == "done").mapped("external_ref")
        sales = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.id), ("oms_external_id", "in", refs)]
        )
        by_ref = {sale.oms_external_id: sale for sale in sales}
        messages = []
        for event in events:
            sale = by_ref.get(event.external_ref)
            if event.state == "done" and sale:
                data = {
                    "order_no": sale.oms_external_id,
                    "reference": sale.name,
                    "status": sale.oms_status or "",
                    "needs_attention": sale.oms_needs_attention,
                }
                messages.append((const.WEBHOOK_ORDER_CREATED, event.external_ref, data))
            else:
                data = {
                    "order_no": event.external_ref,
                    "error": event.error or event.result or "",
                }
                messages.append((const.WEBHOOK_ORDER_FAILED, event.external_ref, data))
        return self._webstore_queue_webhooks(messages)

    def _webstore_deliver_webhooks(self, event_ids, attempt=1):
        """Job: deliver these outbound events; those the store did not take
        are tried again later, spaced by ``WEBHOOK_BACKOFF``, until
        ``WEBHOOK_MAX_ATTEMPTS`` (then they stay failed, replayable)."""
        self.ensure_one()
        events = self.env["oms.event"].browse(event_ids).exists()
        events = events.filtered(lambda e: e.direction == "out")._lock_for_processing()
        events._process()
        failed = events.filtered(lambda e: e.state == "failed")
        retry = failed.filtered(lambda e: e.attempts < const.WEBHOOK_MAX_ATTEMPTS)
        if retry:
            delay = const.WEBHOOK_BACKOFF[
                min(attempt - 1, len(const.WEBHOOK_BACKOFF) - 1)
            ]
            self._oms_enqueue(
                "_webstore_deliver_webhooks",
                retry.ids,
                attempt=attempt + 1,
                eta=fields.Datetime.now() + timedelta(seconds=delay),
            )
        return _(
            "%(done)s delivered, %(failed)s failed (%(retry)s to retry)",
            done=len(events) - len(failed),
            failed=len(failed),
            retry=len(retry),
        )

    def _webstore_sign(self, body):
        """``sha256=<hex>``: HMAC-SHA256 of ``body`` (bytes) with the secret."""
        # the secret is manager data; the bot's jobs sign with it
        secret = self.sudo().webstore_webhook_secret or ""
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return f"sha256={digest}"

    def _webstore_deliver(self, event):
        """Post one outbound event to the store; raise when it refuses."""
        self.ensure_one()
        if not self.webstore_webhook_url:
            raise WebhookDeliveryError(_("The shop has no store webhook URL."))
        body = event.payload.encode()
        headers = {
            "Content-Type": "application/json",
            const.SIGNATURE_HEADER: self._webstore_sign(body),
            const.EVENT_HEADER: event.webhook_type or "",
            const.DELIVERY_HEADER: str(event.id),
        }
        try:
            response = requests.post(
                self.webstore_webhook_url,
                data=body,
                headers=headers,
                timeout=const.WEBHOOK_TIMEOUT,
            )
        except requests.RequestException as err:
            raise WebhookDeliveryError(
                _("The store cannot be reached: %s", type(err).__name__)
            ) from err
        if not 200 <= response.status_code < 300:
            raise WebhookDeliveryError(
                _(
                    "The store answered HTTP %(status)s: %(text)s",
                    status=response.status_code,
                    text=response.text[:200],
                )
            )
        return _("Delivered (HTTP %s)", response.status_code)
