from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_compare, float_is_zero, html2plaintext

from ..label import make_label


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # The pack station and the handover look parcels up by these on every
    # scan.
    carrier_tracking_ref = fields.Char(index="btree_not_null")
    oms_package_ref = fields.Char(index="btree_not_null")

    oms_scan_ids = fields.One2many(
        "oms.pack.scan", "picking_id", string="Pack Scans", readonly=True
    )
    oms_packed_by_id = fields.Many2one(
        "res.users", string="Packed By", copy=False, readonly=True
    )
    oms_packed_at = fields.Datetime(string="Packed At", copy=False, readonly=True)
    oms_pack_photo_id = fields.Many2one(
        "ir.attachment", string="Packing Photo", copy=False, readonly=True
    )
    oms_handover_id = fields.Many2one(
        "oms.handover", string="Handed Over In", copy=False, readonly=True, index=True
    )
    oms_handed_over_at = fields.Datetime(
        string="Handed Over At", copy=False, readonly=True
    )

    @api.model
    def _oms_scan_domain(self, code):
        """Parcels a scanned code names: picking, tracking number, package,
        marketplace order number or sale order."""
        return [
            ("picking_type_code", "=", "outgoing"),
            "|",
            "|",
            "|",
            "|",
            ("name", "=", code),
            ("carrier_tracking_ref", "=", code),
            ("oms_package_ref", "=", code),
            ("sale_id.oms_external_id", "=", code),
            ("sale_id.name", "=", code),
        ]

    @api.model
    def _oms_find_by_scan(self, code, domain=None):
        """The parcel ``code`` names, preferring open ones; and how many
        other open parcels share it (several packages of one order)."""
        pickings = self.search(
            expression.AND([self._oms_scan_domain(code), domain or []]),
            order="id desc",
            limit=20,
        )
        open_ones = pickings.filtered(lambda p: p.state not in ("done", "cancel"))
        picking = open_ones[:1] or pickings[:1]
        return picking, len(open_ones) - 1 if open_ones else 0

    def _oms_expected(self):
        """``{move: (expected, scanned)}`` in the product's unit."""
        self.ensure_one()
        scanned = defaultdict(float)
        for scan in self.oms_scan_ids:
            scanned[scan.move_id] += scan.quantity
        return {
            move: (move.product_qty, scanned[move])
            for move in self.move_ids
            if move.state != "cancel"
        }

    def _oms_all_scanned(self):
        return all(
            float_compare(
                scanned, expected, precision_rounding=move.product_id.uom_id.rounding
            )
            == 0
            for move, (expected, scanned) in self._oms_expected().items()
        )

    def _oms_apply_scans(self):
        """Make the transfer's quantities what was scanned: all units of
        untracked products, the scanned lots/serials of tracked ones."""
        self.ensure_one()
        lots_by_move = defaultdict(lambda: defaultdict(float))
        for scan in self.oms_scan_ids.filtered("lot_id"):
            lots_by_move[scan.move_id][scan.lot_id] += scan.quantity
        lots = self.oms_scan_ids.lot_id
        quants = self.env["stock.quant"].search(
            [
                ("lot_id", "in", lots.ids),
                ("location_id", "child_of", self.location_id.id),
                ("quantity", ">", 0),
            ]
        )
        lot_location = {quant.lot_id: quant.location_id for quant in quants}
        new_lines = []
        for move in self.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            if move.has_tracking == "none":
                if float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                ):
                    move.quantity = move.product_uom_qty
                continue
            move.move_line_ids.unlink()
            for lot, quantity in lots_by_move[move].items():
                new_lines.append(
                    {
                        "move_id": move.id,
                        "picking_id": self.id,
                        "product_id": move.product_id.id,
                        "product_uom_id": move.product_id.uom_id.id,
                        "location_id": lot_location.get(lot, move.location_id).id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": lot.id,
                        "quantity": quantity,
                    }
                )
        self.env["stock.move.line"].create(new_lines)
        self.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ).picked = True

    def _oms_validate_packed(self):
        """Validate the scanned transfer; raise ``UserError`` saying why not."""
        self.ensure_one()
        self._oms_apply_scans()
        result = self.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if self.state != "done":
            raise UserError(
                _("%s could not be validated: it needs a person.", self.name)
                if isinstance(result, dict)
                else _("%s could not be validated.", self.name)
            )

    def _oms_own_label(self):
        """Attach our A6 label to a parcel without a marketplace label."""
        self.ensure_one()
        partner = self.partner_id
        address = [
            partner.name,
            partner.street,
            partner.street2,
            " ".join(filter(None, [partner.zip, partner.city])),
            partner.country_id.name,
        ]
        content = [
            f"{move.product_qty:g} x "
            f"{move.product_id.default_code or move.product_id.name}"
            for move in self.move_ids
            if not float_is_zero(move.product_qty, precision_digits=4)
        ]
        pdf = make_label(
            self.carrier_id.name or self.company_id.name,
            self.carrier_tracking_ref or self.name,
            [*filter(None, address), "", self.origin or self.name, *content],
        )
        self._oms_attach_labels({self: pdf})

    def _oms_label_url(self):
        self.ensure_one()
        if not self.oms_label_id:
            return False
        return f"/web/content/{self.oms_label_id.id}"

    def _oms_attach_photo(self, data, mimetype="image/jpeg"):
        """Attach a packing photo (base64) to the parcel."""
        self.ensure_one()
        extension = mimetype.split("/")[-1]
        attachment = self.env["ir.attachment"].create(
            {
                "name": _(
                    "Packing photo %(name)s.%(ext)s", name=self.name, ext=extension
                ),
                "datas": data,
                "mimetype": mimetype,
                "res_model": "stock.picking",
                "res_id": self.id,
            }
        )
        self.oms_pack_photo_id = attachment
        self.message_post(body=_("Packing photo taken."), attachment_ids=attachment.ids)
        return attachment

    # ------------------------------------------------------------------
    # Marketplace steps of a packed parcel
    # ------------------------------------------------------------------

    def _oms_fulfil(self):
        """Pack on the marketplace, make ready to ship and get the labels of
        these validated parcels, in the order their courier needs: regular
        couriers are booked at ready-to-ship before the label is printed;
        instant couriers get the label first, then ready-to-ship calls the
        rider. Parcels of no marketplace get our own label.

        Return ``{picking: reason}`` for the parcels a step failed for (the
        marketplace's message, through ``_oms_call_for_user``); the steps
        done stay done.
        """
        failed = {}
        to_pack = self.filtered(
            lambda p: p.oms_channel_id.support_fulfilment and not p.oms_fulfilment_state
        )
        if to_pack:
            last_note = self.env["mail.message"].search([], order="id desc", limit=1)
            _done, refused = to_pack._oms_run("_oms_pack", "support_fulfilment")
            failed.update(refused)
            for picking in to_pack.filtered(
                lambda p: p not in refused and not p.oms_fulfilment_state
            ):
                # Hooks note the refusal of part of a batch on the parcel
                # instead of raising: that note says why.
                note = picking.message_ids.filtered(lambda m: m.id > last_note.id)[:1]
                failed[picking] = (
                    html2plaintext(note.body)
                    if note
                    else _("the marketplace did not pack it")
                )
        packed = self.filtered(lambda p: p not in failed)
        instant = packed.filtered(lambda p: p.oms_channel_id._oms_label_first(p))
        regular = packed - instant
        failed.update(regular._oms_make_ready())
        failed.update(
            (instant | regular.filtered(lambda p: p not in failed))._oms_fetch_labels()
        )
        failed.update(instant.filtered(lambda p: p not in failed)._oms_make_ready())
        return failed

    def _oms_make_ready(self):
        todo = self.filtered(
            lambda p: (
                p.oms_channel_id.support_fulfilment
                and p.oms_fulfilment_state != "ready"
            )
        )
        if not todo:
            return {}
        _done, failed = todo._oms_run("_oms_ready_to_ship", "support_fulfilment")
        for picking in todo.filtered(
            lambda p: p not in failed and p.oms_fulfilment_state != "ready"
        ):
            failed[picking] = _("the marketplace has not made it ready to ship yet")
        return failed

    def _oms_fetch_labels(self):
        failed = {}
        todo = self.filtered(lambda p: not p.oms_label_id)
        marketplace = todo.filtered(lambda p: p.oms_channel_id.support_labels)
        if marketplace:
            _done, failed = marketplace._oms_run(
                "_oms_get_labels", "support_labels", marketplace._oms_attach_labels
            )
            for picking in marketplace.filtered(
                lambda p: p not in failed and not p.oms_label_id
            ):
                failed[picking] = _("the marketplace returned no label")
        for picking in todo - marketplace:
            picking._oms_own_label()
        return failed
