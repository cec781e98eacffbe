from datetime import datetime, time, timedelta

import pytz

from odoo import api, models

from .. import finance, returns


class OmsChannel(models.Model):
    """TikTok Shop finance and returns: daily statements to settlements,
    returns and refunds to stored return events."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("platform")
    def _compute_feature_support_fields(self):
        res = super()._compute_feature_support_fields()
        self.filtered(lambda channel: channel.platform == "tiktok").update(
            {"support_finance": True, "support_returns": True}
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

    def _oms_fetch_returns(self, since):
        """Override of `oms_base` to list TikTok returns and refunds updated
        since ``since``."""
        if self.platform != "tiktok":
            return super()._oms_fetch_returns(since)
        return self._tiktok_fetch_returns({"update_time_ge": since})

    def _oms_fetch_return(self, external_id):
        """Override of `oms_base` to read the return a webhook named (its
        ``return_id``, or the order's id when the webhook gives no return)."""
        if self.platform != "tiktok":
            return super()._oms_fetch_return(external_id)
        found = self._tiktok_fetch_returns({"return_ids": [str(external_id)]})
        return found or self._tiktok_fetch_returns({"order_ids": [str(external_id)]})

    def _tiktok_fetch_returns(self, filters):
        """The returns matching Search Returns ``filters``."""
        return [
            returns.to_return(record)
            for record in self._oms_client().iter_returns(**filters)
        ]
