import base64
import binascii
from datetime import timedelta

import psycopg2

from odoo import _, fields, models
from odoo.tools import mute_logger

from odoo.addons.oms_base import normalized
from odoo.addons.queue_job.exception import RetryableJobError

from .. import const, mapping
from ..errors import WebstoreApiError, conflict, not_found

PICKING_STATUS = {"done": "shipped", "cancel": "cancelled", "assigned": "ready"}


class OmsChannelWebstoreApi(models.AbstractModel):
    """What the web store Open API does for a shop (``routers/`` call
    these, as the shop's Marketplace Bot): HTTP stays in the routers, the
    order flow in oms_base's importer. Methods of ``oms.channel``, kept
    apart."""

    _name = "oms.channel.webstore.api"
    _description = "Web Store Shop: Open API Operations"

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------

    def _webstore_sale(self, order_no):
        """The shop's sale order of the store's order ``order_no``, if any."""
        self.ensure_one()
        return self.env["sale.order"].search(
            [("oms_channel_id", "=", self.id), ("oms_external_id", "=", order_no)],
            limit=1,
        )

    def _webstore_find_order(self, order_no):
        sale = self._webstore_sale(order_no)
        if not sale:
            raise not_found(_("Order"), order_no, "order_no")
        return sale

    def _webstore_find_order_or_accepted(self, order_no):
        """``(sale, event)``: the order ``order_no``, else the accepted
        message that it is still to be made of."""
        sale = self._webstore_sale(order_no)
        if sale:
            return sale, self.env["oms.event"]
        event = self._webstore_pending_event(order_no)
        if not event:
            raise not_found(_("Order"), order_no, "order_no")
        return sale, event

    def _webstore_accepted_out(self, event):
        """The ``OrderAcceptedOut`` dict of an accepted create message."""
        failed = event.state == "failed"
        return {
            "order_no": event.external_ref,
            "status": "failed" if failed else "pending",
            "error": (event.error or "") if failed else "",
            "accepted_at": event.create_date,
        }

    def _webstore_create_order(self, data):
        """Create the order of an ``OrderIn``; return ``(sale, created)``.

        Idempotent on the store's order number: the same content again
        returns the order already made, other content is a conflict. The
        message is stored as an event before the importer makes the order.
        """
        self.ensure_one()
        request, dedup_key = self._webstore_create_key(data)
        existing = self._webstore_existing_order(data.order_no, dedup_key)
        if existing:
            return existing, False
        accepted = self._webstore_pending_event(data.order_no)
        if accepted:
            # accepted earlier for a job: this request does the job's work
            if accepted.dedup_key != dedup_key:
                raise self._webstore_duplicate_error(data.order_no)
            self._webstore_process_now(accepted._lock_for_processing(), data.order_no)
        else:
            order = mapping.order_from_request(data, fields.Datetime.now())
            self._webstore_import(order, request, dedup_key=dedup_key)
        return self._webstore_find_order(data.order_no), True

    def _webstore_accept_order(self, data):
        """Take the order of an ``OrderIn`` to be imported by a job (the
        store asked ``Prefer: respond-async``); return ``(sale, event)``:
        the order if it exists already, else its waiting event.

        As idempotent as ``_webstore_create_order``: the same content again
        answers with the same event (a failed one is queued again, the
        store's retry being its replay), other content is a conflict.
        """
        self.ensure_one()
        request, dedup_key = self._webstore_create_key(data)
        existing = self._webstore_existing_order(data.order_no, dedup_key)
        if existing:
            return existing, self.env["oms.event"]
        event = self._webstore_pending_event(data.order_no)
        if event and event.dedup_key != dedup_key:
            raise self._webstore_duplicate_error(data.order_no)
        if not event:
            order = mapping.order_from_request(data, fields.Datetime.now())
            vals = dict(
                self._webstore_event_vals(order, request, dedup_key),
                webstore_accepted=True,
            )
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    event = self.env["oms.event"]._store([vals])
            except psycopg2.errors.UniqueViolation:
                # the same number accepted by a request not committed yet
                # (oms_event_webstore_accepted_uniq): its retry sees it
                raise self._webstore_in_progress_error(data.order_no) from None
        elif event.state == "failed":
            event.write({"state": "new", "error": False})
        event._enqueue_processing()
        return self.env["sale.order"], event

    def _webstore_create_key(self, data):
        """The request of an ``OrderIn`` as stored, and its dedup key: the
        order number and a digest of the content."""
        request = data.model_dump(mode="json")
        return request, f"create:{data.order_no}:{mapping.content_digest(request)}"

    def _webstore_existing_order(self, order_no, dedup_key):
        """The order ``order_no`` if it was made from this very content;
        raise the conflict if it was made from other content."""
        existing = self._webstore_sale(order_no)
        if not existing:
            return existing
        same = self.env["oms.event"].search_count(
            [
                ("channel_id", "=", self.id),
                ("direction", "=", "in"),
                ("dedup_key", "=", dedup_key),
            ],
            limit=1,
        )
        if not same:
            raise self._webstore_duplicate_error(order_no)
        return existing

    def _webstore_duplicate_error(self, order_no):
        return conflict(
            "duplicate_order_no",
            _("Order %s already exists with other content.", order_no),
            "order_no",
        )

    def _webstore_in_progress_error(self, order_no):
        return conflict(
            "in_progress",
            _("Order %s is being processed by another request.", order_no),
            "order_no",
            headers={"Retry-After": "1"},
        )

    def _webstore_pending_event(self, order_no):
        """The accepted create message of ``order_no`` that no order was
        made of yet (waiting, or failed)."""
        return self.env["oms.event"].search(
            [
                ("channel_id", "=", self.id),
                ("direction", "=", "in"),
                ("kind", "=", "order"),
                ("external_ref", "=", order_no),
                ("webstore_accepted", "=", True),
                ("state", "in", ("new", "failed")),
                ("duplicate_of_id", "=", False),
            ],
            order="id desc",
            limit=1,
        )

    def _webstore_event_vals(self, order, data, dedup_key=None):
        """Values of the inbound event of the store's message about
        ``order`` (its ``normalized.Order``, as the importer will take it)."""
        return {
            "channel_id": self.id,
            "kind": "order",
            "external_ref": order.external_id,
            "dedup_key": dedup_key,
            "payload": {
                "request": data.model_dump(mode="json")
                if hasattr(data, "model_dump")
                else data,
                "order": mapping.order_to_payload(order),
            },
        }

    def _webstore_import(self, order, data, dedup_key=None):
        """Store the store's message about ``order`` (a ``normalized.Order``
        in its new state), then import it; raise the API error of a
        failure (the request's transaction, event included, rolls back)."""
        event = self.env["oms.event"]._store(
            [self._webstore_event_vals(order, data, dedup_key)]
        )
        return self._webstore_process_now(event, order.external_id)

    def _webstore_process_now(self, event, order_no):
        """Process ``event`` in this request; raise the API error of a
        failure, or of an event that another request or a job holds."""
        if not event:
            raise self._webstore_in_progress_error(order_no)
        try:
            event._process()
        except RetryableJobError as err:
            raise self._webstore_in_progress_error(order_no) from err
        if event.state == "failed":
            raise WebstoreApiError(
                422, "import_failed", event.error or _("Import failed."), None
            )
        return event

    def _webstore_current_order(self, sale):
        """The ``normalized.Order`` of ``sale`` as the store last made it
        (its latest message), stamped after the order's last update."""
        event = self.env["oms.event"].search(
            [
                ("channel_id", "=", self.id),
                ("direction", "=", "in"),
                ("kind", "=", "order"),
                ("external_ref", "=", sale.oms_external_id),
                ("state", "=", "done"),
            ],
            order="id desc",
            limit=1,
        )
        if not event:
            raise conflict(
                "not_a_store_order",
                _("Order %s was not created through the API.", sale.oms_external_id),
            )
        order = mapping.order_from_payload(event._get_payload()["order"])
        now = fields.Datetime.now()
        if sale.oms_updated_at and now <= sale.oms_updated_at:
            now = sale.oms_updated_at + timedelta(seconds=1)
        order.updated_at = now
        return order

    def _webstore_check_not_shipped(self, sale):
        shipped = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        if shipped or sale.oms_status in (normalized.SHIPPED, normalized.DELIVERED):
            raise conflict(
                "already_shipped",
                _(
                    "Order %s has shipped: it cannot be cancelled.",
                    sale.oms_external_id,
                ),
            )
        if sale.oms_status == normalized.CANCELLED:
            raise conflict(
                "already_cancelled",
                _("Order %s is already cancelled.", sale.oms_external_id),
            )

    def _webstore_cancel(self, sale, lines, reason, data=None):
        """Cancel ``sale`` whole (no ``lines``) or the ``{line id: units
        or None}`` of ``lines``, through the importer, as the store asked."""
        self.ensure_one()
        self._webstore_check_not_shipped(sale)
        order = self._webstore_current_order(sale)
        order.cancel_reason = reason or _("Cancelled by the store")
        known = {line.external_id: line for line in order.lines}
        unknown = [ref for ref in lines if ref not in known]
        if unknown:
            raise WebstoreApiError(
                422,
                "unknown_line",
                _(
                    "Order %(order)s has no line %(line)s.",
                    order=sale.oms_external_id,
                    line=unknown[0],
                ),
                "lines",
            )
        whole = (
            not lines
            or all(
                units is None or units >= known[ref].quantity
                for ref, units in lines.items()
            )
            and set(lines) == set(known)
        )
        if whole:
            order.status = normalized.CANCELLED
            order.platform_status = "cancelled"
            self._webstore_import(order, data)
            return sale
        partial = {
            ref: units
            for ref, units in lines.items()
            if units is not None and units < known[ref].quantity
        }
        mapping.cancel_lines(order, lines)
        self._webstore_import(order, data)
        if partial:
            importer = self.env["oms.order.importer"]
            remaining = {line.external_id: line.quantity for line in order.lines}
            sale_lines = sale.order_line.filtered(
                lambda li: li.oms_external_id in partial
            )
            importer._reduce_lines(
                {li: remaining[li.oms_external_id] for li in sale_lines}
            )
            importer._update_discount(sale, order)
            sale.message_post(
                body=_(
                    "Units cancelled by the store: %(items)s (%(reason)s)",
                    items=", ".join(sale_lines.mapped("name")),
                    reason=order.cancel_reason,
                )
            )
        return sale

    def _webstore_resolve_lines(self, sale, cancel_lines):
        """``{line id: units or None}`` of ``CancelLine`` items, which name
        a line by its id or its SKU."""
        by_sku = {
            line.oms_sku: line.oms_external_id
            for line in sale.order_line
            if line.oms_sku
        }
        resolved = {}
        for index, item in enumerate(cancel_lines):
            ref = item.line_id or by_sku.get(item.sku)
            if not ref:
                raise WebstoreApiError(
                    422,
                    "unknown_line",
                    _("Give the line_id or the sku of a line of the order."),
                    f"body.lines.{index}",
                )
            resolved[ref] = item.quantity
        return resolved

    def _webstore_order_out(self, sale):
        """The ``OrderOut`` dict of a sale order."""
        lines = sale.order_line.filtered("oms_external_id")
        return {
            "order_no": sale.oms_external_id,
            "reference": sale.name,
            "status": sale.oms_status or "",
            "currency": sale.currency_id.name,
            "total": sale.amount_total,
            "needs_attention": sale.oms_needs_attention,
            "attention_reason": sale.oms_attention_reason or "",
            "created_at": sale.date_order or None,
            "updated_at": sale.oms_updated_at or None,
            "lines": [
                {
                    "line_id": line.oms_external_id,
                    "sku": line.oms_sku or "",
                    "name": line.name,
                    "quantity": line.product_uom_qty,
                    "unit_price": line.price_unit,
                    "known_sku": not line.oms_needs_binding,
                }
                for line in lines
            ],
            "parcels": [
                self._webstore_parcel_out(p) for p in self._webstore_parcels(sale)
            ],
        }

    def _webstore_search_orders(
        self, status=None, updated_since=None, page=1, page_size=50
    ):
        domain = [("oms_channel_id", "=", self.id)]
        if status:
            domain.append(("oms_status", "=", status))
        if updated_since:
            domain.append(("write_date", ">=", updated_since))
        SaleOrder = self.env["sale.order"]
        total = SaleOrder.search_count(domain)
        sales = SaleOrder.search(
            domain,
            order="write_date desc, id desc",
            limit=page_size,
            offset=(page - 1) * page_size,
        )
        return {
            "items": [self._webstore_order_out(sale) for sale in sales],
            "page": page,
            "page_size": page_size,
            "total": total,
        }

    # ------------------------------------------------------------------
    # Parcels
    # ------------------------------------------------------------------

    def _webstore_parcels(self, sales):
        return sales.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")

    def _webstore_parcel_out(self, picking):
        return {
            "parcel_no": picking.name,
            "order_no": picking.sale_id.oms_external_id or "",
            "status": PICKING_STATUS.get(picking.state, "waiting"),
            "carrier": picking.oms_shipment_provider or picking.carrier_id.name or "",
            "tracking_number": picking.carrier_tracking_ref or "",
            "label_url": (
                f"{const.API_ROOT}/parcels/label?parcel_no={picking.name}"
                if picking.oms_label_id
                else None
            ),
            "shipped_at": picking.date_done or None,
        }

    def _webstore_find_parcels(self, order_nos=(), parcel_nos=(), tracking_numbers=()):
        domain = [
            ("oms_channel_id", "=", self.id),
            ("picking_type_code", "=", "outgoing"),
        ]
        clauses = []
        if order_nos:
            clauses.append([("sale_id.oms_external_id", "in", list(order_nos))])
        if parcel_nos:
            clauses.append([("name", "in", list(parcel_nos))])
        if tracking_numbers:
            clauses.append([("carrier_tracking_ref", "in", list(tracking_numbers))])
        if not clauses:
            raise WebstoreApiError(
                422,
                "missing_filter",
                _("Give order numbers, parcel numbers or tracking numbers."),
                "query",
            )
        from odoo.osv import expression

        return self.env["stock.picking"].search(
            expression.AND([domain, expression.OR(clauses)]), order="id"
        )

    def _webstore_track(self, pickings):
        """Track & trace of ``pickings``: what happened to each parcel."""
        result = []
        for picking in pickings:
            sale = picking.sale_id
            events = [
                {
                    "at": picking.create_date or None,
                    "status": "created",
                    "description": _(
                        "Parcel created in %s",
                        picking.picking_type_id.warehouse_id.name,
                    ),
                }
            ]
            if picking.state == "assigned":
                events.append(
                    {
                        "at": picking.write_date or None,
                        "status": "ready",
                        "description": _("Picked and ready"),
                    }
                )
            if picking.oms_fulfilment_state:
                events.append(
                    {
                        "at": picking.write_date or None,
                        "status": picking.oms_fulfilment_state,
                        "description": _("Handed to the carrier's flow"),
                    }
                )
            if picking.state == "done":
                events.append(
                    {
                        "at": picking.date_done or None,
                        "status": "shipped",
                        "description": _(
                            "Shipped with %(carrier)s, tracking %(tracking)s",
                            carrier=picking.oms_shipment_provider
                            or picking.carrier_id.name
                            or "-",
                            tracking=picking.carrier_tracking_ref or "-",
                        ),
                    }
                )
                if sale.oms_status in (normalized.DELIVERED, normalized.RETURNED):
                    events.append(
                        {
                            "at": sale.oms_updated_at or None,
                            "status": sale.oms_status,
                            "description": _("Reported by the store"),
                        }
                    )
            if picking.state == "cancel":
                events.append(
                    {
                        "at": picking.write_date or None,
                        "status": "cancelled",
                        "description": _("Cancelled"),
                    }
                )
            parcel = self._webstore_parcel_out(picking)
            result.append(
                {
                    "order_no": parcel["order_no"],
                    "parcel_no": parcel["parcel_no"],
                    "carrier": parcel["carrier"],
                    "tracking_number": parcel["tracking_number"],
                    "status": parcel["status"],
                    "events": events,
                }
            )
        return result

    def _webstore_parcel_of(self, sale, parcel_no):
        parcels = self._webstore_parcels(sale)
        if parcel_no:
            parcel = parcels.filtered(lambda p: p.name == parcel_no)
            if not parcel:
                raise not_found(_("Parcel"), parcel_no, "parcel_no")
            return parcel
        open_parcels = parcels.filtered(lambda p: p.state not in ("done", "cancel"))
        return open_parcels[:1] or parcels[:1]

    def _webstore_update_parcel_status(self, data):
        """The store shipped (delivered, got back) an order's parcel itself."""
        self.ensure_one()
        sale = self._webstore_find_order(data.order_no)
        if sale.oms_status == normalized.CANCELLED:
            raise conflict(
                "already_cancelled", _("Order %s is cancelled.", data.order_no)
            )
        picking = self._webstore_parcel_of(sale, data.parcel_no)
        order = self._webstore_current_order(sale)
        order.status = const.PARCEL_STATUSES[data.status]
        order.platform_status = data.status
        # on the parcel before the importer ships it (done pickings keep
        # what they have)
        tracking = {}
        if data.tracking_number:
            tracking["carrier_tracking_ref"] = data.tracking_number
        if data.carrier:
            tracking["oms_shipment_provider"] = data.carrier
        if tracking and picking:
            picking.write(tracking)
        self._webstore_import(order, data)
        return self._webstore_parcels(sale)

    def _webstore_update_tracking_docs(self, data):
        """Tracking number, carrier and label of a parcel the store ships."""
        self.ensure_one()
        sale = self._webstore_find_order(data.order_no)
        picking = self._webstore_parcel_of(sale, data.parcel_no)
        if not picking:
            raise conflict("no_parcel", _("Order %s has no parcel yet.", data.order_no))
        if picking.state == "cancel":
            raise conflict(
                "parcel_cancelled", _("Parcel %s is cancelled.", picking.name)
            )
        pdf = None
        if data.label_pdf_base64:
            try:
                pdf = base64.b64decode(data.label_pdf_base64, validate=True)
            except (binascii.Error, ValueError) as err:
                raise WebstoreApiError(
                    422,
                    "invalid_base64",
                    _("The label is not valid base64."),
                    "body.label_pdf_base64",
                ) from err
            if len(pdf) > const.MAX_LABEL_BYTES:
                raise WebstoreApiError(
                    413,
                    "label_too_large",
                    _("The label exceeds %s bytes.", const.MAX_LABEL_BYTES),
                    "body.label_pdf_base64",
                )
            if not pdf.startswith(b"%PDF"):
                raise WebstoreApiError(
                    422,
                    "not_a_pdf",
                    _("The label must be a PDF."),
                    "body.label_pdf_base64",
                )
        vals = {"carrier_tracking_ref": data.tracking_number}
        if data.carrier:
            vals["oms_shipment_provider"] = data.carrier
        picking.write(vals)
        if pdf:
            if picking.oms_label_id:
                picking.oms_label_id.unlink()
            picking._oms_attach_labels({picking: pdf})
        picking.message_post(
            body=_(
                "Tracking from the store: %(tracking)s (%(carrier)s)%(label)s",
                tracking=data.tracking_number,
                carrier=data.carrier or "-",
                label=_(", label attached") if pdf else "",
            )
        )
        return picking

    # ------------------------------------------------------------------
    # Products (SPU) and stock
    # ------------------------------------------------------------------

    def _webstore_spu_bindings(self, spu_id, active_test=True):
        return (
            self.env["oms.product.binding"]
            .with_context(active_test=active_test)
            .search(
                [("channel_id", "=", self.id), ("external_product_id", "=", spu_id)]
            )
        )

    def _webstore_upsert_spu(self, spu_id, data):
        """Create or update the bindings of an SPU's SKUs, bound by seller
        SKU to the products whose internal reference it is; SKUs the SPU
        no longer has are archived."""
        self.ensure_one()
        state = "active" if data.status == "on_sale" else "inactive"
        listings = [
            {
                "external_id": sku.sku_id or sku.sku,
                "external_product_id": spu_id,
                "seller_sku": sku.sku,
                "name": sku.name or data.name,
                "price": sku.price,
                "state": state,
                "data": {"spu_name": data.name, "description": data.description},
            }
            for sku in data.skus
        ]
        before = self._webstore_spu_bindings(spu_id, active_test=False)
        bindings = self.env["oms.product.binding"]._bind_by_sku(self, listings)
        (before - bindings).write({"listing_state": "deleted", "active": False})
        bindings.filtered(lambda b: not b.active).write({"active": True})
        return bindings

    def _webstore_spu_out(self, spu_id, bindings):
        status = (
            "on_sale"
            if any(b.listing_state == "active" for b in bindings)
            else "off_sale"
        )
        if not bindings.filtered("active"):
            status = "deleted"
        return {
            "spu_id": spu_id,
            "name": (bindings[:1].data or {}).get("spu_name")
            or bindings[:1].name
            or "",
            "status": status,
            "skus": [
                {
                    "sku": b.seller_sku or "",
                    "sku_id": b.external_id or "",
                    "bound": bool(b.product_id),
                    "status": b.listing_state,
                }
                for b in bindings
            ],
        }

    def _webstore_stock(self, skus=None, page=1, page_size=100):
        """The stock feed: what the store may sell per SKU (the shop's
        stock rule on the free quantity, as pushed to marketplaces) and
        its price (the shop's pricelist)."""
        self.ensure_one()
        domain = [("channel_id", "=", self.id), ("listing_state", "!=", "deleted")]
        if skus:
            domain.append(("seller_sku", "in", list(skus)))
        Binding = self.env["oms.product.binding"]
        total = Binding.search_count(domain)
        bindings = Binding.search(
            domain,
            order="seller_sku, id",
            limit=page_size,
            offset=(page - 1) * page_size,
        )
        free = (
            self._oms_free_quantities(bindings.product_id)
            if bindings.product_id
            else {}
        )
        items = []
        for binding in bindings:
            quantity = 0
            if binding.product_id and binding.listing_state == "active":
                quantity = self._oms_publishable_quantity(
                    free.get(binding.product_id.id, 0.0)
                )
            items.append(
                {
                    "sku": binding.seller_sku or "",
                    "sku_id": binding.external_id or "",
                    "quantity": quantity,
                    "price": binding.expected_price,
                    "currency": (
                        self.pricelist_id.currency_id or self.currency_id
                    ).name,
                    "status": "on_sale"
                    if binding.listing_state == "active"
                    else "off_sale",
                }
            )
        return {"items": items, "page": page, "page_size": page_size, "total": total}

    # ------------------------------------------------------------------
    # Cancellation requests
    # ------------------------------------------------------------------

    def _webstore_request_cancel(self, sale, lines, reason):
        """Record the store's request to cancel ``sale`` for a person to
        answer (flagged on the order, a to-do for the shop's responsible)."""
        self.ensure_one()
        self._webstore_check_not_shipped(sale)
        Request = self.env["oms.webstore.cancel.request"]
        pending = Request.search(
            [("order_id", "=", sale.id), ("state", "=", "requested")], limit=1
        )
        if pending:
            raise conflict(
                "request_pending",
                _(
                    "Order %s already has a cancellation request to answer.",
                    sale.oms_external_id,
                ),
            )
        request = Request.create(
            {"order_id": sale.id, "reason": reason, "line_refs": lines or False}
        )
        sale._oms_flag_buyer_cancellation({sale.oms_external_id: reason or True})
        request.activity_schedule(
            "oms_base.mail_activity_oms_attention",
            summary=_("Store asks to cancel %s", sale.oms_external_id),
            user_id=self._oms_responsible().id,
        )
        return request

    def _webstore_find_cancel_request(self, request_id):
        request = self.env["oms.webstore.cancel.request"].search(
            [("id", "=", request_id), ("channel_id", "=", self.id)], limit=1
        )
        if not request:
            raise not_found(_("Cancellation request"), request_id, "request_id")
        return request
