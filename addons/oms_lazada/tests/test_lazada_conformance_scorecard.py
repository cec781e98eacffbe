"""The sandbox's seller performance APIs against Lazada's reference
(plain Python): ``/seller/performance/get`` and ``/seller/metrics/get``,
called signed as Lazada's SDK calls them, each answer checked against the
reference's response definition with the documented types, and the
connector's mapping run over the reference's own examples."""

import pytest

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests import conformance
from odoo.addons.oms_lazada import scorecard
from odoo.addons.oms_lazada.sandbox import LazadaSandbox
from odoo.addons.oms_lazada.tests.test_lazada_conformance import (
    APP_KEY,
    APP_SECRET,
    SPECS,
    LazadaCaller,
    example_request,
)

PERFORMANCE = "/seller/performance/get"
METRICS = "/seller/metrics/get"


@pytest.fixture(scope="module")
def sandbox():
    server = LazadaSandbox(app_key=APP_KEY, app_secret=APP_SECRET, seed=12)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lazada(sandbox):
    sandbox.reset_seller_performance()
    return LazadaCaller(sandbox, sandbox.issue_tokens()["access_token"])


def test_reference_documents_both_apis():
    assert SPECS[PERFORMANCE].methods == ("GET", "POST")
    assert SPECS[METRICS].methods == ("GET",)
    assert SPECS[PERFORMANCE].param("language")
    assert not SPECS[METRICS].params


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_performance_answers_the_documented_types(lazada, method):
    body = lazada.ok(PERFORMANCE, example_request(PERFORMANCE), method=method)
    # the documented types as such, not their textual forms
    strict = conformance.check(
        body["data"],
        SPECS[PERFORMANCE].response[0].children,
        "data",
        conformance.STRICT,
    )
    assert not strict, [str(p) for p in strict]
    assert body["success"] is True
    indicators = {i["type"]: i for i in body["data"]["indicators"]}
    rating = indicators["POSITIVE_SELLER_RATING"]
    assert (rating["score"], rating["target"]) == (92.0, 85.0)
    assert rating["target_format"] == "GREATER_THAN_PERCENTAGE"
    assert rating["formatted_score"] == "92%"
    assert rating["formatted_target"] == "≥ 85%"
    assert rating["target_respected"] is True
    # an indicator without value: null score, "-" formatted (the reference)
    coverage = indicators["PRODUCT_RATING_COVERAGE"]
    assert coverage["score"] is None
    assert coverage["formatted_score"] == "-"
    assert coverage["target_respected"] is False


def test_performance_follows_the_sellers_figures(lazada):
    lazada.sandbox.set_seller_indicator(
        "POSITIVE_SELLER_RATING", score=80.0, target=85.0
    )
    lazada.sandbox.set_seller_indicator(
        "CANCELLATION_RATE",
        score=1.5,
        target=2.0,
        target_format="LOWER_THAN_PERCENTAGE",
    )
    body = lazada.ok(PERFORMANCE, method="GET")
    indicators = {i["type"]: i for i in body["data"]["indicators"]}
    assert indicators["POSITIVE_SELLER_RATING"]["target_respected"] is False
    assert indicators["CANCELLATION_RATE"]["target_respected"] is True
    assert indicators["CANCELLATION_RATE"]["formatted_target"] == "≤ 2%"
    with pytest.raises(ValueError):
        lazada.sandbox.set_seller_indicator("X", target_format="ABOUT")


def test_metrics_answer_every_documented_field_as_text(lazada):
    lazada.sandbox.set_seller_metrics(ship_on_time=95.5)
    body = lazada.ok(METRICS, method="GET")
    data = body["data"]
    for field in SPECS[METRICS].response[0].children:
        assert field.name in data, field.name
        kind = field.kind
        assert isinstance(data[field.name], str if kind == "string" else int), field
    assert float(data["ship_on_time"]) == 95.5
    with pytest.raises(ValueError):
        lazada.sandbox.set_seller_metrics(happiness=1)


def test_gateway_refuses_a_call_without_token(lazada):
    for path in (PERFORMANCE, METRICS):
        lazada.token = "expired-or-unknown"
        lazada.refused(path, {}, "IllegalAccessToken", method="GET")


def test_mapping_reads_the_reference_examples():
    (performance,) = SPECS[PERFORMANCE].examples
    (metrics,) = SPECS[METRICS].examples
    found = {
        m.code: m
        for m in scorecard.map_scorecard(
            performance["response"]["data"], metrics["response"]["data"]
        )
    }
    assert set(found) == {
        "POSITIVE_SELLER_RATING",
        "SHIP_ON_TIME",
        "RESPONSE_RATE",
        "RESPONSE_TIME",
    }
    rating = found["POSITIVE_SELLER_RATING"]
    # the indicator (with its target) wins over the metric of the same name
    assert (rating.value, rating.target, rating.target_operator) == (92.0, 85.0, ">=")
    assert rating.target_met is True
    assert rating.unit == normalized.UNIT_PERCENT
    assert rating.period_days == 56
    ship = found["SHIP_ON_TIME"]
    assert (ship.value, ship.kpi, ship.unit) == (93.62, "on_time_rate", "percent")
    assert found["RESPONSE_RATE"].percent == 100.0
    assert found["RESPONSE_TIME"].unit == normalized.UNIT_NUMBER


def test_mapping_of_the_sandbox_answers(lazada):
    performance = lazada.ok(PERFORMANCE, method="GET")["data"]
    metrics = lazada.ok(METRICS, method="GET")["data"]
    found = {m.code: m for m in scorecard.map_scorecard(performance, metrics)}
    assert found["PRODUCT_RATING_COVERAGE"].value is None
    assert found["PRODUCT_RATING_COVERAGE"].target_met is False
    assert found["SHIP_ON_TIME"].value == 93.62
    assert scorecard.map_scorecard({}, {}) == []
