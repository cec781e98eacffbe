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

    def _tiktok_follow_address(self, orders, partners):
        """The buyer moved the delivery of ``orders`` (``normalized.Order``)
        on TikTok; ``partners`` are their ``(buyer, shipping)`` contacts.

        Before packing the order and its open deliveries take the new
        address; once a parcel is packed or gone it is a person's to check
        (the label carries the old one).
        """
        by_ref = {sale.oms_external_id: sale for sale in self}
        for order in orders:
            sale = by_ref.get(order.external_id)
            shipping = partners[order.external_id][1]
            if (
                not sale
                or sale.state == "cancel"
                or shipping == sale.partner_shipping_id
            ):
                continue
            deliveries = sale.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing"
            )
            if any(p.oms_fulfilment_state or p.state == "done" for p in deliveries):
                reason = _(
                    "The buyer changed the delivery address on TikTok Shop after "
                    "packing, to: %s. Check the parcel's label before it leaves.",
                    shipping._display_address(without_company=True).replace("\n", ", "),
                )
                if sale.oms_attention_reason != reason:
                    sale._oms_flag_attention(reason)
                continue
            old = sale.partner_shipping_id
            # sale_stock moves the deliveries with it (none has left)
            sale.with_context(update_delivery_shipping_partner=True).write(
                {"partner_shipping_id": shipping.id}
            )
            sale.message_post(
                body=_(
                    "Delivery address changed on TikTok Shop: %(old)s → %(new)s",
                    old=old.display_name,
                    new=shipping.display_name,
                )
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
