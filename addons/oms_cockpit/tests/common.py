import importlib
import unittest
from datetime import datetime

from odoo.addons.oms_base.tests.common import OmsCase

MANILA = "Asia/Manila"


def optional_mixin(module, name):
    """The sandbox test mixin ``name`` of connector ``module``, or ``object``
    where the connector is not there (the cockpit does not need it)."""
    try:
        tests = importlib.import_module(f"odoo.addons.{module}.tests.common")
    except ImportError:
        return object
    return getattr(tests, name)


def require_connector(case, module, mixin):
    """Skip the test class ``case`` unless connector ``module`` is installed."""
    installed = case.env["ir.module.module"]._get(module).state == "installed"
    if mixin is object or not installed:
        raise unittest.SkipTest(f"{module} is not installed")


class CockpitCase(OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_user = cls.env["res.users"].create(
            {
                "name": "Maria Santos",
                "login": "cockpit_warehouse",
                "tz": MANILA,
                "groups_id": [
                    (4, cls.env.ref("oms_base.group_oms_user").id),
                    (4, cls.env.ref("stock.group_stock_user").id),
                ],
            }
        )
        cls.channel.user_id = cls.warehouse_user

    def ship(self, sale, when):
        """Validate the order's delivery at ``when`` (naive UTC)."""
        picking = sale.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.move_line_ids.picked = True
        picking.button_validate()
        picking.date_done = when
        return picking

    @staticmethod
    def utc(*args):
        return datetime(*args)
