from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.oms_base.tests.finance import statement

from .common import OmsFinanceCommon

# Invoicing > Reporting > Marketplaces: (menu, action) of each report
ACCOUNTANT_REPORTS = (
    "oms_finance.menu_account_oms_finance_dashboard",
    "oms_finance.menu_account_oms_net_proceeds",
    "oms_finance.menu_account_oms_fees_report",
    "oms_finance.menu_account_oms_marketplace_receivable",
    "oms_finance.menu_account_oms_unsettled_orders",
    "oms_finance.menu_account_oms_discrepancy_report",
)


@tagged("post_install", "-at_install")
class TestFinanceAccess(OmsFinanceCommon):
    """An accountant without OMS rights finds the marketplace money in
    Invoicing, and only the company's; an OMS user without accounting
    rights does not see it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data_2 = cls.setup_other_company()
        cls.company_2 = cls.company_data_2["company"]
        cls.accountant = cls._user(
            "oms_accountant_only", "account.group_account_invoice"
        )
        cls.oms_user = cls._user("oms_user_no_accounting", "oms_base.group_oms_user")
        cls.channel_2 = cls.env["oms.channel"].create(
            {
                "name": "Other company shop",
                "state": "connected",
                "company_id": cls.company_2.id,
            }
        )

    @classmethod
    def _user(cls, login, groups):
        """A user of the first company only, with just ``groups``."""
        company = cls.env.company
        return new_test_user(
            cls.env,
            login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    def _payout(self, channel, reference, amount):
        settlement = self.env["oms.settlement"]._import_settlement(
            channel,
            statement(
                reference,
                [
                    ("", "adjustment", amount + 2.0, {"transaction_ref": "A"}),
                    ("", "commission", -2.0, {"transaction_ref": "C"}),
                ],
                amount,
                payout_date=date(2026, 11, 16),
                currency=channel.company_id.currency_id.name,
            ),
        )
        settlement.with_company(channel.company_id).action_post()
        return settlement

    def _visible(self, user):
        """The menus ``user`` reaches: visible, and so are their parents."""
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menus = self.env["ir.ui.menu"].browse(visible)
        return {
            menu.id
            for menu in menus
            if all(parent.id in visible for parent in self._parents(menu))
        }

    def _parents(self, menu):
        parents = []
        while menu.parent_id:
            menu = menu.parent_id
            parents.append(menu)
        return parents

    def test_accountant_reaches_settlements_payouts_and_reports_in_invoicing(self):
        self.assertFalse(self.accountant.has_group("oms_base.group_oms_user"))
        visible = self._visible(self.accountant)
        for xmlid in (
            "oms_base.menu_account_oms_settlements",
            "oms_finance.menu_account_oms_payouts_to_match",
            "oms_finance.menu_account_oms_reports",
            *ACCOUNTANT_REPORTS,
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        self.assertNotIn(self.env.ref("oms_base.menu_oms_root").id, visible)

    def test_accountant_opens_every_report_on_the_company_data(self):
        mine = self._payout(self.channel, "ACC-1", 50.0)
        theirs = self._payout(self.channel_2, "ACC-2", 70.0)
        self.assertEqual(theirs.company_id, self.company_2)
        env = self.env(user=self.accountant)
        for xmlid in ACCOUNTANT_REPORTS:
            action = self.env.ref(xmlid).action
            if action._name == "ir.actions.client":
                continue  # the dashboard, tested in test_finance_dashboard
            model = env[action.res_model]
            # what the web client asks: the action's views, then their fields
            view_ids = {view.view_mode: view.view_id.id for view in action.view_ids}
            modes = action.view_mode.split(",")
            result = model.get_views(
                [(view_ids.get(mode, False), mode) for mode in modes]
            )
            fields = list(result["models"][model._name]["fields"])
            model.search_read(safe_eval(action.domain or "[]"), fields, limit=10)
        settlements = env["oms.settlement"].search([])
        self.assertIn(mine, settlements)
        self.assertNotIn(theirs, settlements)
        lines = env["oms.settlement.line"].search([])
        self.assertEqual(lines.settlement_id, mine)
        receivable = env["account.move.line"].search(
            [("oms_payout_settlement_ids", "!=", False), ("reconciled", "=", False)]
        )
        self.assertEqual(receivable.oms_payout_settlement_ids, mine)
        # ... and sets the reason of a discrepancy
        mine.with_user(self.accountant).write(
            {"discrepancy_reason": "bank_amount", "discrepancy_note": "Bank fee 1.00"}
        )
        self.assertEqual(mine.discrepancy_reason, "bank_amount")
        dashboard = self.env.ref(
            "oms_finance.spreadsheet_dashboard_marketplace_finance"
        )
        self.assertIn(dashboard, env["spreadsheet.dashboard"].search([]))

    def test_oms_user_without_accounting_sees_no_money(self):
        self._payout(self.channel, "OMS-1", 30.0)
        visible = self._visible(self.oms_user)
        self.assertIn(self.env.ref("oms_base.menu_oms_root").id, visible)
        for xmlid in (
            "oms_base.menu_oms_money",
            "oms_finance.menu_account_oms_reports",
            *ACCOUNTANT_REPORTS,
        ):
            self.assertNotIn(self.env.ref(xmlid).id, visible, xmlid)
        env = self.env(user=self.oms_user)
        with self.assertRaises(AccessError):
            env["oms.settlement"].search([])
        with self.assertRaises(AccessError):
            env["oms.settlement.line"].search([])
        dashboard = self.env.ref(
            "oms_finance.spreadsheet_dashboard_marketplace_finance"
        )
        self.assertNotIn(dashboard, env["spreadsheet.dashboard"].search([]))
