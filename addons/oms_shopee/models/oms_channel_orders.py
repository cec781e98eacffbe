from oms_api_common import push

from odoo import _, models

from .. import mapping
from ..shopee_api import ShopeeClient, const, signing

# Kinds of the events pushes become: their payload is a Shopee push.
PUSHED_KINDS = {*const.PUSH_KINDS.values(), const.PUSH_KIND_OTHER}


class OmsChannel(models.Model):
    """Shopee orders and push messages."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_order_pages(self, since, until):
        """Override of `oms_base` to pull Shopee orders updated in the range.

        The client cuts the range into 15-day windows and follows cursors;
        details come 50 orders per call, one page per call.
        """
        if self.platform != "shopee":
            return super()._oms_fetch_order_pages(since, until)
        client = self._oms_client()
        order_sns = [
            order["order_sn"]
            for order in client.iter_order_list(since, until, "update_time")
        ]
        size = const.ORDER_DETAIL_BATCH
        return [
            {"orders": client.get_order_detail(order_sns[start : start + size])}
            for start in range(0, len(order_sns), size)
        ]

    def _oms_fetch_order(self, external_id):
        """Override of `oms_base` to fetch one Shopee order's detail."""
        if self.platform != "shopee":
            return super()._oms_fetch_order(external_id)
        return {"orders": self._oms_client().get_order_detail([external_id])}

    def _oms_fetch_orders(self, external_ids):
        """Override of `oms_base`: details of 50 orders come in one call."""
        if self.platform != "shopee":
            return super()._oms_fetch_orders(external_ids)
        return {"orders": self._oms_client().get_order_detail(list(external_ids))}

    def _oms_order_events_to_batch(self, events):
        """Override of `oms_base`: only this shop's order status pushes; a
        tracking number or another shop's push keeps its own path."""
        events = super()._oms_order_events_to_batch(events)
        if self.platform != "shopee":
            return events
        return events.filtered(
            lambda event: (
                (payload := event._get_payload()).get("code") == const.PUSH_ORDER_STATUS
                and self._shopee_push_channel(payload) == self
            )
        )

    def _oms_map_orders(self, payload):
        """Override of `oms_base` to map Shopee order details."""
        if self.platform != "shopee":
            return super()._oms_map_orders(payload)
        return mapping.map_orders(payload, self.shopee_region or "")

    def _oms_import_payload(self, payload):
        """Override of `oms_base` to show Shopee's buyer cancellation requests.

        An order in IN_CANCEL still has to ship (neutral status to_ship) until
        the seller answers: it is flagged for a person, and unflagged when
        Shopee reports another status.
        """
        if self.platform != "shopee":
            return super()._oms_import_payload(payload)
        result = super()._oms_import_payload(payload)
        orders = {order.external_id: order for order in self._oms_map_orders(payload)}
        # A same-second IN_CANCEL <-> READY_TO_SHIP keeps the neutral status;
        # the importer applies it all the same (its fingerprint differs).
        sales = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.id), ("oms_external_id", "in", list(orders))]
        )
        sales._shopee_flag_buyer_cancellation(
            {sn: order.extra.get("buyer_cancel_reason") for sn, order in orders.items()}
        )
        return result

    # ------------------------------------------------------------------
    # Push messages
    # ------------------------------------------------------------------

    def _oms_webhook_verify(self, headers, body, url):
        """Override of `oms_base` to check Shopee's push signature.

        Shopee signs ``<callback url>|<body>`` with the partner key; ``url``
        is the URL Shopee called, exactly as received.
        """
        if self.platform != "shopee":
            return super()._oms_webhook_verify(headers, body, url)
        # The partner key is manager-only; pushes arrive anonymously.
        return signing.verify_push(
            self.sudo().shopee_partner_key or "",
            url,
            body,
            headers.get("Authorization") or "",
        )

    def _oms_webhook_parse(self, body):
        """Override of `oms_base` to turn a Shopee push into one event."""
        if self.platform != "shopee":
            return super()._oms_webhook_parse(body)
        message = ShopeeClient.parse_push(body)
        code, data = message["code"], message["data"]
        kind = const.PUSH_KINDS.get(code, const.PUSH_KIND_OTHER)
        # Partner-level pushes name no shop (0 or nothing).
        shop = push.identifier(message.get("shop_id") or "", "shop_id")
        stamp = push.identifier(message["timestamp"], "timestamp")
        msg_id = push.identifier(message.get("msg_id"), "msg_id")
        sent_at = push.epoch(message["timestamp"])
        if code == const.PUSH_ORDER_STATUS:
            ref = push.identifier(data.get("ordersn"), "ordersn", required=True)
            status = push.identifier(data.get("status"), "status")
            updated = push.identifier(data.get("update_time"), "update_time")
            key = f"order:{shop}:{ref}:{status}:{updated}"
        elif code == const.PUSH_TRACKING_NUMBER:
            ref = push.identifier(data.get("ordersn"), "ordersn", required=True)
            package = push.identifier(data.get("package_number"), "package_number")
            tracking = push.identifier(data.get("tracking_no"), "tracking_no")
            key = f"tracking:{shop}:{ref}:{package}:{tracking}"
        elif code == const.PUSH_SHIPPING_DOCUMENT_STATUS:
            ref = push.identifier(data.get("ordersn"), "ordersn")
            package = push.identifier(data.get("package_number"), "package_number")
            status = push.identifier(data.get("status"), "status")
            key = f"document:{shop}:{ref}:{package}:{status}"
        else:
            ref = shop
            key = f"push:{code}:{shop}:{msg_id or stamp}"
        return [
            {
                "kind": kind,
                "external_ref": ref,
                "dedup_key": key,
                "payload": message["raw"],
                "shop_ref": shop,
                "sent_at": sent_at,
            }
        ]

    def _oms_webhook_channel(self, shop_ref):
        """Override of `oms_base`: Shopee pushes all the app's shops to one
        URL; route a push to the shop it names, among those of the app."""
        if self.platform != "shopee":
            return super()._oms_webhook_channel(shop_ref)
        self.ensure_one()
        if not shop_ref or shop_ref == (self.external_shop_id or ""):
            return self
        # Partner credentials are manager-only; pushes arrive anonymously.
        channel_sudo = self.sudo()
        others = channel_sudo.search(
            [
                ("platform", "=", "shopee"),
                ("external_shop_id", "=", shop_ref),
                ("id", "!=", self.id),
            ]
        )
        return others.filtered(
            lambda other: (
                other.shopee_partner_id == channel_sudo.shopee_partner_id
                and other.shopee_partner_key == channel_sudo.shopee_partner_key
            )
        )[:1].with_env(self.env)

    def _oms_process_event(self, event):
        """Override of `oms_base` to handle Shopee's shop-level pushes."""
        if self.platform != "shopee":
            return super()._oms_process_event(event)
        payload = event._get_payload() if event.kind in PUSHED_KINDS else {}
        target = self._shopee_push_channel(payload)
        if target != self:
            # Shopee pushes every shop of the app to one URL.
            return target._oms_process_event(event)
        data = payload.get("data") or {}
        code = payload.get("code")
        if event.kind == "package" and code == const.PUSH_TRACKING_NUMBER:
            # then fetched again by the base, as any push about an order
            self._shopee_apply_tracking(
                data.get("ordersn"), data.get("package_number"), data.get("tracking_no")
            )
        elif event.kind == "auth_expiring":
            return self._oms_authorization_ends(
                mapping.parse_time(data.get("expire_before"))
            )
        elif event.kind == "auth_granted" or (
            event.kind == "package" and code == const.PUSH_SHIPPING_DOCUMENT_STATUS
        ):
            return _("Stored")
        return super()._oms_process_event(event)

    def _shopee_push_channel(self, payload):
        """Shop a push is about: this one, or another shop of the same app."""
        shop_id = str(payload.get("shop_id") or "")
        if not shop_id or shop_id == (self.external_shop_id or ""):
            return self
        other = self.search(
            [
                ("platform", "=", "shopee"),
                ("external_shop_id", "=", shop_id),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        # Partner ids are manager-only fields: compare them as superuser.
        if other and other.sudo().shopee_partner_id == self.sudo().shopee_partner_id:
            return other
        return self

    def _shopee_apply_tracking(self, order_sn, package_number, tracking_number):
        """Write a tracking number Shopee pushed on the order's picking."""
        if not tracking_number:
            return
        domain = [
            ("oms_channel_id", "=", self.id),
            ("sale_id.oms_external_id", "=", order_sn),
            ("state", "not in", ("done", "cancel")),
        ]
        if package_number:
            domain += [("oms_package_ref", "in", [package_number, False])]
        pickings = self.env["stock.picking"].search(domain, limit=1)
        vals = {"carrier_tracking_ref": tracking_number}
        if pickings.oms_fulfilment_state == "packed":
            vals["oms_fulfilment_state"] = "ready"
        pickings.write(vals)
