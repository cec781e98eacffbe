from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.oms_base import normalized

from ..const import STATE_RANK

# Platform states from which the parcel is on its way back (or is back).
EXPECTED_STATES = (
    normalized.RETURN_APPROVED,
    normalized.RETURN_BUYER_SHIPPED,
    normalized.RETURN_RECEIVED,
    normalized.RETURN_INSPECTED,
    normalized.RETURN_REFUNDED,
    normalized.RETURN_DISPUTED,
)


class OmsReturnStock(models.AbstractModel):
    """What a return does to stock (methods and fields of ``oms.return``).

    The parcel comes back on a return picking made by Odoo's own return
    wizard from the original delivery, into the returns location of the
    warehouse that shipped it. Inspection then restocks each line (back to
    sellable stock, which the stock push republishes), scraps it or records
    it missing. Lots and serials stay those that were shipped.
    """

    _name = "oms.return.stock"
    _description = "Marketplace Return: Stock"

    picking_ids = fields.One2many(
        "stock.picking", "oms_return_id", string="Return Pickings", readonly=True
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    receipt_state = fields.Selection(
        [
            ("none", "Nothing Expected"),
            ("expected", "Expected"),
            ("received", "Received"),
            ("inspected", "Inspected"),
        ],
        compute="_compute_receipt_state",
        store=True,
    )
    scrap_ids = fields.One2many("stock.scrap", "oms_return_id", readonly=True)
    inspection_done = fields.Boolean(readonly=True, copy=False)

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        for ret in self:
            ret.picking_count = len(ret.picking_ids)

    @api.depends("picking_ids.state", "inspection_done")
    def _compute_receipt_state(self):
        for ret in self:
            pickings = ret.picking_ids.filtered(lambda p: p.state != "cancel")
            if not pickings:
                ret.receipt_state = "none"
            elif any(p.state != "done" for p in pickings):
                ret.receipt_state = "expected"
            elif ret.inspection_done:
                ret.receipt_state = "inspected"
            else:
                ret.receipt_state = "received"

    # ------------------------------------------------------------------
    # Return picking
    # ------------------------------------------------------------------

    def _oms_needs_picking(self):
        return self.filtered(
            lambda r: (
                r.sale_order_id
                and r.kind != normalized.RETURN_KIND_REFUND_ONLY
                and not r.picking_ids.filtered(lambda p: p.state != "cancel")
                and (
                    r.kind == normalized.RETURN_KIND_FAILED_DELIVERY
                    or r.state in EXPECTED_STATES
                )
                and r.line_ids.filtered(lambda li: li.sale_line_id and li.quantity)
            )
        )

    def action_create_return_picking(self):
        self.check_access("write")
        todo = self._oms_needs_picking()
        if not todo:
            raise UserError(
                self.env._(
                    "Nothing to bring back: the return needs a known order, "
                    "shipped lines and no return picking yet."
                )
            )
        todo._oms_create_return_pickings()
        return todo.action_view_pickings()

    def _oms_create_return_pickings(self):
        """A return picking per original delivery, through Odoo's wizard.

        Each line's quantity is taken from the done deliveries of its order
        line, what earlier returns took back deducted.
        """
        Wizard = self.env["stock.return.picking"]
        for ret in self:
            per_picking = defaultdict(dict)
            for line in ret.line_ids.filtered(lambda li: li.sale_line_id):
                left = line.quantity
                moves = line.sale_line_id.move_ids.filtered(
                    lambda m: (
                        m.state == "done"
                        and m.picking_code == "outgoing"
                        and not m.origin_returned_move_id
                    )
                )
                for move in moves:
                    returned = sum(
                        move.returned_move_ids.filtered(
                            lambda m: m.state != "cancel"
                        ).mapped("product_uom_qty")
                    )
                    take = min(left, move.quantity - returned)
                    if take <= 0:
                        continue
                    per_picking[move.picking_id][move] = (line, take)
                    left -= take
                    if float_is_zero(left, precision_digits=3):
                        break
            for picking, moves in per_picking.items():
                location = picking.picking_type_id.warehouse_id._oms_return_location()
                wizard = Wizard.with_context(oms_return_location_id=location.id).create(
                    {"picking_id": picking.id}
                )
                for wizard_line in wizard.product_return_moves:
                    line, take = moves.get(wizard_line.move_id, (None, 0.0))
                    wizard_line.quantity = take
                new_picking = wizard.with_context(
                    oms_return_location_id=location.id
                )._create_return()
                new_picking.write({"oms_return_id": ret.id})
                for move in new_picking.move_ids:
                    line = moves.get(move.origin_returned_move_id, (None,))[0]
                    if line:
                        move.write(
                            {
                                "oms_return_line_id": line.id,
                                "oms_return_step": "receive",
                            }
                        )
            if per_picking:
                ret.message_post(
                    body=self.env._(
                        "Return picking %s created.",
                        ", ".join(ret.picking_ids.mapped("name")),
                    )
                )

    def action_view_pickings(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("oms_return_id", "in", self.ids)]
        if len(self.picking_ids) == 1:
            action.update(
                res_id=self.picking_ids.id, view_mode="form", views=[(False, "form")]
            )
        return action

    # ------------------------------------------------------------------
    # Receipt
    # ------------------------------------------------------------------

    @api.model
    def _oms_find_by_code(self, code, receipt_states=("expected",)):
        """Returns a scanned code names: return tracking, order, or AWB;
        those whose parcel is in one of ``receipt_states``."""
        code = (code or "").strip()
        if not code:
            return self.browse()
        found = self.search([("tracking_number", "=", code)])
        if not found:
            orders = self.env["sale.order"].search(
                ["|", ("name", "=", code), ("oms_external_id", "=", code)]
            )
            deliveries = self.env["stock.picking"].search(
                [
                    ("carrier_tracking_ref", "=", code),
                    ("picking_type_code", "=", "outgoing"),
                ]
            )
            orders |= deliveries.sale_id
            found = self.search([("sale_order_id", "in", orders.ids)])
        return found.filtered(lambda r: r.receipt_state in receipt_states)

    def action_receive(self):
        """The parcel is here: validate its return picking.

        Lines marked missing come back with nothing; the others with their
        quantity and the lots that were shipped.
        """
        self._oms_check_group("stock.group_stock_user")
        self.check_access("write")
        pickings = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        if not pickings:
            raise UserError(self.env._("No return picking waits for this parcel."))
        # The marketplace first: if it refuses, nothing is received here.
        self._oms_after_receipt()
        for move in pickings.move_ids:
            line = move.oms_return_line_id
            quantity = 0.0 if line.inspection == "missing" else move.product_uom_qty
            move._oms_set_returned_lines(quantity)
        pickings.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
        ).button_validate()
        for ret in self:
            ret._oms_advance(normalized.RETURN_RECEIVED)
        return True

    def _oms_after_receipt(self):
        """Tell the marketplace the parcel arrived, where it asks to."""
        for ret in self.filtered(
            lambda r: (
                r.support_decisions
                and r.kind == normalized.RETURN_KIND_RETURN
                and r.channel_id._oms_return_needs_receipt(r)
            )
        ):
            ret.channel_id._oms_call_for_user("_oms_return_decide", ret, "receive")

    # ------------------------------------------------------------------
    # Inspection
    # ------------------------------------------------------------------

    def action_inspect(self):
        """Apply each line's inspection: restock, scrap or missing."""
        self._oms_check_group("stock.group_stock_user")
        self.check_access("write")
        for ret in self:
            if ret.receipt_state != "received":
                raise UserError(
                    self.env._("%s: receive the parcel before inspecting it.", ret.name)
                )
            undecided = ret.line_ids.filtered(
                lambda li: li.received_qty and not li.inspection
            )
            if undecided:
                raise UserError(
                    self.env._(
                        "%(ret)s: say for %(products)s whether to restock, scrap "
                        "or record missing.",
                        ret=ret.name,
                        products=", ".join(undecided.product_id.mapped("display_name")),
                    )
                )
            for line in ret.line_ids.filtered(lambda li: li.received_qty):
                if line.inspection == "restock":
                    line._oms_restock()
                elif line.inspection == "damaged":
                    if line._oms_damaged_action() == "quarantine":
                        line._oms_quarantine()
                    else:
                        line._oms_scrap()
            ret.inspection_done = True
            ret._oms_advance(normalized.RETURN_INSPECTED)
            ret._oms_post_inspection()
        return True

    def _oms_post_inspection(self):
        """Note each line's result and note in the chatter, with the
        inspection photos."""
        self.ensure_one()
        results = dict(self.line_ids._fields["inspection"].selection)
        destinations = dict(self.line_ids._fields["damaged_action"].selection)

        def result(line):
            label = results.get(line.inspection, self.env._("not inspected"))
            if line.inspection == "damaged" and line.received_qty:
                label = f"{label}, {destinations[line._oms_damaged_action()]}"
            return label

        def note(line):
            return " (%s)" % line.inspection_note if line.inspection_note else ""

        items = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(product)s: %(result)s%(note)s",
                product=line.product_id.display_name or line.sku,
                result=result(line),
                note=note(line),
            )
            for line in self.line_ids
        )
        self.message_post(
            body=Markup("%s<ul>%s</ul>") % (self.env._("Inspected:"), items),
            attachment_ids=self.line_ids.photo_ids.ids,
        )

    def _oms_is_before(self, state):
        self.ensure_one()
        return STATE_RANK.get(self.state, 0) < STATE_RANK[state]


class OmsReturnLineStock(models.Model):
    _inherit = "oms.return.line"

    def _oms_received_moves(self):
        return self.move_ids.filtered(
            lambda m: m.state == "done" and m.oms_return_step == "receive"
        )

    def _oms_received_warehouse(self):
        return self._oms_received_moves().location_dest_id[:1].warehouse_id

    def _oms_damaged_action(self):
        """Scrap or quarantine: the line's choice, else its warehouse's."""
        self.ensure_one()
        return self.damaged_action or (
            self._oms_received_warehouse().oms_damaged_action or "scrap"
        )

    def _oms_restock(self):
        """Move the received units from the returns location to stock."""
        self.ensure_one()
        return self._oms_move_received(
            self._oms_received_warehouse().lot_stock_id,
            "restock",
            self.env._("Restock %s", self.return_id.name),
        )

    def _oms_quarantine(self):
        """Move the received damaged units to the warehouse's quarantine
        location, lots kept, out of sellable stock."""
        self.ensure_one()
        return self._oms_move_received(
            self._oms_received_warehouse()._oms_quarantine_location(),
            "quarantine",
            self.env._("Quarantine %s", self.return_id.name),
        )

    def _oms_move_received(self, destination, step, name):
        """Move the received units from the returns location to
        ``destination`` with their lots."""
        received = self._oms_received_moves()
        source = received.location_dest_id[:1]
        move = self.env["stock.move"].create(
            {
                "name": name,
                "product_id": self.product_id.id,
                "product_uom": self.product_id.uom_id.id,
                "product_uom_qty": self.received_qty,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": self.company_id.id,
                "oms_return_line_id": self.id,
                "oms_return_step": step,
                "origin": self.return_id.name,
            }
        )
        move._action_confirm()
        move._oms_copy_lines_from(received)
        move._action_done()
        return move

    def _oms_scrap(self):
        """Scrap the received units (Odoo's scrap), lot by lot."""
        self.ensure_one()
        received = self._oms_received_moves()
        source = received.location_dest_id[:1]
        by_lot = defaultdict(float)
        for move_line in received.move_line_ids:
            by_lot[move_line.lot_id] += move_line.quantity
        scraps = self.env["stock.scrap"].create(
            [
                {
                    "product_id": self.product_id.id,
                    "product_uom_id": self.product_id.uom_id.id,
                    "scrap_qty": quantity,
                    "lot_id": lot.id,
                    "location_id": source.id,
                    "company_id": self.company_id.id,
                    "origin": self.return_id.name,
                    "oms_return_id": self.return_id.id,
                }
                for lot, quantity in by_lot.items()
                if float_compare(quantity, 0, precision_digits=3) > 0
            ]
        )
        for scrap in scraps:
            scrap.do_scrap()
        scraps.move_ids.write(
            {"oms_return_line_id": self.id, "oms_return_step": "scrap"}
        )
        return scraps
