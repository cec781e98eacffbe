from datetime import datetime, time, timedelta

import pytz

from odoo import api, models

from .. import finance


class OmsChannel(models.Model):
    """TikTok Shop finance: daily statements to settlements."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("platform")
    def _compute_feature_support_fields(self):
        res = super()._compute_feature_support_fields()
        self.filtered(lambda channel: channel.platform == "tiktok").update(
            {"support_finance": True}
        )
        return res

    def _oms_finance_tz(self):
        """Override of `oms_base`: TikTok dates its statements in UTC."""
        if self.platform != "tiktok":
            return super()._oms_finance_tz()
        return pytz.utc

    def _oms_fetch_settlements(self, date_from, date_to):
        """Override of `oms_base` to read TikTok's paid statements generated
        in the period (UTC days, as TikTok dates them), each with all its
        transactions, raw."""
        if self.platform != "tiktok":
            return super()._oms_fetch_settlements(date_from, date_to)
        client = self._oms_client()
        statements = client.iter_statements(
            statement_time_ge=datetime.combine(date_from, time.min),
            statement_time_lt=datetime.combine(date_to + timedelta(days=1), time.min),
            payment_status="PAID",
        )
        return [
            {
                "statement": statement,
                "transactions": list(
                    client.iter_statement_transactions(statement["id"])
                ),
            }
            for statement in statements
        ]

    def _oms_map_settlements(self, raw):
        """Override of `oms_base`: one settlement per TikTok statement."""
        if self.platform != "tiktok":
            return super()._oms_map_settlements(raw)
        return finance.map_settlements(raw)
