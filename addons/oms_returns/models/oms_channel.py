from odoo import models


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    def _oms_import_returns(self, returns):
        """Override of `oms_base` to make the shop's ``oms.return`` records."""
        self.ensure_one()
        created, updated = self.env["oms.return.importer"]._import_returns(
            self, returns
        )
        return self.env._(
            "%(created)s return(s) created, %(updated)s updated",
            created=len(created),
            updated=len(updated),
        )

    def action_view_oms_returns(self):
        return self._action_view("oms_returns.action_oms_return")
