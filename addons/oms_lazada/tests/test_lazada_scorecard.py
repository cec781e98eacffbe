"""Lazada's seller performance read by the shop, over HTTP from the sandbox."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base import normalized

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaScorecard(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_seller_performance()

    def test_shop_reads_lazadas_indicators_and_metrics(self):
        self.assertTrue(self.shop.support_scorecard)
        self.sandbox.set_seller_metrics(ship_on_time=97.25)
        self.sandbox.set_seller_indicator(
            "CANCELLATION_RATE",
            name="Cancellation Rate",
            score=3.0,
            target=2.0,
            target_format="LOWER_THAN_PERCENTAGE",
        )
        before = {
            path: self.api_calls(path)
            for path in ("/seller/performance/get", "/seller/metrics/get")
        }
        metrics = self.shop._oms_call("_oms_fetch_scorecard")
        self.assertTrue(all(isinstance(m, normalized.ScorecardMetric) for m in metrics))
        found = {m.code: m for m in metrics}
        self.assertEqual(found["SHIP_ON_TIME"].value, 97.25)
        self.assertEqual(found["SHIP_ON_TIME"].kpi, "on_time_rate")
        cancellation = found["CANCELLATION_RATE"]
        self.assertEqual(
            (cancellation.value, cancellation.target, cancellation.target_operator),
            (3.0, 2.0, "<="),
        )
        self.assertIs(cancellation.target_met, False)
        self.assertIsNone(found["PRODUCT_RATING_COVERAGE"].value)
        for path, count in before.items():
            self.assertEqual(self.api_calls(path), count + 1, path)

    def test_lazada_refusal_reaches_a_person_as_a_message(self):
        self.revoke_authorization()
        with self.assertRaisesRegex(UserError, "Authorization of shop .* lost"):
            self.shop._oms_call_for_user("_oms_fetch_scorecard")
