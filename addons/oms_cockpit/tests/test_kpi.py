from datetime import date, datetime, timedelta

from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import CockpitCase


@tagged("post_install", "-at_install")
class TestKpis(CockpitCase):
    def kpis(self, groupby=("channel_id",)):
        (row,) = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id)],
            [
                "order_count:sum",
                "gmv:sum",
                "on_time_rate:avg",
                "otif_rate:avg",
                "cancel_rate:avg",
                "seller_cancel_rate:avg",
                "buyer_cancel_rate:avg",
                "return_rate:avg",
                "ship_hours:avg",
                "open_count:sum",
            ],
            list(groupby),
        )
        return row

    def test_rates_on_known_orders(self):
        deadline = datetime(2026, 11, 12, 10, 0)
        orders = [
            self.make_order(f"K-{i}", ship_by=deadline, buyer_id=f"B-{i}")
            for i in range(1, 6)
        ]
        self.import_orders(*orders)
        on_time, late, open_, cancelled, delivered = (
            self.find_sale(f"K-{i}") for i in range(1, 6)
        )
        self.ship(on_time, datetime(2026, 11, 11, 12, 0))  # 12 h after order
        self.ship(late, datetime(2026, 11, 12, 12, 0))  # 36 h, 2 h late
        self.ship(delivered, datetime(2026, 11, 11, 6, 0))  # 6 h
        # the buyer cancelled on the marketplace
        self.import_orders(
            self.make_order(
                "K-4",
                status=normalized.CANCELLED,
                buyer_id="B-4",
                minutes=5,
                cancelled_by=normalized.CANCELLED_BY_BUYER,
            )
        )
        # the marketplace reports two delivered, one of them returned later
        self.import_orders(
            self.make_order(
                "K-5", status=normalized.DELIVERED, buyer_id="B-5", minutes=10
            ),
            self.make_order(
                "K-2", status=normalized.RETURNED, buyer_id="B-2", minutes=10
            ),
        )
        self.env.flush_all()
        row = self.kpis()
        self.assertEqual(row["order_count"], 5)
        gmv = sum((on_time | late | open_ | delivered).mapped("oms_amount_company"))
        self.assertAlmostEqual(row["gmv"], gmv)
        self.assertAlmostEqual(row["on_time_rate"], 200 / 3)  # 2 of 3 shipped
        # finished: K-5 delivered on time in full, K-2 returned
        self.assertAlmostEqual(row["otif_rate"], 50.0)
        self.assertAlmostEqual(row["cancel_rate"], 20.0)
        self.assertAlmostEqual(row["buyer_cancel_rate"], 20.0)
        self.assertAlmostEqual(row["seller_cancel_rate"], 0.0)
        self.assertEqual(cancelled.oms_cancelled_by, normalized.CANCELLED_BY_BUYER)
        self.assertAlmostEqual(row["return_rate"], 100 / 3)
        self.assertAlmostEqual(row["ship_hours"], (12 + 36 + 6) / 3)
        self.assertEqual(row["open_count"], 1)
        self.assertTrue(open_.picking_ids and not open_.oms_shipped_at)

    def test_kpis_group_by_warehouse_and_month(self):
        self.import_orders(self.make_order("K-10"))
        self.env.flush_all()
        (row,) = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id)],
            ["order_count:sum"],
            ["warehouse_id", "date_order:month"],
            lazy=False,
        )
        self.assertEqual(row["warehouse_id"][0], self.warehouse.id)
        self.assertEqual(row["order_count"], 1)

    def test_order_month_in_the_shops_time_zone(self):
        # Bangkok is UTC+7: 17:30 UTC on 31 October is already November there
        self.assertEqual(self.channel.tz, "Asia/Bangkok")
        self.import_orders(
            self.make_order("K-40", created_at=datetime(2026, 10, 31, 16, 30)),
            self.make_order("K-41", created_at=datetime(2026, 10, 31, 17, 30)),
        )
        october, november = self.find_sale("K-40"), self.find_sale("K-41")
        self.assertEqual(october.oms_order_month, date(2026, 10, 1))
        self.assertEqual(november.oms_order_month, date(2026, 11, 1))
        self.env.flush_all()
        rows = self.env["oms.kpi.order"].read_group(
            [("channel_id", "=", self.channel.id)],
            ["order_count:sum"],
            ["order_month:month"],
            lazy=False,
        )
        self.assertEqual(
            [(row["order_month:month"], row["order_count"]) for row in rows],
            [("October 2026", 1), ("November 2026", 1)],
        )
        # the SQL fill of install and upgrade gives the months the compute gives
        self.env.cr.execute(
            "UPDATE sale_order SET oms_order_month = NULL WHERE id IN %s",
            [tuple((october | november).ids)],
        )
        self.env["sale.order"]._oms_fill_order_month()
        (october | november).invalidate_recordset(["oms_order_month"])
        self.assertEqual(october.oms_order_month, date(2026, 10, 1))
        self.assertEqual(november.oms_order_month, date(2026, 11, 1))
        # another time zone for the shop moves its orders' months
        self.channel.tz = "UTC"
        self.assertEqual(november.oms_order_month, date(2026, 10, 1))

    @staticmethod
    def recent():
        return datetime.now().replace(microsecond=0) - timedelta(days=3)

    def test_days_of_cover_from_four_weeks_of_sales(self):
        # 50 A and 20 B in stock; one order of 2 A + 1 B reserved
        self.import_orders(self.make_order("K-20", created_at=self.recent()))
        self.env.flush_all()
        cover = {
            row.product_id: row
            for row in self.env["oms.kpi.stock"].search(
                [("product_id", "in", (self.product_a | self.product_b).ids)]
            )
        }
        a = cover[self.product_a]
        self.assertEqual(a.free_qty, 48.0)
        self.assertEqual(a.sold_qty, 2.0)
        self.assertAlmostEqual(a.days_of_cover, 48.0 / (2.0 / 28))
        self.assertAlmostEqual(cover[self.product_b].days_of_cover, 19.0 * 28)

    def test_a_return_in_oms_returns_counts_as_returned(self):
        if "oms.return" not in self.env:
            self.skipTest("oms_returns is not installed")
        self.import_orders(
            self.make_order("K-30", ship_by=datetime(2026, 11, 12), buyer_id="B-30"),
            self.make_order("K-31", ship_by=datetime(2026, 11, 12), buyer_id="B-31"),
        )
        returned, kept = self.find_sale("K-30"), self.find_sale("K-31")
        self.ship(returned, datetime(2026, 11, 11, 5, 0))
        self.ship(kept, datetime(2026, 11, 11, 5, 0))
        self.env["oms.return"].create(
            {
                "channel_id": self.channel.id,
                "sale_order_id": returned.id,
                "kind": "failed_delivery",
            }
        )
        self.env.flush_all()
        self.assertAlmostEqual(self.kpis()["return_rate"], 50.0)
