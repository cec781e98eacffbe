"""Lazada's measure of the seller -> ``normalized.ScorecardMetric``.

Two APIs say it: ``/seller/performance/get`` (indicators with Lazada's
target for each) and ``/seller/metrics/get`` (ship on time, response rate
and time, positive seller rating, figures as text). An indicator of the
first wins over the figure of the same name of the second (it has the
target). Pure functions, tested on their own.
"""

from odoo.addons.oms_base import normalized

SCORE_UNITS = {
    "PERCENTAGE": normalized.UNIT_PERCENT,
    "INTEGER": normalized.UNIT_NUMBER,
    "DOUBLE": normalized.UNIT_NUMBER,
    "MINUTES": normalized.UNIT_MINUTES,
    "HOURS": normalized.UNIT_HOURS,
}
# target_format -> how the score meets the target
TARGET_OPERATORS = {
    "GREATER_THAN_DOUBLE": ">=",
    "GREATER_THAN_PERCENTAGE": ">=",
    "LOWER_THAN_PERCENTAGE": "<=",
    "LOWER_THAN_MINUTES": "<=",
    "STRICTLY_LOWER_THAN_HOURS": "<",
    "EQUALS_TO_INTEGER": "=",
}
# GetSellerMetricsById's figures: (name, unit, the cockpit KPI it measures).
# The reference gives no unit: ship on time and the rating are percentages
# (93.62, 67.0 in its example), the response rate a ratio (1.0000); the
# response time's unit is not said, it stays a plain number.
METRICS = {
    "ship_on_time": ("Ship on Time", normalized.UNIT_PERCENT, "on_time_rate"),
    "positive_seller_rating": (
        "Positive Seller Rating",
        normalized.UNIT_PERCENT,
        "",
    ),
    "response_rate": ("Response Rate", normalized.UNIT_RATIO, ""),
    "response_time": ("Response Time", normalized.UNIT_NUMBER, ""),
}
# Indicator types that are the same measure as a cockpit KPI.
INDICATOR_KPIS = {"SHIP_ON_TIME": "on_time_rate"}
# Lazada's positive seller rating is measured over the last 8 weeks.
PERIOD_DAYS = {"POSITIVE_SELLER_RATING": 56}


def _number(value):
    """A figure of the reference (a number or its text, null or "-")."""
    if value in (None, "", "-"):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _boolean(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1")


def map_indicator(indicator):
    """One indicator of ``/seller/performance/get``."""
    code = str(indicator.get("type") or "")
    return normalized.ScorecardMetric(
        code=code,
        name=indicator.get("name") or code,
        value=_number(indicator.get("score")),
        unit=SCORE_UNITS.get(indicator.get("score_format"), normalized.UNIT_NUMBER),
        target=_number(indicator.get("target")),
        target_operator=TARGET_OPERATORS.get(indicator.get("target_format"), ""),
        target_met=_boolean(indicator.get("target_respected")),
        period_days=PERIOD_DAYS.get(code, 0),
        description=indicator.get("tip") or "",
        kpi=INDICATOR_KPIS.get(code, ""),
    )


def map_scorecard(performance, metrics):
    """``/seller/performance/get`` and ``/seller/metrics/get`` data ->
    a list of ``normalized.ScorecardMetric``, one per code."""
    found = {}
    for indicator in (performance or {}).get("indicators") or []:
        if indicator.get("type"):
            metric = map_indicator(indicator)
            found[metric.code] = metric
    for field_name, (name, unit, kpi) in METRICS.items():
        code = field_name.upper()
        if code in found or field_name not in (metrics or {}):
            continue
        found[code] = normalized.ScorecardMetric(
            code=code,
            name=name,
            value=_number(metrics[field_name]),
            unit=unit,
            period_days=PERIOD_DAYS.get(code, 0),
            kpi=kpi,
        )
    return list(found.values())
