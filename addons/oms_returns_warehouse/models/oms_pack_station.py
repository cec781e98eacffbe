from odoo import models


class OmsPackStation(models.AbstractModel):
    _inherit = "oms.pack.station"

    def _oms_scan_elsewhere(self, code):
        """Override of `oms_warehouse` to open the return a scanned code
        names: its return tracking number, or the order number or original
        AWB of an order whose return waits to be received or inspected."""
        returns = self.env["oms.return"]._oms_find_by_code(
            code, receipt_states=("expected", "received")
        )
        if not returns:
            return super()._oms_scan_elsewhere(code)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "oms.return",
            "target": "current",
        }
        if len(returns) == 1:
            step = (
                self.env._("receive it")
                if returns.receipt_state == "expected"
                else self.env._("inspect it")
            )
            action.update(name=returns.name, res_id=returns.id, views=[(False, "form")])
            message = self.env._(
                "Return %(name)s: %(step)s.", name=returns.display_name, step=step
            )
        else:
            action.update(
                name=self.env._("Returns"),
                domain=[("id", "in", returns.ids)],
                views=[(False, "list"), (False, "form")],
            )
            message = self.env._(
                "%(count)s returns wait for %(code)s: choose one.",
                count=len(returns),
                code=code,
            )
        return action, message
