import base64
import json
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import OmsFinanceCommon


@tagged("post_install", "-at_install")
class TestFinanceDashboard(OmsFinanceCommon):
    """The Marketplace finance dashboard loads, reads fields that exist,
    and its data sources compute what the settlements say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "oms_finance.spreadsheet_dashboard_marketplace_finance"
        )
        cls.data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))

    def _pivot_values(self, pivot, extra_domain):
        """What a pivot asks, as the spreadsheet asks it: ``{row: {measure:
        value}}``."""
        model = self.env[pivot["model"]]
        fields = model._fields
        aggregates = [
            "__count"
            if m["fieldName"] == "__count"
            else f"{m['fieldName']}:{fields[m['fieldName']].aggregator}"
            for m in pivot["measures"]
        ]
        rows = [r["fieldName"] for r in pivot["rows"]]
        result = {}
        for row, *values in model._read_group(
            pivot["domain"] + extra_domain, rows, aggregates
        ):
            result[row] = dict(
                zip([m["fieldName"] for m in pivot["measures"]], values, strict=True)
            )
        return result

    def test_dashboard_reads_fields_that_exist(self):
        filters = {f["id"] for f in self.data["globalFilters"]}
        self.assertEqual(len(filters), 2)
        for pivot in self.data["pivots"].values():
            fields = self.env[pivot["model"]]._fields
            names = [
                m["fieldName"] for m in pivot["measures"] if m["fieldName"] != "__count"
            ]
            names += [r["fieldName"] for r in pivot["rows"]]
            names += [m["chain"] for m in pivot["fieldMatching"].values()]
            for name in names:
                self.assertIn(name, fields, f"{pivot['model']}.{name}")
            self.assertEqual(set(pivot["fieldMatching"]), filters)
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"]["metaData"]
                self.assertEqual(set(figure["data"]["fieldMatching"]), filters)
                self.assertIn(meta["measure"], self.env[meta["resModel"]]._fields)
        menus = self.data["chartOdooMenusReferences"].values()
        for xmlid in menus:
            self.assertTrue(self.env.ref(xmlid))
        # every pivot the cells name exists
        formulas = [
            cell["content"]
            for sheet in self.data["sheets"]
            for cell in sheet["cells"].values()
            if cell["content"].startswith("=PIVOT")
        ]
        used = {formula.split("(")[1].split(",")[0].rstrip(")") for formula in formulas}
        self.assertEqual(used, set(self.data["pivots"]))

    def test_data_sources_compute_on_known_data(self):
        orders = self._import_orders({"D-1": [("FIN-CABLE", 1, 100.0)]})
        self.assertTrue(orders)
        posted = self._statement(
            "DASH-1",
            [
                ("D-1", "sale", 100.0),
                ("D-1", "commission", -5.0),
                ("D-1", "payment_fee", -2.0),
                ("D-1", "shipping_seller", -3.0),
            ],
        )
        self.assertFalse(posted.discrepancy_count)
        posted.action_post()
        self.assertEqual(posted.payout_state, "to_match")
        draft = self._statement(
            "DASH-2", [("D-GONE", "sale", 10.0), ("D-GONE", "commission", -4.0)]
        )
        # the shop filter, as the dashboard applies it
        shop = [("channel_id", "=", self.channel.id)]
        period = [("payout_date", ">=", date(2026, 11, 1))]
        pivots = self.data["pivots"]
        self.assertEqual(
            self._pivot_values(pivots["1"], shop + period),
            {self.channel: {"__count": 1, "payout_amount_company": 90.0}},
        )
        fees = self._pivot_values(
            pivots["2"], shop + [("month", ">=", date(2026, 11, 1))]
        )
        self.assertEqual(
            {kind: values["amount_company"] for kind, values in fees.items()},
            {"commission": -9.0, "payment_fee": -2.0, "shipping_seller": -3.0},
        )
        self.assertEqual(
            self._pivot_values(pivots["3"], shop),
            {self.channel: {"__count": 1, "payout_amount_company": 90.0}},
        )
        self.assertEqual(
            self._pivot_values(pivots["4"], shop),
            {"unknown_order": {"__count": 2, "amount_company": 6.0}},
        )
        self.assertEqual(draft.state, "draft")

    def test_accountant_loads_the_dashboard(self):
        accountant = new_test_user(
            self.env, "oms_dashboard_accountant", groups="account.group_account_invoice"
        )
        data = self.dashboard.with_user(accountant).get_readonly_dashboard()
        self.assertTrue(data)
        action = self.env.ref("oms_finance.action_oms_finance_dashboard")
        self.assertEqual(action.params["dashboard_id"], self.dashboard.id)
        self.assertIn(
            self.env.ref("account.group_account_invoice"), self.dashboard.group_ids
        )
