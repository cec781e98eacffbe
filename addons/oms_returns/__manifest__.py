{
    "name": "OMS Returns",
    "summary": "Marketplace returns and failed deliveries end as stock, scrap and "
    "a credit note in Odoo: return pickings, inspection, refunds, decisions.",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base"],
    "data": [
        "security/oms_returns_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/oms_return_views.xml",
        "views/oms_return_line_views.xml",
        "views/stock_picking_views.xml",
        "views/stock_warehouse_views.xml",
        "views/sale_order_views.xml",
        "wizards/oms_return_receive_views.xml",
        "wizards/oms_return_decision_views.xml",
        "report/oms_return_rate_report_views.xml",
        "views/oms_returns_menus.xml",
    ],
    "demo": [
        "demo/oms_returns_demo.xml",
    ],
    "installable": True,
}
