import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)

# ir.config_parameter: "0" skips asking the marketplace for the order's
# latest status at the first scan of a parcel.
CHECK_PARAM = "oms_warehouse.check_marketplace_on_scan"
IMAGE_URL = "/web/image/product.product/%s/image_128"


class OmsPackStation(models.AbstractModel):
    """The pack station's server side, called by its screen over JSON-RPC.

    A scan is either a parcel (picking name, tracking number, package,
    marketplace or sale order number) or, once a parcel is open, one of its
    products (barcode or internal reference) or a lot/serial number of a
    tracked one. Every answer is the station's state (see ``_oms_state``):
    the parcel, its lines with expected and scanned quantities, and the
    outcome of the scan (``ok``, ``refused``, ``stop``, ``complete``,
    ``packed``) with the message the packer reads.
    """

    _name = "oms.pack.station"
    _description = "Pack Station"

    # ------------------------------------------------------------------
    # Public API (JSON-RPC)
    # ------------------------------------------------------------------

    @api.model
    def oms_scan(self, code, picking_id=False):
        """Process one scan; return the station's state."""
        self._oms_check_rights()
        code = (code or "").strip()
        if not code:
            return self._oms_state(False, "refused", _("Empty scan."))
        picking = self.env["stock.picking"].browse(picking_id).exists()
        if picking and picking.state != "done":
            # the order may have been cancelled or held since the last scan
            result = self._oms_stop(picking) or self._oms_scan_item(picking, code)
            if result is not None:
                return result
        return self._oms_open_parcel(code, picking)

    @api.model
    def oms_pack(self, picking_id):
        """Validate the fully scanned parcel, make the marketplace calls in
        the order its courier needs and return the state with the label."""
        self._oms_check_rights()
        picking = self.env["stock.picking"].browse(picking_id).exists()
        if not picking:
            return self._oms_state(False, "refused", _("No parcel is open."))
        picking.check_access("write")
        stop = self._oms_stop(picking)
        if stop:
            return stop
        if picking.state == "done":
            return self._oms_state(
                picking, "packed", _("%s is already packed.", picking.name)
            )
        if not picking._oms_all_scanned():
            return self._oms_state(
                picking,
                "refused",
                _("Not all items are scanned: %s", self._oms_missing(picking)),
            )
        try:
            with self.env.cr.savepoint():
                picking._oms_validate_packed()
                picking.write(
                    {
                        "oms_packed_by_id": self.env.uid,
                        "oms_packed_at": fields.Datetime.now(),
                    }
                )
                failed = picking._oms_fulfil()
                if (
                    failed
                    and not picking.oms_fulfilment_state
                    and (picking.oms_channel_id.support_fulfilment)
                ):
                    # Nothing happened on the marketplace: undo the
                    # validation, the parcel stays on the bench as scanned.
                    raise UserError(failed[picking])
        except UserError as err:
            return self._oms_state(picking, "refused", err.args[0])
        if failed:
            return self._oms_state(
                picking,
                "packed",
                _(
                    "%(name)s is packed, but: %(reason)s",
                    name=picking.name,
                    reason=failed[picking],
                ),
                warning=True,
            )
        return self._oms_state(
            picking, "packed", _("%s packed: label printing.", picking.name)
        )

    @api.model
    def oms_reset(self, picking_id):
        """Forget the scans of a parcel (start counting it again)."""
        self._oms_check_rights()
        picking = self.env["stock.picking"].browse(picking_id).exists()
        picking.check_access("write")
        picking.oms_scan_ids.unlink()
        return self._oms_state(picking, "ok", _("Scans cleared: scan again."))

    @api.model
    def oms_attach_photo(self, picking_id, data, mimetype="image/jpeg"):
        """Attach a packing photo (base64) taken at the station."""
        self._oms_check_rights()
        picking = self.env["stock.picking"].browse(picking_id).exists()
        if not picking:
            raise UserError(_("No parcel is open."))
        picking.check_access("write")
        if not (mimetype or "").startswith("image/"):
            raise UserError(_("A packing photo must be an image."))
        attachment = picking._oms_attach_photo(data, mimetype)
        return {"attachment_id": attachment.id}

    # ------------------------------------------------------------------
    # Scans
    # ------------------------------------------------------------------

    def _oms_check_rights(self):
        user = self.env.user
        if not (
            user.has_group("stock.group_stock_user")
            and user.has_group("oms_base.group_oms_user")
        ):
            raise AccessError(
                _("The pack station is for warehouse users (Inventory and OMS User).")
            )

    def _oms_open_parcel(self, code, current):
        picking, others = self.env["stock.picking"]._oms_find_by_scan(code)
        if not picking or picking.state in ("done", "cancel"):
            # no parcel to pack: the code may name work of another desk
            elsewhere = self._oms_scan_elsewhere(code)
            if elsewhere:
                action, message = elsewhere
                return self._oms_state(False, "open", message, action=action)
        if not picking:
            if current and current.state not in ("done", "cancel"):
                return self._oms_refuse_unknown(current, code)
            return self._oms_state(
                False, "refused", _("%s is no parcel to pack.", code), sound="error"
            )
        picking.check_access("read")
        if not picking.oms_scan_ids and picking.state not in ("done", "cancel"):
            self._oms_refresh_from_marketplace(picking)
        stop = self._oms_stop(picking)
        if stop:
            return stop
        if picking.state == "done":
            return self._oms_state(
                picking,
                "packed",
                _("%s is already packed: label ready to print again.", picking.name),
            )
        if picking.state != "assigned":
            return self._oms_state(
                picking,
                "refused",
                _("%s is not ready: its products are not all reserved.", picking.name),
            )
        message = _("%s: scan its items.", picking.name)
        if others:
            message = _(
                "%(name)s: scan its items (%(count)s more parcel(s) for this "
                "order: scan their tracking numbers).",
                name=picking.name,
                count=others,
            )
        if picking._oms_all_scanned():
            return self._oms_state(picking, "complete", _("All scanned: Pack."))
        return self._oms_state(picking, "ok", message)

    def _oms_scan_item(self, picking, code):
        """Count a product or lot scan into ``picking``; None when ``code``
        is no item at all (it may be the next parcel)."""
        moves = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        product_moves = moves.filtered(
            lambda m: code in (m.product_id.barcode, m.product_id.default_code)
        )
        lot = self.env["stock.lot"]
        if not product_moves:
            tracked = moves.filtered(lambda m: m.has_tracking != "none")
            if tracked:
                lot = self.env["stock.lot"].search(
                    [("name", "=", code), ("product_id", "in", tracked.product_id.ids)],
                    limit=1,
                )
                product_moves = tracked.filtered(
                    lambda m: m.product_id == lot.product_id
                )
        if not product_moves:
            return self._oms_refuse_unknown(picking, code, parcel_ok=True)
        product = product_moves.product_id[:1]
        if product_moves[0].has_tracking != "none" and not lot:
            return self._oms_state(
                picking,
                "refused",
                _("%s is tracked: scan its lot/serial number.", product.display_name),
                sound="error",
            )
        expected = picking._oms_expected()
        move = next(
            (
                m
                for m in product_moves
                if float_compare(
                    expected[m][1],
                    expected[m][0],
                    precision_rounding=m.product_id.uom_id.rounding,
                )
                < 0
            ),
            None,
        )
        if move is None:
            total = sum(expected[m][0] for m in product_moves)
            return self._oms_state(
                picking,
                "refused",
                _(
                    "Over-scan: all %(count)s of %(product)s are already scanned. "
                    "Take the extra one out.",
                    count=format(total, "g"),
                    product=product.display_name,
                ),
                sound="error",
            )
        if lot and product.tracking == "serial" and lot in picking.oms_scan_ids.lot_id:
            return self._oms_state(
                picking,
                "refused",
                _("Serial number %s is already scanned in this parcel.", lot.name),
                sound="error",
            )
        self.env["oms.pack.scan"].create(
            {
                "picking_id": picking.id,
                "move_id": move.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "quantity": 1.0,
            }
        )
        if picking._oms_all_scanned():
            return self._oms_state(picking, "complete", _("All scanned: Pack."))
        return self._oms_state(picking, "ok", _("%s: OK.", product.display_name))

    def _oms_scan_elsewhere(self, code):
        """Hook: what a scanned code that names no parcel to pack opens
        instead, as ``(action, message)``, or None.

        Asked when no open parcel matches ``code`` (a return tracking
        number, or the order or AWB of a parcel already shipped). For a
        module to send such scans to its own screen (the returns desk of
        ``oms_returns``), it must override this method, return the window
        action to open and the message the packer reads, and call
        ``super()`` for the codes it does not know.
        """
        return False

    def _oms_refuse_unknown(self, picking, code, parcel_ok=False):
        """Refuse a code that is no item of the open parcel; a parcel
        code (``parcel_ok`` False) falls through to open that parcel."""
        if parcel_ok and self.env["stock.picking"].search_count(
            self.env["stock.picking"]._oms_scan_domain(code), limit=1
        ):
            return None
        product = self.env["product.product"].search(
            ["|", ("barcode", "=", code), ("default_code", "=", code)], limit=1
        )
        message = (
            _("Wrong item: %s is not in this parcel.", product.display_name)
            if product
            else _("Unknown barcode %s: not an item of this parcel.", code)
        )
        return self._oms_state(picking, "refused", message, sound="error")

    def _oms_refresh_from_marketplace(self, picking):
        """Ask the marketplace for the order's latest status (a cancellation
        the push has not brought yet); the floor goes on if it cannot."""
        channel = picking.oms_channel_id
        # sudo: system parameters are readable by administrators only
        if (
            not channel
            or channel.platform == "none"
            or not picking.sale_id.oms_external_id
            or self.env["ir.config_parameter"].sudo().get_param(CHECK_PARAM, "1") == "0"
        ):
            return
        sale = picking.sale_id
        try:
            payload = channel._oms_call_for_user(
                "_oms_fetch_order", sale.oms_external_id
            )
        except UserError as err:
            _logger.info("Order status not refreshed at the pack station: %s", err)
            return
        orders = channel._oms_map_orders(payload)
        if all(
            order.status == sale.oms_status
            and (order.platform_status or "") == (sale.oms_platform_status or "")
            for order in orders
        ):
            return  # nothing new: no import on the packer's time
        with self.env.cr.savepoint():
            # the import writes what the marketplace says, as its jobs do
            bot = channel._oms_as_bot()
            bot.env["oms.order.importer"]._import_orders(bot, orders)

    def _oms_stop(self, picking):
        """The state that stops a cancelled or held parcel, or None.

        A cancelled order's transfer is cancelled here if it is not yet,
        which puts its reserved units back in stock.
        """
        if picking.state == "done":
            return None
        kind, message = (
            picking.sale_id._oms_stop_reason() if picking.sale_id else (None, None)
        )
        if kind is None and picking.state == "cancel":
            kind, message = "cancelled", _("Cancelled: do not ship")
        if kind is None:
            return None
        picking.oms_scan_ids.unlink()
        if kind == "cancelled" and picking.state != "cancel":
            picking.action_cancel()
        detail = (
            _("Put the items back to stock.")
            if kind == "cancelled"
            else _("Put the parcel aside.")
        )
        return self._oms_state(
            picking, "stop", f"{message}. {detail}", sound="error", stop=kind
        )

    def _oms_missing(self, picking):
        return ", ".join(
            f"{expected - scanned:g} x {move.product_id.display_name}"
            for move, (expected, scanned) in picking._oms_expected().items()
            if float_compare(
                scanned, expected, precision_rounding=move.product_id.uom_id.rounding
            )
            < 0
        )

    # ------------------------------------------------------------------
    # Answer
    # ------------------------------------------------------------------

    def _oms_state(
        self,
        picking,
        result,
        message,
        sound=None,
        warning=False,
        stop=False,
        action=False,
    ):
        """What the screen shows: ``result`` (``ok``, ``refused``, ``stop``,
        ``complete``, ``packed``, ``open``), the message, the sound to play,
        the open parcel with its lines (expected and scanned quantities),
        and for ``open`` the window action the screen opens."""
        state = {
            "action": action,
            "result": result,
            "message": message,
            "sound": sound or ("error" if result in ("refused", "stop") else "ok"),
            "warning": warning,
            "stop": stop,
            "picking": False,
            "lines": [],
            "label_url": False,
        }
        if not picking:
            return state
        sale = picking.sale_id
        state["picking"] = {
            "id": picking.id,
            "name": picking.name,
            "state": picking.state,
            "order": sale.oms_external_id or sale.name or picking.origin or "",
            "shop": picking.oms_channel_id.name or "",
            "carrier": picking.oms_shipment_provider or picking.carrier_id.name or "",
            "tracking": picking.carrier_tracking_ref or "",
            "partner": picking.partner_id.name or "",
            "fulfilment": picking.oms_fulfilment_state or "",
        }
        state["label_url"] = (
            picking._oms_label_url() if picking.state == "done" else False
        )
        lots = {}
        for scan in picking.oms_scan_ids.filtered("lot_id"):
            lots.setdefault(scan.move_id.product_id, []).append(scan.lot_id.name)
        # One row per product: Lazada sends an order item per unit, so one
        # product can come as several moves; the packer counts the product.
        rows = {}
        for move, (expected, scanned) in picking._oms_expected().items():
            product = move.product_id
            row = rows.get(product)
            if row:
                row["expected"] += expected
                row["scanned"] += scanned
                continue
            rows[product] = {
                "move_id": move.id,
                "product_id": product.id,
                "name": product.display_name,
                "barcode": product.barcode or product.default_code or "",
                "tracking": move.has_tracking,
                "expected": expected,
                "scanned": scanned,
                "lots": lots.get(product, []),
                "image_url": IMAGE_URL % product.id,
            }
        state["lines"] = list(rows.values())
        return state
