from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _oms_stop_reason(self):
        """What stops this order at the pack station: ``(kind, message)``
        with kind ``cancelled`` or ``hold``, or ``(None, None)``."""
        self.ensure_one()
        if self.state == "cancel" or self.oms_status == "cancelled":
            return "cancelled", self.env._("Cancelled: do not ship")
        hold = self.oms_hold_reason or (
            self.oms_channel_id and self.oms_channel_id._oms_platform_hold_reason(self)
        )
        if hold:
            return "hold", self.env._("On hold: do not ship (%s)", hold)
        return None, None
