from datetime import datetime, time, timedelta

from odoo import api, models

from .. import finance, returns
from ..tiktok_api import const


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

    def _oms_process_event(self, event):
        """Override: a return webhook (type 12) fetches that return now and
        stores it for the returns flow, as the returns pull would; the pull
        still runs, for webhooks TikTok loses."""
        if self.platform != "tiktok" or event.kind != "return":
            return super()._oms_process_event(event)
        webhook = event._get_payload()
        if webhook.get("type") != const.WEBHOOK_RETURN_STATUS_CHANGE:
            # a return the pull stored
            return super()._oms_process_event(event)
        data = webhook.get("data") or {}
        filters = (
            {"return_ids": [str(data["return_id"])]}
            if data.get("return_id")
            else {"order_ids": [str(data.get("order_id") or event.external_ref)]}
        )
        records = self._oms_call("_tiktok_fetch_returns", filters)
        stored = self.env["oms.event"]._store(
            [dict(vals, channel_id=self.id, kind="return") for vals in records]
        )
        stored.filtered(lambda e: e.state == "new")._process()
        return self.env._(
            "%(count)s return(s) fetched, %(new)s new",
            count=len(stored),
            new=len(stored.filtered(lambda e: e.state != "ignored")),
        )

    def _tiktok_fetch_returns(self, filters):
        """Return events of the returns matching Search Returns ``filters``."""
        return [
            returns.return_event(record)
            for record in self._oms_client().iter_returns(**filters)
        ]
