from odoo import _, fields, models
from odoo.exceptions import UserError

REJECT_REASONS = [
    ("seller_reject_apply_product_has_been_packed", "The parcel is packed already"),
    ("seller_reject_apply_unable_to_change_address", "Cannot change the address"),
    (
        "order_manage_list_action_respond_popup_reject_reason_delivered",
        "Delivered already",
    ),
    (
        "order_manage_list_action_respond_popup_reject_reason_buyer_agree",
        "The buyer agreed to keep the order",
    ),
    (
        "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason",
        "Invalid cancellation reason",
    ),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tiktok_cancel_requested = fields.Boolean(
        string="Buyer Asks to Cancel",
        copy=False,
        readonly=True,
        help="The buyer asked TikTok Shop to cancel: approve or reject it.",
    )
    tiktok_reject_reason = fields.Selection(
        REJECT_REASONS,
        string="Rejection Reason",
        copy=False,
        help="TikTok's reason given to the buyer when the seller rejects "
        "their cancellation request.",
    )

    def action_tiktok_approve_cancellation(self):
        """Accept the buyer's cancellation request: the order is cancelled."""
        return self._tiktok_answer_cancellation(approve=True)

    def action_tiktok_reject_cancellation(self):
        """Reject the buyer's cancellation request: the order still ships."""
        return self._tiktok_answer_cancellation(approve=False)

    def _tiktok_answer_cancellation(self, approve):
        for order in self:
            if order.oms_platform != "tiktok":
                raise UserError(_("%s is not a TikTok Shop order.", order.name))
            if not approve and not order.tiktok_reject_reason:
                raise UserError(
                    _("Choose the reason to give the buyer of %s.", order.name)
                )
            channel = order.oms_channel_id
            payload = channel._oms_call_for_user(
                "_tiktok_answer_cancellation",
                order,
                approve,
                order.tiktok_reject_reason,
            )
            channel._oms_import_payload(payload)
            order.tiktok_cancel_requested = False
            order._oms_clear_buyer_cancellation_flag()
            if approve:
                body = _("Buyer cancellation accepted on TikTok Shop.")
            else:
                body = _(
                    "Buyer cancellation rejected on TikTok Shop (%s); the order "
                    "still ships.",
                    dict(
                        order._fields["tiktok_reject_reason"]._description_selection(
                            self.env
                        )
                    )[order.tiktok_reject_reason],
                )
            order.message_post(body=body)
        return True

    def _tiktok_flag_buyer_cancellation(self, asking):
        """Flag orders whose buyer asks TikTok to cancel (``asking``:
        order id → whether a request is pending)."""
        for pending in (True, False):
            self.filtered(
                lambda so, p=pending: (
                    bool(asking.get(so.oms_external_id)) == p
                    and so.tiktok_cancel_requested != p
                )
            ).tiktok_cancel_requested = pending
        self._oms_flag_buyer_cancellation(
            {
                ref: _("the buyer asked TikTok Shop to cancel") if pending else False
                for ref, pending in asking.items()
            }
        )
