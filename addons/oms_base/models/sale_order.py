from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import normalized

OMS_STATUS = [
    (normalized.UNPAID, "Unpaid"),
    (normalized.TO_SHIP, "To Ship"),
    (normalized.SHIPPED, "Shipped"),
    (normalized.DELIVERED, "Delivered"),
    (normalized.CANCELLED, "Cancelled"),
    (normalized.RETURNED, "Returned"),
]

# What the marketplace says about an order: written by the importer and by
# the marketplace's answers only, never by a person (views or RPC).
MARKETPLACE_FIELDS = frozenset(
    {
        "oms_channel_id",
        "oms_platform",
        "oms_external_id",
        "oms_status",
        "oms_platform_status",
        "oms_updated_at",
        "oms_is_cod",
        "oms_payment_method",
        "oms_ship_by",
        "oms_buyer_total",
        "oms_platform_discount",
        "oms_cancel_reason",
    }
)
# Context value letting code write them: a Python object, which a client
# cannot send over RPC (unlike a plain context flag).
_MARKETPLACE_WRITE = object()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_channel_id = fields.Many2one(
        "oms.channel", string="Shop", index="btree_not_null", copy=False, readonly=True
    )
    oms_platform = fields.Selection(related="oms_channel_id.platform", store=True)
    oms_external_id = fields.Char(
        string="Marketplace Order", index="btree_not_null", copy=False, readonly=True
    )
    oms_status = fields.Selection(
        OMS_STATUS, string="Marketplace Status", copy=False, readonly=True, index=True
    )
    oms_platform_status = fields.Char(
        string="Platform Status", copy=False, readonly=True
    )
    oms_updated_at = fields.Datetime(
        string="Marketplace Update", copy=False, readonly=True
    )
    oms_needs_attention = fields.Boolean(
        string="Needs Attention", copy=False, index=True, tracking=True
    )
    oms_attention_reason = fields.Text(string="Attention Reason", copy=False)
    oms_is_cod = fields.Boolean(string="Cash on Delivery", copy=False, readonly=True)
    oms_payment_method = fields.Char(string="Payment Method", copy=False, readonly=True)
    oms_ship_by = fields.Datetime(string="Ship By", copy=False, readonly=True)
    oms_buyer_total = fields.Monetary(
        string="Buyer Paid",
        copy=False,
        readonly=True,
        help="What the buyer paid according to the marketplace.",
    )
    oms_platform_discount = fields.Monetary(
        string="Platform-Funded Discounts",
        copy=False,
        readonly=True,
        help="Vouchers and discounts paid by the marketplace, not by the shop.",
    )
    oms_cancel_reason = fields.Char(string="Cancel Reason", copy=False, readonly=True)

    oms_settlement_line_ids = fields.One2many(
        "oms.settlement.line", "sale_order_id", string="Settlement Lines"
    )
    oms_settlement_line_count = fields.Integer(
        compute="_compute_oms_settlement_line_count"
    )

    _sql_constraints = [
        (
            "oms_external_uniq",
            "unique(oms_channel_id, oms_external_id)",
            "This marketplace order was already imported for this shop.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        self._oms_check_marketplace_write({f for vals in vals_list for f in vals})
        return super().create(vals_list)

    def write(self, vals):
        self._oms_check_marketplace_write(vals)
        return super().write(vals)

    def _oms_check_marketplace_write(self, field_names):
        forbidden = MARKETPLACE_FIELDS.intersection(field_names)
        if (
            forbidden
            and not self.env.su
            and self.env.context.get("oms_marketplace_write") is not _MARKETPLACE_WRITE
            and not self.env.user.has_group("oms_base.group_oms_bot")
        ):
            raise UserError(
                _(
                    "These fields mirror the marketplace and only change when "
                    "it does: %s",
                    ", ".join(sorted(self._fields[f].string for f in forbidden)),
                )
            )

    def _oms_marketplace_writer(self):
        """These orders allowed to write their marketplace fields (importer,
        the marketplace's answer to an action in Odoo)."""
        return self.with_context(oms_marketplace_write=_MARKETPLACE_WRITE)

    @api.depends("oms_external_id")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for order in self.filtered("oms_external_id"):
            order.display_name = f"{order.name} ({order.oms_external_id})"
        return res

    @api.depends("oms_settlement_line_ids")
    def _compute_oms_settlement_line_count(self):
        for order in self:
            order.oms_settlement_line_count = len(order.oms_settlement_line_ids)

    def action_view_oms_settlement_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_base.action_oms_settlement_discrepancies"
        )
        action.update(
            name=_("Settlement of %s", self.name),
            domain=[("sale_order_id", "=", self.id)],
            context={},
        )
        return action

    def action_oms_reprocess(self):
        """Map lines again (after a missing SKU binding was added) and confirm."""
        importer = self.env["oms.order.importer"]
        importer._remap_unknown_lines(self.filtered("oms_needs_attention"))
        return True

    def action_oms_cancel(self):
        self.ensure_one()
        if not self.oms_channel_id:
            raise UserError(_("This is not a marketplace order."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.cancel.order",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _oms_flag_attention(self, reason):
        """Flag orders for a person, with the reason and a to-do activity."""
        for order in self:
            order.write({"oms_needs_attention": True, "oms_attention_reason": reason})
            user = (
                order.oms_channel_id._oms_responsible()
                if order.oms_channel_id
                else order.user_id or self.env.user
            )
            order.activity_schedule(
                "oms_base.mail_activity_oms_attention",
                summary=_("Marketplace order needs attention"),
                note=reason,
                user_id=user.id,
            )
