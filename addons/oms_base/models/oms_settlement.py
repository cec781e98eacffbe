from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from .. import normalized
from ..notify import notification
from .oms_settlement_line import DISCREPANCY_REASONS, FEE_KINDS, ORDER_KINDS

FEE_ACCOUNT_FIELDS = {
    "commission": "oms_commission_account_id",
    "payment_fee": "oms_payment_fee_account_id",
    "affiliate": "oms_affiliate_account_id",
    "service_fee": "oms_service_fee_account_id",
    "shipping_seller": "oms_shipping_account_id",
    "tax_on_fees": "oms_fee_tax_account_id",
    "adjustment": "oms_adjustment_account_id",
}


class OmsSettlement(models.Model):
    """One payout of a marketplace shop, explained line by line.

    Posting books it as ONE journal entry: the customer invoices of its
    orders are paid by the marketplace, each fee goes to its account and
    the net payout stays on the marketplace's receivable, where the bank
    statement line of the payout will match it.
    """

    _name = "oms.settlement"
    _description = "Marketplace Settlement"
    _inherit = ["mail.thread"]
    _order = "payout_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, index=True)
    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    date_from = fields.Date()
    date_to = fields.Date()
    payout_date = fields.Date(required=True, default=fields.Date.context_today)
    currency_id = fields.Many2one("res.currency", required=True)
    payout_amount = fields.Monetary(tracking=True)
    payout_reference = fields.Char(
        help="The platform's reference of the payout, which the bank line may carry.",
        copy=False,
    )
    lines_total = fields.Monetary(compute="_compute_totals", store=True)
    line_ids = fields.One2many("oms.settlement.line", "settlement_id", string="Lines")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("posted", "Posted"),
            ("reconciled", "Reconciled"),
            ("discrepancy", "Discrepancy"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    # Community hides journal items from invoicing users: the settlement
    # shows its own entry's lines.
    move_line_ids = fields.One2many(
        related="move_id.line_ids", string="Journal Items", readonly=True
    )
    move_id = fields.Many2one(
        "account.move", string="Journal Entry", readonly=True, copy=False
    )
    discrepancy = fields.Text(readonly=True, copy=False)
    discrepancy_reason = fields.Selection(
        DISCREPANCY_REASONS,
        copy=False,
        index=True,
        tracking=True,
        help="Why this statement does not add up: set by the check that "
        "flagged it, or by the accountant.",
    )
    discrepancy_note = fields.Text(
        copy=False, help="The accountant's note on the discrepancy."
    )
    discrepancy_count = fields.Integer(compute="_compute_totals", store=True)
    platform_closed = fields.Boolean(
        string="Closed by the Platform",
        readonly=True,
        help="The platform said this statement is final (paid).",
    )
    platform_open = fields.Boolean(
        string="Open on the Platform",
        compute="_compute_platform_open",
        help="The platform has not closed this statement's period yet: it "
        "may still change, so it is not posted automatically.",
    )

    _sql_constraints = [
        (
            "name_uniq",
            "unique(channel_id, name)",
            "This statement is already imported.",
        ),
    ]

    @api.depends("line_ids.amount", "line_ids.discrepancy", "discrepancy")
    def _compute_totals(self):
        for settlement in self:
            settlement.lines_total = sum(settlement.line_ids.mapped("amount"))
            settlement.discrepancy_count = len(
                settlement.line_ids.filtered("discrepancy")
            ) + (1 if settlement.discrepancy else 0)

    @api.depends("date_to", "payout_date", "channel_id", "platform_closed")
    def _compute_platform_open(self):
        for settlement in self:
            settlement.platform_open = not (
                settlement.platform_closed
                or settlement.channel_id._oms_finance_day_closed(
                    settlement.date_to or settlement.payout_date
                )
            )

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------

    @api.model
    def _import_settlement(self, channel, statement):
        """Create or update a statement from a connector's
        ``normalized.Settlement`` (idempotent).

        A draft is updated line by line (key: transaction reference); a
        posted one is never rewritten: a difference is recorded as a
        discrepancy for the accountant.
        """
        if not isinstance(statement, normalized.Settlement):
            raise TypeError(
                f"_import_settlement takes a normalized.Settlement, not {statement!r}"
            )
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [("name", "=", statement.currency or channel.currency_id.name)],
                limit=1,
            )
        )
        settlement = self.search(
            [("channel_id", "=", channel.id), ("name", "=", statement.reference)]
        )
        incoming = {line.transaction_ref: line for line in statement.lines}
        if settlement and settlement.state != "draft":
            settlement._note_changes_after_posting(statement, incoming)
            return settlement
        header = {
            "name": statement.reference,
            "channel_id": channel.id,
            "date_from": statement.date_from or False,
            "date_to": statement.date_to or False,
            "payout_date": statement.payout_date
            or statement.date_to
            or fields.Date.context_today(self),
            "currency_id": (currency or channel.currency_id).id,
            "payout_amount": statement.payout_amount or 0.0,
            "platform_closed": bool(statement.closed),
            "payout_reference": statement.payout_reference or False,
        }
        if settlement:
            settlement.write(header)
        else:
            settlement = self.create(header)
        orders = self._orders_by_ref(channel, incoming.values())
        known = {line.transaction_ref: line for line in settlement.line_ids}
        to_create = []
        for ref, line in incoming.items():
            vals = {
                "external_order_ref": line.external_order_ref or False,
                "sale_order_id": orders.get(line.external_order_ref, False),
                "kind": line.kind,
                "amount": line.amount,
                "date": line.date or False,
                "label": line.label,
                "fee_base": line.fee_base or 0.0,
            }
            if ref in known:
                current = known[ref]
                if (
                    current.amount != vals["amount"]
                    or current.kind != vals["kind"]
                    or current.fee_base != vals["fee_base"]
                ):
                    current.write(vals)
            else:
                to_create.append(
                    dict(vals, settlement_id=settlement.id, transaction_ref=ref)
                )
        self.env["oms.settlement.line"].create(to_create)
        settlement._check_discrepancies()
        return settlement

    @api.model
    def _orders_by_ref(self, channel, lines):
        refs = {line.external_order_ref for line in lines} - {None, False, ""}
        orders = self.env["sale.order"].search(
            [("oms_channel_id", "=", channel.id), ("oms_external_id", "in", list(refs))]
        )
        return {order.oms_external_id: order.id for order in orders}

    def _note_changes_after_posting(self, statement, incoming):
        known = {line.transaction_ref: line.amount for line in self.line_ids}
        changes = [
            ref
            for ref, line in incoming.items()
            if ref not in known
            or not self.currency_id.is_zero(known[ref] - line.amount)
        ]
        payout_changed = not self.currency_id.is_zero(
            self.payout_amount - (statement.payout_amount or 0.0)
        )
        if not changes and not payout_changed:
            return
        note = _(
            "The marketplace changed this statement after it was posted: "
            "%(count)s transaction(s) differ%(payout)s. The posted entry is "
            "unchanged; book the difference by hand.",
            count=len(changes),
            payout=_(", payout now %s", statement.payout_amount)
            if payout_changed
            else "",
        )
        self.write(
            {
                "state": "discrepancy",
                "discrepancy": note,
                "discrepancy_reason": "changed",
            }
        )
        self.message_post(body=note)

    # ------------------------------------------------------------------
    # Discrepancies
    # ------------------------------------------------------------------

    def _check_discrepancies(self):
        """Flag what does not add up; never hide it, never drop a line."""
        for settlement in self:
            currency = settlement.currency_id
            notes = {}
            by_order = defaultdict(lambda: self.env["oms.settlement.line"])
            for line in settlement.line_ids:
                if line.external_order_ref and not line.sale_order_id:
                    notes[line] = (
                        "unknown_order",
                        _("Order %s is unknown to Odoo.", line.external_order_ref),
                    )
                by_order[line.sale_order_id] |= line
            for order, lines in by_order.items():
                if not order:
                    continue
                sold = sum(
                    lines.filtered(lambda li: li.kind in ORDER_KINDS).mapped("amount")
                )
                if sold and not currency.is_zero(sold - order.amount_total):
                    for line in lines.filtered(lambda li: li.kind == "sale"):
                        notes[line] = (
                            "order_amount",
                            _(
                                "The marketplace sold for %(sold)s, Odoo says "
                                "%(odoo)s.",
                                sold=currency.format(sold),
                                odoo=currency.format(order.amount_total),
                            ),
                        )
                for line, note in settlement._fee_notes(order, lines).items():
                    notes[line] = ("wrong_fee", note)
            for line in settlement.line_ids:
                reason, note = notes.get(line, (False, False))
                if (line.discrepancy or False) != note:
                    # a new finding replaces the reason; the accountant's
                    # reason on an unchanged finding stays
                    line.write({"discrepancy": note, "discrepancy_reason": reason})
            payout_note = False
            if not currency.is_zero(settlement.payout_amount - settlement.lines_total):
                payout_note = _(
                    "The payout %(payout)s differs from the sum of the lines "
                    "%(total)s.",
                    payout=currency.format(settlement.payout_amount),
                    total=currency.format(settlement.lines_total),
                )
            if settlement.state == "draft" and settlement.discrepancy != payout_note:
                settlement.write(
                    {
                        "discrepancy": payout_note,
                        "discrepancy_reason": "payout_differs"
                        if payout_note
                        else (
                            settlement.discrepancy_reason != "payout_differs"
                            and settlement.discrepancy_reason
                        ),
                    }
                )

    def _fee_notes(self, order, lines):
        """``{line: note}`` of ``order``'s fee lines outside their expected
        rate, on the base the platform charges them on.

        A fee passes when it is within the shop's tolerance of the expected
        fee: its points of the base plus an amount (at least the currency's
        rounding: the platform rounds each fee to the cent).
        """
        channel = self.channel_id
        currency = self.currency_id
        notes = {}
        for kind in ("commission", "payment_fee"):
            fees = lines.filtered(lambda li, k=kind: li.kind == k)
            if not fees:
                continue
            rate = channel._oms_expected_fee_rate(kind, order)
            if rate is None:
                continue
            base = channel._oms_fee_base(kind, order, lines)
            if not base:
                continue
            charged = -sum(fees.mapped("amount"))
            expected = base * rate / 100.0
            allowed = max(channel.oms_fee_tolerance_amount, currency.rounding) + (
                abs(base) * channel.oms_fee_tolerance / 100.0
            )
            if currency.compare_amounts(abs(charged - expected), allowed) <= 0:
                continue
            for line in fees:
                notes[line] = _(
                    "%(kind)s is %(actual).2f%% of its base, expected "
                    "%(rate).2f%% (%(charged)s on %(base)s, %(expected)s "
                    "expected).",
                    kind=dict(line._fields["kind"].selection)[kind],
                    actual=charged / base * 100.0,
                    base=currency.format(base),
                    charged=currency.format(charged),
                    rate=rate,
                    expected=currency.format(expected),
                )
        return notes

    @api.model
    def _unsettled_orders(self, channel):
        """Orders shipped more than N days ago that no statement paid yet."""
        limit = fields.Datetime.subtract(
            fields.Datetime.now(), days=channel.oms_settlement_overdue_days
        )
        shipped = (
            self.env["stock.picking"]
            .search(
                [
                    ("oms_channel_id", "=", channel.id),
                    ("state", "=", "done"),
                    ("date_done", "<", limit),
                ]
            )
            .sale_id
        )
        settled = (
            self.env["oms.settlement.line"]
            .search([("sale_order_id", "in", shipped.ids)])
            .sale_order_id
        )
        return shipped - settled

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------

    def action_post(self):
        for settlement in self:
            settlement._post()
        issues = self.filtered("discrepancy_count")
        message = _(
            "%(count)s settlement(s) posted, %(ok)s reconciled.",
            count=len(self),
            ok=len(self - issues),
        )
        if issues:
            message += " " + _(
                "To check: %s.",
                ", ".join(
                    f"{s.name} ({s.discrepancy_count} discrepancies)" for s in issues
                ),
            )
        return notification(
            _("Post Settlements"),
            message,
            kind="warning" if issues else "success",
            sticky=bool(issues),
        )

    def _oms_auto_post(self):
        """Post the drafts their shop posts itself: without discrepancy,
        their period closed on the platform. A settlement that cannot be
        posted (accounting not configured) stays a draft with the reason."""
        to_post = self.filtered(
            lambda s: (
                s.state == "draft"
                and s.channel_id.finance_auto_post
                and s.line_ids
                and not s.discrepancy_count
                and not s.platform_open
            )
        )
        for settlement in to_post:
            try:
                with self.env.cr.savepoint():
                    settlement._post()
            except UserError as error:
                settlement.message_post(
                    body=_("Not posted automatically: %s", error.args[0])
                )
        return to_post

    def _post(self):
        self.ensure_one()
        if self.move_id:
            raise UserError(_("Settlement %s is already posted.", self.name))
        self.channel_id._oms_check_accounting()
        invoice_by_order, refund_by_order = self._prepare_invoices()
        credits = self._order_credits(invoice_by_order, refund_by_order)
        move = self.env["account.move"].create(self._move_vals(credits))
        move.action_post()
        self.write({"move_id": move.id, "state": "posted"})
        self._reconcile(move, credits)
        self._check_posted_entry(credits)
        self.state = "discrepancy" if self.discrepancy_count else "reconciled"
        return move

    def _prepare_invoices(self):
        """Posted customer invoice and refund credit note of each order."""
        orders = self.line_ids.filtered(lambda li: li.kind in ORDER_KINDS).sale_order_id
        to_invoice = orders.filtered(
            lambda o: (
                not o.invoice_ids.filtered(
                    lambda i: i.move_type == "out_invoice" and i.state == "posted"
                )
            )
        )
        if to_invoice:
            to_invoice._create_invoices(final=True).action_post()
        invoice_by_order = {}
        for order in orders:
            invoice = order.invoice_ids.filtered(
                lambda i: i.move_type == "out_invoice" and i.state == "posted"
            )[:1]
            if invoice:
                invoice_by_order[order] = invoice
        refund_by_order = {}
        for order, lines in self._lines_by_order("refund").items():
            amount = -sum(lines.mapped("amount"))
            refund_by_order[order] = self._refund_credit_note(
                order, amount, invoice_by_order.get(order)
            )
        return invoice_by_order, refund_by_order

    def _lines_by_order(self, kind):
        grouped = defaultdict(lambda: self.env["oms.settlement.line"])
        for line in self.line_ids.filtered(
            lambda li: li.kind == kind and li.sale_order_id
        ):
            grouped[line.sale_order_id] |= line
        return grouped

    def _refund_credit_note(self, order, amount, invoice):
        """The credit note of a marketplace refund, matched if it exists."""
        existing = self.env["account.move"].search(
            [
                ("move_type", "=", "out_refund"),
                ("state", "=", "posted"),
                ("invoice_origin", "=", order.name),
                ("currency_id", "=", self.currency_id.id),
                ("amount_total", "=", amount),
            ],
            limit=1,
        )
        if existing:
            return existing
        account = (
            invoice.invoice_line_ids[:1].account_id
            if invoice
            else (self.channel_id.oms_adjustment_account_id)
        )
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": order.partner_invoice_id.id,
                "currency_id": self.currency_id.id,
                "invoice_date": self.payout_date,
                "invoice_origin": order.name,
                "ref": _("Marketplace refund %s", order.oms_external_id),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": _("Refund of %s", order.name),
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": account.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit_note.action_post()
        return credit_note

    def _order_credits(self, invoice_by_order, refund_by_order):
        """What the entry pays on each order's own invoice and refund.

        Each marketplace order has its own invoice. One shared by several
        orders (grouped before they were invoiced one by one) is paid for
        each order's amount on it and never beyond what it still has due,
        so several orders of one buyer never credit it twice.

        :return: a list of dicts: order, its settlement lines (of the order
            kinds, or its refunds), the document (invoice, credit note or
            False), its residual before posting and ``due``, what this
            entry pays on it for the order
        """
        residuals = {}
        paid_orders = self.env["sale.order"]
        credits = []
        for order, lines in self._group_lines(ORDER_KINDS).items():
            invoice = invoice_by_order.get(order)
            credit = {
                "order": order,
                "lines": lines,
                "document": invoice,
                "due": 0.0,
                "refund": False,
            }
            credits.append(credit)
            if not invoice:
                continue
            residual = self._receivable_residual(invoice)
            left = residuals.setdefault(invoice, residual)
            credit["residual"] = residual
            invoice_orders = invoice.invoice_line_ids.sale_line_ids.order_id
            if invoice_orders - paid_orders - order:
                # other orders of the invoice keep their part of it
                share = sum(
                    invoice.invoice_line_ids.filtered(
                        lambda li, o=order: li.sale_line_ids.order_id == o
                    ).mapped("price_total")
                )
                credit["due"] = max(min(invoice.currency_id.round(share), left), 0.0)
            else:
                credit["due"] = left
            residuals[invoice] = left - credit["due"]
            paid_orders |= order
        for order, lines in self._lines_by_order("refund").items():
            refund = refund_by_order[order]
            residual = self._receivable_residual(refund)  # negative
            credits.append(
                {
                    "order": order,
                    "lines": lines,
                    "document": refund,
                    "residual": residual,
                    "due": residual,
                    "refund": True,
                }
            )
        return credits

    @api.model
    def _receivable_lines(self, document):
        return document.line_ids.filtered(
            lambda li: li.account_id.account_type == "asset_receivable"
        )

    @api.model
    def _receivable_residual(self, document):
        return sum(self._receivable_lines(document).mapped("amount_residual_currency"))

    def _move_vals(self, credits):
        """One balanced entry; amounts are in the settlement currency."""
        channel = self.channel_id
        company = self.company_id
        lines = []

        def add(name, amount, account, partner=None):
            # ``amount`` from the seller's side: + is a credit here
            if self.currency_id.is_zero(amount):
                return
            lines.append(
                {
                    "name": name,
                    "account_id": account.id,
                    "partner_id": partner.id if partner else False,
                    "currency_id": self.currency_id.id,
                    "amount_currency": -amount,
                }
            )

        for credit in credits:
            order, document = credit["order"], credit["document"]
            explained = sum(credit["lines"].mapped("amount"))
            if not document:
                add(
                    _("Unmatched sale %s", credit["lines"][0].external_order_ref or ""),
                    explained,
                    channel.oms_adjustment_account_id,
                )
                continue
            receivable = self._receivable_lines(document)[:1]
            add(
                document.name,
                credit["due"],
                receivable.account_id,
                receivable.partner_id,
            )
            add(
                _("Difference on refund %s", order.name)
                if credit["refund"]
                else _("Difference on %s", order.name),
                explained - credit["due"],
                channel.oms_adjustment_account_id,
            )
        for kind in FEE_KINDS:
            account = channel[FEE_ACCOUNT_FIELDS[kind]]
            amount = sum(
                self.line_ids.filtered(lambda li, k=kind: li.kind == k).mapped("amount")
            )
            add(dict(self.line_ids._fields["kind"].selection)[kind], amount, account)
        unknown = self.line_ids.filtered(
            lambda li: li.kind in ORDER_KINDS + ("refund",) and not li.sale_order_id
        )
        add(
            _("Lines of orders unknown to Odoo"),
            sum(unknown.mapped("amount")),
            channel.oms_adjustment_account_id,
        )
        # the payout itself, waiting on the marketplace for the bank line
        booked = -sum(line["amount_currency"] for line in lines)
        payout_account = channel.marketplace_partner_id.with_company(
            company
        ).property_account_receivable_id
        add(
            _("Payout %s", self.name),
            -self.payout_amount,
            payout_account,
            channel.marketplace_partner_id,
        )
        add(
            _("Payout differs from its lines"),
            self.payout_amount - booked,
            channel.oms_adjustment_account_id,
        )
        self._set_company_balances(lines)
        return {
            "move_type": "entry",
            "journal_id": channel.oms_settlement_journal_id.id,
            "date": self.payout_date,
            "ref": _("%(shop)s settlement %(ref)s", shop=channel.name, ref=self.name),
            "currency_id": self.currency_id.id,
            "line_ids": [Command.create(vals) for vals in lines],
        }

    def _group_lines(self, kinds):
        grouped = defaultdict(lambda: self.env["oms.settlement.line"])
        for line in self.line_ids.filtered(
            lambda li: li.kind in kinds and li.sale_order_id
        ):
            grouped[line.sale_order_id] |= line
        return grouped

    def _set_company_balances(self, lines):
        """Company-currency amounts at the payout date, balanced to the cent.

        Rounding each converted line can leave a cent; it goes to the
        company's exchange difference account rather than making the entry
        unbalanced.
        """
        company = self.company_id
        currency = self.currency_id
        for vals in lines:
            vals["balance"] = currency._convert(
                vals["amount_currency"], company.currency_id, company, self.payout_date
            )
        gap = company.currency_id.round(sum(vals["balance"] for vals in lines))
        if not float_is_zero(gap, precision_rounding=company.currency_id.rounding):
            account = (
                company.expense_currency_exchange_account_id
                if gap > 0
                else company.income_currency_exchange_account_id
            )
            lines.append(
                {
                    "name": _("Currency rounding"),
                    "account_id": account.id,
                    "currency_id": currency.id,
                    "amount_currency": 0.0,
                    "balance": -gap,
                }
            )

    def _reconcile(self, move, credits):
        documents = self.env["account.move"].union(
            *(credit["document"] for credit in credits if credit["document"])
        )
        for document in documents:
            receivable = self._receivable_lines(document).filtered(
                lambda li: not li.reconciled
            )
            counterpart = move.line_ids.filtered(
                lambda li, d=document, r=receivable: (
                    li.name == d.name
                    and li.account_id in r.account_id
                    and not li.reconciled
                )
            )
            if receivable and counterpart:
                (receivable | counterpart).reconcile()

    def _check_posted_entry(self, credits):
        """Compare what the entry paid with what the invoices had due.

        A settlement is reconciled only if each order's lines paid exactly
        its part of its invoice and each invoice's residual went down by
        just that: no difference booked, no credit left on the customer.
        """
        currency = self.currency_id
        notes = defaultdict(list)
        paid = defaultdict(float)
        residual_before = {}
        note_line = {}
        for credit in credits:
            lines = credit["lines"]
            line = (
                lines.filtered(lambda li: li.kind in ("sale", "refund"))[:1]
                or lines[:1]
            )
            document = credit["document"]
            if not document:
                notes[line].append(
                    _(
                        "Order %s has no posted invoice: its amount went to the "
                        "adjustment account.",
                        credit["order"].name,
                    )
                )
                continue
            paid[document] += credit["due"]
            residual_before[document] = credit["residual"]
            note_line.setdefault(document, line)
            explained = sum(lines.mapped("amount"))
            if not currency.is_zero(explained - credit["due"]):
                notes[line].append(
                    _(
                        "The marketplace paid %(paid)s for %(order)s, "
                        "%(document)s had %(due)s due for it.",
                        paid=currency.format(explained),
                        order=credit["order"].name,
                        document=document.name,
                        due=currency.format(credit["due"]),
                    )
                )
        for document, amount in paid.items():
            expected = residual_before[document] - amount
            residual = self._receivable_residual(document)
            if not currency.is_zero(residual - expected):
                notes[note_line[document]].append(
                    _(
                        "%(document)s still has %(residual)s due after this "
                        "settlement, %(expected)s expected.",
                        document=document.name,
                        residual=currency.format(residual),
                        expected=currency.format(expected),
                    )
                )
        for line, line_notes in notes.items():
            line.write(
                {
                    "discrepancy": " ".join(
                        filter(None, [line.discrepancy, *line_notes])
                    ),
                    "discrepancy_reason": line.discrepancy_reason or "invoice",
                }
            )

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
