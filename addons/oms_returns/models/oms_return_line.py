from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from odoo.addons.oms_base import normalized

# Returns whose units no longer count as coming back.
ENDED_STATES = (normalized.RETURN_REJECTED, normalized.RETURN_CLOSED)


class OmsReturnLine(models.Model):
    """One returned item: what the buyer sends back and what became of it."""

    _name = "oms.return.line"
    _description = "Marketplace Return Line"
    _order = "return_id, id"
    _check_company_auto = True

    return_id = fields.Many2one(
        "oms.return", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    channel_id = fields.Many2one(related="return_id.channel_id", store=True)
    state = fields.Selection(related="return_id.state", store=True)
    kind = fields.Selection(related="return_id.kind", store=True)
    reason = fields.Char(related="return_id.reason", store=True)
    external_id = fields.Char(string="Marketplace Line", readonly=True)
    order_line_external_id = fields.Char(string="Marketplace Order Line", readonly=True)
    sku = fields.Char(string="SKU", readonly=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", index="btree_not_null"
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure", default=1.0)
    currency_id = fields.Many2one(related="return_id.currency_id")
    unit_price = fields.Monetary()
    refund_amount = fields.Monetary()
    platform_status = fields.Char(readonly=True)
    inspection = fields.Selection(
        [
            ("restock", "Restock"),
            ("damaged", "Damaged"),
            ("missing", "Missing"),
        ],
        help="Restock: back to sellable stock, published again. Damaged: "
        "scrapped or quarantined (see Damaged Goes To). Missing: the unit "
        "did not come back.",
    )
    damaged_action = fields.Selection(
        [("scrap", "Scrap"), ("quarantine", "Quarantine")],
        string="Damaged Goes To",
        help="Where a damaged unit goes; empty: the warehouse's setting.",
    )
    inspection_note = fields.Char()
    photo_ids = fields.Many2many(
        "ir.attachment",
        "oms_return_line_photo_rel",
        "line_id",
        "attachment_id",
        string="Inspection Photos",
        help="Photos of this item taken at inspection; they are attached "
        "to the return.",
    )
    move_ids = fields.One2many("stock.move", "oms_return_line_id", readonly=True)
    lot_ids = fields.Many2many(
        "stock.lot", compute="_compute_lot_ids", string="Lots/Serials"
    )
    received_qty = fields.Float(
        compute="_compute_received_qty", digits="Product Unit of Measure"
    )
    # Reporting: one per unit so that rates by shop and SKU add up.
    return_count = fields.Integer(default=1, aggregator="sum")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("photo_ids")._oms_attach_photos()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "photo_ids" in vals:
            self._oms_attach_photos()
        return result

    def _oms_attach_photos(self):
        """Attach the lines' photos to their return: its chatter lists
        them and reading them follows the return's access."""
        for ret, lines in self.grouped("return_id").items():
            lines.photo_ids.filtered(
                lambda a, ret=ret: (a.res_model, a.res_id) != (ret._name, ret.id)
            ).write({"res_model": ret._name, "res_id": ret.id})

    def action_open_inspection(self):
        """The line's inspection in a dialog: result, note and photos."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Inspect %s", self.product_id.display_name or self.sku),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("oms_returns.view_oms_return_line_inspection_form").id,
                    "form",
                )
            ],
            "target": "new",
        }

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for line in self:
            line.product_id = line.sale_line_id.product_id or line.product_id

    @api.depends("move_ids.move_line_ids.lot_id")
    def _compute_lot_ids(self):
        for line in self:
            line.lot_ids = line.move_ids.move_line_ids.lot_id

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_received_qty(self):
        for line in self:
            line.received_qty = sum(
                line.move_ids.filtered(
                    lambda m: m.state == "done" and m.oms_return_step == "receive"
                ).mapped("quantity")
            )

    def _shipped_available(self):
        """``{line: (shipped, in other returns)}`` of these lines' order lines."""
        sale_lines = self.sale_line_id
        others = self.search(
            [
                ("sale_line_id", "in", sale_lines.ids),
                ("id", "not in", self.ids),
                ("state", "not in", ENDED_STATES),
                ("kind", "!=", normalized.RETURN_KIND_REFUND_ONLY),
            ]
        )
        taken = {}
        for other in others:
            taken[other.sale_line_id] = taken.get(other.sale_line_id, 0.0) + (
                other.quantity
            )
        return {
            line: (line.sale_line_id.qty_delivered, taken.get(line.sale_line_id, 0.0))
            for line in self
        }

    @api.constrains("quantity", "sale_line_id")
    def _check_quantity_shipped(self):
        lines = self.filtered(
            lambda li: (
                li.sale_line_id
                and li.kind != normalized.RETURN_KIND_REFUND_ONLY
                and li.state not in ENDED_STATES
            )
        )
        for line, (shipped, taken) in lines._shipped_available().items():
            if line.quantity < 0:
                raise ValidationError(self.env._("A returned quantity is positive."))
            rounding = line.product_id.uom_id.rounding or 0.01
            if (
                float_compare(
                    line.quantity + taken, shipped, precision_rounding=rounding
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(order)s: %(qty)s × %(product)s cannot come back, only "
                        "%(shipped)s shipped (%(taken)s already in other returns).",
                        order=line.sale_line_id.order_id.name,
                        qty=line.quantity,
                        product=line.product_id.display_name or line.sku,
                        shipped=shipped,
                        taken=taken,
                    )
                )
