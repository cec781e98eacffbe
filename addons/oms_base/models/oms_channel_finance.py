from datetime import timedelta

import pytz

from odoo import api, fields, models

# the shop's expected rate (%) of each checked fee kind
FEE_RATE_FIELDS = {
    "commission": "oms_commission_rate",
    "payment_fee": "oms_payment_fee_rate",
}


class OmsChannel(models.Model):
    """The daily finance sync of a shop: which days to fetch, in the
    platform's own calendar, and which settlements post themselves."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    finance_sync_enabled = fields.Boolean(
        string="Daily Finance Sync",
        help="Fetch this shop's statements and payouts every day.",
    )
    finance_sync_overlap_days = fields.Integer(
        string="Finance Overlap (days)",
        default=3,
        help="Days fetched again at each sync: statements the platform "
        "completes late are updated, never duplicated.",
    )
    finance_sync_initial_days = fields.Integer(
        string="First Finance Sync (days)",
        default=14,
        help="How far back the first sync reaches.",
    )
    finance_sync_cursor = fields.Date(
        string="Finance Synced Until",
        copy=False,
        help="Last platform day fetched by a finance sync.",
    )
    finance_auto_post = fields.Boolean(
        string="Post Clean Settlements",
        help="Settlements without discrepancy are posted as soon as the "
        "platform has closed their period; the others wait as drafts.",
    )

    @api.model
    def _cron_sync_finance(self):
        """Daily: queue one finance sync per shop that asks for it."""
        channels = self.search(
            [("state", "=", "connected"), ("finance_sync_enabled", "=", True)]
        )
        for channel in channels.filtered("support_finance"):
            date_from, date_to = channel._oms_finance_window()
            channel._oms_enqueue(
                "_oms_sync_finance", str(date_from), str(date_to), key="sync_finance"
            )

    def _oms_finance_tz(self):
        """Return the time zone the platform dates this shop's statements in.

        The shop's market (its country's main time zone) by default; a
        platform that dates them in UTC (TikTok) overrides this.
        """
        self.ensure_one()
        code = (self.country_id.code or "").upper()
        zones = pytz.country_timezones.get(code) if code else None
        return pytz.timezone(zones[0]) if zones else pytz.utc

    def _oms_finance_today(self):
        """Today in the platform's calendar of this shop."""
        self.ensure_one()
        now = pytz.utc.localize(fields.Datetime.now())
        return now.astimezone(self._oms_finance_tz()).date()

    def _oms_finance_window(self):
        """(first day, last day) the next finance sync fetches."""
        self.ensure_one()
        today = self._oms_finance_today()
        start = self.finance_sync_cursor or today - timedelta(
            days=self.finance_sync_initial_days
        )
        return start - timedelta(days=max(self.finance_sync_overlap_days, 0)), today

    def _oms_finance_day_closed(self, day):
        """Whether the platform has closed ``day`` (a date in its calendar):
        a statement ending that day no longer changes."""
        self.ensure_one()
        return bool(day) and day < self._oms_finance_today()

    def _oms_finance_synced(self, date_to):
        """Move the cursor after a complete sync up to ``date_to``."""
        self.ensure_one()
        if not self.finance_sync_cursor or self.finance_sync_cursor < date_to:
            self.finance_sync_cursor = date_to
        self.env["oms.settlement"].search(
            [("channel_id", "=", self.id), ("state", "=", "draft")]
        )._oms_auto_post()

    def _oms_fee_base(self, kind, order, lines):
        """Return the amount the platform charges fee ``kind``
        (``commission`` or ``payment_fee``) on, for ``order`` and its
        settlement ``lines``: what the expected rates of the shop apply to.

        The base the platform gives on the fee lines (``fee_base``, e.g.
        Shopee's buyer's total for its transaction fee), else the sale.
        """
        given = lines.filtered(lambda li: li.kind == kind and li.fee_base)
        if given:
            return given[0].fee_base
        return sum(lines.filtered(lambda li: li.kind == "sale").mapped("amount"))

    def _oms_expected_fee_rate(self, kind, order):
        """Return the rate (%) the platform is expected to charge fee
        ``kind`` (``commission`` or ``payment_fee``) on ``order``, or None
        when that fee is not checked.

        The shop's rate (0: not checked); ``oms_finance`` refines it by
        product category.
        """
        self.ensure_one()
        return self[FEE_RATE_FIELDS[kind]] or None
