{
    "name": "OMS Warehouse Floor",
    "summary": "Pick waves, a scan-to-verify pack station and carrier handover "
    "for marketplace parcels, on any keyboard-wedge barcode scanner.",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "author": "OMS Suite contributors",
    "website": "https://github.com/oms-suite/odoo-oms",
    "license": "LGPL-3",
    "depends": ["oms_base", "stock_picking_batch", "barcodes"],
    "external_dependencies": {"python": ["reportlab"]},
    "data": [
        "security/ir.model.access.csv",
        "security/oms_warehouse_rules.xml",
        "data/ir_sequence_data.xml",
        "report/oms_pick_list_report.xml",
        "report/oms_handover_manifest_report.xml",
        "views/oms_pack_station_actions.xml",
        "views/stock_picking_views.xml",
        "views/stock_picking_batch_views.xml",
        "views/oms_handover_views.xml",
        "views/oms_warehouse_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "oms_warehouse/static/src/pack_station/*",
        ],
        "web.assets_tests": [
            "oms_warehouse/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
