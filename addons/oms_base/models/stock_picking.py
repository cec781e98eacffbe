import base64
from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare
from odoo.tools.pdf import merge_pdf

from ..exceptions import OmsAuthorizationLost
from ..notify import bulk_report


class _NotValidatedTogether(Exception):
    """Transfers validated together, one of which waits for a person."""


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_channel_id = fields.Many2one(
        related="sale_id.oms_channel_id",
        store=True,
        index="btree_not_null",
        string="Shop",
    )
    oms_external_id = fields.Char(
        related="sale_id.oms_external_id", string="Marketplace Order"
    )
    # the connectors' own buttons show by it
    oms_platform = fields.Selection(related="oms_channel_id.platform")
    # Stored to sort the parcels to ship by their deadline.
    oms_ship_by = fields.Datetime(
        related="sale_id.oms_ship_by", store=True, index="btree_not_null"
    )
    oms_package_ref = fields.Char(string="Marketplace Package", copy=False)
    oms_shipment_provider = fields.Char(string="Marketplace Carrier", copy=False)
    oms_fulfilment_state = fields.Selection(
        [("packed", "Packed"), ("ready", "Ready to Ship")],
        string="Marketplace Fulfilment",
        copy=False,
        readonly=True,
    )
    oms_label_id = fields.Many2one(
        "ir.attachment", string="Carrier Label", copy=False, readonly=True
    )
    oms_support_fulfilment = fields.Boolean(
        related="oms_channel_id.support_fulfilment", string="Fulfilment Offered"
    )
    oms_support_labels = fields.Boolean(related="oms_channel_id.support_labels")

    def _oms_validate_shipped(self):
        """Validate transfers whose parcel the marketplace reports shipped.

        What is reserved goes out, without the questions a person answers
        when validating (backorder, SMS) and without mailing the buyer, whom
        the marketplace informs itself; units Odoo does not have stay in a
        backorder. Earlier steps (pick, pack) are validated first. Return
        ``{sale order: [problem]}`` for what could not be delivered.
        """
        problems = defaultdict(list)
        validate = self.with_context(
            skip_backorder=True, skip_sms=True, oms_shipped_by_marketplace=True
        )
        todo = validate.filtered(lambda p: p.state not in ("done", "cancel"))
        seen = self.browse()
        # A pick -> pack -> ship chain moves on one step at a time; the next
        # step's transfer may only appear once the previous one is done.
        while todo:
            todo.filtered(
                lambda p: p.state in ("confirmed", "waiting", "assigned")
            ).action_assign()
            ready = todo.filtered(
                lambda p: any(
                    m.quantity for m in p.move_ids if m.state not in ("done", "cancel")
                )
            )
            if not ready:
                break
            seen |= ready
            ready._oms_validate_reserved_together(problems)
            # Backorders hold what was missing: reported already, not retried.
            todo = (
                (todo | ready.sale_id.picking_ids).filtered(
                    lambda p: (
                        p.state not in ("done", "cancel")
                        and p.picking_type_code != "incoming"
                    )
                )
                - seen
                - seen.backorder_ids
            )
        for picking in todo:
            problems[picking.sale_id].append(
                _("%s: nothing is reserved, not validated.", picking.name)
            )
        return {sale: lines for sale, lines in problems.items() if lines}

    def _oms_validate_reserved_together(self, problems):
        """Validate the reserved quantities of these transfers in one go,
        noting in ``problems`` (``{sale order: [problem]}``) what stays
        behind.

        Odoo validates many transfers at a third of the cost of one by one
        (a flood of "shipped" statuses after a peak); if one of them would
        fail or wait for a person, they are validated one by one instead,
        so that each keeps its own outcome.
        """
        if len(self) > 1 and self._oms_validated_together(problems):
            return
        for picking in self:
            picking._oms_validate_reserved(problems[picking.sale_id])

    def _oms_validated_together(self, problems):
        """Validate these transfers in one ``button_validate``; False (and
        nothing done) if one of them fails or would wait for a person."""
        shortages = {picking: picking._oms_shortages() for picking in self}
        try:
            with self.env.cr.savepoint():
                self._oms_moves_to_validate().filtered("quantity").picked = True
                self.button_validate()
                if any(picking.state != "done" for picking in self):
                    raise _NotValidatedTogether
        except (UserError, _NotValidatedTogether):
            return False
        for picking in self:
            picking._oms_note_shortages(shortages[picking], problems[picking.sale_id])
        return True

    def _oms_moves_to_validate(self):
        return self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))

    def _oms_shortages(self):
        """``[(move, missing quantity)]`` of the moves not fully reserved."""
        return [
            (move, move.product_uom_qty - move.quantity)
            for move in self._oms_moves_to_validate()
            if float_compare(
                move.quantity,
                move.product_uom_qty,
                precision_rounding=move.product_uom.rounding,
            )
            < 0
        ]

    def _oms_validate_reserved(self, problems):
        """Validate the reserved quantities of this transfer, noting in
        ``problems`` what stays behind."""
        self.ensure_one()
        short = self._oms_shortages()
        try:
            with self.env.cr.savepoint():
                self._oms_moves_to_validate().filtered("quantity").picked = True
                self.button_validate()
        except UserError as err:
            problems.append(f"{self.name}: {err.args[0]}")
            return
        if self.state != "done":
            problems.append(_("%s: needs a person to validate it.", self.name))
            return
        self._oms_note_shortages(short, problems)

    def _oms_note_shortages(self, short, problems):
        for move, missing in short:
            problems.append(
                _(
                    "%(picking)s: %(qty)s %(uom)s of %(product)s not in stock, "
                    "left in %(backorder)s.",
                    picking=self.name,
                    qty=missing,
                    uom=move.product_uom.name,
                    product=move.product_id.display_name,
                    backorder=", ".join(self.backorder_ids.mapped("name")) or "-",
                )
            )

    def _oms_by_channel(self):
        pickings = self.filtered("oms_channel_id")
        if not pickings:
            raise UserError(_("None of these transfers is a marketplace order."))
        for channel in pickings.oms_channel_id:
            yield channel, pickings.filtered(lambda p, c=channel: p.oms_channel_id == c)

    def _oms_run(self, hook, feature, on_result=None):
        """Call a fulfilment hook per shop now, as a person waits for it.

        Shops whose platform does not offer ``feature`` (a ``support_*``
        field) are not called; their transfers fail with the reason.
        A shop that refuses or cannot be reached does not stop the others,
        and a refused batch is retried one transfer at a time, so that the
        person learns which transfers failed and why. ``on_result`` gets what
        the hook returned, in the same savepoint. Return the transfers done
        and ``{transfer: reason}`` for the others.
        """
        done = self.browse()
        failed = {}
        for channel, pickings in self._oms_by_channel():
            unsupported = channel._oms_unsupported_message(feature)
            if unsupported:
                failed.update(dict.fromkeys(pickings, unsupported))
                continue
            error = self._oms_try_hook(channel, hook, pickings, on_result)
            if not error:
                done |= pickings
            elif (
                len(pickings) == 1
                or getattr(error, "transient", False)
                # the marketplace may have done the batch: no second try
                or getattr(error, "outcome_unknown", False)
                or isinstance(error, OmsAuthorizationLost)
            ):
                failed.update(dict.fromkeys(pickings, error.args[0]))
            else:
                for picking in pickings:
                    error = self._oms_try_hook(channel, hook, picking, on_result)
                    if error:
                        failed[picking] = error.args[0]
                    else:
                        done |= picking
        return done, failed

    def _oms_try_hook(self, channel, hook, pickings, on_result):
        """Call ``hook`` on ``pickings`` in a savepoint; return the
        ``UserError`` saying why it failed (``_oms_call_for_user``), if it did."""
        try:
            with self.env.cr.savepoint():
                result = channel._oms_call_for_user(hook, pickings)
                if on_result:
                    on_result(result)
        except OmsAuthorizationLost as lost:
            # Outside the savepoint: the shop stays parked with the report.
            channel._oms_set_state_from_error(lost.error)
            return lost
        except UserError as err:
            return err
        return None

    def _oms_report(self, title, done_text, done, failed, next_action=None):
        """Say what a bulk action did; when it did nothing, say why as an error."""
        named = {picking.display_name: reason for picking, reason in failed.items()}
        if failed and not done:
            raise UserError(
                "\n".join(f"{name}: {reason}" for name, reason in sorted(named.items()))
            )
        return bulk_report(title, done_text, named, next_action=next_action)

    def action_oms_pack(self):
        done, failed = self._oms_run("_oms_pack", "support_fulfilment")
        return self._oms_report(
            _("Pack on Marketplace"),
            _("%s transfer(s) packed on the marketplace.", len(done)),
            done,
            failed,
        )

    def action_oms_ready_to_ship(self):
        done, failed = self._oms_run("_oms_ready_to_ship", "support_fulfilment")
        return self._oms_report(
            _("Ready to Ship"),
            _(
                "%s transfer(s) ready to ship: the carrier will collect them.",
                len(done),
            ),
            done,
            failed,
        )

    def action_oms_print_labels(self):
        """Fetch missing labels and return all of them as one PDF; name the
        transfers whose label could not be had."""
        failed = {}
        missing = self.filtered(lambda p: p.oms_channel_id and not p.oms_label_id)
        if missing:
            _done, failed = missing._oms_run(
                "_oms_get_labels", "support_labels", self._oms_attach_labels
            )
        failed.update(
            dict.fromkeys(
                self.filtered(lambda p: not p.oms_channel_id),
                _("not a marketplace order"),
            )
        )
        labels = self.filtered("oms_label_id")
        for picking in self - labels - self.browse([p.id for p in failed]):
            failed[picking] = (
                _("the marketplace returned no label")
                if picking.carrier_tracking_ref
                else _("no tracking number yet: Ready to Ship it first")
            )
        if not labels:
            if failed:
                return self._oms_report(_("Print Labels"), "", labels, failed)
            raise UserError(_("No carrier label is available for these transfers."))
        merged = merge_pdf([base64.b64decode(p.oms_label_id.datas) for p in labels])
        attachment = self.env["ir.attachment"].create(
            {
                "name": _(
                    "Labels %s.pdf", fields.Datetime.now().strftime("%Y%m%d-%H%M%S")
                ),
                "datas": base64.b64encode(merged),
                "mimetype": "application/pdf",
                "res_model": "stock.picking",
                "res_id": labels[0].id,
            }
        )
        download = {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
        if not failed:
            return download
        return self._oms_report(
            _("Print Labels"),
            _("%s label(s) in the PDF.", len(labels)),
            labels,
            failed,
            next_action=download,
        )

    def _oms_label_filename(self):
        reference = self.oms_package_ref or self.name
        return f"AWB-{reference}.pdf".replace("/", "-")

    def _oms_attach_labels(self, labels):
        """Store ``{picking: pdf bytes}`` as one label attachment per picking."""
        items = [(picking, pdf) for picking, pdf in labels.items() if pdf]
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": picking._oms_label_filename(),
                    "datas": base64.b64encode(pdf),
                    "mimetype": "application/pdf",
                    "res_model": "stock.picking",
                    "res_id": picking.id,
                }
                for picking, pdf in items
            ]
        )
        for (picking, _pdf), attachment in zip(items, attachments, strict=True):
            picking.oms_label_id = attachment

    # The marketplace tells its buyers about their parcels, not Odoo: it
    # masks their phone and e-mail, so Odoo's delivery e-mail and SMS would
    # go nowhere, and validating would open the SMS confirmation or fail for
    # a warehouse worker who has no e-mail address.
    def button_validate(self):
        pickings = self
        if self.filtered("oms_channel_id"):
            pickings = self.with_context(skip_sms=True)
        return super(StockPicking, pickings).button_validate()

    def _send_confirmation_email(self):
        return super(
            StockPicking, self.filtered(lambda picking: not picking.oms_channel_id)
        )._send_confirmation_email()
