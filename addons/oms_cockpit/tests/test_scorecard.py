"""The platform's scorecard stored beside our KPIs (no marketplace: the
metrics are given as a connector's ``_oms_fetch_scorecard`` returns them)."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.views import shown

from .common import CockpitCase

DAY = date(2026, 11, 12)


def metrics(ship_on_time=93.62):
    return [
        normalized.ScorecardMetric(
            code="SHIP_ON_TIME",
            name="Ship on Time",
            value=ship_on_time,
            unit=normalized.UNIT_PERCENT,
            kpi="on_time_rate",
        ),
        normalized.ScorecardMetric(
            code="POSITIVE_SELLER_RATING",
            name="Positive Seller Rating",
            value=92.0,
            unit=normalized.UNIT_PERCENT,
            target=85.0,
            target_operator=">=",
            target_met=True,
            period_days=56,
        ),
        normalized.ScorecardMetric(
            code="RESPONSE_RATE", value=0.8, unit=normalized.UNIT_RATIO
        ),
        normalized.ScorecardMetric(
            code="PRODUCT_RATING_COVERAGE",
            value=None,
            unit=normalized.UNIT_PERCENT,
            target=10.0,
            target_operator=">=",
            target_met=False,
        ),
        normalized.ScorecardMetric(
            code="CANCELLATION",
            value=0.02,
            unit=normalized.UNIT_RATIO,
            kpi="cancel_rate",
        ),
    ]


@tagged("post_install", "-at_install")
class TestScorecard(CockpitCase):
    def store(self, values, day=DAY):
        return self.env["oms.scorecard"]._oms_store(self.channel, values, day)

    def known_orders(self):
        """Four orders: two shipped on time, one late, one cancelled."""
        deadline = datetime(2026, 11, 12, 10, 0)
        self.import_orders(
            *(
                self.make_order(f"SC-{i}", ship_by=deadline, buyer_id=f"B-{i}")
                for i in range(1, 5)
            )
        )
        self.ship(self.find_sale("SC-1"), datetime(2026, 11, 11, 12, 0))
        self.ship(self.find_sale("SC-2"), datetime(2026, 11, 12, 9, 0))
        self.ship(self.find_sale("SC-3"), datetime(2026, 11, 12, 12, 0))
        self.import_orders(
            self.make_order(
                "SC-4",
                status=normalized.CANCELLED,
                buyer_id="B-4",
                minutes=5,
                cancelled_by=normalized.CANCELLED_BY_SELLER,
            )
        )
        self.env.flush_all()

    def test_platform_figures_beside_ours(self):
        self.known_orders()
        lines = self.store(metrics())
        by_code = {line.code: line for line in lines}
        self.assertEqual(len(lines), 5)
        ship = by_code["SHIP_ON_TIME"]
        self.assertEqual(
            (ship.value, ship.unit, ship.kpi), (93.62, "percent", "on_time_rate")
        )
        # ours: 2 of the 3 shipped orders before their deadline
        self.assertTrue(ship.has_our_value)
        self.assertAlmostEqual(ship.our_value, 66.67)
        self.assertAlmostEqual(ship.difference, 93.62 - 66.67)
        # a ratio is compared in percent: 2% against 1 cancelled of 4
        cancel = by_code["CANCELLATION"]
        self.assertAlmostEqual(cancel.our_value, 25.0)
        self.assertAlmostEqual(cancel.difference, 2.0 - 25.0)
        rating = by_code["POSITIVE_SELLER_RATING"]
        self.assertEqual(
            (rating.target, rating.target_operator, rating.target_state),
            (85.0, ">=", "met"),
        )
        self.assertEqual(rating.period_days, 56)
        self.assertFalse(rating.kpi or rating.has_our_value)
        coverage = by_code["PRODUCT_RATING_COVERAGE"]
        self.assertFalse(coverage.has_value)
        self.assertEqual(coverage.target_state, "missed")
        self.assertEqual(by_code["RESPONSE_RATE"].name, "RESPONSE_RATE")
        self.assertEqual(self.channel.scorecard_count, 5)

    def test_same_day_replaces_other_days_are_kept(self):
        self.known_orders()
        first = self.store(metrics(90.0))
        again = self.store(metrics(95.0))
        self.assertEqual(first, again)
        ship = again.filtered(lambda line: line.code == "SHIP_ON_TIME")
        self.assertEqual(ship.value, 95.0)
        self.store(metrics(97.0), day=date(2026, 11, 13))
        lines = self.env["oms.scorecard"].search(
            [("channel_id", "=", self.channel.id), ("code", "=", "SHIP_ON_TIME")]
        )
        self.assertEqual(lines.mapped("value"), [97.0, 95.0])

    def test_no_orders_in_the_period_means_no_figure_of_ours(self):
        lines = self.store(metrics())
        ship = lines.filtered(lambda line: line.code == "SHIP_ON_TIME")
        self.assertFalse(ship.has_our_value)
        self.assertEqual(ship.difference, 0.0)

    def test_metric_values_are_checked(self):
        with self.assertRaises(ValueError):
            normalized.ScorecardMetric(code="X", unit="stars")
        with self.assertRaises(ValueError):
            normalized.ScorecardMetric(code="X", kpi="happiness")
        with self.assertRaises(ValueError):
            normalized.ScorecardMetric(code="X", target_operator="~")
        self.assertEqual(
            {
                code
                for code, _label in self.env["oms.scorecard"]._fields["kpi"].selection
            },
            set(normalized.SCORECARD_KPIS),
        )

    def test_shop_without_a_scorecard_api_hides_it(self):
        platforms = [
            code
            for code, _label in self.env["oms.channel"]._fields["platform"].selection
            if code in ("none", "shopee", "tiktok")
        ]
        self.assertIn("none", platforms)
        for platform in platforms:
            self.channel.platform = platform
            self.assertFalse(self.channel.support_scorecard, platform)
            form = shown(self.channel)
            self.assertFalse(form["button", "action_view_scorecard"], platform)
            self.assertFalse(form["button", "action_fetch_scorecard"], platform)
            with self.assertRaisesRegex(UserError, "Marketplace Scorecard"):
                self.channel.action_fetch_scorecard()
            self.assertNotIn(
                self.channel, self.env["oms.channel"]._cron_oms_fetch_scorecards()
            )
            self.assertFalse(
                self.env["queue.job"]
                .search([("method_name", "=", "_oms_sync_scorecard")])
                .filtered(lambda job: self.channel.id in job.records.ids)
            )
            # a job queued before the shop changed platform does nothing
            self.assertIn("gives no scorecard", self.channel._oms_sync_scorecard())

    def test_rights_and_companies(self):
        self.known_orders()
        line = self.store(metrics())[:1]
        user = self.warehouse_user
        self.assertTrue(line.with_user(user).read(["value"]))
        with self.assertRaises(Exception):  # noqa: B017 - AccessError
            line.with_user(user).write({"value": 1.0})
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = self.env["res.users"].create(
            {
                "name": "Other User",
                "login": "scorecard_other",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [(4, self.env.ref("oms_base.group_oms_user").id)],
            }
        )
        self.assertFalse(
            self.env["oms.scorecard"].with_user(outsider).search([("id", "=", line.id)])
        )
