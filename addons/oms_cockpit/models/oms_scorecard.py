from datetime import datetime, time, timedelta

from odoo import _, api, fields, models

from odoo.addons.oms_base import normalized

# Our figure of a platform metric is measured over the platform's period,
# or over this many days when the platform does not say it.
DEFAULT_PERIOD_DAYS = 30

UNITS = [
    (normalized.UNIT_PERCENT, "%"),
    (normalized.UNIT_RATIO, "Ratio"),
    (normalized.UNIT_NUMBER, "Number"),
    (normalized.UNIT_MINUTES, "Minutes"),
    (normalized.UNIT_HOURS, "Hours"),
]
KPIS = [
    ("on_time_rate", "On-Time Shipment (%)"),
    ("cancel_rate", "Cancellation Rate (%)"),
    ("seller_cancel_rate", "Seller Cancellations (%)"),
    ("return_rate", "Return Rate (%)"),
    ("otif_rate", "OTIF (%)"),
]


class OmsScorecard(models.Model):
    """One metric of a shop's scorecard as the marketplace measured it on
    a day, with our own figure of the same KPI beside it where we compute
    one (``oms.kpi.order``)."""

    _name = "oms.scorecard"
    _description = "Marketplace Scorecard"
    _order = "date desc, channel_id, code"
    _check_company_auto = True

    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True, precompute=True
    )
    platform = fields.Selection(related="channel_id.platform", store=True)
    date = fields.Date(
        required=True,
        index=True,
        help="Day the marketplace gave these figures, in its calendar.",
    )
    code = fields.Char(
        string="Metric Code", required=True, help="The marketplace's key."
    )
    name = fields.Char(string="Metric", required=True)
    description = fields.Text()
    value = fields.Float(string="Marketplace Value", aggregator="avg", digits=(16, 2))
    has_value = fields.Boolean(
        help="The marketplace gave a value (a new shop may have none yet)."
    )
    unit = fields.Selection(UNITS, required=True, default=normalized.UNIT_NUMBER)
    target = fields.Float(aggregator="avg", digits=(16, 2))
    target_operator = fields.Selection(
        [(op, op) for op in normalized.TARGET_OPERATORS], string="Target Rule"
    )
    target_state = fields.Selection(
        [("met", "Met"), ("missed", "Missed")],
        string="Target Status",
        help="What the marketplace says of the value against its target.",
    )
    period_days = fields.Integer(
        string="Period (days)",
        help="Days the marketplace measures over; 0 when it does not say.",
    )
    kpi = fields.Selection(
        KPIS,
        string="Our KPI",
        help="The cockpit KPI that measures the same as this metric.",
    )
    our_value = fields.Float(
        string="Our Value (%)",
        aggregator="avg",
        digits=(16, 2),
        help="Our figure of the same KPI, from the shop's orders of the "
        "marketplace's period (or the last 30 days when it does not say).",
    )
    has_our_value = fields.Boolean()
    difference = fields.Float(
        string="Marketplace - Ours (points)",
        aggregator="avg",
        digits=(16, 2),
        help="Marketplace value (in percent) minus ours.",
    )

    _sql_constraints = [
        (
            "channel_date_code_unique",
            "UNIQUE(channel_id, date, code)",
            "A shop has one figure of a metric a day.",
        ),
    ]

    @api.depends("name", "channel_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.channel_id.display_name}: {line.name}"

    @api.model
    def _oms_store(self, channel, metrics, day):
        """Store the ``normalized.ScorecardMetric`` list ``metrics`` of
        ``channel`` for ``day``; a second fetch the same day replaces it.
        Returns the lines."""
        ours = self._oms_our_values(channel, metrics, day)
        values = []
        for metric in metrics:
            our = ours.get((metric.kpi, metric.period_days)) if metric.kpi else None
            percent = metric.percent
            target_state = False
            if metric.target_met is not None:
                target_state = "met" if metric.target_met else "missed"
            values.append(
                {
                    "channel_id": channel.id,
                    "date": day,
                    "code": metric.code,
                    "name": metric.name or metric.code,
                    "description": metric.description or metric.period or False,
                    "value": metric.value or 0.0,
                    "has_value": metric.value is not None,
                    "unit": metric.unit,
                    "target": metric.target or 0.0,
                    "target_operator": metric.target_operator or False,
                    "target_state": target_state,
                    "period_days": metric.period_days,
                    "kpi": metric.kpi or False,
                    "our_value": our or 0.0,
                    "has_our_value": our is not None,
                    "difference": percent - our
                    if percent is not None and our is not None
                    else 0.0,
                }
            )
        existing = self.search(
            [
                ("channel_id", "=", channel.id),
                ("date", "=", day),
                ("code", "in", [vals["code"] for vals in values]),
            ]
        )
        by_code = {line.code: line for line in existing}
        to_create = []
        for vals in values:
            line = by_code.get(vals["code"])
            if line:
                line.write(vals)
            else:
                to_create.append(vals)
        return existing | self.create(to_create)

    @api.model
    def _oms_our_values(self, channel, metrics, day):
        """``{(kpi, period days): our figure}`` of ``channel``'s orders,
        one query per period; a KPI without orders to measure is None."""
        wanted = {}
        for metric in metrics:
            if metric.kpi:
                wanted.setdefault(metric.period_days, set()).add(metric.kpi)
        kpi_model = self.env["oms.kpi.order"]
        found = {}
        for period_days, kpis in wanted.items():
            since = datetime.combine(
                day - timedelta(days=period_days or DEFAULT_PERIOD_DAYS), time.min
            )
            until = datetime.combine(day + timedelta(days=1), time.min)
            kpis = sorted(kpis)
            # count: the orders the KPI applies to (its NULL rows do not)
            (row,) = kpi_model._read_group(
                [
                    ("channel_id", "=", channel.id),
                    ("date_order", ">=", since),
                    ("date_order", "<", until),
                ],
                [],
                [f"{kpi}:{agg}" for kpi in kpis for agg in ("avg", "count")],
            )
            for index, kpi in enumerate(kpis):
                figure, count = row[2 * index], row[2 * index + 1]
                found[(kpi, period_days)] = round(figure, 2) if count else None
        return found

    def action_view_orders(self):
        """The shop's orders our figure is measured on."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Orders of %s", self.channel_id.display_name),
            "res_model": "oms.kpi.order",
            "view_mode": "pivot,graph,list",
            "domain": [("channel_id", "=", self.channel_id.id)],
        }
