from odoo import _, models
from odoo.exceptions import UserError

from ..lazada_api import const


class OmsChannel(models.Model):
    """Lazada fulfilment: cancel, pack, split, ready to ship, labels."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

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
        codes = {i: str(item.get("item_err_code", "0")) for i, item in by_item.items()}
        refused = [
            picking
            for picking, item_ids in items_of.items()
            if any(codes.get(i) == const.ITEM_NOT_ALLOWED_TO_PACK for i in item_ids)
        ]
        by_item.update(self._lazada_packed_items(client, refused, items_of))
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

    def _lazada_packed_items(self, client, pickings, items_of):
        """Pack answers of the items of ``pickings`` that Lazada packed
        already, read from the orders' items.

        A pack that Lazada did but whose transaction was lost (a job
        failing after its first chunk of orders, then retried) is refused
        the second time: the package it made is taken instead.
        """
        if not pickings:
            return {}
        wanted = {i for picking in pickings for i in items_of[picking]}
        packed = {}
        for item in self._lazada_order_items(client, pickings):
            item_id = str(item.get("order_item_id"))
            if item_id in wanted and item.get("package_id"):
                packed[item_id] = {
                    "order_item_id": item_id,
                    "item_err_code": "0",
                    "package_id": item["package_id"],
                    "tracking_number": item.get("tracking_code"),
                    "shipment_provider": item.get("shipment_provider"),
                }
        return packed

    @staticmethod
    def _lazada_order_items(client, pickings):
        """Lazada's order items of the orders of ``pickings``, as it has
        them now (one call per 50 orders)."""
        order_ids = list({picking.sale_id.oms_external_id for picking in pickings})
        for entry in client.get_multiple_order_items(order_ids):
            yield from entry.get("order_items") or []

    def _lazada_ready_packages(self, client, pickings):
        """The packages of ``pickings`` whose items Lazada has ready to ship
        (or further): a ready-to-ship it took whose transaction was lost is
        refused the second time, and is done all the same."""
        if not pickings:
            return set()
        statuses = {}
        for item in self._lazada_order_items(client, pickings):
            statuses.setdefault(str(item.get("package_id")), set()).add(
                item.get("status")
            )
        return {
            package
            for package in pickings.mapped("oms_package_ref")
            if statuses.get(package) and statuses[package] <= const.READY_OR_LATER
        }

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
        client = self._oms_client()
        result = client.ready_to_ship(packed.mapped("oms_package_ref"))
        by_package = {str(p.get("package_id")): p for p in result.get("packages") or []}
        codes = {ref: str(e.get("item_err_code", "0")) for ref, e in by_package.items()}
        refused = packed.filtered(lambda p: codes.get(p.oms_package_ref, "0") != "0")
        ready = self._lazada_ready_packages(client, refused)
        errors = []
        for picking in packed:
            entry = by_package.get(picking.oms_package_ref) or {}
            if picking.oms_package_ref in ready:
                picking.oms_fulfilment_state = "ready"
            elif str(entry.get("item_err_code", "0")) != "0":
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
