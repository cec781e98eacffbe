"""The daily scorecard fetch, end to end on the Lazada sandbox over HTTP."""

from datetime import timedelta

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.views import shown

from .common import optional_mixin, require_connector

LazadaSandboxMixin = optional_mixin("oms_lazada", "LazadaSandboxMixin")


@tagged("post_install", "-at_install")
class TestScorecardLazada(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_connector(cls, "oms_lazada", LazadaSandboxMixin)
        cls.setup_lazada()
        # the demo shops point at sandboxes that do not run in tests
        (cls.env["oms.channel"].search([]) - cls.shop).active = False

    def setUp(self):
        super().setUp()
        self.sandbox.reset_seller_performance()

    def lines(self):
        return self.env["oms.scorecard"].search([("channel_id", "=", self.shop.id)])

    def fetch(self):
        self.assertIn(self.shop, self.env["oms.channel"]._cron_oms_fetch_scorecards())
        return self.run_jobs()

    def test_daily_fetch_stores_lazadas_figures(self):
        self.sandbox.set_seller_metrics(ship_on_time=88.5, response_rate=0.75)
        self.sandbox.set_seller_indicator("POSITIVE_SELLER_RATING", score=80.0)
        calls = self.api_calls("/seller/metrics/get")
        outcome = self.fetch()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertEqual(self.api_calls("/seller/metrics/get"), calls + 1)
        by_code = {line.code: line for line in self.lines()}
        self.assertEqual(
            set(by_code),
            {
                "POSITIVE_SELLER_RATING",
                "PRODUCT_RATING_COVERAGE",
                "SHIP_ON_TIME",
                "RESPONSE_RATE",
                "RESPONSE_TIME",
            },
        )
        rating = by_code["POSITIVE_SELLER_RATING"]
        self.assertEqual((rating.value, rating.target), (80.0, 85.0))
        self.assertEqual(rating.target_state, "missed")
        self.assertEqual(rating.date, self.shop._oms_finance_today())
        ship = by_code["SHIP_ON_TIME"]
        self.assertEqual((ship.value, ship.kpi), (88.5, "on_time_rate"))
        # no order of this shop shipped yet: nothing of ours to compare
        self.assertFalse(ship.has_our_value)
        self.assertEqual(by_code["RESPONSE_RATE"].unit, "ratio")
        self.assertFalse(by_code["PRODUCT_RATING_COVERAGE"].has_value)
        self.assertTrue(self.shop.last_scorecard_fetch)
        self.assertEqual(self.shop.scorecard_count, 5)
        # the shop's Scorecard button opens its lines
        form = shown(self.shop)
        self.assertTrue(form["button", "action_view_scorecard"])
        self.assertTrue(form["button", "action_fetch_scorecard"])
        action = self.shop.action_view_scorecard()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]), self.lines()
        )
        for view_type in ("list", "form", "pivot", "graph", "search"):
            views = self.env["oms.scorecard"].get_views([(False, view_type)])
            self.assertIn(view_type, views["views"])

    def test_outage_is_retried_and_loses_nothing(self):
        self.assertEqual(set(self.fetch().values()), {"done"})
        yesterday = self.lines()
        yesterday.write({"date": yesterday[0].date - timedelta(days=1)})
        self.addCleanup(self.sandbox.faults.reset)
        self.sandbox.faults.outage(300)
        self.assertEqual(set(self.fetch().values()), {"retry"})
        job = self.env["queue.job"].search(
            [("method_name", "=", "_oms_sync_scorecard"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1)
        self.assertIn("cannot be reached", job.result)
        self.assertEqual(self.lines(), yesterday)
        self.sandbox.faults.reset()
        self.assertEqual(set(self.run_jobs().values()), {"done"})
        self.assertEqual(len(self.lines()), 10)
        self.assertEqual(len(self.lines() - yesterday), 5)

    def test_lost_authorization_parks_the_shop_and_keeps_the_scorecard(self):
        self.assertEqual(set(self.fetch().values()), {"done"})
        kept = self.lines()
        self.revoke_authorization()
        self.shop.action_fetch_scorecard()
        self.assertEqual(set(self.run_jobs().values()), {"done"})
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertTrue(self.shop.state_reason)
        self.assertEqual(self.lines(), kept)
        # a parked shop is not fetched until it is authorized again
        self.assertNotIn(
            self.shop, self.env["oms.channel"]._cron_oms_fetch_scorecards()
        )
