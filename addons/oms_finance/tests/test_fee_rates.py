from odoo.tests import tagged

from .common import OmsFinanceCommon


@tagged("post_install", "-at_install")
class TestFeeRates(OmsFinanceCommon):
    """Expected fees by product category, and a tolerance tight enough to
    catch an overcharge of a tenth of a point."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["oms.fee.rate"].create(
            [
                # phones take their parent's rate; fashion's payment fee is
                # left to the shop's
                {
                    "channel_id": cls.channel.id,
                    "categ_id": cls.categ_electronics.id,
                    "commission_rate": 3.0,
                    "payment_fee_rate": 1.5,
                },
                {
                    "channel_id": cls.channel.id,
                    "categ_id": cls.categ_fashion.id,
                    "commission_rate": 8.0,
                },
            ]
        )
        cls.orders = cls._import_orders(
            {
                "F-PHONE": [("FIN-PHONE", 1, 100.0)],
                "F-MIX": [("FIN-SHIRT", 1, 50.0), ("FIN-PHONE", 1, 50.0)],
                "F-CABLE": [("FIN-CABLE", 2, 50.0)],
            }
        )

    def test_expected_rate_by_category_parent_and_shop(self):
        rate = self.channel._oms_expected_fee_rate
        phone, mixed, cable = (self.orders[r] for r in ("F-PHONE", "F-MIX", "F-CABLE"))
        self.assertEqual(phone.amount_total, 100.0)
        self.assertAlmostEqual(rate("commission", phone), 3.0)  # Electronics
        self.assertAlmostEqual(
            rate("commission", mixed), 5.5
        )  # (8 x 50 + 3 x 50) / 100
        self.assertAlmostEqual(rate("commission", cable), 5.0)  # the shop's
        self.assertAlmostEqual(rate("payment_fee", phone), 1.5)
        self.assertAlmostEqual(rate("payment_fee", mixed), 1.75)  # shop's 2 for fashion
        self.assertAlmostEqual(rate("payment_fee", cable), 2.0)
        # a shop without rates by category keeps its own
        self.channel.oms_fee_rate_ids.unlink()
        self.assertAlmostEqual(rate("commission", mixed), 5.0)

    def test_category_rates_drive_the_fee_check(self):
        settlement = self._statement(
            "CAT-1",
            [
                ("F-PHONE", "sale", 100.0),
                ("F-PHONE", "commission", -3.0),
                ("F-PHONE", "payment_fee", -1.5),
                ("F-MIX", "sale", 100.0),
                # the shop's 5 %, where the categories make 5.5 %
                ("F-MIX", "commission", -5.0),
                ("F-MIX", "payment_fee", -1.75),
                ("F-CABLE", "sale", 100.0),
                ("F-CABLE", "commission", -5.0),
                ("F-CABLE", "payment_fee", -2.0),
            ],
        )
        flagged = settlement.line_ids.filtered("discrepancy")
        self.assertEqual(flagged.mapped("external_order_ref"), ["F-MIX"])
        self.assertEqual(flagged.kind, "commission")
        self.assertEqual(flagged.discrepancy_reason, "wrong_fee")
        self.assertIn("expected 5.50%", flagged.discrepancy)

    def test_tenth_of_a_point_overcharge_is_flagged_by_default(self):
        self.channel.oms_fee_rate_ids.unlink()
        self.assertEqual(self.channel.oms_fee_tolerance, 0.05)
        self.assertEqual(self.channel.oms_fee_tolerance_amount, 0.01)
        settlement = self._statement(
            "TOL-1",
            [
                # 5.12 % instead of 5 %: 0.12 on a base of 100
                ("F-CABLE", "sale", 100.0),
                ("F-CABLE", "commission", -5.12),
                # 2.04 % instead of 2 %: within 0.05 point + 0.01
                ("F-CABLE", "payment_fee", -2.04),
            ],
        )
        commission, payment = (
            settlement.line_ids.filtered(lambda li, k=k: li.kind == k)
            for k in ("commission", "payment_fee")
        )
        self.assertEqual(commission.discrepancy_reason, "wrong_fee")
        self.assertIn("5.12%", commission.discrepancy)
        self.assertFalse(payment.discrepancy)
        self.assertEqual(settlement.discrepancy_count, 1)
        # a shop that accepts half a point lets it pass (its choice)
        self.channel.oms_fee_tolerance = 0.5
        settlement._check_discrepancies()
        self.assertFalse(commission.discrepancy)
        self.assertFalse(commission.discrepancy_reason)
