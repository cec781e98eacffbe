"""The seller's performance: ``/seller/performance/get`` (GetSellerPerformance)
and ``/seller/metrics/get`` (GetSellerMetricsById), as Lazada's API
reference documents them.

The figures are the sandbox's: set them with ``set_seller_indicator`` and
``set_seller_metrics`` (a test, the control page); they start at the
values of the reference's examples.
"""

SCORE_FORMATS = ("INTEGER", "DOUBLE", "PERCENTAGE", "MINUTES", "HOURS")
# target_format -> (comparison, how the target is written, its suffix)
TARGET_FORMATS = {
    "GREATER_THAN_DOUBLE": (">=", "≥ ", ""),
    "GREATER_THAN_PERCENTAGE": (">=", "≥ ", "%"),
    "LOWER_THAN_PERCENTAGE": ("<=", "≤ ", "%"),
    "LOWER_THAN_MINUTES": ("<=", "≤ ", "min"),
    "STRICTLY_LOWER_THAN_HOURS": ("<", "< ", "h"),
    "EQUALS_TO_INTEGER": ("=", "= ", ""),
}
SCORE_SUFFIX = {"PERCENTAGE": "%", "MINUTES": "min", "HOURS": "h"}

# Indicators of the reference (POSITIVE_SELLER_RATING is its example,
# PRODUCT_RATING_COVERAGE named by its type column); the texts are ours.
DEFAULT_INDICATORS = (
    {
        "type": "POSITIVE_SELLER_RATING",
        "name": "Positive Seller Rating",
        "tip": "Share of positive ratings among the ratings of verified "
        "buyers over the last 8 weeks.",
        "score": 92.0,
        "score_format": "PERCENTAGE",
        "target": 85.0,
        "target_format": "GREATER_THAN_PERCENTAGE",
        "action_url": "/apps/review/manage",
    },
    {
        "type": "PRODUCT_RATING_COVERAGE",
        "name": "Product Rating Coverage",
        "tip": "Share of delivered items the buyers rated.",
        "score": None,
        "score_format": "PERCENTAGE",
        "target": 10.0,
        "target_format": "GREATER_THAN_PERCENTAGE",
        "action_url": "/apps/review/manage",
    },
)
# GetSellerMetricsById: every figure is a string in the reference.
DEFAULT_METRICS = {
    "response_rate": "1.0000",
    "response_time": "10.3333",
    "ship_on_time": "93.62",
    "positive_seller_rating": "92.0",
}
MAIN_CATEGORY = (10000336, "Furniture & Décor")


def _met(score, comparison, target):
    if score is None or target is None:
        return False
    return {
        ">=": score >= target,
        "<=": score <= target,
        "<": score < target,
        "=": score == target,
    }[comparison]


def _formatted(value, suffix):
    if value is None:
        return "-"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{suffix}"


class SellerApis:
    """Seller performance part of :class:`LazadaSandbox`."""

    def _seller_state(self):
        state = self.__dict__.get("_seller_performance")
        if state is None:
            state = {
                "indicators": [dict(indicator) for indicator in DEFAULT_INDICATORS],
                "metrics": dict(DEFAULT_METRICS),
            }
            self.__dict__["_seller_performance"] = state
        return state

    def reset_seller_performance(self):
        """Back to the reference's figures."""
        with self.lock:
            self.__dict__.pop("_seller_performance", None)

    def set_seller_indicator(self, indicator_type, **values):
        """Set (or add) the indicator ``indicator_type`` of the performance
        page: ``score`` (None: no value yet), ``target``, ``name``..."""
        if values.get("score_format", "PERCENTAGE") not in SCORE_FORMATS:
            raise ValueError(f"Unknown score format {values['score_format']}")
        if values.get("target_format", "GREATER_THAN_PERCENTAGE") not in (
            TARGET_FORMATS
        ):
            raise ValueError(f"Unknown target format {values['target_format']}")
        with self.lock:
            indicators = self._seller_state()["indicators"]
            for indicator in indicators:
                if indicator["type"] == indicator_type:
                    indicator.update(values)
                    return indicator
            indicator = {
                "type": indicator_type,
                "name": indicator_type.replace("_", " ").title(),
                "tip": "",
                "score": None,
                "score_format": "PERCENTAGE",
                "target": None,
                "target_format": "GREATER_THAN_PERCENTAGE",
                "action_url": "",
                **values,
            }
            indicators.append(indicator)
            return indicator

    def set_seller_metrics(self, **values):
        """Set figures of GetSellerMetricsById (``ship_on_time=95.1``...)."""
        unknown = set(values) - set(DEFAULT_METRICS)
        if unknown:
            raise ValueError(f"Unknown seller metrics {sorted(unknown)}")
        with self.lock:
            self._seller_state()["metrics"].update(
                {name: f"{float(value):.4f}" for name, value in values.items()}
            )

    def _indicator_public(self, indicator):
        score, target = indicator.get("score"), indicator.get("target")
        comparison, prefix, suffix = TARGET_FORMATS[indicator["target_format"]]
        return {
            "type": indicator["type"],
            "name": indicator["name"],
            "tip": indicator.get("tip") or "",
            "score": None if score is None else float(score),
            "score_format": indicator["score_format"],
            "formatted_score": _formatted(
                score, SCORE_SUFFIX.get(indicator["score_format"], "")
            ),
            "target": None if target is None else float(target),
            "target_format": indicator["target_format"],
            "formatted_target": prefix + _formatted(target, suffix)
            if target is not None
            else "-",
            "target_respected": _met(score, comparison, target),
            "action_url": indicator.get("action_url") or "",
        }

    def _seller_performance(self, params, request):
        # ``language`` only changes the names' language (the default,
        # en-US, is the only one the sandbox writes)
        return {
            "data": {
                **self._seller_heading(),
                "indicators": [
                    self._indicator_public(indicator)
                    for indicator in self._seller_state()["indicators"]
                ],
            },
            "success": True,
            "error_code": "",
        }

    def _seller_metrics(self, params, request):
        return {"data": {**self._seller_heading(), **self._seller_state()["metrics"]}}

    def _seller_heading(self):
        category_id, category_name = MAIN_CATEGORY
        return {
            "seller_id": int(self.seller_id),
            "main_category_id": category_id,
            "main_category_name": category_name,
        }
