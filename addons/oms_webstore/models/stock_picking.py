from odoo import models

from odoo.addons.oms_base import normalized

from .. import const


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        """Override: a web store order's parcel that leaves the warehouse
        ships the order (Odoo fulfils it); the store hears both."""
        res = super()._action_done()
        # Warehouse users validate parcels without reading shops: the store
        # is told on the shop's behalf.
        parcels = self.sudo().filtered(
            lambda p: (
                p.oms_channel_id.platform == const.PLATFORM
                and p.picking_type_code == "outgoing"
                and p.state == "done"
            )
        )
        parcels._webstore_notify_parcels()
        for sale in parcels.sale_id:
            outgoing = sale.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            )
            if all(p.state == "done" for p in outgoing) and sale.oms_status in (
                normalized.UNPAID,
                normalized.TO_SHIP,
            ):
                sale._oms_marketplace_writer().write({"oms_status": normalized.SHIPPED})
        return res

    def _webstore_notify_parcels(self):
        for channel in self.oms_channel_id:
            parcels = self.filtered(lambda p, c=channel: p.oms_channel_id == c)
            channel._webstore_queue_webhooks(
                [
                    (
                        const.WEBHOOK_PARCEL_STATUS,
                        parcel.sale_id.oms_external_id,
                        channel._webstore_parcel_out(parcel),
                    )
                    for parcel in parcels
                ]
            )
