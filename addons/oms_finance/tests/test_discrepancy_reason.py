from odoo.tests import tagged

from .common import OmsFinanceCommon


@tagged("post_install", "-at_install")
class TestDiscrepancyReason(OmsFinanceCommon):
    """Each discrepancy carries its reason: the check's, or the
    accountant's, and the report groups by it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = cls._import_orders({"R-1": [("FIN-CABLE", 1, 100.0)]})

    def test_checks_set_their_reason(self):
        settlement = self._statement(
            "REASON-1",
            [
                ("R-1", "sale", 100.0),
                ("R-1", "commission", -9.0),  # 9 % where 5 % is expected
                ("R-UNKNOWN", "sale", 20.0),
            ],
            payout=105.0,  # the lines make 111
        )
        by_ref = {
            (line.external_order_ref, line.kind): line for line in settlement.line_ids
        }
        self.assertEqual(by_ref["R-1", "commission"].discrepancy_reason, "wrong_fee")
        self.assertEqual(
            by_ref["R-UNKNOWN", "sale"].discrepancy_reason, "unknown_order"
        )
        self.assertFalse(by_ref["R-1", "sale"].discrepancy_reason)
        self.assertEqual(settlement.discrepancy_reason, "payout_differs")
        # the platform corrects its payout: the reason goes with the finding
        settlement = self._statement(
            "REASON-1",
            [
                ("R-1", "sale", 100.0),
                ("R-1", "commission", -9.0),
                ("R-UNKNOWN", "sale", 20.0),
            ],
        )
        self.assertFalse(settlement.discrepancy)
        self.assertFalse(settlement.discrepancy_reason)
        self.assertEqual(by_ref["R-1", "commission"].discrepancy_reason, "wrong_fee")

    def test_order_amount_reason(self):
        settlement = self._statement("REASON-2", [("R-1", "sale", 90.0)])
        self.assertEqual(settlement.line_ids.discrepancy_reason, "order_amount")

    def test_accountant_reason_and_note_survive_the_check(self):
        settlement = self._statement(
            "REASON-3",
            [("R-1", "sale", 100.0), ("R-1", "commission", -9.0)],
        )
        fee = settlement.line_ids.filtered(lambda li: li.kind == "commission")
        fee.write(
            {"discrepancy_reason": "other", "discrepancy_note": "Campaign week fee"}
        )
        settlement.write(
            {
                "discrepancy_reason": "unsettled_order",
                "discrepancy_note": "Order R-9 delivered, not in this statement",
            }
        )
        settlement._check_discrepancies()
        self.assertEqual(fee.discrepancy_reason, "other")
        self.assertEqual(fee.discrepancy_note, "Campaign week fee")
        self.assertEqual(settlement.discrepancy_reason, "unsettled_order")

    def test_report_filters_and_groups_by_reason(self):
        self._statement(
            "REASON-4",
            [
                ("R-1", "sale", 100.0),
                ("R-1", "commission", -9.0),
                ("R-1", "payment_fee", -4.0),
                ("R-GONE", "sale", 10.0),
            ],
        )
        action = self.env.ref("oms_base.action_oms_settlement_discrepancies")
        self.assertEqual(action.view_ids.mapped("view_mode"), ["list", "pivot"])
        search = self.env.ref("oms_base.oms_settlement_line_view_search")
        self.assertIn("discrepancy_reason", search.arch)
        domain = [
            ("channel_id", "=", self.channel.id),
            "|",
            ("discrepancy", "!=", False),
            ("discrepancy_reason", "!=", False),
        ]
        groups = dict(
            self.env["oms.settlement.line"]._read_group(
                domain, ["discrepancy_reason"], ["__count"]
            )
        )
        self.assertEqual(groups, {"wrong_fee": 2, "unknown_order": 1})
