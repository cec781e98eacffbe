from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.oms_base import normalized

from ..shopee_api import const


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_shopee_accept_cancellation(self):
        """Accept the buyer's cancellation request: the order is cancelled."""
        return self._shopee_answer_cancellation("ACCEPT")

    def action_shopee_reject_cancellation(self):
        """Reject the buyer's cancellation request: the order still ships."""
        return self._shopee_answer_cancellation("REJECT")

    def _shopee_answer_cancellation(self, operation):
        for order in self:
            if (
                order.oms_platform != "shopee"
                or order.oms_platform_status != const.IN_CANCEL
            ):
                raise UserError(
                    _("%s has no buyer cancellation request to answer.", order.name)
                )
            channel = order.oms_channel_id
            payload = channel._oms_call_for_user(
                "_shopee_handle_buyer_cancellation", order, operation
            )
            order._shopee_apply_cancellation_answer(
                channel._oms_map_orders(payload), operation
            )
        return True

    def _shopee_apply_cancellation_answer(self, orders, operation):
        """Apply Shopee's order state after the seller answered."""
        self.ensure_one()
        order = next((o for o in orders if o.external_id == self.oms_external_id), None)
        if order is None:
            raise UserError(_("Shopee did not return order %s.", self.oms_external_id))
        self._oms_marketplace_writer().write(
            {
                "oms_status": order.status,
                "oms_platform_status": order.platform_status,
                "oms_updated_at": max(
                    filter(None, (order.updated_at, self.oms_updated_at))
                ),
                "oms_cancel_reason": order.cancel_reason or self.oms_cancel_reason,
            }
        )
        self._oms_clear_buyer_cancellation_flag()
        if order.status == normalized.CANCELLED and self.state != "cancel":
            self._action_cancel()
        if operation == "ACCEPT":
            body = _("Buyer cancellation accepted on Shopee: %s", order.cancel_reason)
        else:
            body = _(
                "Buyer cancellation rejected on Shopee; the order stays %s.",
                order.platform_status,
            )
        self.message_post(body=body)

    def _shopee_flag_buyer_cancellation(self, reasons):
        """Flag orders in IN_CANCEL; unflag those that left it.

        ``reasons`` maps order_sn to the buyer's cancellation reason.
        """
        self._oms_flag_buyer_cancellation(
            {
                sale.oms_external_id: reasons.get(sale.oms_external_id) or "-"
                for sale in self
                if sale.oms_platform_status == const.IN_CANCEL
            }
        )
