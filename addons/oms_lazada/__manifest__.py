{
    "name": "OMS Lazada Connector",
    "summary": "Run Lazada shops from Odoo: orders, stock, prices, listings, "
    "packing, AWB labels, cancellations, returns and fees.",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base"],
    "external_dependencies": {"python": ["oms-api-common", "requests"]},
    "data": [
        "views/oms_channel_views.xml",
    ],
    "demo": [
        "demo/oms_lazada_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
