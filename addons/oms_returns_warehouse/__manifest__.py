{
    "name": "OMS Returns at the Pack Station",
    "summary": "Scanning a return's tracking number, or the order or AWB of a "
    "shipped parcel with an open return, at the pack station opens that "
    "return to receive and inspect.",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_returns", "oms_warehouse"],
    "assets": {
        "web.assets_tests": [
            "oms_returns_warehouse/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
