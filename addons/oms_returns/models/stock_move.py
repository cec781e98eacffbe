from odoo import fields, models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    oms_return_line_id = fields.Many2one(
        "oms.return.line", string="Return Line", index="btree_not_null", copy=False
    )
    oms_return_step = fields.Selection(
        [
            ("receive", "Receipt"),
            ("restock", "Restock"),
            ("scrap", "Scrap"),
            ("quarantine", "Quarantine"),
        ],
        copy=False,
    )

    def _oms_set_returned_lines(self, quantity):
        """Set what comes back on this return move, with the shipped lots.

        Odoo's return wizard does not carry the lots over; a serial or lot
        product must come back under the lot that left.
        """
        self.ensure_one()
        origin_lines = self.origin_returned_move_id.move_line_ids
        vals = []
        left = quantity
        if self.has_tracking != "none" and origin_lines.lot_id:
            for origin in origin_lines:
                if float_compare(left, 0, precision_digits=3) <= 0:
                    break
                take = min(left, origin.quantity)
                vals.append(self._oms_line_vals(take, origin.lot_id))
                left -= take
        elif float_compare(left, 0, precision_digits=3) > 0:
            vals.append(self._oms_line_vals(left))
        self.move_line_ids.unlink()
        if vals:
            self.env["stock.move.line"].create(vals)
        self.picked = True

    def _oms_line_vals(self, quantity, lot=None):
        vals = self._prepare_move_line_vals(quantity=quantity)
        vals.update(quantity=quantity, lot_id=lot.id if lot else False, picked=True)
        return vals

    def _oms_copy_lines_from(self, moves):
        """Give this move the quantities and lots of ``moves``."""
        self.ensure_one()
        self.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                self._oms_line_vals(line.quantity, line.lot_id)
                for line in moves.move_line_ids
                if line.quantity
            ]
        )
        self.picked = True
