from odoo import _, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def action_tiktok_update_tracking(self):
        """Give TikTok the corrected tracking number (and carrier) of
        seller-shipped packages already shipped."""
        done, failed = self._oms_run(
            "_tiktok_update_shipping_info", "support_fulfilment"
        )
        return self._oms_report(
            _("Update Tracking on TikTok Shop"),
            _("%s tracking number(s) given to TikTok Shop.", len(done)),
            done,
            failed,
        )
