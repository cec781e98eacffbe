from datetime import timedelta

from oms_api_common import push

from odoo import _, models

from .. import mapping
from ..tiktok_api import TikTokClient, const


# One file per concern (authorization, orders and pushes, listings and
# stock, fulfilment) of the same hooks.
class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------

    def _oms_fetch_order_pages(self, since, until):
        """Override of `oms_base`: orders updated in ``[since, until)``
        (the base's window starts the overlap before the cursor), details 50
        per call, one page each."""
        if self.platform != "tiktok":
            return super()._oms_fetch_order_pages(since, until)
        self._tiktok_require_shop()
        client = self._oms_client()
        # TikTok's bounds are whole seconds, the upper one excluded: the
        # second of ``until`` is in.
        until = until + timedelta(seconds=1)
        order_ids = [
            order["id"]
            for order in client.iter_orders(update_time_ge=since, update_time_lt=until)
        ]
        return self._oms_order_pages(
            order_ids, const.ORDER_DETAIL_BATCH, client.get_orders
        )

    def _oms_fetch_order(self, external_id):
        if self.platform != "tiktok":
            return super()._oms_fetch_order(external_id)
        self._tiktok_require_shop()
        return {"orders": self._oms_client().get_orders([external_id])}

    def _oms_fetch_orders(self, external_ids):
        """Override of `oms_base`: details of 50 orders come in one call."""
        if self.platform != "tiktok":
            return super()._oms_fetch_orders(external_ids)
        self._tiktok_require_shop()
        return {"orders": self._oms_client().get_orders(list(external_ids))}

    def _oms_map_orders(self, payload):
        if self.platform != "tiktok":
            return super()._oms_map_orders(payload)
        return mapping.map_orders(payload)

    def _oms_import_payload(self, payload):
        """Override of `oms_base` to flag buyers' cancellation requests and
        follow the buyers' changes of delivery address."""
        result = super()._oms_import_payload(payload)
        if self.platform != "tiktok":
            return result
        orders = self._oms_map_orders(payload)
        asking = {
            order.external_id: order.extra.get("buyer_cancel_request")
            for order in orders
        }
        sales = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.id),
                ("oms_external_id", "in", list(asking)),
            ]
        )
        sales._tiktok_flag_buyer_cancellation(asking)
        moved = [order for order in orders if order.extra.get("address_updated")]
        if moved:
            sales._tiktok_follow_address(
                moved, self.env["oms.order.importer"]._match_partners(self, moved)
            )
        return result

    # ------------------------------------------------------------------
    # Webhooks
    # ------------------------------------------------------------------

    def _oms_webhook_verify(self, headers, body, url):
        """Override of `oms_base`: ``Authorization`` is HMAC-SHA256 keyed
        with the app secret over the app key and the raw body."""
        if self.platform != "tiktok":
            return super()._oms_webhook_verify(headers, body, url)
        # App credentials are manager-only; webhooks arrive anonymously.
        channel_sudo = self.sudo()
        if not (channel_sudo.tiktok_app_key and channel_sudo.tiktok_app_secret):
            return False
        return self._oms_client().verify_webhook(
            body, headers.get("Authorization") or ""
        )

    def _oms_webhook_parse(self, body):
        if self.platform != "tiktok":
            return super()._oms_webhook_parse(body)
        return mapping.webhook_events(TikTokClient.parse_webhook(body))

    def _oms_webhook_channel(self, shop_ref):
        """Override of `oms_base`: one app, one webhook URL for all the
        seller's shops; every webhook names its shop (``shop_id``)."""
        if self.platform != "tiktok":
            return super()._oms_webhook_channel(shop_ref)
        if not shop_ref:
            return self.browse()
        return self._oms_same_app_channel(
            shop_ref, "external_shop_id", ("tiktok_app_key", "tiktok_app_secret")
        )

    def _oms_process_event(self, event):
        if self.platform != "tiktok":
            return super()._oms_process_event(event)
        if event.kind == "auth_expiring":
            data = event._get_payload().get("data") or {}
            return self._oms_authorization_ends(push.epoch(data.get("expiration_time")))
        if event.kind == "product":
            return self._tiktok_refresh_listing(event.external_ref)
        if event.kind == "other":
            return _("Stored")
        return super()._oms_process_event(event)
