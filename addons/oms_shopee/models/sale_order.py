from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.oms_base import normalized

from ..shopee_api import const
from .oms_channel import IN_CANCEL_MARK


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
        self._shopee_clear_cancellation_flag()
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
        in_cancel = self.filtered(lambda so: so.oms_platform_status == const.IN_CANCEL)
        for sale in in_cancel.filtered(lambda so: not so.oms_needs_attention):
            reason = reasons.get(sale.oms_external_id) or "-"
            sale._oms_flag_attention(
                _(
                    "%(mark)s: %(reason)s. Accept or reject it on the order.",
                    mark=IN_CANCEL_MARK,
                    reason=reason,
                )
            )
        (self - in_cancel)._shopee_clear_cancellation_flag()

    def _shopee_clear_cancellation_flag(self):
        flagged = self.filtered(
            lambda so: (
                so.oms_needs_attention
                and (so.oms_attention_reason or "").startswith(IN_CANCEL_MARK)
            )
        )
        if not flagged:
            return
        flagged.write({"oms_needs_attention": False, "oms_attention_reason": False})
        activity_type = self.env.ref("oms_base.mail_activity_oms_attention")
        flagged.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=_("Buyer cancellation request answered."))
