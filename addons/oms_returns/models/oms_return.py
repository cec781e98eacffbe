from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_base import normalized

from ..const import FINAL_STATES, KINDS, STATES, URGENT_HOURS, state_wins


class OmsReturn(models.Model):
    """A marketplace return, reverse order or failed delivery.

    One record per return of the platform (unique per shop), whatever the
    number of messages about it. What the stock (``oms.return.stock``) and
    the refund (``oms.return.refund``) do with it is kept apart.
    """

    _name = "oms.return"
    _description = "Marketplace Return"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "oms.return.stock",
        "oms.return.refund",
    ]
    _order = "respond_by_sort, id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True, copy=False, readonly=True, default="/", index="trigram"
    )
    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, check_company=True
    )
    platform = fields.Selection(related="channel_id.platform", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    external_id = fields.Char(
        string="Marketplace Return", index=True, copy=False, readonly=True
    )
    order_external_id = fields.Char(string="Marketplace Order", readonly=True)
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", index=True, check_company=True
    )
    partner_id = fields.Many2one(related="sale_order_id.partner_id", store=True)
    kind = fields.Selection(KINDS, required=True, default="return", tracking=True)
    state = fields.Selection(
        STATES,
        required=True,
        default=normalized.RETURN_REQUESTED,
        tracking=True,
        index=True,
        group_expand=True,
    )
    platform_status = fields.Char(readonly=True, tracking=True)
    platform_updated_at = fields.Datetime(
        string="Marketplace Update", readonly=True, copy=False
    )
    reason = fields.Char(tracking=True, help="The platform's reason for the return.")
    buyer_note = fields.Text(string="Buyer's Text")
    photo_urls = fields.Text(
        string="Photo Links", help="The buyer's evidence, one link per line."
    )
    photo_links_html = fields.Html(
        string="Buyer's Photos", compute="_compute_photo_links_html", sanitize=True
    )
    inspection_photo_ids = fields.Many2many(
        "ir.attachment",
        compute="_compute_inspection_photo_ids",
        string="Inspection Photos",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    refund_amount = fields.Monetary(tracking=True)
    refunded = fields.Boolean(
        readonly=True, help="The marketplace paid the refund to the buyer."
    )
    respond_by = fields.Datetime(
        tracking=True, help="When the marketplace needs the seller's answer."
    )
    # Returns waiting for an answer first, the closest deadline on top.
    respond_by_sort = fields.Datetime(compute="_compute_respond_by_sort", store=True)
    is_urgent = fields.Boolean(compute="_compute_is_urgent", search="_search_is_urgent")
    tracking_number = fields.Char(
        string="Return Tracking", index="btree_not_null", tracking=True
    )
    line_ids = fields.One2many("oms.return.line", "return_id", copy=True)
    needs_attention = fields.Boolean(
        compute="_compute_needs_attention", store=True, readonly=False, index=True
    )
    attention_reason = fields.Text(readonly=True, copy=False)
    note = fields.Html(string="Inspection Notes")
    support_decisions = fields.Boolean(
        related="channel_id.support_return_decisions", string="Decisions Supported"
    )
    support_dispute = fields.Boolean(related="channel_id.support_return_dispute")
    support_partial_refund = fields.Boolean(
        related="channel_id.support_return_partial_refund"
    )
    product_qty = fields.Float(
        string="Units", compute="_compute_product_qty", store=True
    )

    _sql_constraints = [
        (
            "external_uniq",
            "UNIQUE(channel_id, external_id)",
            "This marketplace return is already recorded for the shop.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("oms.return") or "/"
        return super().create(vals_list)

    @api.depends("channel_id")
    def _compute_company_id(self):
        for ret in self:
            ret.company_id = ret.channel_id.company_id or self.env.company

    @api.depends("sale_order_id", "channel_id")
    def _compute_currency_id(self):
        for ret in self:
            ret.currency_id = (
                ret.sale_order_id.currency_id
                or ret.currency_id
                or ret.channel_id.currency_id
            )

    @api.depends("photo_urls")
    def _compute_photo_links_html(self):
        for ret in self:
            links = [
                url.strip()
                for url in (ret.photo_urls or "").splitlines()
                if url.strip().lower().startswith(("https://", "http://"))
            ]
            ret.photo_links_html = Markup("").join(
                Markup(
                    '<a href="%(url)s" target="_blank" rel="noopener noreferrer" '
                    'class="d-inline-block me-2 mb-2">'
                    '<img src="%(url)s" alt="%(alt)s" class="img-thumbnail" '
                    'style="max-height: 128px;"/></a>'
                )
                % {"url": url, "alt": self.env._("Buyer's photo")}
                for url in links
            )

    @api.depends("line_ids.photo_ids")
    def _compute_inspection_photo_ids(self):
        for ret in self:
            ret.inspection_photo_ids = ret.line_ids.photo_ids

    @api.depends("respond_by", "state")
    def _compute_respond_by_sort(self):
        for ret in self:
            waiting = ret.state not in FINAL_STATES and ret.respond_by
            ret.respond_by_sort = ret.respond_by if waiting else False

    def _compute_is_urgent(self):
        limit = fields.Datetime.now() + timedelta(hours=URGENT_HOURS)
        for ret in self:
            ret.is_urgent = bool(ret.respond_by_sort and ret.respond_by_sort <= limit)

    def _search_is_urgent(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on urgency."))
        limit = fields.Datetime.now() + timedelta(hours=URGENT_HOURS)
        domain = [("respond_by_sort", "!=", False), ("respond_by_sort", "<=", limit)]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("sale_order_id")
    def _compute_needs_attention(self):
        for ret in self:
            ret.needs_attention = not ret.sale_order_id or ret.needs_attention

    @api.depends("line_ids.quantity")
    def _compute_product_qty(self):
        for ret in self:
            ret.product_qty = sum(ret.line_ids.mapped("quantity"))

    @api.depends("name", "external_id")
    def _compute_display_name(self):
        for ret in self:
            ret.display_name = (
                f"{ret.name} ({ret.external_id})" if ret.external_id else ret.name
            )

    # ------------------------------------------------------------------
    # State
    # ------------------------------------------------------------------

    def _oms_advance(self, state, platform_updated_at=None):
        """Move these returns to ``state`` where it is a step forward.

        Return the returns that moved.
        """
        moved = self.browse()
        for ret in self:
            newer = not (
                platform_updated_at
                and ret.platform_updated_at
                and platform_updated_at < ret.platform_updated_at
            )
            if state_wins(ret.state, state, newer):
                moved |= ret
        if moved:
            moved.write({"state": state})
        return moved

    def _oms_flag(self, reason):
        for ret in self:
            ret.write(
                {
                    "needs_attention": True,
                    "attention_reason": "\n".join(
                        filter(None, [ret.attention_reason, reason])
                    ),
                }
            )
            ret.message_post(body=reason)

    def _oms_check_group(self, group):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "You are not allowed to do this on marketplace returns (%s).",
                    self.env.ref(group).full_name,
                )
            )

    def action_clear_attention(self):
        self.write({"needs_attention": False, "attention_reason": False})

    def action_view_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    def _oms_follow_up(self):
        """What a new or changed return calls for: its return picking once
        the parcel is expected, its credit note once refunded."""
        self._oms_needs_picking()._oms_create_return_pickings()
        self.filtered(
            lambda r: r.refunded and r.sale_order_id and not r.credit_note_id
        )._oms_create_credit_notes()

    def _oms_link_order(self, order):
        """Give a return that came before its order that order, now known."""
        self.ensure_one()
        match = self.env["oms.return.importer"]._sale_line_matcher(order)
        self.sale_order_id = order
        for line in self.line_ids:
            line.sale_line_id = match(line.order_line_external_id, line.sku)
        self.message_post(body=self.env._("Order %s is now known.", order.name))
        if all(self.line_ids.mapped("sale_line_id")):
            self.action_clear_attention()
        self._oms_follow_up()

    # ------------------------------------------------------------------
    # Decisions sent to the marketplace
    # ------------------------------------------------------------------

    DECISION_FEATURES = {
        "approve": "support_return_decisions",
        "reject": "support_return_decisions",
        "receive": "support_return_decisions",
        "refund": "support_return_decisions",
        "dispute": "support_return_dispute",
        "offer": "support_return_partial_refund",
    }

    def _oms_decide(self, decision, **kwargs):
        """Send ``decision`` to the marketplace for this return.

        A refusal reaches the person as the marketplace's message and
        changes nothing here (``_oms_call_for_user`` raises before any
        write). Whatever state the marketplace says follows.
        """
        self.ensure_one()
        self._oms_check_group("oms_base.group_oms_user")
        self.check_access("write")
        channel = self.channel_id
        channel._oms_check_support(self.DECISION_FEATURES[decision])
        if self.kind == normalized.RETURN_KIND_FAILED_DELIVERY:
            raise UserError(
                self.env._(
                    "A failed delivery has nothing to decide on the marketplace."
                )
            )
        state = channel._oms_call_for_user(
            "_oms_return_decide", self, decision, **kwargs
        )
        labels = dict(self._decision_labels())
        # Built outside _(): the term extractor cannot read f-strings in its arguments.
        comment = " " + kwargs["comment"] if kwargs.get("comment") else ""
        self.message_post(
            body=self.env._(
                "%(decision)s sent to the marketplace.%(comment)s",
                decision=labels.get(decision, decision),
                comment=comment,
            )
        )
        if state:
            self._oms_advance(state)
            if state == normalized.RETURN_REFUNDED:
                self.refunded = True
        self._oms_follow_up()
        return True

    @api.model
    def _decision_labels(self):
        return [
            ("approve", self.env._("Approval")),
            ("reject", self.env._("Rejection")),
            ("receive", self.env._("Receipt")),
            ("refund", self.env._("Refund")),
            ("dispute", self.env._("Dispute")),
            ("offer", self.env._("Partial refund offer")),
        ]

    def action_approve(self):
        return self._oms_decide("approve")

    def action_refund(self):
        return self._oms_decide("refund")

    def _open_decision(self, decision):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.return.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_id": self.id, "default_decision": decision},
        }

    def action_reject(self):
        return self._open_decision("reject")

    def action_dispute(self):
        return self._open_decision("dispute")

    def action_offer_refund(self):
        return self._open_decision("offer")
