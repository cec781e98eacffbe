{
    "name": "OMS Marketplace Finance",
    "summary": "Marketplace payouts matched to their bank lines, fee checks and "
    "the accountant's reports.",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": [
        "oms_base",
        # the bank reconciliation screen Community lacks (OCA)
        "account_reconcile_oca",
        # bank statement files (CAMT.053) imported as statement lines (OCA)
        "account_statement_import_camt",
        # the Marketplace finance dashboard (Community)
        "spreadsheet_dashboard",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/oms_finance_rules.xml",
        "views/oms_settlement_views.xml",
        "views/oms_finance_report_views.xml",
        "views/oms_channel_views.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/oms_finance_menus.xml",
    ],
    "installable": True,
}
