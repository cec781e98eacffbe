"""18.0.1.1.0: affiliate commissions and programme service fees are fee
kinds of their own, each booked to its account: the shops made before get
those accounts as new shops do, so that their next settlement posts."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["oms.channel"].with_context(active_test=False).search(
        []
    )._oms_setup_accounting()
