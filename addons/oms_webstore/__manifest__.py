{
    "name": "OMS Web Store: Open API",
    "summary": "Own web stores as a sales channel: a versioned REST Open API "
    "(orders, parcels, cancellations, SPUs, stock feed) and signed webhooks.",
    "version": "18.0.1.0.1",
    "category": "Sales/Sales",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base", "fastapi"],
    "external_dependencies": {
        "python": ["fastapi", "oms-api-common", "pydantic", "requests"]
    },
    "data": [
        "security/ir.model.access.csv",
        "security/oms_webstore_rules.xml",
        "data/fastapi_endpoint_data.xml",
        "views/oms_channel_views.xml",
        "views/oms_webstore_key_views.xml",
        "views/oms_webstore_cancel_request_views.xml",
        "views/oms_event_views.xml",
        "views/oms_webstore_menus.xml",
    ],
    "demo": ["demo/oms_webstore_demo.xml"],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
