from odoo import _, api, fields, models
from odoo.exceptions import UserError


class OmsHandover(models.Model):
    """Parcels handed to one carrier at pickup: scanned onto the list,
    expected ones not scanned flagged, a signed manifest printed."""

    _name = "oms.handover"
    _description = "Carrier Handover"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(default="/", copy=False, readonly=True, required=True)
    carrier = fields.Char(
        required=True,
        help="As on the parcels (marketplace carrier or delivery method).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Handed Over By", default=lambda self: self.env.user
    )
    date = fields.Datetime(string="Handed Over At", readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Scanning"), ("done", "Handed Over")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    scan_code = fields.Char(
        string="Scan", store=False, help="Scan a parcel's tracking number."
    )
    scan_message = fields.Char(store=False, readonly=True)
    line_ids = fields.One2many("oms.handover.line", "handover_id", string="Parcels")
    expected_count = fields.Integer(compute="_compute_counts")
    scanned_count = fields.Integer(compute="_compute_counts")
    missing_count = fields.Integer(
        string="Expected, Not Scanned", compute="_compute_counts"
    )

    @api.depends("line_ids.scanned", "line_ids.expected")
    def _compute_counts(self):
        for handover in self:
            lines = handover.line_ids
            handover.expected_count = len(lines.filtered("expected"))
            handover.scanned_count = len(lines.filtered("scanned"))
            handover.missing_count = len(
                lines.filtered(lambda line: line.expected and not line.scanned)
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("oms.handover") or "/"
                )
        handovers = super().create(vals_list)
        for handover in handovers.filtered(
            lambda h: not h.line_ids.filtered("expected")
        ):
            handover.line_ids = [
                fields.Command.create({"picking_id": picking.id, "expected": True})
                for picking in handover._oms_expected_pickings()
                if picking not in handover.line_ids.picking_id
            ]
        return handovers

    def _oms_parcel_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "done"),
            ("oms_handover_id", "=", False),
        ]

    def _oms_carrier_of(self, picking):
        return picking.oms_shipment_provider or picking.carrier_id.name or ""

    def _oms_expected_pickings(self):
        """Packed parcels of this carrier not handed over yet."""
        self.ensure_one()
        pickings = self.env["stock.picking"].search(
            self._oms_parcel_domain()
            + [
                "|",
                ("oms_shipment_provider", "=", self.carrier),
                ("carrier_id.name", "=", self.carrier),
            ]
        )
        return pickings.filtered(lambda p: self._oms_carrier_of(p) == self.carrier)

    @api.onchange("scan_code")
    def _onchange_scan_code(self):
        if not self.scan_code:
            return None
        code, self.scan_code = self.scan_code.strip(), False
        ok, message = self._oms_scan(code)
        self.scan_message = message
        if ok:
            return None
        return {
            "warning": {
                "title": _("Refused"),
                "message": message,
                "type": "notification",
            }
        }

    def action_scan(self, code):
        """Scan ``code`` onto this saved list; return ``{ok, message}``."""
        self.ensure_one()
        ok, message = self._oms_scan(code)
        return {"ok": ok, "message": message}

    def _oms_scan(self, code):
        """Put the parcel ``code`` names on the list: ``(ok, message)``."""
        if self.state != "draft":
            return False, _("This handover is closed.")
        line = self.line_ids.filtered(
            lambda line: (
                code
                in (
                    line.picking_id.carrier_tracking_ref,
                    line.picking_id.name,
                    line.picking_id.oms_package_ref,
                )
            )
        )[:1]
        if line:
            if line.scanned:
                return False, _("%s is already scanned.", code)
            line.scanned = True
            return True, _(
                "%(code)s: OK (%(count)s scanned).", code=code, count=self.scanned_count
            )
        picking, _others = self.env["stock.picking"]._oms_find_by_scan(code)
        if not picking:
            return False, _("%s is no parcel of ours.", code)
        if picking.oms_handover_id:
            return False, _(
                "%(code)s was handed over already (%(handover)s).",
                code=code,
                handover=picking.oms_handover_id.name,
            )
        if picking.state != "done":
            return False, _("%s is not packed: keep it in the warehouse.", code)
        carrier = self._oms_carrier_of(picking)
        if carrier != self.carrier:
            return False, _(
                "%(code)s goes with %(carrier)s, not %(this)s.",
                code=code,
                carrier=carrier or _("no carrier"),
                this=self.carrier,
            )
        self.line_ids = [
            fields.Command.create(
                {"picking_id": picking.id, "expected": False, "scanned": True}
            )
        ]
        return True, _("%s: OK, added (not expected).", code)

    def action_handover(self):
        """Mark the scanned parcels handed over to the carrier."""
        for handover in self:
            scanned = handover.line_ids.filtered("scanned")
            if not scanned:
                raise UserError(_("Scan the parcels the carrier takes first."))
            now = fields.Datetime.now()
            scanned.picking_id.write(
                {"oms_handover_id": handover.id, "oms_handed_over_at": now}
            )
            handover.write({"state": "done", "date": now})
            missing = handover.line_ids - scanned
            if missing:
                handover.message_post(
                    body=_(
                        "Expected but not handed over: %s",
                        ", ".join(missing.mapped("tracking_ref")),
                    )
                )
        return True

    def action_print_manifest(self):
        return self.env.ref(
            "oms_warehouse.action_report_oms_handover_manifest"
        ).report_action(self)
