{
    "name": "OMS TikTok Shop Connector",
    "summary": "Run TikTok Shop shops from Odoo: orders, stock per TikTok "
    "warehouse, prices, listings, packages, shipping labels, cancellations.",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base"],
    "external_dependencies": {"python": ["oms-api-common", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "views/oms_channel_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
    ],
    "demo": [
        "demo/oms_tiktok_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
