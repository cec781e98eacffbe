from datetime import datetime

from odoo.tests import BaseCase

from odoo.addons.oms_shopee import mapping

from .test_shopee_mapping import _order


class TestShopeeShipBy(BaseCase):
    def test_ship_by_date_is_utc(self):
        # 1735862400 is 2025-01-03 00:00 UTC (08:00 in Kuala Lumpur).
        order = mapping.map_order(_order())
        self.assertEqual(order.ship_by, datetime(2025, 1, 3, 0, 0))

    def test_days_to_ship_counts_from_payment_without_ship_by_date(self):
        raw = _order(ship_by_date=0, days_to_ship=3, pay_time=1735693200)
        order = mapping.map_order(raw)
        self.assertEqual(order.ship_by, datetime(2025, 1, 4, 1, 0))

    def test_no_deadline_at_all(self):
        order = mapping.map_order(_order(ship_by_date=0, days_to_ship="n/a"))
        self.assertIsNone(order.ship_by)


class TestShopeeCancelledBy(BaseCase):
    def test_cancel_by_maps_to_the_neutral_canceller(self):
        for cancel_by, expected in [
            ("buyer", "buyer"),
            ("seller", "seller"),
            ("system", "platform"),
            ("", ""),
        ]:
            raw = _order(order_status="CANCELLED", cancel_by=cancel_by)
            self.assertEqual(mapping.map_order(raw).cancelled_by, expected)
        self.assertEqual(mapping.map_order(_order(cancel_by="buyer")).cancelled_by, "")
