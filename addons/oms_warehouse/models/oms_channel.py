from odoo import models

from odoo.addons.oms_base import normalized


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    def _oms_is_instant_courier(self, picking):
        """Whether ``picking`` goes with an instant courier, booked when it
        is made ready to ship (label first, then ready-to-ship).

        Data, not names: the delivery type of the parcel's logistics
        channel (the shop's ``oms.logistics.channel``, from the platform or
        set by a person), else the order's as the marketplace gave it.
        """
        order = picking.sale_id
        logistics = order.oms_logistics_channel_id or (
            picking.oms_shipment_provider
            and self.logistics_channel_ids.filtered(
                lambda c: c.name == picking.oms_shipment_provider
            )[:1]
        )
        kind = logistics.delivery_type if logistics else order.oms_delivery_type
        return kind == normalized.INSTANT

    def _oms_label_first(self, picking):
        """Whether ``picking``'s label is fetched before it is made ready
        to ship: for instant couriers, unless the platform gives labels only
        to parcels made ready (their rider is booked when packing)."""
        return (
            not self._oms_labels_need_ready_to_ship()
            and self._oms_is_instant_courier(picking)
        )

    def _oms_platform_hold_reason(self, order):
        """Why the platform holds ``order`` (it must not ship now), or None.

        Connectors may override this hook for their own hold statuses.
        """
        # Statuses in which the order waits on the platform (a buyer's
        # cancellation request, a platform hold) until it decides.
        status = (order.oms_platform_status or "").upper()
        if status == "IN_CANCEL":
            return self.env._("the buyer asked to cancel")
        if status == "ON_HOLD":
            return self.env._("the platform holds the order")
        return None
