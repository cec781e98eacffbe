{
    "name": "OMS Routing: Warehouse, Split and Carrier per Order",
    "summary": "Ship each marketplace order from the right warehouse, split it "
    "when it must, with the right carrier, by rules a manager edits.",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base", "delivery"],
    "data": [
        "security/ir.model.access.csv",
        "security/oms_routing_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/queue_job_data.xml",
        "views/oms_routing_rule_views.xml",
        "views/oms_routing_zone_views.xml",
        "wizards/oms_routing_test_views.xml",
        "views/sale_order_views.xml",
        "views/oms_routing_menus.xml",
    ],
    "demo": ["demo/oms_routing_demo.xml"],
    "installable": True,
}
