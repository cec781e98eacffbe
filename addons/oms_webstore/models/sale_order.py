from odoo import models

from .. import const


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        """Override: tell web stores when their orders change status."""
        watched = self.filtered(lambda so: so.oms_platform == const.PLATFORM)
        if not watched or not {"oms_status", "state"} & set(vals):
            return super().write(vals)
        before = {so.id: (so.oms_status, so.state) for so in watched}
        res = super().write(vals)
        watched._webstore_notify_status(before)
        return res

    def _webstore_notify_status(self, before):
        """Queue a webhook for each order whose status changed, or that was
        just confirmed (an order waiting for a SKU binding, for one)."""
        changed = self.filtered(
            lambda so: (
                before[so.id][0] != so.oms_status
                or (before[so.id][1] != so.state and so.state == "sale")
            )
        )
        for channel in changed.oms_channel_id:
            orders = changed.filtered(lambda so, c=channel: so.oms_channel_id == c)
            channel._webstore_queue_webhooks(
                [
                    (
                        const.WEBHOOK_ORDER_STATUS,
                        order.oms_external_id,
                        {
                            "order_no": order.oms_external_id,
                            "status": order.oms_status or "",
                            "previous_status": before[order.id][0] or "",
                            "odoo_state": order.state,
                        },
                    )
                    for order in orders
                ]
            )
