from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError


class StockPickingBatch(models.Model):
    _inherit = "stock.picking.batch"

    oms_channel_id = fields.Many2one("oms.channel", string="Shop", readonly=True)
    oms_carrier = fields.Char(string="Carrier / Logistics Channel", readonly=True)
    oms_cutoff = fields.Datetime(
        string="Ship-by Cutoff",
        readonly=True,
        help="The earliest ship-by deadline of the wave's parcels.",
    )

    def _oms_pick_lines(self):
        """What to pick, in walking order: ``[(location, product, lot,
        quantity, parcels)]`` sorted by location then product."""
        self.ensure_one()
        grouped = defaultdict(lambda: [0.0, set()])
        for line in self.picking_ids.move_line_ids:
            key = (line.location_id, line.product_id, line.lot_id)
            grouped[key][0] += line.quantity_product_uom
            grouped[key][1].add(line.picking_id.name)
        for move in self.picking_ids.move_ids.filtered(
            lambda m: not m.move_line_ids and m.state not in ("done", "cancel")
        ):
            key = (move.location_id, move.product_id, move.move_line_ids.lot_id)
            grouped[key][0] += move.product_qty
            grouped[key][1].add(move.picking_id.name)
        lines = [
            (location, product, lot, quantity, sorted(parcels))
            for (location, product, lot), (quantity, parcels) in grouped.items()
        ]
        return sorted(
            lines,
            key=lambda line: (
                line[0].complete_name or "",
                line[1].default_code or "",
                line[1].name,
                line[2].name or "",
            ),
        )

    def action_oms_print_pick_list(self):
        return self.env.ref("oms_warehouse.action_report_oms_pick_list").report_action(
            self
        )

    def action_oms_ready_to_ship(self):
        """Pack and ready-to-ship every marketplace parcel of the waves, in
        the order each courier needs, and fetch their labels."""
        pickings = self.picking_ids.filtered(
            lambda p: p.oms_channel_id and p.state != "cancel"
        )
        if not pickings:
            raise UserError(_("These waves hold no marketplace parcel."))
        failed = pickings._oms_fulfil()
        done = pickings.filtered(lambda p: p not in failed)
        return pickings._oms_report(
            _("Ready to Ship"),
            _("%s parcel(s) ready to ship, labels fetched.", len(done)),
            done,
            failed,
        )

    def action_oms_print_labels(self):
        """One merged label PDF for the whole wave."""
        return self.picking_ids.filtered(
            lambda p: p.state != "cancel"
        ).action_oms_print_labels()
