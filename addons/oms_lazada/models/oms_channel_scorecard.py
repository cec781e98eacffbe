from odoo import models

from .. import scorecard


class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _compute_feature_support_fields(self):
        """Override of `oms_base`: Lazada gives the seller's performance."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda c: c.platform == "lazada").update(
            {"support_scorecard": True}
        )
        return res

    def _oms_fetch_scorecard(self):
        """Override of `oms_base` to read Lazada's seller performance and
        metrics."""
        if self.platform != "lazada":
            return super()._oms_fetch_scorecard()
        client = self._oms_client()
        return scorecard.map_scorecard(
            client.get_seller_performance(), client.get_seller_metrics()
        )
