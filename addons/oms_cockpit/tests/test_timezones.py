from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CockpitCase


@tagged("post_install", "-at_install")
class TestTimeZones(CockpitCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_tz_user = cls.env["res.users"].create(
            {
                "name": "Ploy",
                "login": "cockpit_no_tz",
                "tz": False,
                "groups_id": [(4, cls.env.ref("oms_base.group_oms_user").id)],
            }
        )

    def warn_one(self, external_id):
        """Warn of an order due 17:00 UTC (midnight in Bangkok)."""
        self.import_orders(
            self.make_order(external_id, ship_by=datetime(2026, 11, 11, 17, 0))
        )
        picking = self.find_sale(external_id).picking_ids
        with freeze_time("2026-11-11 12:00:00"):
            self.assertIn(picking, self.env["stock.picking"]._cron_oms_warn_ship_by())
        return picking.activity_ids

    def test_shop_time_zone_from_its_country(self):
        self.assertEqual(self.channel.tz, "Asia/Bangkok")
        self.assertFalse(self.channel.tz_warning)
        self.channel.country_id = self.env.ref("base.ph")
        self.assertEqual(self.channel.tz, "Asia/Manila")

    def test_to_do_in_the_shops_time_zone_without_the_persons(self):
        self.channel.user_id = self.no_tz_user
        activity = self.warn_one("TZ-1")
        self.assertEqual(activity.date_deadline, date(2026, 11, 12))
        self.assertFalse(activity.note)

    def test_unknown_time_zone_is_said_on_the_shop_and_the_to_do(self):
        shop = self.env["oms.channel"].create({"name": "Nowhere", "country_id": False})
        self.assertFalse(shop.tz)
        self.assertIn("unknown", shop.tz_warning)
        form = shop.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="tz_warning"', form)

    def test_invalid_time_zone_warns_and_dates_in_utc(self):
        self.channel.user_id = self.no_tz_user
        # a zone pytz does not know (renamed, or written outside Odoo)
        self.env.cr.execute(
            "UPDATE oms_channel SET tz = 'Asia/Atlantis' WHERE id = %s",
            [self.channel.id],
        )
        self.channel.invalidate_recordset(["tz", "tz_warning"])
        self.assertIn("Asia/Atlantis is not a known time zone", self.channel.tz_warning)
        with self.assertLogs(
            "odoo.addons.oms_cockpit.models.stock_picking", "WARNING"
        ) as logged:
            activity = self.warn_one("TZ-2")
        self.assertIn("no valid time zone", logged.output[0])
        self.assertEqual(activity.date_deadline, date(2026, 11, 11), "UTC")
        self.assertIn("not a known time zone", str(activity.note))
        # the person's own time zone still comes first
        self.channel.user_id = self.warehouse_user
        self.assertEqual(
            self.channel._oms_deadline_tz(self.warehouse_user), "Asia/Manila"
        )
