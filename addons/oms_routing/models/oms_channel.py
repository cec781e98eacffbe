from oms_api_common import errors as api_errors

from odoo import models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    def _oms_routing_split_orders(self, order_ids):
        """Job: split orders shipping from several warehouses on the
        marketplace, one package per delivery.

        The marketplace's refusal of one order flags that order for a
        person (its deliveries stay as routed) instead of failing the
        others; an outage retries the job.
        """
        self.ensure_one()
        orders = self.env["sale.order"].browse(order_ids).exists()
        # Still relevant: confirmed, not packed since, and its deliveries
        # not each on a package of their own yet.
        orders = orders.filtered(
            lambda o: (
                o.state == "sale"
                and o.oms_channel_id == self
                and not any(o._oms_deliveries().mapped("oms_fulfilment_state"))
                and o._oms_routing_needs_marketplace_split()
            )
        )
        if not orders or not self.support_order_split:
            return self.env._("Nothing to split.")
        refused = {}

        def work():
            for order in orders:
                deliveries = order._oms_deliveries().filtered(
                    lambda p: p.state != "done"
                )
                try:
                    with self.env.cr.savepoint():
                        self._oms_call("_oms_split_order", order, deliveries)
                except api_errors.ApiError as err:
                    if err.transient:
                        raise
                    refused[order] = self._oms_error_message(err)

        result = self._oms_guarded(work)
        for order, message in refused.items():
            order.write(
                {
                    "oms_routing_attention": self.env._(
                        "The marketplace did not split this order (%s): its "
                        "deliveries ship from different warehouses under one "
                        "package. Split it in the seller center, or re-route it.",
                        message,
                    )
                }
            )
            order.message_post(
                body=self.env._("Marketplace split refused: %s", message)
            )
        self.env["sale.order"].union(*refused)._oms_routing_schedule_activities()
        return result or self.env._(
            "%(split)s order(s) split, %(refused)s refused.",
            split=len(orders) - len(refused),
            refused=len(refused),
        )
