import time

from oms_api_common import errors as api_errors

from odoo import _, models
from odoo.exceptions import UserError

from .. import mapping
from ..shopee_api import const

CANCEL_REASON_LABELS = {
    "OUT_OF_STOCK": "Out of stock",
    "CUSTOMER_REQUEST": "Customer request",
    "UNDELIVERABLE_AREA": "Undeliverable area",
    "COD_NOT_SUPPORTED": "Cash on delivery not supported",
}
# Errors that concern one order of a batch, not the whole call.
ORDER_ERRORS = (api_errors.ApiBusinessError, api_errors.ApiNotFoundError)


def _first_flagged(entries, flag, key="flags"):
    """The entry flagged ``flag`` (e.g. recommended), else the first one."""
    entries = entries or []
    fallback = entries[0] if entries else {}
    return next((e for e in entries if flag in (e.get(key) or [])), fallback)


# One file per concern (auth/orders, listings, fulfilment) of the same hooks.
class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Cancellation
    # ------------------------------------------------------------------

    def _oms_get_cancel_reasons(self, order):
        """Override of `oms_base` to offer Shopee's seller cancel reasons."""
        if self.platform != "shopee":
            return super()._oms_get_cancel_reasons(order)
        codes = [
            code
            for code in const.CANCEL_REASONS
            if code != "COD_NOT_SUPPORTED" or order.oms_is_cod
        ]
        return [(code, CANCEL_REASON_LABELS.get(code, code)) for code in codes]

    def _oms_cancel_order(self, order, reason_code):
        """Override of `oms_base` to cancel on Shopee as the seller.

        OUT_OF_STOCK needs the item and model of every line, which the line's
        marketplace key (``<item_id>:<model_id>``) holds.
        """
        if self.platform != "shopee":
            return super()._oms_cancel_order(order, reason_code)
        item_list = None
        if reason_code == "OUT_OF_STOCK":
            keys = {key for key in order.order_line.mapped("oms_external_id") if key}
            item_list = []
            for key in sorted(keys):
                item_id, model_id = mapping.split_sku_key(key)
                item_list.append({"item_id": item_id, "model_id": model_id})
        self._oms_client().cancel_order(
            order.oms_external_id, reason_code, item_list=item_list
        )
        return True

    def _shopee_handle_buyer_cancellation(self, order, operation):
        """Answer a buyer's cancellation request; return the order's new payload."""
        client = self._oms_client()
        client.handle_buyer_cancellation(order.oms_external_id, operation)
        return {"orders": client.get_order_detail([order.oms_external_id])}

    # ------------------------------------------------------------------
    # Pack, tracking number and shipping documents
    # ------------------------------------------------------------------

    def _shopee_ship_mode(self, parameter):
        """Pick pickup or dropoff (and its details) from get_shipping_parameter."""
        info = parameter.get("info_needed") or {}
        if info.get("pickup") or ("pickup" in info and parameter.get("pickup")):
            addresses = (parameter.get("pickup") or {}).get("address_list") or []
            address = _first_flagged(addresses, "pickup_address", "address_flag")
            slot = _first_flagged(address.get("time_slot_list"), "recommended")
            details = {
                "address_id": address.get("address_id"),
                "pickup_time_id": slot.get("pickup_time_id"),
            }
            return "pickup", {k: v for k, v in details.items() if v is not None}
        if "dropoff" in info:
            details = {}
            branches = (parameter.get("dropoff") or {}).get("branch_list") or []
            if "branch_id" in (info.get("dropoff") or []) and branches:
                details["branch_id"] = branches[0]["branch_id"]
            if "sender_real_name" in (info.get("dropoff") or []):
                details["sender_real_name"] = self.company_id.name
            return "dropoff", details
        return "non_integrated", {}

    def _oms_pack(self, pickings):
        """Override of `oms_base` to arrange shipment on Shopee (ship_order).

        Pickup or dropoff follows what the order's logistics channel asks
        for in get_shipping_parameter; the tracking number comes later (see
        ``_oms_ready_to_ship``).
        """
        if self.platform != "shopee":
            return super()._oms_pack(pickings)
        client = self._oms_client()
        errors = []
        packed = self.env["stock.picking"]
        for picking in pickings:
            order_sn = picking.sale_id.oms_external_id
            package_number = picking.oms_package_ref or None
            try:
                parameter = client.get_shipping_parameter(order_sn, package_number)
                mode, details = self._shopee_ship_mode(parameter)
                client.ship_order(
                    order_sn, package_number=package_number, **{mode: details}
                )
            except ORDER_ERRORS as err:
                # arranged already: a shipment whose transaction was lost,
                # its job retried, is done all the same
                if err.code != const.ERROR_PACKAGE_ALREADY_SHIPPED:
                    errors.append(f"{picking.name}: {err}")
                    continue
            packed |= picking
        self._shopee_write_packages(client, packed)
        packed.write({"oms_fulfilment_state": "packed"})
        if errors and not packed:
            raise UserError(_("Shopee refused to ship:\n%s", "\n".join(errors)))
        if errors:
            self._oms_report_partial(pickings, _("Packing failed"), errors)
        return True

    def _oms_labels_need_ready_to_ship(self):
        """Override of `oms_base`: a Shopee shipping document needs the
        tracking number, assigned once the shipment is arranged (the rider,
        instant or not, is booked by ship_order)."""
        if self.platform != "shopee":
            return super()._oms_labels_need_ready_to_ship()
        return True

    def _oms_fetch_logistics_channels(self):
        """Override of `oms_base` to read the shop's logistics channels
        (get_channel_list): seller's own logistics, else the speed their
        name says."""
        if self.platform != "shopee":
            return super()._oms_fetch_logistics_channels()
        return [
            mapping.logistics_channel_values(channel)
            for channel in self._oms_client().get_channel_list()
        ]

    def _oms_split_order(self, order, pickings):
        """Override of `oms_base` to split the order on Shopee
        (split_order): one package per delivery, whose package number the
        delivery takes, so that each is shipped and labelled on its own.

        Idempotent, from what Shopee has now: packages that already hold
        the deliveries' lines are kept (a retry after a timeout, a re-route
        that moved whole packages); other packages of a split order are
        undone first (unsplit_order) and split again, or left whole for a
        single delivery.
        """
        if self.platform != "shopee":
            return super()._oms_split_order(order, pickings)
        client = self._oms_client()
        order_sn = order.oms_external_id
        keys_of = {
            picking: frozenset(
                line.oms_external_id
                for line in picking.move_ids.sale_line_id
                if line.oms_external_id
            )
            for picking in pickings
        }
        detail = self._shopee_split_detail(client, order_sn)
        packages = detail.get("package_list") or []
        done = []
        if not self._shopee_packages_fit(packages, keys_of):
            if detail.get("split_up"):
                client.unsplit_order(order_sn)
                done.append(_("split undone"))
            if len(keys_of) > 1:
                packages = self._shopee_split(client, order_sn, keys_of)
                done.append(_("split into %s packages", len(packages)))
            else:
                packages = self._shopee_split_detail(client, order_sn).get(
                    "package_list"
                )
        number_of = {
            mapping.sku_key(item.get("item_id"), item.get("model_id")): package.get(
                "package_number"
            )
            for package in packages or []
            for item in package.get("item_list") or []
        }
        for picking, keys in keys_of.items():
            number = next((number_of[k] for k in keys if k in number_of), None)
            if number and picking.oms_package_ref != str(number):
                picking.oms_package_ref = str(number)
        order.message_post(
            body=_(
                "Shopee packages (%(done)s): %(numbers)s",
                done=", ".join(done) or _("kept as they are"),
                numbers=", ".join(pickings.mapped("oms_package_ref")),
            )
        )
        return True

    def _shopee_split(self, client, order_sn, keys_of):
        """split_order; an "already split" answer to a split whose first
        answer was lost (a timeout the client retried) is ours if Shopee's
        packages now fit the deliveries."""
        try:
            return client.split_order(
                order_sn, self._shopee_split_packages(keys_of.values())
            )
        except api_errors.ApiBusinessError as err:
            if err.code != const.ERROR_ORDER_SPLIT_ALREADY:
                raise
            packages = self._shopee_split_detail(client, order_sn).get("package_list")
            if not self._shopee_packages_fit(packages or [], keys_of):
                raise
            return packages

    @staticmethod
    def _shopee_split_detail(client, order_sn):
        (detail,) = client.get_order_detail(
            [order_sn], optional_fields=("package_list", "split_up")
        )
        return detail

    @staticmethod
    def _shopee_packages_fit(packages, keys_of):
        """Whether Shopee's ``packages`` hold the deliveries' lines, one
        package per delivery."""
        held = {
            frozenset(
                mapping.sku_key(item.get("item_id"), item.get("model_id"))
                for item in package.get("item_list") or []
            )
            for package in packages
        }
        return held == set(keys_of.values())

    @staticmethod
    def _shopee_split_packages(key_sets):
        package_list = []
        for keys in key_sets:
            items = []
            for key in sorted(keys):
                item_id, model_id = mapping.split_sku_key(key)
                items.append(
                    {
                        "item_id": item_id,
                        "model_id": model_id,
                        "order_item_id": item_id,
                        "promotion_group_id": 0,
                    }
                )
            package_list.append({"item_list": items})
        return package_list

    def _shopee_write_packages(self, client, pickings):
        """Write package number and carrier of freshly shipped pickings."""
        if not pickings:
            return
        orders = client.get_order_detail(
            pickings.mapped("sale_id.oms_external_id"),
            optional_fields=("package_list", "shipping_carrier"),
        )
        packages = {
            order["order_sn"]: order.get("package_list") or [] for order in orders
        }
        for picking in pickings:
            candidates = packages.get(picking.sale_id.oms_external_id) or [{}]
            package = next(
                (
                    p
                    for p in candidates
                    if p.get("package_number") == picking.oms_package_ref
                ),
                candidates[0],
            )
            picking.write(
                {
                    "oms_package_ref": package.get("package_number")
                    or picking.oms_package_ref,
                    "oms_shipment_provider": package.get("shipping_carrier")
                    or picking.oms_shipment_provider,
                }
            )

    def _oms_ready_to_ship(self, pickings):
        """Override of `oms_base`: Shopee has no ready-to-ship call.

        Once shipment is arranged the carrier assigns a tracking number; it
        is polled (bounded) and written on the pickings, which become ready.
        Those still without one stay packed; Shopee's push (code 4) or a new
        click completes them.
        """
        if self.platform != "shopee":
            return super()._oms_ready_to_ship(pickings)
        packed = pickings.filtered(
            lambda p: p.oms_fulfilment_state in ("packed", "ready")
        )
        if not packed:
            raise UserError(_("Arrange the shipment on Shopee (Pack) first."))
        client = self._oms_client()
        interval, timeout = self._shopee_poll_settings()
        deadline = time.monotonic() + timeout
        waiting = packed
        while waiting:
            for picking in waiting:
                tracking = client.get_tracking_number(
                    picking.sale_id.oms_external_id, picking.oms_package_ref or None
                ).get("tracking_number")
                if tracking:
                    picking.write(
                        {
                            "carrier_tracking_ref": tracking,
                            "oms_fulfilment_state": "ready",
                        }
                    )
                    waiting -= picking
            if not waiting or time.monotonic() + interval > deadline:
                break
            client.sleep(interval)
        if waiting and waiting == packed:
            raise UserError(
                _(
                    "Shopee has not assigned a tracking number yet to %s; "
                    "try again in a moment.",
                    ", ".join(waiting.mapped("name")),
                )
            )
        if waiting:
            self._oms_report_partial(
                waiting,
                _("No tracking number yet"),
                [_("Shopee is still generating it; try again in a moment.")],
            )
        return True

    def _oms_get_labels(self, pickings):
        """Override of `oms_base` to fetch Shopee shipping documents (AWB).

        The documents are created and polled in bulk (bounded), then each
        is downloaded on its own so that every picking keeps its label.
        """
        if self.platform != "shopee":
            return super()._oms_get_labels(pickings)
        ready = pickings.filtered("carrier_tracking_ref")
        if not ready:
            raise UserError(_("Get the tracking numbers (Ready to Ship) first."))
        client = self._oms_client()
        interval, timeout = self._shopee_poll_settings()
        labels = {}
        for start in range(0, len(ready), const.SHIPPING_DOCUMENT_BATCH):
            chunk = ready[start : start + const.SHIPPING_DOCUMENT_BATCH]
            entries = {
                picking: {
                    "order_sn": picking.sale_id.oms_external_id,
                    "package_number": picking.oms_package_ref,
                }
                for picking in chunk
            }
            labels.update(
                self._shopee_fetch_documents(client, entries, interval, timeout)
            )
        return labels

    def _shopee_fetch_documents(self, client, entries, interval, timeout):
        """Create, poll until READY, download: ``{picking: pdf bytes}``."""
        created = client.create_shipping_document(
            list(entries.values()), shipping_document_type="THERMAL_AIR_WAYBILL"
        )
        failed = {r["order_sn"]: r for r in created if r.get("fail_error")}
        pending = {
            picking: entry
            for picking, entry in entries.items()
            if entry["order_sn"] not in failed
        }
        errors = [
            f"{r['order_sn']}: {r.get('fail_message') or r['fail_error']}"
            for r in failed.values()
        ]
        labels = {}
        deadline = time.monotonic() + timeout
        while pending:
            results = client.get_shipping_document_result(list(pending.values()))
            status = {r["order_sn"]: r for r in results}
            for picking, entry in list(pending.items()):
                result = status.get(entry["order_sn"]) or {}
                if result.get("status") == const.DOCUMENT_READY:
                    labels[picking] = client.download_shipping_document([entry])
                    del pending[picking]
                elif result.get("fail_error") or (
                    result.get("status") == const.DOCUMENT_FAILED
                ):
                    errors.append(
                        f"{entry['order_sn']}: "
                        f"{result.get('fail_message') or const.DOCUMENT_FAILED}"
                    )
                    del pending[picking]
            if not pending or time.monotonic() + interval > deadline:
                break
            client.sleep(interval)
        errors += [
            _("%s: document still processing", entry["order_sn"])
            for entry in pending.values()
        ]
        if errors and not labels:
            raise UserError(_("No shipping document:\n%s", "\n".join(errors)))
        if errors:
            self._oms_report_partial(
                self.env["stock.picking"].concat(*entries),
                _("Some shipping documents failed"),
                errors,
            )
        return labels
