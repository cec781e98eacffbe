from odoo import models

# Couriers that come within the hour (instant / same-day riders): their
# booking is made at ready-to-ship, so the label must be printed first.
INSTANT_COURIER_WORDS = ("instant", "same day", "sameday", "grab", "lalamove")


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    def _oms_is_instant_courier(self, picking):
        """Whether ``picking`` goes with an instant courier, booked when it
        is made ready to ship (label first, then ready-to-ship).

        Connectors that know it from the platform may override this hook.
        """
        carrier = " ".join(
            filter(None, [picking.oms_shipment_provider, picking.carrier_id.name])
        ).lower()
        return any(word in carrier for word in INSTANT_COURIER_WORDS)

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
