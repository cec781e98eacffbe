from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import normalized
from ..notify import notification
from ..text import text_to_html

SETTLEMENT_READERS = "account.group_account_invoice,oms_base.group_oms_manager"
# Start of the attention reason of an order whose buyer asks to cancel.
BUYER_CANCEL_MARK = "Buyer requested cancellation"

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
        "oms_update_fingerprint",
        "oms_is_cod",
        "oms_delivery_type",
        "oms_logistics_channel_id",
        "oms_payment_method",
        "oms_ship_by",
        "oms_buyer_total",
        "oms_platform_discount",
        "oms_cancel_reason",
        "oms_cancelled_by",
        "oms_paid_at",
        "oms_handed_over_at",
        "oms_delivered_at",
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
    # what the marketplace said at oms_updated_at (normalized.Order.fingerprint)
    oms_update_fingerprint = fields.Char(
        string="Marketplace Update Fingerprint", copy=False, readonly=True
    )
    oms_needs_attention = fields.Boolean(
        string="Needs Attention", copy=False, index=True, tracking=True
    )
    oms_attention_reason = fields.Text(string="Attention Reason", copy=False)
    oms_is_cod = fields.Boolean(string="Cash on Delivery", copy=False, readonly=True)
    oms_delivery_type = fields.Selection(
        [
            (normalized.STANDARD, "Standard"),
            (normalized.EXPRESS, "Express"),
            (normalized.INSTANT, "Instant"),
            (normalized.SELLER, "Seller-Shipped"),
        ],
        string="Delivery Type",
        copy=False,
        readonly=True,
        help="How the marketplace ships the parcel, or whether the seller "
        "ships it with a carrier of its own.",
    )
    oms_logistics_channel_id = fields.Many2one(
        "oms.logistics.channel",
        string="Logistics Channel",
        copy=False,
        readonly=True,
        help="The shop's logistics channel the parcel travels with.",
    )
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
    oms_cancelled_by = fields.Selection(
        [
            (normalized.CANCELLED_BY_SELLER, "Seller"),
            (normalized.CANCELLED_BY_BUYER, "Buyer"),
            (normalized.CANCELLED_BY_PLATFORM, "Marketplace"),
        ],
        string="Cancelled By",
        copy=False,
        readonly=True,
    )
    oms_support_order_cancel = fields.Boolean(
        related="oms_channel_id.support_order_cancel"
    )
    # Shops sell in their own currencies: reports sum this one, never
    # amount_total, so that SGD is never added to MYR.
    oms_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    oms_amount_company = fields.Monetary(
        string="Total (Company Currency)",
        compute="_compute_oms_amount_company",
        store=True,
        currency_field="oms_company_currency_id",
    )

    oms_needs_binding = fields.Boolean(
        compute="_compute_oms_needs_binding",
        help="Some lines carry a marketplace SKU no product is bound to yet.",
    )

    # Money is for accountants and OMS managers: without the groups, a
    # salesperson or an operator reading an order would hit the ACL.
    oms_settlement_line_ids = fields.One2many(
        "oms.settlement.line",
        "sale_order_id",
        string="Settlement Lines",
        groups=SETTLEMENT_READERS,
    )
    oms_settlement_line_count = fields.Integer(
        compute="_compute_oms_settlement_line_count", groups=SETTLEMENT_READERS
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

    @api.depends("amount_total", "currency_rate")
    def _compute_oms_amount_company(self):
        for order in self:
            rate = order.currency_rate or 1.0
            order.oms_amount_company = order.amount_total / rate

    @api.depends("order_line.oms_needs_binding")
    def _compute_oms_needs_binding(self):
        for order in self:
            order.oms_needs_binding = any(order.order_line.mapped("oms_needs_binding"))

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

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if self and all(self.mapped("oms_external_id")):
            # The buyer ordered on the marketplace, not when we imported it.
            values.pop("date_order", None)
        return values

    def _create_invoices(self, grouped=False, final=False, date=None):
        """One invoice per marketplace order, even when invoiced together.

        The marketplace pays each order on its own: a settlement line must
        meet its own order's invoice, not one grouped for the buyer.
        """
        marketplace = self.filtered("oms_channel_id")
        if grouped or not marketplace:
            return super()._create_invoices(grouped=grouped, final=final, date=date)
        others = self - marketplace
        if not others:
            return super()._create_invoices(grouped=True, final=final, date=date)
        quiet = self.with_context(raise_if_nothing_to_invoice=False)
        moves = super(SaleOrder, marketplace.with_env(quiet.env))._create_invoices(
            grouped=True, final=final, date=date
        )
        moves |= super(SaleOrder, others.with_env(quiet.env))._create_invoices(
            final=final, date=date
        )
        if not moves and self.env.context.get("raise_if_nothing_to_invoice", True):
            raise UserError(self._nothing_to_invoice_error_message())
        return moves.with_env(self.env)

    def action_oms_reprocess(self):
        """Map lines again (after a missing SKU binding was added) and confirm."""
        flagged = self.filtered("oms_needs_attention")
        self.env["oms.order.importer"]._remap_unknown_lines(flagged)
        still = flagged.filtered("oms_needs_attention")
        fixed = flagged - still
        message = _("%s order(s) reprocessed.", len(fixed))
        if still:
            message += "\n" + "\n".join(
                f"• {order.display_name}: {order.oms_attention_reason}"
                for order in still
            )
        return notification(
            _("Reprocess"),
            message,
            kind="warning" if still or not flagged else "success",
            sticky=bool(still),
        )

    def action_cancel(self):
        """Cancel marketplace orders on their marketplace, never only here.

        A local cancel would leave the order live on the marketplace, to be
        shipped or paid out there: the cancel wizard cancels it there first
        (with a reason the platform accepts), or says why it cannot.
        """
        live = self.filtered(
            lambda so: so.oms_channel_id and so.oms_status != normalized.CANCELLED
        )
        if not live:
            return super().action_cancel()
        if len(self) > 1:
            raise UserError(
                _(
                    "Cancel marketplace orders one at a time, each with a reason "
                    "its marketplace accepts: %s",
                    ", ".join(live.mapped("display_name")),
                )
            )
        return self.action_oms_cancel()

    def action_oms_bind_sku(self):
        self.ensure_one()
        return self._oms_open_bind_sku(self.order_line)

    def _oms_open_bind_sku(self, lines):
        """Open the wizard binding the unknown SKUs of ``lines`` to products."""
        self.ensure_one()
        lines = lines.filtered("oms_needs_binding")
        if not self.oms_channel_id or not lines:
            raise UserError(_("This order has no unknown marketplace SKU to bind."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Bind SKU"),
            "res_model": "oms.bind.sku",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_sale_line_ids": lines.ids,
            },
        }

    def action_oms_cancel(self):
        self.ensure_one()
        if not self.oms_channel_id:
            raise UserError(_("This is not a marketplace order."))
        self.env["oms.cancel.order"]._check_cancellable(self)
        self.oms_channel_id._oms_check_support("support_order_cancel")
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
                # Reasons quote marketplace and buyer text: shown as text.
                note=text_to_html(reason),
                user_id=user.id,
            )

    def _oms_flag_buyer_cancellation(self, asking):
        """Flag the orders whose buyer asks to cancel, for the seller to
        answer; unflag those whose request is over.

        ``asking`` maps marketplace order ids to the buyer's reason (any
        true value), or a false value when there is no request.
        """
        flagged = self.filtered(lambda so: asking.get(so.oms_external_id))
        for sale in flagged.filtered(lambda so: not so.oms_needs_attention):
            reason = asking[sale.oms_external_id]
            sale._oms_flag_attention(
                _(
                    "%(mark)s: %(reason)s. Accept or reject it on the order.",
                    mark=BUYER_CANCEL_MARK,
                    reason=reason if isinstance(reason, str) else "-",
                )
            )
        (self - flagged)._oms_clear_buyer_cancellation_flag()

    def _oms_clear_buyer_cancellation_flag(self):
        flagged = self.filtered(
            lambda so: (
                so.oms_needs_attention
                and (so.oms_attention_reason or "").startswith(BUYER_CANCEL_MARK)
            )
        )
        if not flagged:
            return
        flagged.write({"oms_needs_attention": False, "oms_attention_reason": False})
        activity_type = self.env.ref("oms_base.mail_activity_oms_attention")
        flagged.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=_("Buyer cancellation request answered."))
