import logging
from datetime import timedelta

from oms_api_common import push

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP, PlatformDefaults

from .. import mapping
from ..lazada_api import LazadaClient, const, signing

_logger = logging.getLogger(__name__)


class OmsChannel(models.Model):
    _inherit = "oms.channel"
    _oms_platform_defaults = PlatformDefaults(
        "lazada",
        region_field="lazada_venture",
        default_region="sg",
        production_url=const.GATEWAYS,
        sandbox_url=f"{const.SANDBOX_URL}/rest",
    )

    platform = fields.Selection(
        selection_add=[("lazada", "Lazada")], ondelete={"lazada": "set default"}
    )
    lazada_venture = fields.Selection(
        [
            ("sg", "Singapore"),
            ("th", "Thailand"),
            ("my", "Malaysia"),
            ("vn", "Vietnam"),
            ("ph", "Philippines"),
            ("id", "Indonesia"),
        ],
        default="sg",
    )
    lazada_app_key = fields.Char(string="App Key", groups=MANAGER_GROUP, copy=False)
    lazada_app_secret = fields.Char(
        string="App Secret", groups=MANAGER_GROUP, copy=False
    )
    lazada_auth_url = fields.Char(
        string="Auth URL",
        compute="_compute_lazada_auth_url",
        store=True,
        readonly=False,
        precompute=True,
        help="Token endpoint host; https://auth.lazada.com/rest in production.",
    )
    lazada_seller_id = fields.Char(string="Seller ID", copy=False)

    def _compute_feature_support_fields(self):
        """Override of `oms_base` to offer what Lazada's Open API does."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == "lazada").update(
            {
                "support_listing_import": True,
                "support_listing_create": True,
                "support_listing_update": True,
                "support_listing_delete": True,
                "support_listing_activation": True,
                "support_price_push": True,
                "support_order_cancel": True,
                "support_partial_cancel": True,
                "support_returns": True,
                "support_return_decisions": True,
                "support_return_dispute": True,
                "support_finance": True,
                "support_fulfilment": True,
                "support_labels": True,
                "support_order_split": True,
            }
        )
        return res

    @api.depends("platform", "environment")
    def _compute_lazada_auth_url(self):
        for channel in self:
            if channel.platform != "lazada":
                channel.lazada_auth_url = channel.lazada_auth_url
            elif channel.environment == "production":
                channel.lazada_auth_url = const.AUTH_URL
            else:
                channel.lazada_auth_url = f"{const.SANDBOX_URL}/auth/rest"

    # ------------------------------------------------------------------
    # Client and auth
    # ------------------------------------------------------------------

    def _oms_client(self):
        """Override of `oms_base` to return a Lazada client for this shop."""
        if self.platform != "lazada":
            return super()._oms_client()
        channel_sudo = self._oms_credentials("lazada_app_key", "lazada_app_secret")
        return LazadaClient(
            channel_sudo.lazada_app_key,
            channel_sudo.lazada_app_secret,
            channel_sudo.api_url or const.GATEWAYS[self.lazada_venture or "sg"],
            auth_url=channel_sudo.lazada_auth_url or const.AUTH_URL,
            access_token=channel_sudo.access_token,
        )

    def _oms_authorize_url(self, redirect_uri, state):
        if self.platform != "lazada":
            return super()._oms_authorize_url(redirect_uri, state)
        return self._oms_client().authorize_url(
            redirect_uri, state=state, country=self.lazada_venture
        )

    def _oms_exchange_code(self, code, **params):
        if self.platform != "lazada":
            return super()._oms_exchange_code(code, **params)
        token = self._oms_client().create_token(code)
        self._lazada_store_token(token)
        return True

    def _oms_refresh_token(self):
        if self.platform != "lazada":
            return super()._oms_refresh_token()
        token = self._oms_client().refresh_access_token(
            self._oms_stored_refresh_token()
        )
        self._lazada_store_token(token)
        return True

    def _lazada_store_token(self, token):
        pair = mapping.token_pair(token, self.lazada_venture)
        self._oms_store_tokens(pair)
        if pair.account_id:
            self.write(
                {
                    "lazada_seller_id": pair.account_id,
                    "external_shop_id": pair.extra["short_code"] or pair.account_id,
                }
            )

    def _oms_test_connection(self):
        if self.platform != "lazada":
            return super()._oms_test_connection()
        seller = self._oms_client().get_seller()
        if seller.get("seller_id"):
            self.lazada_seller_id = str(seller["seller_id"])
        return _(
            "Connected to %(name)s (seller %(seller)s, %(status)s).",
            name=seller.get("name"),
            seller=seller.get("seller_id"),
            status=seller.get("status"),
        )

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------

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
        return mapping.map_orders(payload, self.lazada_venture)

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

    # ------------------------------------------------------------------
    # Listings, stock and prices
    # ------------------------------------------------------------------

    def _oms_import_listings(self):
        if self.platform != "lazada":
            return super()._oms_import_listings()
        values = []
        for product in self._oms_client().iter_products(filter="all"):
            values.extend(mapping.listing_values(product))
        bindings = self.env["oms.product.binding"]._bind_by_sku(self, values)
        return bindings._import_summary()

    def _oms_fetch_categories(self):
        if self.platform != "lazada":
            return super()._oms_fetch_categories()
        return mapping.category_nodes(self._oms_client().get_category_tree())

    def _lazada_refresh_listing(self, item_id):
        product = self._oms_call("_lazada_get_product", item_id)
        return self._lazada_bind_products([product])

    def _lazada_bind_products(self, products):
        values = [v for product in products for v in mapping.listing_values(product)]
        self.env["oms.product.binding"]._bind_by_sku(self, values)
        return _("%s SKU(s) updated", len(values))

    def _lazada_get_product(self, item_id):
        return self._oms_client().get_product(item_id=item_id)

    def _oms_listing_attributes(self, category_ref):
        if self.platform != "lazada":
            return super()._oms_listing_attributes(category_ref)
        attributes = self._oms_client().get_category_attributes(category_ref)
        return mapping.listing_attributes(attributes)

    def _oms_listing_read(self, binding):
        if self.platform != "lazada":
            return super()._oms_listing_read(binding)
        product = self._lazada_get_product(binding.external_product_id)
        return mapping.product_listing(product, binding.external_id)

    def _oms_listing_upload_image(self, content, filename):
        if self.platform != "lazada":
            return super()._oms_listing_upload_image(content, filename)
        return self._oms_client().upload_image(content, filename)["url"]

    def _oms_listing_create(self, listing):
        """Override of `oms_base`: Lazada's CreateProduct, reviewed (QC) by
        Lazada before it is on sale."""
        if self.platform != "lazada":
            return super()._oms_listing_create(listing)
        data = self._oms_client().create_product(mapping.create_payload(listing))
        values = mapping.created_listing_values(data, listing)
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _oms_listing_update(self, bindings, listing=None):
        """Override of `oms_base`: Lazada's UpdateProduct, per item, for the
        SKUs of ``bindings``; the bindings are refreshed from Lazada."""
        if self.platform != "lazada":
            return super()._oms_listing_update(bindings, listing)
        client = self._oms_client()
        products = []
        for item_id in set(bindings.mapped("external_product_id")):
            item_bindings = bindings.filtered(
                lambda b, item=item_id: b.external_product_id == item
            )
            content = listing or item_bindings._oms_product_listing()
            if not content:
                continue
            client.update_product(
                mapping.update_payload(
                    item_id, item_bindings.mapped("external_id"), content
                )
            )
            products.append(client.get_product(item_id=item_id))
        self._lazada_bind_products(products)
        return _("%s listing(s) updated", len(products))

    def _oms_stock_batch_size(self):
        if self.platform != "lazada":
            return super()._oms_stock_batch_size()
        return const.MAX_SKUS_PER_UPDATE

    def _oms_push_stock_batch(self, updates):
        if self.platform != "lazada":
            return super()._oms_push_stock_batch(updates)
        skus = [
            {
                "ItemId": binding.external_product_id,
                "SkuId": binding.external_id,
                "SellerSku": binding.seller_sku,
                "SellableQuantity": qty,
            }
            for binding, qty in updates
        ]
        results = self._oms_client().update_sellable_quantity(skus)
        return self._lazada_sku_errors(updates, results)

    def _lazada_sku_errors(self, updates, results):
        """Map Lazada's per-SKU ``detail`` errors back to binding ids."""
        by_sku = {binding.seller_sku: binding for binding, _qty in updates}
        errors = {}
        for result in results or []:
            for detail in (result or {}).get("detail") or []:
                binding = by_sku.get(detail.get("seller_sku"))
                if binding:
                    errors[binding.id] = detail.get("message") or str(detail)
        return errors

    def _oms_push_price_batch(self, bindings):
        if self.platform != "lazada":
            return super()._oms_push_price_batch(bindings)
        skus = [
            {
                "ItemId": b.external_product_id,
                "SkuId": b.external_id,
                "SellerSku": b.seller_sku,
                "Price": f"{b.expected_price:.2f}",
            }
            for b in bindings
        ]
        results = self._oms_client().update_price_quantity(skus)
        return self._lazada_sku_errors([(b, 0) for b in bindings], results)

    def _oms_listing_set_active(self, bindings, active):
        if self.platform != "lazada":
            return super()._oms_listing_set_active(bindings, active)
        client = self._oms_client()
        for item_id in set(bindings.mapped("external_product_id")):
            item_bindings = bindings.filtered(
                lambda b, item=item_id: b.external_product_id == item
            )
            sku_ids = item_bindings.mapped("external_id")
            if active:
                client.activate_product(item_id, sku_ids)
            else:
                client.deactivate_product(item_id, sku_ids)
            item_bindings.listing_state = "active" if active else "inactive"
        return _("%s listing(s) updated", len(bindings))

    def _oms_listing_delete(self, bindings):
        if self.platform != "lazada":
            return super()._oms_listing_delete(bindings)
        sku_ids = [f"SkuId_{b.external_product_id}_{b.external_id}" for b in bindings]
        self._oms_client().remove_products(sku_ids)
        bindings.write({"listing_state": "deleted", "active": False})
        return _("%s SKU(s) removed", len(bindings))

    # ------------------------------------------------------------------
    # Fulfilment
    # ------------------------------------------------------------------

    def _oms_get_cancel_reasons(self, order):
        if self.platform != "lazada":
            return super()._oms_get_cancel_reasons(order)
        validation = self._oms_client().get_cancel_validation(
            order.oms_external_id, self._lazada_live_item_ids(order.order_line)
        )
        return [
            (str(option["reason_id"]), option["reason_name"])
            for option in validation.get("reason_options") or []
        ]

    def _oms_cancel_order(self, order, reason_code):
        if self.platform != "lazada":
            return super()._oms_cancel_order(order, reason_code)
        self._oms_client().cancel_order(
            order.oms_external_id,
            self._lazada_live_item_ids(order.order_line),
            reason_code,
        )
        return True

    def _oms_cancel_order_lines(self, order, lines, reason_code):
        """Override of `oms_base`: Lazada cancels order items one by one."""
        if self.platform != "lazada":
            return super()._oms_cancel_order_lines(order, lines, reason_code)
        self._oms_client().cancel_order(
            order.oms_external_id, self._lazada_live_item_ids(lines), reason_code
        )
        return True

    @staticmethod
    def _lazada_live_item_ids(lines):
        """Order item ids of ``lines`` not cancelled yet (one item per unit)."""
        return [
            line.oms_external_id
            for line in lines
            if line.oms_external_id and line.product_uom_qty
        ]

    def _oms_pack(self, pickings):
        """Override of `oms_base` to pack on Lazada: each delivery packs
        its own order items, so an order in two deliveries (a split
        shipment) ships in two packages, each with its tracking number."""
        if self.platform != "lazada":
            return super()._oms_pack(pickings)
        client = self._oms_client()
        items_of = {
            picking: self._lazada_live_item_ids(picking.move_ids.sale_line_id)
            for picking in pickings
        }
        orders = [
            {"order_id": picking.sale_id.oms_external_id, "order_item_ids": items}
            for picking, items in items_of.items()
        ]
        providers = client.get_shipment_providers(orders)
        allocate = providers.get("shipping_allocate_type") or "TFS"
        provider_list = providers.get("shipment_providers") or []
        provider_code = (
            provider_list[0].get("provider_code")
            if provider_list and not int(providers.get("platform_default") or 0)
            else None
        )
        result = client.pack(orders, allocate, shipment_provider_code=provider_code)
        by_item = {
            str(item.get("order_item_id")): item
            for entry in result.get("pack_order_list") or []
            for item in entry.get("order_item_list") or []
        }
        errors = []
        for picking, item_ids in items_of.items():
            items = [by_item[i] for i in item_ids if i in by_item]
            failed = [i for i in items if str(i.get("item_err_code", "0")) != "0"]
            if failed or not items:
                reason = failed[0].get("msg") if failed else _("not packed")
                errors.append(f"{picking.name}: {reason}")
                continue
            picking.write(
                {
                    "oms_package_ref": items[0].get("package_id"),
                    "carrier_tracking_ref": items[0].get("tracking_number"),
                    "oms_shipment_provider": items[0].get("shipment_provider"),
                    "oms_fulfilment_state": "packed",
                }
            )
        if errors:
            self._oms_report_partial(pickings, _("Packing failed"), errors)
        return True

    def _oms_split_order(self, order, pickings):
        """Override of `oms_base`: Lazada makes one package per packing
        call, so each delivery becomes its own package when it is packed
        (``_oms_pack``); nothing to tell Lazada before."""
        if self.platform != "lazada":
            return super()._oms_split_order(order, pickings)
        return True

    def _oms_ready_to_ship(self, pickings):
        if self.platform != "lazada":
            return super()._oms_ready_to_ship(pickings)
        packed = pickings.filtered("oms_package_ref")
        if not packed:
            raise UserError(_("Pack the orders on Lazada first."))
        result = self._oms_client().ready_to_ship(packed.mapped("oms_package_ref"))
        by_package = {str(p.get("package_id")): p for p in result.get("packages") or []}
        errors = []
        for picking in packed:
            entry = by_package.get(picking.oms_package_ref) or {}
            if str(entry.get("item_err_code", "0")) != "0":
                errors.append(f"{picking.name}: {entry.get('msg')}")
            else:
                picking.oms_fulfilment_state = "ready"
        if errors:
            self._oms_report_partial(packed, _("Ready-to-ship failed"), errors)
        return True

    def _oms_get_labels(self, pickings):
        if self.platform != "lazada":
            return super()._oms_get_labels(pickings)
        client = self._oms_client()
        labels = {}
        for picking in pickings.filtered("oms_package_ref"):
            labels[picking] = client.get_awb_pdf([picking.oms_package_ref])
        return labels

    # ------------------------------------------------------------------
    # Finance and returns
    # ------------------------------------------------------------------

    def _oms_fetch_settlements(self, date_from, date_to):
        if self.platform != "lazada":
            return super()._oms_fetch_settlements(date_from, date_to)
        client = self._oms_client()
        rows = []
        start = date_from
        # Lazada dates are the venture's (UTC+7/+8): its "today" may be ours
        # plus one day.
        date_to = date_to + timedelta(days=1)
        # Lazada refuses windows of 180 days or more.
        while start <= date_to:
            end = min(start + timedelta(days=179), date_to)
            rows.extend(client.iter_transaction_details(start, end))
            start = end + timedelta(days=1)
        # Statements are weekly: the one open on date_from began up to 6
        # days before it. Their payouts are Lazada's own figures.
        payouts = client.get_payout_status(date_from - timedelta(days=6))
        return {"transactions": rows, "payouts": payouts}

    def _oms_map_settlements(self, raw):
        """Override of `oms_base` to group Lazada rows into statements, each
        paid what Lazada's payout status says."""
        if self.platform != "lazada":
            return super()._oms_map_settlements(raw)
        return mapping.map_settlements(
            raw["transactions"], self.lazada_venture, payouts=raw["payouts"]
        )

    def _oms_fetch_returns(self, since):
        """Override of `oms_base` to read Lazada's reverse orders, with the
        reasons a refusal may give."""
        if self.platform != "lazada":
            return super()._oms_fetch_returns(since)
        return self._lazada_fetch_returns(since)

    def _oms_fetch_return(self, external_id):
        """Override of `oms_base` to read the reverse order a push named."""
        if self.platform != "lazada":
            return super()._oms_fetch_return(external_id)
        if not str(external_id or "").isdigit():
            return []  # Lazada's reverse order ids are numbers
        return self._lazada_fetch_returns(None, external_id)

    def _lazada_fetch_returns(self, since, ref=None):
        """Reverse orders modified since ``since``, or the one ``ref``."""
        client = self._oms_client()
        returns = []
        for reverse in client.iter_reverse_orders(
            modified_after=since, reverse_order_id=ref
        ):
            lines = reverse.get("reverse_order_lines") or []
            for line in lines[:1]:
                line["reasons"] = client.get_reverse_reasons(
                    line["reverse_order_line_id"]
                )
            returns.append(mapping.map_return(reverse, self.lazada_venture))
        return returns

    def _oms_get_return_reasons(self, ret, decision):
        """Override of `oms_base`: Lazada's refusal reasons of the return's
        first line (``/order/reverse/reason/list``)."""
        if self.platform != "lazada":
            return super()._oms_get_return_reasons(ret, decision)
        line = ret.line_ids[:1]
        if not line.external_id:
            return []
        reasons = self._oms_api("get_reverse_reasons", line.external_id)
        return [(str(r.get("reason_id")), r.get("text") or "") for r in reasons]

    def _oms_return_decide(
        self, ret, decision, reason=None, comment=None, amount=None, images=None
    ):
        """Override of `oms_base` to act on a Lazada reverse order.

        Returns: approve (agreeReturn), reject (refuseReturn before the
        parcel comes back, refuseRefund after), receive (confirmDelivery),
        refund (agreeRefund). Refund-only requests: refund (agreeRefund) or
        dispute (startDispute).
        """
        if self.platform != "lazada":
            return super()._oms_return_decide(
                ret, decision, reason, comment, amount, images
            )
        client = self._oms_client()
        line_ids = ret.line_ids.filtered("external_id").mapped("external_id")
        if ret.kind == "refund_only":
            action = {"refund": "agreeRefund", "approve": "agreeRefund"}.get(
                decision, "startDispute" if decision == "dispute" else None
            )
            if not action:
                raise UserError(
                    _("Lazada takes only a refund or a dispute on a refund request.")
                )
            client.decide_only_refund(
                action, ret.external_id, line_ids, comment, images
            )
            return mapping.DECISION_STATES.get(action)
        action = mapping.return_action(decision, ret.state)
        if not action:
            raise UserError(
                _(
                    "Lazada does not take %(decision)s on a return in state %(state)s.",
                    decision=decision,
                    state=ret.state,
                )
            )
        client.update_reverse_order(
            action, ret.external_id, line_ids, reason, comment, images
        )
        return mapping.DECISION_STATES.get(action)

    def _oms_return_needs_receipt(self, ret):
        """Override of `oms_base`: a return to the merchant waits for the
        seller's confirmDelivery once the parcel is on its way."""
        if self.platform != "lazada":
            return super()._oms_return_needs_receipt(ret)
        return ret.line_ids[:1].platform_status == "RTM_SHIPPING_BACK"
