from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import RetryableJobError


class OmsCancelOrder(models.TransientModel):
    """Cancel a marketplace order from Odoo with a reason the platform accepts."""

    _name = "oms.cancel.order"
    _description = "Cancel Marketplace Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    channel_id = fields.Many2one(related="order_id.oms_channel_id")
    reason_id = fields.Many2one(
        "oms.cancel.reason",
        domain="[('channel_id', '=', channel_id)]",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        order = self.env["sale.order"].browse(res.get("order_id"))
        if order.oms_channel_id:
            reasons = self._fetch_reasons(order)
            if reasons:
                res["reason_id"] = reasons[0].id
        return res

    def _fetch_reasons(self, order):
        channel = order.oms_channel_id
        try:
            options = channel._oms_call("_oms_get_cancel_reasons", order)
        except RetryableJobError as err:
            raise UserError(_("The marketplace could not be reached: %s", err)) from err
        return self.env["oms.cancel.reason"]._sync(channel, options)

    def action_confirm(self):
        self.ensure_one()
        order = self.order_id
        channel = order.oms_channel_id
        if self.channel_id.platform != "none" and not self.reason_id:
            raise UserError(_("Choose a cancellation reason."))
        try:
            channel._oms_call("_oms_cancel_order", order, self.reason_id.code)
        except RetryableJobError as err:
            raise UserError(_("The marketplace could not be reached: %s", err)) from err
        order._action_cancel()
        order._oms_marketplace_writer().write(
            {"oms_cancel_reason": self.reason_id.name, "oms_status": "cancelled"}
        )
        order.message_post(
            body=_("Cancelled on the marketplace from Odoo: %s", self.reason_id.name)
        )
        return {"type": "ir.actions.act_window_close"}
