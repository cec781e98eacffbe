from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .. import normalized
from .common import OmsCase


@tagged("post_install", "-at_install")
class TestOrderMilestones(OmsCase):
    def at(self, hours):
        return self.base_time + timedelta(hours=hours)

    def test_each_step_stamped_when_first_reported(self):
        self.import_orders(self.make_order("MS-1", status=normalized.UNPAID))
        sale = self.find_sale("MS-1")
        self.assertFalse(sale.oms_paid_at, "not paid yet")
        self.import_orders(self.make_order("MS-1", minutes=90))
        self.assertEqual(sale.oms_paid_at, self.at(1.5))
        # the same status again (a late push) keeps the first time
        self.import_orders(self.make_order("MS-1", minutes=120, platform_status="x"))
        self.assertEqual(sale.oms_paid_at, self.at(1.5))
        # delivered without a "shipped" report: the handover stays unknown
        self.import_orders(
            self.make_order("MS-1", status=normalized.DELIVERED, minutes=3000)
        )
        self.assertFalse(sale.oms_handed_over_at)
        self.assertEqual(sale.oms_delivered_at, self.at(50))

    def test_platform_payment_time_wins_and_odoo_clock_without_update_time(self):
        paid = datetime(2026, 11, 11, 0, 20)
        self.import_orders(self.make_order("MS-2", paid_at=paid, minutes=30))
        self.assertEqual(self.find_sale("MS-2").oms_paid_at, paid)
        picking = self.find_sale("MS-2").picking_ids
        with freeze_time("2026-11-11 04:00:00"):
            picking.oms_fulfilment_state = "packed"
            self.assertFalse(picking.oms_ready_at)
            picking.oms_fulfilment_state = "ready"
        self.assertEqual(picking.oms_ready_at, datetime(2026, 11, 11, 4, 0))

    def test_people_do_not_write_the_marketplace_times(self):
        self.import_orders(self.make_order("MS-3"))
        user = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "milestone_clerk",
                "groups_id": [(4, self.env.ref("oms_base.group_oms_user").id)],
            }
        )
        with self.assertRaises(UserError):
            self.find_sale("MS-3").with_user(user).write({"oms_paid_at": self.at(9)})
