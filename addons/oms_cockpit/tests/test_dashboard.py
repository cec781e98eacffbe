import base64
import json

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    def test_dashboard_reads_fields_that_exist(self):
        dashboard = self.env.ref(
            "oms_cockpit.spreadsheet_dashboard_marketplace_operations"
        )
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        fields = self.env["oms.kpi.order"]._fields
        for pivot in data["pivots"].values():
            self.assertEqual(pivot["model"], "oms.kpi.order")
            names = [m["fieldName"] for m in pivot["measures"]]
            names += [r["fieldName"] for r in pivot["rows"]]
            names += [m["chain"] for m in pivot["fieldMatching"].values()]
            for name in names:
                self.assertIn(name, fields)
        filters = {f["id"] for f in data["globalFilters"]}
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                self.assertEqual(set(figure["data"]["fieldMatching"]), filters)
                self.assertIn(figure["data"]["metaData"]["measure"], fields)
        # what the pivot asks, as the spreadsheet asks it
        pivot = data["pivots"]["1"]
        self.env["oms.kpi.order"].read_group(
            pivot["domain"],
            [
                f"{m['fieldName']}:{fields[m['fieldName']].aggregator}"
                for m in pivot["measures"]
            ],
            [r["fieldName"] for r in pivot["rows"]],
        )
