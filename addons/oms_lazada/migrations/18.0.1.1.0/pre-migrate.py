"""18.0.1.1.0: the shop's market ``lazada_venture`` is ``lazada_region``, as
the region field of every connector is named; each shop keeps its venture."""

from odoo.tools import sql


def migrate(cr, version):
    if not version:
        return
    if sql.column_exists(cr, "oms_channel", "lazada_venture") and not (
        sql.column_exists(cr, "oms_channel", "lazada_region")
    ):
        sql.rename_column(cr, "oms_channel", "lazada_venture", "lazada_region")
