import math
from collections import defaultdict
from datetime import timedelta

from oms_api_common import errors as api_errors

from odoo import _, fields, models


class OmsChannelStock(models.AbstractModel):
    """A shop's stock publisher (``oms.channel``): the shop's stock rule
    applied to free quantities, pushed in batches of the platform's size.
    Methods of ``oms.channel``, kept apart."""

    _name = "oms.channel.stock"
    _description = "Marketplace Shop: Stock Publisher"

    def _oms_push_stock(self):
        """Job: publish the quantity of this shop's dirty bindings.

        Unchanged quantities are skipped; changed ones go out in batches of
        the platform's maximum size. Once a batch was accepted, a later
        failure does not roll it back: failed SKUs keep their error and stay
        dirty, and a follow-up push is queued.
        """
        self.ensure_one()
        if not self.stock_sync_enabled:
            return _("Stock push is off for this shop.")
        return self._oms_guarded(self._oms_push_dirty_stock)

    def _oms_push_dirty_stock(self):
        # Consume this shop's pending stock changes (see oms.stock.change).
        self.env.cr.execute(
            "DELETE FROM oms_stock_change WHERE channel_id = %s"
            " RETURNING product_id, force",
            [self.id],
        )
        rows = self.env.cr.fetchall()
        changed = list({product_id for product_id, _force in rows})
        forced = {product_id for product_id, force in rows if force}
        bindings = self.env["oms.product.binding"].search(
            [
                ("channel_id", "=", self.id),
                ("active", "=", True),
                ("product_id", "!=", False),
                # bound by hand and not seen on the marketplace yet
                ("external_id", "!=", False),
                "|",
                ("stock_dirty", "=", True),
                ("product_id", "in", changed),
            ]
        )
        if not bindings:
            return _("Nothing to push.")
        free = self._oms_free_quantities(bindings.product_id)
        updates = []
        unchanged = self.env["oms.product.binding"]
        for binding in bindings:
            qty = self._oms_publishable_quantity(free.get(binding.product_id.id, 0.0))
            if (
                binding.last_pushed_qty == qty
                and binding.sync_state == "synced"
                and binding.product_id.id not in forced
            ):
                unchanged |= binding
            else:
                updates.append((binding, qty))
        unchanged.write({"stock_dirty": False})
        size = self._oms_stock_batch_size()
        pushed = failed = 0
        for start in range(0, len(updates), size):
            batch = updates[start : start + size]
            try:
                results = self._oms_call("_oms_push_stock_batch", batch)
            except api_errors.ApiError as err:
                if not (err.transient and pushed):
                    raise
                # Part of the stock is already published: keep it and come
                # back for the rest instead of rolling everything back.
                rest = self.env["oms.product.binding"].concat(
                    *(binding for binding, _qty in updates[start:])
                )
                rest.write({"stock_dirty": True})
                self._oms_enqueue(
                    "_oms_push_stock",
                    key="push_stock",
                    eta=fields.Datetime.now() + timedelta(seconds=60),
                )
                break
            pushed_now, failed_now = self._oms_record_stock_results(batch, results)
            pushed += pushed_now
            failed += failed_now
        self._oms_write_stamps({"last_stock_push": fields.Datetime.now()})
        return _(
            "%(pushed)s pushed, %(failed)s failed, %(skipped)s unchanged",
            pushed=pushed,
            failed=failed,
            skipped=len(unchanged),
        )

    def _oms_record_stock_results(self, batch, results):
        """Write what the marketplace accepted or refused; return the counts."""
        Binding = self.env["oms.product.binding"]
        accepted_by_qty = defaultdict(lambda: Binding)
        refused = 0
        for binding, qty in batch:
            error = (results or {}).get(binding.id)
            if error:
                refused += 1
                binding.write(
                    {"sync_state": "error", "last_error": error, "stock_dirty": False}
                )
            else:
                accepted_by_qty[qty] |= binding
        now = fields.Datetime.now()
        for qty, bindings in accepted_by_qty.items():
            bindings.write(
                {
                    "last_pushed_qty": qty,
                    "last_stock_push": now,
                    "sync_state": "synced",
                    "last_error": False,
                    "stock_dirty": False,
                }
            )
        return len(batch) - refused, refused

    def _oms_free_quantities(self, products):
        """Free quantity of ``products`` in this shop's warehouses.

        Free = on hand minus reserved, which already accounts for every
        confirmed order of every channel sharing these warehouses.
        """
        self.ensure_one()
        warehouses = self.warehouse_ids or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        products = products.with_context(
            location=warehouses.lot_stock_id.ids, compute_child=True
        )
        # Quants may have moved earlier in this transaction; quantities are
        # not invalidated by quant writes, so never trust the cache here.
        products.invalidate_recordset(["free_qty"])
        return {product.id: product.free_qty for product in products}

    def _oms_publishable_quantity(self, free_qty):
        """Apply the shop's stock rule to a free quantity."""
        self.ensure_one()
        qty = max(free_qty - self.stock_buffer, 0.0)
        qty = math.floor(qty * self.stock_percentage / 100.0 + 1e-9)
        if self.stock_max_qty:
            qty = min(qty, int(self.stock_max_qty))
        return max(int(qty), 0)
