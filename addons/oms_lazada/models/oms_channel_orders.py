from oms_api_common import push

from odoo import _, models

from .. import mapping
from ..lazada_api import const, signing


class OmsChannel(models.Model):
    """Lazada orders and push messages."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_order_pages(self, since, until):
        if self.platform != "lazada":
            return super()._oms_fetch_order_pages(since, until)
        client = self._oms_client()
        orders = list(client.iter_orders(update_after=since, update_before=until))
        size = const.ORDERS_PAGE_SIZE
        pages = []
        for start in range(0, len(orders), size):
            chunk = orders[start : start + size]
            self._lazada_attach_items(client, chunk)
            pages.append({"orders": chunk})
        return pages

    def _lazada_attach_items(self, client, orders):
        ids = [order["order_id"] for order in orders]
        items_by_order = {
            str(entry["order_id"]): entry.get("order_items") or []
            for entry in client.get_multiple_order_items(ids)
        }
        for order in orders:
            order["items"] = items_by_order.get(str(order["order_id"]), [])

    def _oms_fetch_order(self, external_id):
        if self.platform != "lazada":
            return super()._oms_fetch_order(external_id)
        client = self._oms_client()
        order = client.get_order(external_id)
        order["items"] = client.get_order_items(external_id)
        return {"orders": [order]}

    def _oms_fetch_orders(self, external_ids):
        """Override of `oms_base`: Lazada has no multi-order read, but the
        items of up to 50 orders come in one call."""
        if self.platform != "lazada":
            return super()._oms_fetch_orders(external_ids)
        client = self._oms_client()
        orders = [client.get_order(external_id) for external_id in external_ids]
        self._lazada_attach_items(client, orders)
        return {"orders": orders}

    def _oms_map_orders(self, payload):
        if self.platform != "lazada":
            return super()._oms_map_orders(payload)
        return mapping.map_orders(payload, self.lazada_region)

    # ------------------------------------------------------------------
    # Push messages
    # ------------------------------------------------------------------

    def _oms_webhook_verify(self, headers, body, url):
        if self.platform != "lazada":
            return super()._oms_webhook_verify(headers, body, url)
        channel_sudo = self.sudo()
        return signing.verify_push(
            channel_sudo.lazada_app_key or "",
            channel_sudo.lazada_app_secret or "",
            body,
            headers.get("Authorization") or "",
        )

    def _oms_webhook_parse(self, body):
        if self.platform != "lazada":
            return super()._oms_webhook_parse(body)
        message = push.load_json_object(body)
        message_type = push.integer(message.get("message_type"), "message_type")
        kind = const.PUSH_KINDS.get(message_type, const.PUSH_KIND_OTHER)
        data = message.get("data") or {}
        if not isinstance(data, dict):
            raise push.MalformedPush("data is not an object")
        seller = push.identifier(message.get("seller_id"), "seller_id")
        stamp = push.identifier(message.get("timestamp"), "timestamp")
        updated = push.identifier(data.get("status_update_time"), "status_update_time")
        if kind == "order":
            ref = push.identifier(data.get("trade_order_id"), "trade_order_id", True)
            status = push.identifier(data.get("order_status"), "order_status")
            key = f"order:{ref}:{status}:{updated}"
        elif kind == "return":
            ref = push.identifier(data.get("reverse_order_id"), "reverse_order_id")
            line = push.identifier(
                data.get("reverse_order_line_id"), "reverse_order_line_id"
            )
            status = push.identifier(data.get("reverse_status"), "reverse_status")
            key = f"reverse:{line}:{status}:{updated}"
        elif kind == "product":
            ref = push.identifier(data.get("item_id") or data.get("itemId"), "item_id")
            key = f"product:{ref}:{stamp}"
        else:
            ref = seller
            key = f"push:{message_type}:{seller}:{stamp}"
        return [
            {
                "kind": kind,
                "external_ref": ref,
                "dedup_key": key,
                "payload": message,
                "shop_ref": seller,
                "sent_at": push.epoch(message.get("timestamp")),
            }
        ]

    def _oms_webhook_channel(self, shop_ref):
        """Override of `oms_base`: Lazada names the seller, by ``seller_id``."""
        if self.platform != "lazada":
            return super()._oms_webhook_channel(shop_ref)
        self.ensure_one()
        if shop_ref and shop_ref == (self.lazada_seller_id or ""):
            return self
        if not shop_ref:
            # Every Lazada push names its seller.
            return self.browse()
        # App credentials are manager-only; pushes arrive anonymously.
        channel_sudo = self.sudo()
        others = channel_sudo.search(
            [
                ("platform", "=", "lazada"),
                ("lazada_seller_id", "=", shop_ref),
                ("id", "!=", self.id),
            ]
        )
        return others.filtered(
            lambda other: (
                other.lazada_app_key == channel_sudo.lazada_app_key
                and other.lazada_app_secret == channel_sudo.lazada_app_secret
            )
        )[:1].with_env(self.env)

    def _oms_process_event(self, event):
        if self.platform != "lazada":
            return super()._oms_process_event(event)
        if event.kind == "product":
            return self._lazada_refresh_listing(event.external_ref)
        if event.kind == "auth_expiring":
            self._oms_try_refresh()
            return _("Token refreshed")
        return super()._oms_process_event(event)
