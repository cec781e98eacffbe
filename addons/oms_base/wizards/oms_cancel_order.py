from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import normalized

# Past these marketplace statuses an order can only come back as a return.
NOT_CANCELLABLE_STATUSES = {
    normalized.SHIPPED,
    normalized.DELIVERED,
    normalized.RETURNED,
}


class OmsCancelOrder(models.TransientModel):
    """Cancel a marketplace order from Odoo with a reason the platform accepts.

    The whole order, or some of its items where the platform cancels items
    (``oms.channel.support_partial_cancel``).
    """

    _name = "oms.cancel.order"
    _description = "Cancel Marketplace Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    channel_id = fields.Many2one(related="order_id.oms_channel_id")
    reason_id = fields.Many2one(
        "oms.cancel.reason",
        domain="[('channel_id', '=', channel_id)]",
    )
    partial_supported = fields.Boolean(related="channel_id.support_partial_cancel")
    line_ids = fields.Many2many(
        "sale.order.line",
        string="Items to Cancel",
        domain="[('order_id', '=', order_id), ('oms_external_id', '!=', False), "
        "('product_uom_qty', '>', 0)]",
        help="Leave empty to cancel the whole order.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        order = self.env["sale.order"].browse(res.get("order_id"))
        if order.oms_channel_id:
            self._check_cancellable(order)
            reasons = self._fetch_reasons(order)
            if reasons:
                res["reason_id"] = reasons[0].id
        return res

    @api.model
    def _check_cancellable(self, order):
        """Refuse, with the reason, what the marketplace would refuse."""
        if order.oms_status == normalized.CANCELLED:
            raise UserError(
                _("%s is already cancelled on the marketplace.", order.display_name)
            )
        shipped = order.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        if order.oms_status in NOT_CANCELLABLE_STATUSES or shipped:
            raise UserError(
                _(
                    "%(order)s cannot be cancelled: it is already %(status)s on the "
                    "marketplace. Handle it as a return once the buyer sends it "
                    "back.",
                    order=order.display_name,
                    status=dict(
                        order._fields["oms_status"]._description_selection(self.env)
                    ).get(order.oms_status, _("shipped")),
                )
            )

    def _fetch_reasons(self, order):
        channel = order.oms_channel_id
        options = channel._oms_call_for_user("_oms_get_cancel_reasons", order)
        return self.env["oms.cancel.reason"]._sync(channel, options)

    def action_confirm(self):
        self.ensure_one()
        order = self.order_id
        channel = order.oms_channel_id
        self._check_cancellable(order)
        if self.channel_id.platform != "none" and not self.reason_id:
            raise UserError(_("Choose a cancellation reason."))
        items = order.order_line.filtered(
            lambda li: li.oms_external_id and li.product_uom_qty
        )
        partial = bool(self.line_ids) and bool(items - self.line_ids)
        if partial and not channel.support_partial_cancel:
            raise UserError(
                _(
                    "%(platform)s cancels whole orders only: clear the items to "
                    "cancel the whole order.",
                    platform=dict(
                        channel._fields["platform"]._description_selection(self.env)
                    ).get(channel.platform, channel.platform),
                )
            )
        code = self.reason_id.code
        if partial:
            channel._oms_call_for_user(
                "_oms_cancel_order_lines", order, self.line_ids, code
            )
        else:
            channel._oms_call_for_user("_oms_cancel_order", order, code)
        importer = self.env["oms.order.importer"]
        if partial:
            importer._reduce_lines({line: 0.0 for line in self.line_ids})
            order.message_post(
                body=_(
                    "Items cancelled on the marketplace from Odoo: %(items)s "
                    "(%(reason)s)",
                    items=", ".join(self.line_ids.mapped("name")),
                    reason=self.reason_id.name or "-",
                )
            )
            return {"type": "ir.actions.act_window_close"}
        order._action_cancel()
        # A seller cancellation changes the marketplace's own count (back on
        # sale, or zero for "out of stock"): publish ours again.
        importer._republish_cancelled_stock(order)
        order._oms_marketplace_writer().write(
            {
                "oms_cancel_reason": self.reason_id.name,
                "oms_status": "cancelled",
                "oms_cancelled_by": "seller",
            }
        )
        order.message_post(
            body=_("Cancelled on the marketplace from Odoo: %s", self.reason_id.name)
        )
        return {"type": "ir.actions.act_window_close"}
