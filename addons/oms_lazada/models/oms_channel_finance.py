from datetime import timedelta

from odoo import models

from .. import finance


class OmsChannel(models.Model):
    """Lazada settlements: transaction details grouped into weekly statements."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_settlements(self, date_from, date_to):
        if self.platform != "lazada":
            return super()._oms_fetch_settlements(date_from, date_to)
        client = self._oms_client()
        rows = []
        start = date_from
        # Lazada dates are the venture's (UTC+7/+8): its "today" may be ours
        # plus one day.
        date_to = date_to + timedelta(days=1)
        # Lazada refuses windows of 180 days or more.
        while start <= date_to:
            end = min(start + timedelta(days=179), date_to)
            rows.extend(client.iter_transaction_details(start, end))
            start = end + timedelta(days=1)
        # Statements are weekly: the one open on date_from began up to 6
        # days before it. Their payouts are Lazada's own figures.
        payouts = client.get_payout_status(date_from - timedelta(days=6))
        return {"transactions": rows, "payouts": payouts}

    def _oms_map_settlements(self, raw):
        """Override of `oms_base` to group Lazada rows into statements, each
        paid what Lazada's payout status says."""
        if self.platform != "lazada":
            return super()._oms_map_settlements(raw)
        return finance.map_settlements(
            raw["transactions"], self.lazada_region, payouts=raw["payouts"]
        )
