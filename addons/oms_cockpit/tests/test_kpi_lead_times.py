from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement

from .common import CockpitCase

PAID = datetime(2026, 11, 11, 0, 0)


@tagged("post_install", "-at_install")
class TestLeadTimes(CockpitCase):
    def hours(self, when):
        return PAID + timedelta(hours=when)

    def report(self, external_id, status, hours):
        """The marketplace reports ``status`` ``hours`` after payment."""
        self.import_orders(
            self.make_order(external_id, status=status, minutes=hours * 60)
        )

    def test_lead_time_of_each_step_on_known_orders(self):
        # L-1 paid at 00:00 (first update in To Ship); L-2 paid 02:00 by
        # the platform's own payment time; L-3 first seen delivered.
        self.import_orders(
            self.make_order("L-1"),
            self.make_order("L-2", paid_at=self.hours(2), minutes=150),
            self.make_order("L-3", status=normalized.DELIVERED, minutes=600),
        )
        first, second, skipped = (self.find_sale(f"L-{i}") for i in (1, 2, 3))
        self.assertEqual(first.oms_paid_at, PAID)
        self.assertEqual(second.oms_paid_at, self.hours(2))
        self.assertFalse(skipped.oms_paid_at, "a step never reported stays empty")
        self.assertEqual(skipped.oms_delivered_at, self.hours(10))
        # L-1: validated in Odoo at 06:00, nothing asked of the marketplace;
        # L-2: set ready to ship on the marketplace at 03:00, validated later
        self.ship(first, self.hours(6))
        with freeze_time(self.hours(3)):
            second.picking_ids.oms_fulfilment_state = "ready"
        with freeze_time(self.hours(4)):  # a second call changes nothing
            second.picking_ids.write({"oms_fulfilment_state": "ready"})
        self.ship(second, self.hours(5))
        self.assertEqual(first.oms_ready_at, self.hours(6))
        self.assertEqual(second.picking_ids.oms_ready_at, self.hours(3))
        self.assertEqual(second.oms_ready_at, self.hours(3))
        # the carrier has them at 10:00 and 11:00, delivered a day later
        self.report("L-1", normalized.SHIPPED, 10)
        self.report("L-2", normalized.SHIPPED, 11)
        self.report("L-1", normalized.DELIVERED, 34)
        self.report("L-2", normalized.DELIVERED, 35)
        self.report("L-2", normalized.RETURNED, 50)
        self.assertEqual(first.oms_handed_over_at, self.hours(10))
        self.assertEqual(second.oms_delivered_at, self.hours(35), "kept once returned")
        self.env.flush_all()
        row = self.kpi_row(
            [
                "paid_ready_hours:avg",
                "ready_handover_hours:avg",
                "handover_delivered_hours:avg",
                "paid_delivered_hours:avg",
            ]
        )
        self.assertAlmostEqual(row["paid_ready_hours"], (6 + 1) / 2)
        self.assertAlmostEqual(row["ready_handover_hours"], (4 + 8) / 2)
        self.assertAlmostEqual(row["handover_delivered_hours"], 24)
        self.assertAlmostEqual(row["paid_delivered_hours"], (34 + 33) / 2)
        self.env.cr.execute(
            "SELECT paid_ready_hours, paid_delivered_hours, handover_delivered_hours"
            "  FROM oms_kpi_order WHERE order_id = %s",
            [skipped.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, None), "not counted")

    def kpi_row(self, measures, groupby=("channel_id",)):
        (row,) = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id)], measures, list(groupby)
        )
        return row

    def settle(self, lines):
        self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                "SET-1",
                lines,
                date_from=PAID.date(),
                date_to=PAID.date(),
                payout_date=PAID.date(),
                currency=self.company.currency_id.name,
            ),
        )

    def test_cost_per_order_from_settlement_fees_and_shipping(self):
        self.import_orders(*(self.make_order(f"C-{i}") for i in (1, 2, 3)))
        first, second, unsettled = (self.find_sale(f"C-{i}") for i in (1, 2, 3))
        self.settle(
            [
                ("C-1", "sale", 45.0),
                ("C-1", "commission", -3.0),
                ("C-1", "payment_fee", -1.0),
                ("C-1", "shipping_seller", -2.5),
                ("C-1", "tax_on_fees", -0.5),
                ("C-2", "sale", 45.0),
                ("C-2", "commission", -4.0),
                ("C-2", "adjustment", 1.0),  # not a cost of the order
            ]
        )
        self.assertTrue(first.oms_cost_settled)
        self.assertAlmostEqual(first.oms_cost, 7.0)
        self.assertAlmostEqual(second.oms_cost, 4.0)
        self.assertFalse(unsettled.oms_cost_settled)
        self.env.flush_all()
        row = self.kpi_row(["cost:sum", "cost_per_order:avg", "cost_share:avg"])
        self.assertAlmostEqual(row["cost"], 11.0)
        self.assertAlmostEqual(row["cost_per_order"], 5.5, msg="unsettled not counted")
        gmv = first.oms_amount_company
        self.assertAlmostEqual(row["cost_share"], 100 * (7.0 + 4.0) / 2 / gmv)
        (settled,) = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id), ("cost_settled", "=", True)],
            ["order_count:sum"],
            [],
        )
        self.assertEqual(settled["order_count"], 2)

    def test_open_orders_aging_buckets(self):
        # The view ages orders against the database's clock: real time here.
        now = datetime.now().replace(microsecond=0)
        ages = {"A-1": 6, "A-2": 30, "A-3": 54, "A-4": 100, "A-5": 101}
        self.import_orders(
            *(
                self.make_order(name, paid_at=now - timedelta(hours=age))
                for name, age in ages.items()
            ),
            self.make_order("A-6"),
        )
        shipped = self.find_sale("A-6")
        self.ship(shipped, now)
        self.env.flush_all()
        groups = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id), ("open_count", "=", 1)],
            ["open_count:sum", "open_age_hours:avg"],
            ["open_age"],
        )
        by_age = {group["open_age"]: group for group in groups}
        self.assertEqual(
            {age: group["open_count"] for age, group in by_age.items()},
            {"1": 1, "2": 1, "3": 1, "4": 2},
        )
        self.assertAlmostEqual(by_age["4"]["open_age_hours"], 100.5, delta=0.1)
        kpi = self.env["oms.kpi.order"].search([("order_id", "=", shipped.id)])
        self.assertFalse(kpi.open_age, "a shipped order is not open")
