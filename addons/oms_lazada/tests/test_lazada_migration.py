import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import sql

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _script(version, name):
    path = MIGRATIONS / version / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"oms_lazada_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestLazadaMigration(TransactionCase):
    def test_venture_column_becomes_the_region_one(self):
        """A database of 18.0.1.0.0 keeps each shop's venture as its region."""
        shop = self.env["oms.channel"].create(
            {"name": "Lazada PH", "platform": "lazada", "lazada_region": "ph"}
        )
        self.env.flush_all()
        cr = self.env.cr
        # the table as 18.0.1.0.0 left it (rolled back with the test)
        sql.rename_column(cr, "oms_channel", "lazada_region", "lazada_venture")
        _script("18.0.1.1.0", "pre-migrate").migrate(cr, "18.0.1.0.0")
        self.assertFalse(sql.column_exists(cr, "oms_channel", "lazada_venture"))
        cr.execute("SELECT lazada_region FROM oms_channel WHERE id = %s", [shop.id])
        self.assertEqual(cr.fetchone()[0], "ph")
        # a fresh install has nothing to rename
        _script("18.0.1.1.0", "pre-migrate").migrate(cr, None)
        self.assertTrue(sql.column_exists(cr, "oms_channel", "lazada_region"))
