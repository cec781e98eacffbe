from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from odoo import _, api, models
from odoo.tools import float_compare

from .. import normalized
from ..concurrency import rerun_if_inserted_concurrently
from ..text import text_to_html

# Orders in these statuses are paid and must reserve stock.
CONFIRM_STATUSES = {
    normalized.TO_SHIP,
    normalized.SHIPPED,
    normalized.DELIVERED,
    normalized.RETURNED,
}
# Orders in these statuses left the warehouse: their delivery is done.
SHIPPED_STATUSES = {normalized.SHIPPED, normalized.DELIVERED}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    attention: list = field(default_factory=list)

    def summary(self, env):
        return env._(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(attention)s need attention",
            created=len(self.created),
            updated=len(self.updated),
            unchanged=len(self.unchanged),
            attention=len(self.attention),
        )

    def sale_orders(self, env):
        """The sale orders this import created or updated."""
        return env["sale.order"].browse(self.created + self.updated)


def _utc_naive(value):
    if value and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


class OmsOrderImporter(models.AbstractModel):
    """Idempotent upsert of normalized marketplace orders into sale orders.

    Platform-agnostic: connectors hand over ``normalized.Order`` objects.
    The unique (shop, marketplace order) constraint on ``sale.order`` is the
    guarantee against duplicates; everything here is batched so that a
    page of orders costs a handful of queries, not a handful per order.
    """

    _name = "oms.order.importer"
    _description = "Marketplace Order Importer"

    @api.model
    def _import_orders(self, channel, orders):
        result = ImportResult()
        latest = {}
        for order in orders:
            order.updated_at = _utc_naive(order.updated_at)
            order.created_at = _utc_naive(order.created_at)
            order.ship_by = _utc_naive(order.ship_by)
            order.paid_at = _utc_naive(order.paid_at)
            known = latest.get(order.external_id)
            if known is None or (order.updated_at or datetime.min) >= (
                known.updated_at or datetime.min
            ):
                latest[order.external_id] = order
        if latest:
            self._upsert_orders(channel, latest, result)
            self._oms_apply_platform_holds(channel, latest)
        self._oms_after_import(channel, result)
        return result

    def _upsert_orders(self, channel, latest, result):
        """Create or update the sale orders of ``{marketplace id: order}``."""
        SaleOrder = self.env["sale.order"].with_context(
            mail_create_nosubscribe=True, tracking_disable=True
        )
        existing = SaleOrder.search(
            [
                ("oms_channel_id", "=", channel.id),
                ("oms_external_id", "in", list(latest)),
            ]
        )
        by_external = {order.oms_external_id: order for order in existing}
        new_orders = [o for key, o in latest.items() if key not in by_external]
        if new_orders:
            self._create_orders(channel, new_orders, result)
        shipped = self.env["sale.order"]
        for key, order in by_external.items():
            shipped |= self._apply_update(order, latest[key], result)
        # together: a batch of "shipped" statuses is validated in one go
        self._deliver_shipped(shipped)

    @api.model
    def _oms_after_import(self, channel, result):
        """Hook called once per imported batch of ``channel``'s orders.

        ``result`` is the batch's ``ImportResult``; its ``sale_orders(env)``
        are the orders created or updated. Nothing happens here: returns,
        routing and the cockpit follow up on the batch in one go.
        """

    def _oms_apply_platform_holds(self, channel, latest):
        """Hold the orders the marketplace holds, lift the marketplace's
        holds it no longer has (a person's or a rule's hold stays)."""
        orders = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", channel.id),
                ("oms_external_id", "in", list(latest)),
            ]
        )
        to_lift = self.env["sale.order"]
        for sale in orders:
            reason = latest[sale.oms_external_id].hold_reason
            if reason and not sale.oms_hold_reason and not sale.oms_hold_released_at:
                sale._oms_hold(reason, "platform")
            elif not reason and sale.oms_hold_source == "platform":
                to_lift |= sale
        if to_lift:
            to_lift._oms_lift_hold(_("The marketplace no longer holds the order."))

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------

    def _claim_orders(self, channel, orders):
        """Claim ``orders`` for ``channel``; UniqueViolation if a concurrent
        transaction did, without the SQL error log the ORM would write."""
        # sudo-free raw SQL: the claim table is technical, nobody reads it
        self.env.cr.execute(
            """
            INSERT INTO oms_order_claim (channel_id, external_id)
            SELECT %s, unnest(%s::varchar[])
            """,
            [channel.id, [order.external_id for order in orders]],
            log_exceptions=False,
        )

    def _create_orders(self, channel, orders, result):
        # before the matching below completes the orders (delivery type)
        fingerprints = {order.external_id: order.fingerprint() for order in orders}
        products = self._match_products(channel, orders)
        partners = self._match_partners(channel, orders)
        logistics = self._match_logistics_channels(channel, orders)
        routes = self._oms_route(channel, orders, products=products)
        vals_list = []
        attention = {}
        for order in orders:
            vals, reasons = self._prepare_order_vals(channel, order, partners, products)
            vals["oms_update_fingerprint"] = fingerprints[order.external_id]
            if order.logistics_channel in logistics:
                vals["oms_logistics_channel_id"] = logistics[order.logistics_channel].id
            route = routes.get(order.external_id)
            if route:
                self._oms_apply_route(vals, route)
            vals_list.append(vals)
            if reasons:
                attention[order.external_id] = "\n".join(reasons)
        SaleOrder = self.env["sale.order"].with_context(
            mail_create_nosubscribe=True, tracking_disable=True
        )
        # Another worker may have imported one of these orders since our
        # transaction started: the job then runs again and updates it.
        with rerun_if_inserted_concurrently(
            self.env.cr,
            _("Order imported concurrently by another worker; retrying."),
            f"Order of shop {channel.id} imported",
        ):
            self._claim_orders(channel, orders)
            created = (
                SaleOrder._oms_marketplace_writer()
                .create(vals_list)
                .with_env(SaleOrder.env)
            )
        by_external = {order.external_id: order for order in orders}
        flagged = created.filtered(lambda so: so.oms_external_id in attention)
        for sale in flagged:
            sale._oms_flag_attention(attention[sale.oms_external_id])
        to_confirm = created.filtered(
            lambda so: (
                not so.oms_needs_attention
                and channel.auto_confirm
                and by_external[so.oms_external_id].status in CONFIRM_STATUSES
            )
        )
        if to_confirm:
            to_confirm.with_context(send_email=False).action_confirm()
        shipped = to_confirm.filtered(
            lambda so: by_external[so.oms_external_id].status in SHIPPED_STATUSES
        )
        if shipped:
            self._deliver_shipped(shipped)
        to_cancel = created.filtered(
            lambda so: by_external[so.oms_external_id].status == normalized.CANCELLED
        )
        if to_cancel:
            to_cancel._action_cancel()
            self._republish_cancelled_stock(to_cancel)
        self._apply_packages(created, by_external)
        result.created.extend(created.ids)
        result.attention.extend(flagged.ids)

    def _match_logistics_channels(self, channel, orders):
        """The shop's known logistics channels of ``orders``, by marketplace
        id. Their delivery type becomes the orders' (before routing): it is
        the platform's own word on the channel, or a person's correction,
        where the order payload only suggests one."""
        refs = {order.logistics_channel for order in orders if order.logistics_channel}
        if not refs:
            return {}
        records = (
            self.env["oms.logistics.channel"]
            .with_context(active_test=False)
            .search(
                [("channel_id", "=", channel.id), ("external_id", "in", list(refs))]
            )
        )
        by_ref = {record.external_id: record for record in records}
        for order in orders:
            record = by_ref.get(order.logistics_channel)
            if record:
                order.delivery_type = record.delivery_type
        return by_ref

    def _prepare_order_vals(self, channel, order, partners, products):
        reasons = []
        partner, shipping = partners[order.external_id]
        lines = []
        for line in order.lines:
            binding = products.get(line.external_sku_id) or products.get(line.sku)
            if binding:
                product = binding.product_id
            else:
                product = self.env.ref("oms_base.product_oms_unknown")
                reasons.append(
                    _(
                        "Unknown SKU %(sku)s (%(name)s): bind it to a product, "
                        "then reprocess the order.",
                        sku=line.sku or line.external_sku_id,
                        name=line.name,
                    )
                )
            lines.append(
                {
                    "product_id": product.id,
                    "name": line.name or line.sku,
                    "product_uom_qty": line.quantity,
                    "price_unit": line.unit_price,
                    "tax_id": self._line_taxes(channel),
                    "oms_external_id": line.external_id,
                    "oms_sku": line.sku,
                    "oms_external_sku_id": line.external_sku_id,
                    "oms_external_product_id": line.external_product_id,
                    "oms_binding_id": binding.id if binding else False,
                }
            )
        if not order.lines:
            reasons.append(_("The marketplace sent this order without any line."))
        if order.shipping_fee:
            lines.append(
                self._service_line_vals(
                    channel,
                    "oms_base.product_oms_shipping",
                    _("Shipping fee"),
                    order.shipping_fee,
                )
            )
        seller_discount = order.seller_voucher + sum(
            line.seller_discount for line in order.lines
        )
        if seller_discount:
            lines.append(
                self._service_line_vals(
                    channel,
                    "oms_base.product_oms_discount",
                    _("Seller discounts and vouchers"),
                    -seller_discount,
                )
            )
        if order.currency and order.currency != channel.currency_id.name:
            pricelist_currency = channel.pricelist_id.currency_id.name
            if order.currency != pricelist_currency:
                reasons.append(
                    _(
                        "Order currency %(currency)s differs from the shop's "
                        "pricelist currency.",
                        currency=order.currency,
                    )
                )
        platform_discount = order.platform_voucher + sum(
            line.platform_discount for line in order.lines
        )
        vals = {
            "partner_id": partner.id,
            "partner_invoice_id": partner.id,
            "partner_shipping_id": shipping.id,
            "company_id": channel.company_id.id,
            "oms_channel_id": channel.id,
            "oms_external_id": order.external_id,
            "client_order_ref": order.name or order.external_id,
            "origin": f"{channel.name} {order.name or order.external_id}",
            "oms_status": order.status,
            "oms_platform_status": order.platform_status,
            "oms_updated_at": order.updated_at,
            "oms_is_cod": order.is_cod,
            "oms_delivery_type": order.delivery_type or False,
            "oms_payment_method": order.payment_method,
            "oms_ship_by": order.ship_by,
            "oms_paid_at": order.paid_at,
            "oms_buyer_total": order.buyer_total,
            "oms_platform_discount": platform_discount,
            "oms_cancel_reason": order.cancel_reason or False,
            "oms_cancelled_by": order.cancelled_by or False,
            # Buyers' text is text: escaped, never links or remote images.
            "note": text_to_html(order.buyer_note) or False,
            "order_line": [(0, 0, vals) for vals in lines],
        }
        if order.created_at:
            vals["date_order"] = order.created_at
        if channel.team_id:
            vals["team_id"] = channel.team_id.id
        if channel.pricelist_id:
            vals["pricelist_id"] = channel.pricelist_id.id
        # Never the user running the import (the bot) as salesperson.
        vals["user_id"] = channel.user_id.id
        return vals, reasons

    @api.model
    def _oms_route(self, channel, orders, products=None):
        """Return ``{marketplace order id: route}`` for new orders.

        One call per batch of ``normalized.Order`` (``products``: the
        ``_match_products`` bindings of their lines): the default route is
        the shop's first fulfilling warehouse for all of them; routing
        modules choose per order (stock, address) without a search per
        order, and may return their own route objects, which
        ``_oms_apply_route`` turns into order values.
        """
        # sorted(): the shop form's order (sequence), even before a reload
        warehouse = channel.warehouse_ids.sorted()[:1]
        return {order.external_id: warehouse for order in orders}

    @api.model
    def _oms_apply_route(self, vals, route):
        """Write ``route`` (an ``_oms_route`` value) into the values of a
        new sale order, lines included (``vals["order_line"]``)."""
        vals["warehouse_id"] = route.id

    def _line_taxes(self, channel):
        """The shop's taxes, never the product's defaults, on imported lines.

        Marketplace prices include tax: a product's own sale tax (often
        tax-excluded) would add tax on top of what the buyer paid.
        """
        return [(6, 0, channel.sale_tax_ids.ids)]

    def _service_line_vals(self, channel, xmlid, name, amount):
        return {
            "product_id": self.env.ref(xmlid).id,
            "name": name,
            "product_uom_qty": 1.0,
            "price_unit": amount,
            "tax_id": self._line_taxes(channel),
        }

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------

    def _match_products(self, channel, orders):
        """Return ``{marketplace sku id or seller sku: binding}``.

        A SKU with no binding but a product whose internal reference equals
        the seller SKU gets its binding created on the fly.
        """
        return self._match_lines(channel, [li for o in orders for li in o.lines])

    def _match_lines(self, channel, lines):
        """Return ``{marketplace sku id or seller sku: binding}`` for
        ``normalized.OrderLine`` items of one shop (see ``_match_products``).

        A binding made by hand without the marketplace's ids gets those of
        the first line that matches it by seller SKU.
        """
        sku_ids = {li.external_sku_id for li in lines} - {""}
        skus = {li.sku for li in lines} - {""}
        Binding = self.env["oms.product.binding"]
        bindings = Binding.search(
            [
                ("channel_id", "=", channel.id),
                ("product_id", "!=", False),
                "|",
                ("external_id", "in", list(sku_ids)),
                ("seller_sku", "in", list(skus)),
            ]
        )
        found = {}
        for binding in bindings:
            if binding.external_id:
                found[binding.external_id] = binding
            if binding.seller_sku:
                found.setdefault(binding.seller_sku, binding)
        self._complete_binding_ids(channel, lines, found)
        missing = {}
        for line in lines:
            if line.external_sku_id not in found and line.sku not in found:
                missing.setdefault(line.sku, line)
        if missing:
            products = self.env["product.product"].search(
                [
                    ("default_code", "in", [sku for sku in missing if sku]),
                    ("company_id", "in", [False, channel.company_id.id]),
                ]
            )
            existing_unbound = Binding.with_context(active_test=False).search(
                [
                    ("channel_id", "=", channel.id),
                    (
                        "external_id",
                        "in",
                        [li.external_sku_id or li.sku for li in missing.values()],
                    ),
                ]
            )
            unbound = {b.external_id: b for b in existing_unbound}
            to_create = []
            for product in products:
                line = missing[product.default_code]
                external_id = line.external_sku_id or line.sku
                if external_id in unbound:
                    unbound[external_id].product_id = product
                    found[line.sku] = unbound[external_id]
                    continue
                to_create.append(
                    {
                        "channel_id": channel.id,
                        "product_id": product.id,
                        "seller_sku": line.sku,
                        "external_id": external_id,
                        "external_product_id": line.external_product_id,
                        "name": line.name,
                    }
                )
            created = Binding._create_or_retry(channel, to_create)
            for binding in created:
                found[binding.seller_sku] = binding
        return found

    def _complete_binding_ids(self, channel, lines, found):
        """Give bindings made by hand (no marketplace ids) the ids of the
        lines they matched by seller SKU, unless another binding has them."""
        pending = {}
        for line in lines:
            binding = found.get(line.sku)
            if (
                binding
                and not binding.external_id
                and line.external_sku_id
                and line.external_sku_id not in found
            ):
                pending.setdefault(binding, line)
        if not pending:
            return
        ids = [line.external_sku_id for line in pending.values()]
        taken = self.env["oms.product.binding"].with_context(active_test=False)
        taken = set(
            taken.search(
                [("channel_id", "=", channel.id), ("external_id", "in", ids)]
            ).mapped("external_id")
        )
        for binding, line in pending.items():
            if line.external_sku_id in taken:
                continue
            taken.add(line.external_sku_id)
            binding.write(
                {
                    "external_id": line.external_sku_id,
                    "external_product_id": binding.external_product_id
                    or line.external_product_id,
                    # now that the marketplace knows it, publish its stock
                    "stock_dirty": True,
                }
            )
            found[line.external_sku_id] = binding

    def _match_partners(self, channel, orders):
        """Return ``{order external id: (buyer partner, shipping partner)}``.

        A returning buyer is recognised by marketplace buyer id or by phone
        normalized for the shop's country, so one person buying in two shops
        of a company stays one contact. Buyers belong to the shop's company:
        another company neither sees nor reuses them.
        """
        Partner = self.env["res.partner"]
        country_code = channel.country_id.code
        keys = {}
        for order in orders:
            buyer = order.buyer
            ref = f"{channel.platform}:{buyer.external_id}" if buyer.external_id else ""
            phone = Partner._oms_normalize_phone(
                buyer.phone or order.shipping_address.phone, country_code
            )
            keys[order.external_id] = (ref, phone)
        refs = [ref for ref, _phone in keys.values() if ref]
        phones = [phone for _ref, phone in keys.values() if phone]
        domain = [
            "|",
            ("oms_buyer_ref", "in", refs),
            ("oms_phone_normalized", "in", phones),
        ]
        company = channel.company_id
        known = (
            Partner.search(
                domain + [("parent_id", "=", False), ("company_id", "=", company.id)]
            )
            if refs or phones
            else Partner
        )
        by_ref = {p.oms_buyer_ref: p for p in known if p.oms_buyer_ref}
        by_phone = {p.oms_phone_normalized: p for p in known if p.oms_phone_normalized}

        countries = self._countries_by_code(orders)
        buyers = {}
        to_create = {}
        pending = {}  # buyer ref or phone -> key in to_create
        for order in orders:
            ref, phone = keys[order.external_id]
            partner = (ref and by_ref.get(ref)) or (phone and by_phone.get(phone))
            if partner:
                buyers[order.external_id] = partner
                continue
            key = (ref and pending.get(ref)) or (phone and pending.get(phone))
            if not key:
                key = ref or phone or f"order:{order.external_id}"
                to_create[key] = dict(
                    self._buyer_vals(order, ref, phone, countries),
                    company_id=company.id,
                )
            for value in (ref, phone):
                if value:
                    pending.setdefault(value, key)
            buyers[order.external_id] = key
        created = Partner.create(list(to_create.values()))
        created_by_key = dict(zip(to_create, created, strict=True))
        for external_id, buyer in buyers.items():
            if isinstance(buyer, str):
                buyers[external_id] = created_by_key[buyer]

        result = {}
        address_to_create = {}
        for order in orders:
            partner = buyers[order.external_id]
            address = self._address_vals(order.shipping_address, countries)
            if not address.get("street") or self._same_address(partner, address):
                result[order.external_id] = (partner, partner)
                continue
            child = partner.child_ids.filtered(
                lambda c, a=address: c.type == "delivery" and self._same_address(c, a)
            )[:1]
            if child:
                result[order.external_id] = (partner, child)
                continue
            key = (
                partner.id,
                address.get("name"),
                address.get("street"),
                address.get("zip"),
            )
            address_to_create.setdefault(
                key,
                dict(
                    address,
                    parent_id=partner.id,
                    type="delivery",
                    company_id=partner.company_id.id,
                ),
            )
            result[order.external_id] = (partner, key)
        children = Partner.create(list(address_to_create.values()))
        child_by_key = dict(zip(address_to_create, children, strict=True))
        for external_id, (partner, shipping) in result.items():
            if isinstance(shipping, tuple):
                result[external_id] = (partner, child_by_key[shipping])
        return result

    def _countries_by_code(self, orders):
        codes = {o.shipping_address.country_code.upper() for o in orders} - {""}
        countries = self.env["res.country"].search([("code", "in", list(codes))])
        return {country.code: country for country in countries}

    def _address_vals(self, address, countries):
        country = countries.get((address.country_code or "").upper())
        state = False
        if country and address.state:
            name = address.state.lower()
            state = country.state_ids.filtered(
                lambda s: name in (s.name.lower(), s.code.lower())
            )[:1]
        return {
            "name": address.name,
            "street": address.street,
            "street2": address.street2,
            "city": address.city,
            "zip": address.zip,
            "phone": address.phone,
            "country_id": country.id if country else False,
            "state_id": state.id if state else False,
        }

    def _buyer_vals(self, order, ref, phone, countries):
        vals = self._address_vals(order.shipping_address, countries)
        vals.update(
            name=order.buyer.name or order.shipping_address.name or order.external_id,
            email=order.buyer.email or order.shipping_address.email or False,
            phone=order.buyer.phone or order.shipping_address.phone or False,
            oms_buyer_ref=ref or False,
            oms_phone_normalized=phone or False,
            customer_rank=1,
        )
        return vals

    @staticmethod
    def _same_address(partner, address):
        return (
            (partner.street or "") == (address.get("street") or "")
            and (partner.zip or "") == (address.get("zip") or "")
            and (partner.name or "") == (address.get("name") or partner.name or "")
        )

    # ------------------------------------------------------------------
    # Updates
    # ------------------------------------------------------------------

    def _apply_update(self, sale, order, result):
        """Apply a newer marketplace state to an imported order; return it
        if the marketplace now reports it shipped (to be delivered in Odoo
        with the others of the batch, see ``_deliver_shipped``).

        Messages can arrive late or twice (push and poll); a payload older
        than what the order already reflects changes nothing, nor does one
        of the same second that says the same (its fingerprint). One of the
        same second that says something else (a package split, a line
        cancelled, a status) is applied: platforms stamp updates in seconds.
        """
        shipped = self.env["sale.order"]
        fingerprint = order.fingerprint()
        if order.updated_at and sale.oms_updated_at:
            older = order.updated_at < sale.oms_updated_at
            same = (
                order.updated_at == sale.oms_updated_at
                and fingerprint == sale.oms_update_fingerprint
            )
            if older or same:
                result.unchanged.append(sale.id)
                return shipped
        previous = sale.oms_status
        vals = {
            "oms_status": order.status,
            "oms_platform_status": order.platform_status,
            "oms_updated_at": order.updated_at or sale.oms_updated_at,
            "oms_update_fingerprint": fingerprint,
            "oms_cancel_reason": order.cancel_reason or sale.oms_cancel_reason,
            "oms_cancelled_by": order.cancelled_by or sale.oms_cancelled_by,
        }
        if order.paid_at and not sale.oms_paid_at:
            vals["oms_paid_at"] = order.paid_at
        sale._oms_marketplace_writer().write(vals)
        if order.status == normalized.CANCELLED and sale.state != "cancel":
            self._cancel_sale(sale, order)
        elif order.status != normalized.CANCELLED:
            self._apply_cancelled_lines(sale, order)
            if (
                order.status in CONFIRM_STATUSES
                and sale.state in ("draft", "sent")
                and not sale.oms_needs_attention
                and sale.oms_channel_id.auto_confirm
            ):
                sale.with_context(send_email=False).action_confirm()
            if (
                order.status in SHIPPED_STATUSES
                and previous != order.status
                and sale.state == "sale"
            ):
                shipped = sale
        self._apply_packages(sale, {order.external_id: order})
        if previous != order.status:
            sale.message_post(
                body=_(
                    "Marketplace status: %(old)s → %(new)s (%(platform)s)",
                    old=previous or "-",
                    new=order.status,
                    platform=order.platform_status or "",
                )
            )
        result.updated.append(sale.id)
        return shipped

    def _cancel_sale(self, sale, order):
        self._republish_cancelled_stock(sale)
        if any(picking.state == "done" for picking in sale.picking_ids):
            sale._oms_flag_attention(
                _(
                    "The marketplace cancelled this order (%(reason)s) after it "
                    "was shipped: recover the parcel and settle the return.",
                    reason=order.cancel_reason or order.platform_status,
                )
            )
            return
        # Cancelling the sale cancels its pickings, which releases the stock.
        sale._action_cancel()
        sale.message_post(
            body=_(
                "Cancelled on the marketplace: %(reason)s",
                reason=order.cancel_reason or order.platform_status or "-",
            )
        )

    def _apply_cancelled_lines(self, sale, order):
        """Cancel the lines the marketplace cancelled in a live order.

        Lazada cancels item by item: the order goes on without them.
        """
        cancelled = set(order.cancelled_line_ids)
        if not cancelled or sale.state == "cancel":
            return
        lines = sale.order_line.filtered(
            lambda li: li.oms_external_id in cancelled and li.product_uom_qty
        )
        reduced = self._reduce_lines({line: 0.0 for line in lines})
        if reduced:
            sale.message_post(
                body=_(
                    "Cancelled on the marketplace: %(items)s (%(reason)s)",
                    items=", ".join(reduced.mapped("name")),
                    reason=order.cancel_reason or order.platform_status or "-",
                )
            )
        # Also after a cancellation from Odoo, which left the amounts as
        # they were until the marketplace said what it cancelled.
        self._update_discount(sale, order)

    def _reduce_lines(self, quantities):
        """Lower sale lines to what remains of them after a cancellation.

        ``quantities`` maps lines to their remaining quantity. Odoo lowers
        the delivery's moves, which releases their reservation; the
        marketplace puts the cancelled units back on sale by itself, so
        their count is published again. Units already delivered are not
        taken back here: those orders are flagged for a person. Return the
        lines that were reduced.
        """
        SaleLine = self.env["sale.order.line"]
        reduced = blocked = SaleLine
        for line, quantity in quantities.items():
            rounding = line.product_uom.rounding
            delivered = line.qty_delivered
            if float_compare(quantity, delivered, precision_rounding=rounding) < 0:
                blocked |= line
                continue
            # price_unit is written back so that it is not recomputed from
            # the pricelist for the new quantity.
            line.write({"product_uom_qty": quantity, "price_unit": line.price_unit})
            reduced |= line
        for sale in blocked.order_id:
            lines = blocked.filtered(lambda li, s=sale: li.order_id == s)
            sale._oms_flag_attention(
                _(
                    "The marketplace cancelled %(items)s after it was delivered: "
                    "recover the parcel and settle the return.",
                    items=", ".join(lines.mapped("name")),
                )
            )
        for channel in reduced.order_id.oms_channel_id:
            products = reduced.filtered(
                lambda li, c=channel: li.order_id.oms_channel_id == c
            ).product_id.filtered("is_storable")
            self.env["oms.product.binding"]._mark_marketplace_count_changed(
                channel, products
            )
        return reduced

    def _update_discount(self, sale, order):
        """Bring the order's discounts and buyer total to its remaining lines."""
        currency = sale.currency_id
        platform_discount = order.platform_voucher + sum(
            line.platform_discount for line in order.lines
        )
        if currency.compare_amounts(
            sale.oms_buyer_total, order.buyer_total
        ) or currency.compare_amounts(sale.oms_platform_discount, platform_discount):
            sale.write(
                {
                    "oms_buyer_total": order.buyer_total,
                    "oms_platform_discount": platform_discount,
                }
            )
        discount_product = self.env.ref("oms_base.product_oms_discount")
        discount_line = sale.order_line.filtered(
            lambda li: li.product_id == discount_product and not li.qty_invoiced
        )[:1]
        seller_discount = order.seller_voucher + sum(
            line.seller_discount for line in order.lines
        )
        if discount_line and currency.compare_amounts(
            discount_line.price_unit, -seller_discount
        ):
            discount_line.price_unit = -seller_discount

    def _deliver_shipped(self, sales):
        """The marketplace reports ``sales`` shipped: deliver them in Odoo.

        Nobody validated their delivery (the parcel left with the
        marketplace's carrier), so stock goes out now and the transfers
        leave the queue of pickings to ship. What Odoo could not deliver is
        said on the order; the marketplace status is kept in any case.
        """
        pickings = sales.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code != "incoming"
            )
        )
        if not pickings:
            return
        problems = pickings._oms_validate_shipped()
        labels = dict(sales._fields["oms_status"]._description_selection(self.env))
        for sale in sales.filtered(lambda so: so in problems):
            sale._oms_flag_attention(
                _(
                    "The marketplace reports this order %(status)s but Odoo could "
                    "not deliver all of it:\n%(problems)s\nCorrect the stock, "
                    "then validate the remaining transfer.",
                    status=labels.get(sale.oms_status, sale.oms_status),
                    problems="\n".join(problems[sale]),
                )
            )

    def _republish_cancelled_stock(self, sales):
        # The marketplace puts a cancelled order's units back on sale by
        # itself; its count must be corrected even where ours did not move.
        for channel in sales.oms_channel_id:
            products = sales.filtered(
                lambda so, c=channel: so.oms_channel_id == c
            ).order_line.product_id.filtered("is_storable")
            self.env["oms.product.binding"]._mark_marketplace_count_changed(
                channel, products
            )

    def _apply_packages(self, sales, orders_by_external):
        """Give each marketplace package the delivery holding its lines.

        Packages map to moves by the order lines they contain, not by
        position: lines Odoo put in one delivery but the marketplace ships
        in two packages are split into a delivery per package, each with
        its package reference, carrier and tracking number.
        """
        for sale in sales:
            order = orders_by_external[sale.oms_external_id]
            if not order.packages:
                continue
            pickings = sale.picking_ids.filtered(
                lambda p: (
                    p.state not in ("done", "cancel")
                    and p.picking_type_code == "outgoing"
                )
            )
            moves = pickings.move_ids.filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            # A line listed in two packages stays with the first one.
            package_of_line = {}
            for package in order.packages:
                for line_id in package.line_external_ids:
                    package_of_line.setdefault(str(line_id), package.external_id)
            moves_of_package = defaultdict(lambda: self.env["stock.move"])
            for move in moves:
                key = package_of_line.get(move.sale_line_id.oms_external_id)
                if key:
                    moves_of_package[key] |= move
            unplaced = []
            for package in order.packages:
                package_moves = moves_of_package.get(package.external_id)
                if not package_moves:
                    unplaced.append(package)
                    continue
                for picking in package_moves.picking_id:
                    own = package_moves & picking.move_ids
                    if (picking.move_ids & moves) - own:
                        picking = self._split_package_picking(picking, own)
                        pickings |= picking
                    picking.write(self._package_vals(package))
            if not unplaced:
                continue
            # Packages without line ids keep the delivery they were given,
            # or take one that no package holds yet, in order.
            by_ref = {p.oms_package_ref: p for p in pickings if p.oms_package_ref}
            free = iter(pickings.filtered(lambda p: not p.oms_package_ref))
            for package in unplaced:
                picking = by_ref.get(package.external_id) or next(free, None)
                if picking:
                    picking.write(self._package_vals(package))

    @api.model
    def _package_vals(self, package):
        vals = {"oms_package_ref": package.external_id}
        if package.tracking_number:
            vals["carrier_tracking_ref"] = package.tracking_number
        if package.carrier:
            vals["oms_shipment_provider"] = package.carrier
        return vals

    def _split_package_picking(self, picking, moves):
        """Move ``moves`` of ``picking`` into a new delivery of their own,
        reservations included; return the new delivery."""
        new_picking = picking.copy(
            {"name": "/", "move_ids": [], "move_line_ids": [], "backorder_id": False}
        )
        moves.write({"picking_id": new_picking.id})
        moves.move_line_ids.package_level_id.write({"picking_id": new_picking.id})
        moves.move_line_ids.write({"picking_id": new_picking.id})
        picking.message_post(
            body=_(
                "The marketplace ships these items in another package: moved to %s.",
                new_picking._get_html_link(),
            )
        )
        return new_picking

    # ------------------------------------------------------------------
    # Re-processing
    # ------------------------------------------------------------------

    def _remap_unknown_lines(self, sales):
        """Re-map lines of flagged orders to products bound since the import,
        or whose internal reference now equals the seller SKU (as the import
        does, binding them on the way)."""
        unknown = self.env.ref("oms_base.product_oms_unknown")
        lines = sales.order_line.filtered(lambda li: li.product_id == unknown)
        binding_by_line = {}
        # Matching is per shop: one search per shop, not per order.
        for channel in lines.order_id.oms_channel_id:
            channel_lines = lines.filtered(
                lambda li, c=channel: li.order_id.oms_channel_id == c
            )
            found = self._match_lines(
                channel, [self._normalized_line(li) for li in channel_lines]
            )
            for line in channel_lines:
                binding = found.get(line.oms_external_sku_id) or found.get(line.oms_sku)
                if binding:
                    binding_by_line[line] = binding
        for line, binding in binding_by_line.items():
            # a new product recomputes price, discount and taxes: keep
            # the marketplace's, as the import set them
            line.write(
                {
                    "product_id": binding.product_id.id,
                    "oms_binding_id": binding.id,
                    "name": line.name,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "tax_id": self._line_taxes(line.order_id.oms_channel_id),
                }
            )
        resolved = self.env["sale.order"]
        for sale in sales:
            missing = [
                li.oms_sku or li.name
                for li in sale.order_line
                if li.product_id == unknown
            ]
            if missing:
                sale.oms_attention_reason = _(
                    "Still unknown SKU(s): %s", ", ".join(missing)
                )
            else:
                resolved |= sale
        if not resolved:
            return
        resolved.write({"oms_needs_attention": False, "oms_attention_reason": False})
        resolved.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("oms_base.mail_activity_oms_attention")
            )
        ).action_feedback(feedback=_("SKUs mapped, order reprocessed."))
        to_confirm = resolved.filtered(
            lambda so: (
                so.state in ("draft", "sent") and so.oms_status in CONFIRM_STATUSES
            )
        )
        if to_confirm:
            to_confirm.with_context(send_email=False).action_confirm()
            shipped = to_confirm.filtered(lambda so: so.oms_status in SHIPPED_STATUSES)
            if shipped:
                self._deliver_shipped(shipped)
        to_cancel = resolved.filtered(
            lambda so: so.oms_status == normalized.CANCELLED and so.state != "cancel"
        )
        if to_cancel:
            to_cancel._action_cancel()

    @api.model
    def _normalized_line(self, sale_line):
        """The marketplace line an imported order line was built from."""
        return normalized.OrderLine(
            external_id=sale_line.oms_external_id or "",
            sku=sale_line.oms_sku or "",
            name=sale_line.name or "",
            external_product_id=sale_line.oms_external_product_id or "",
            external_sku_id=sale_line.oms_external_sku_id or "",
        )
