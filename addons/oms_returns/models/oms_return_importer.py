from datetime import UTC

from odoo import api, models
from odoo.tools import float_compare

from odoo.addons.oms_base import normalized

from ..const import STATE_RANK


def _utc_naive(value):
    if value and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


class OmsReturnImporter(models.AbstractModel):
    """Idempotent, order-independent upsert of ``normalized.Return`` objects.

    The same return arriving twice, or an older version after a newer one,
    changes nothing; its state only moves forward (``state_wins``). A
    return of an order Odoo does not know is kept and flagged.
    """

    _name = "oms.return.importer"
    _description = "Marketplace Return Importer"

    @api.model
    def _import_returns(self, channel, returns):
        """Create or update the ``oms.return`` records of ``returns``.

        Return ``(created, updated)`` recordsets.
        """
        Return = self.env["oms.return"]
        latest = {}
        for ret in returns:
            ret.updated_at = _utc_naive(ret.updated_at)
            ret.respond_by = _utc_naive(ret.respond_by)
            known = latest.get(ret.external_id)
            if known is None or self._is_later(ret, known):
                latest[ret.external_id] = ret
        if not latest:
            return Return, Return
        codes = {r.currency for r in latest.values() if r.currency}
        currencies = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "in", list(codes))])
        )
        currencies = {currency.name: currency for currency in currencies}
        existing = Return.search(
            [("channel_id", "=", channel.id), ("external_id", "in", list(latest))]
        )
        by_external = {r.external_id: r for r in existing}
        orders = self._orders(channel, latest.values())
        to_create = [r for key, r in latest.items() if key not in by_external]
        created = self._create_returns(channel, to_create, orders, currencies)
        updated = Return
        for key, record in by_external.items():
            if self._apply_update(record, latest[key], currencies):
                updated |= record
        (created | updated)._oms_follow_up()
        return created, updated

    @api.model
    def _is_later(self, ret, known):
        if ret.updated_at and known.updated_at and ret.updated_at != known.updated_at:
            return ret.updated_at > known.updated_at
        return STATE_RANK.get(ret.state, 0) >= STATE_RANK.get(known.state, 0)

    @api.model
    def _orders(self, channel, returns):
        refs = list({r.order_external_id for r in returns if r.order_external_id})
        orders = self.env["sale.order"].search(
            [("oms_channel_id", "=", channel.id), ("oms_external_id", "in", refs)]
        )
        return {order.oms_external_id: order for order in orders}

    def _create_returns(self, channel, returns, orders, currencies):
        vals_list = []
        problems = []
        for ret in returns:
            order = orders.get(ret.order_external_id)
            lines, notes = self._line_vals(order, ret)
            vals = self._return_vals(ret, currencies)
            vals.update(
                channel_id=channel.id,
                external_id=ret.external_id,
                order_external_id=ret.order_external_id,
                kind=ret.kind,
                state=ret.state,
                sale_order_id=order.id if order else False,
                line_ids=[(0, 0, line) for line in lines],
            )
            if not order:
                notes.append(
                    self.env._(
                        "Order %s is unknown to Odoo: import it, then link it.",
                        ret.order_external_id or "-",
                    )
                )
            if notes:
                vals.update(needs_attention=True, attention_reason="\n".join(notes))
            vals_list.append(vals)
            problems.append(notes)
        records = self.env["oms.return"].create(vals_list)
        for record, notes in zip(records, problems, strict=True):
            if notes:
                record.message_post(body="\n".join(notes))
        return records

    @api.model
    def _return_vals(self, ret, currencies):
        """Values every version of a return carries (not the state)."""
        vals = {
            "platform_status": ret.platform_status,
            "platform_updated_at": ret.updated_at,
            "reason": ret.reason,
            "buyer_note": ret.buyer_note,
            "photo_urls": "\n".join(ret.photo_urls),
            "refund_amount": ret.refund_amount,
            "respond_by": ret.respond_by,
            "tracking_number": ret.tracking_number,
        }
        if ret.refunded:
            vals["refunded"] = True
        currency = currencies.get(ret.currency)
        if currency:
            vals["currency_id"] = currency.id
        return vals

    def _line_vals(self, order, ret):
        """Lines of a new return and what was wrong with them.

        A line is matched to the order line by its marketplace line id,
        else by SKU. A partially shipped order returns only what left the
        warehouse.
        """
        notes = []
        match = self._sale_line_matcher(order)
        partially_shipped = bool(
            order
            and order.picking_ids.filtered(
                lambda p: (
                    p.picking_type_code == "outgoing"
                    and p.state not in ("done", "cancel")
                )
            )
        )
        vals_list = []
        for line in ret.lines:
            sale_line = match(line.order_line_external_id, line.sku)
            quantity = line.quantity
            if (
                sale_line
                and partially_shipped
                and ret.kind != normalized.RETURN_KIND_REFUND_ONLY
            ):
                shipped = sale_line.qty_delivered
                if float_compare(quantity, shipped, precision_digits=3) > 0:
                    notes.append(
                        self.env._(
                            "%(product)s: %(asked)s asked back, %(shipped)s "
                            "shipped; the return covers the shipped units only.",
                            product=sale_line.product_id.display_name,
                            asked=quantity,
                            shipped=shipped,
                        )
                    )
                    quantity = shipped
            if order and not sale_line:
                notes.append(
                    self.env._(
                        "Line %(line)s (SKU %(sku)s) is not on order %(order)s.",
                        line=line.order_line_external_id or line.external_id,
                        sku=line.sku or "-",
                        order=order.name,
                    )
                )
            vals_list.append(
                {
                    "external_id": line.external_id,
                    "order_line_external_id": line.order_line_external_id,
                    "sku": line.sku,
                    "sale_line_id": sale_line.id if sale_line else False,
                    "quantity": quantity,
                    "unit_price": line.unit_price,
                    "refund_amount": line.refund_amount,
                    "platform_status": line.platform_status,
                }
            )
        return vals_list, notes

    @api.model
    def _sale_line_matcher(self, order):
        """A function ``(marketplace line id, sku) -> sale line`` of
        ``order``: by marketplace line id, else by SKU."""
        sale_lines = order.order_line if order else self.env["sale.order.line"]
        by_external = {
            sl.oms_external_id: sl for sl in sale_lines if sl.oms_external_id
        }
        by_sku = {}
        for sale_line in sale_lines:
            for sku in (sale_line.oms_sku, sale_line.product_id.default_code):
                if sku:
                    by_sku.setdefault(sku, sale_line)

        def match(external_id, sku):
            return by_external.get(external_id) or by_sku.get(sku) or sale_lines[:0]

        return match

    def _apply_update(self, record, ret, currencies):
        """Apply a version of a known return; return whether it changed."""
        newer = not (
            ret.updated_at
            and record.platform_updated_at
            and ret.updated_at < record.platform_updated_at
        )
        moved = record._oms_advance(ret.state, ret.updated_at)
        if not newer and not moved:
            return False
        vals = self._return_vals(ret, currencies)
        if not newer:
            # an older message brings a further state, not older details
            vals = {k: v for k, v in vals.items() if k == "refunded"}
        changed = {
            k: v
            for k, v in vals.items()
            if record._fields[k].convert_to_write(record[k], record) != v
            and not (not v and not record[k])
        }
        if changed:
            record.write(changed)
        line_status = {line.external_id: line.platform_status for line in ret.lines}
        for line in record.line_ids:
            status = line_status.get(line.external_id)
            if newer and status and status != line.platform_status:
                line.platform_status = status
        return bool(moved or changed)

    # ------------------------------------------------------------------
    # Orders imported later, failed deliveries
    # ------------------------------------------------------------------

    @api.model
    def _after_orders_imported(self, channel, orders):
        """Link the returns that waited for these orders; open a failed
        delivery for the lines their marketplace says came back."""
        refs = [order.external_id for order in orders]
        waiting = self.env["oms.return"].search(
            [
                ("channel_id", "=", channel.id),
                ("sale_order_id", "=", False),
                ("order_external_id", "in", refs),
            ]
        )
        if not waiting and not any(o.failed_delivery_line_ids for o in orders):
            return
        sales = {
            sale.oms_external_id: sale
            for sale in self.env["sale.order"].search(
                [("oms_channel_id", "=", channel.id), ("oms_external_id", "in", refs)]
            )
        }
        for ret in waiting:
            order = sales.get(ret.order_external_id)
            # Units come back from what left: a return waits for its order
            # to ship (the order's next import links it then).
            shipped = order and order.order_line.filtered("qty_delivered")
            if shipped or (order and ret.kind == normalized.RETURN_KIND_REFUND_ONLY):
                ret._oms_link_order(order)
        failed = {}
        for order in orders:
            sale = sales.get(order.external_id)
            if not sale or not order.failed_delivery_line_ids:
                continue
            wanted = set(order.failed_delivery_line_ids)
            failed[sale] = {
                line: line.qty_delivered
                for line in sale.order_line
                if line.oms_external_id in wanted and line.qty_delivered
            }
        if failed:
            self._import_failed_deliveries(failed)

    @api.model
    def _import_failed_deliveries(self, quantities_by_order):
        """Failed delivery returns of ``{sale.order: {sale line: qty}}``.

        One per order: a second report (push and poll, the platform and the
        button) finds the first.
        """
        Return = self.env["oms.return"]
        orders = self.env["sale.order"].union(*quantities_by_order)
        refs = {order: f"failed-delivery:{order.oms_external_id}" for order in orders}
        existing = Return.search(
            [
                ("channel_id", "in", orders.oms_channel_id.ids),
                ("external_id", "in", list(refs.values())),
            ]
        )
        found = {(r.channel_id, r.external_id): r for r in existing}
        vals_list = []
        result = Return
        for order, quantities in quantities_by_order.items():
            known = found.get((order.oms_channel_id, refs[order]))
            if known:
                result |= known
                continue
            vals_list.append(
                {
                    "channel_id": order.oms_channel_id.id,
                    "external_id": refs[order],
                    "order_external_id": order.oms_external_id,
                    "sale_order_id": order.id,
                    "kind": normalized.RETURN_KIND_FAILED_DELIVERY,
                    "state": normalized.RETURN_APPROVED,
                    "reason": self.env._("Failed delivery"),
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "sale_line_id": line.id,
                                "order_line_external_id": line.oms_external_id,
                                "sku": line.oms_sku or line.product_id.default_code,
                                "quantity": quantity,
                                "unit_price": line.price_unit,
                            },
                        )
                        for line, quantity in quantities.items()
                        if quantity
                    ],
                }
            )
        created = Return.create(vals_list)
        created._oms_follow_up()
        return result | created
