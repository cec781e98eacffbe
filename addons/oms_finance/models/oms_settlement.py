from datetime import timedelta

from odoo import _, api, fields, models

# A bank line this close to a payout (share of the payout) is shown as a
# candidate for it; only an exact amount is matched automatically.
CANDIDATE_SHARE = 0.05


class OmsSettlement(models.Model):
    """The payout of a posted settlement, on its way to the bank."""

    _inherit = "oms.settlement"

    payout_move_line_id = fields.Many2one(
        "account.move.line",
        string="Payout Journal Item",
        compute="_compute_payout_move_line_id",
        groups="account.group_account_invoice",
        store=True,
        help="What the marketplace owes for this payout, until the bank "
        "line of the payout is matched to it.",
    )
    payout_state = fields.Selection(
        [
            ("none", "Not Posted"),
            ("to_match", "To Match"),
            ("matched", "Matched"),
        ],
        compute="_compute_payout_state",
        store=True,
        index=True,
    )
    bank_line_id = fields.Many2one(
        "account.bank.statement.line",
        groups="account.group_account_invoice",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    candidate_bank_line_ids = fields.Many2many(
        "account.bank.statement.line",
        string="Candidate Bank Lines",
        compute="_compute_candidate_bank_line_ids",
        groups="account.group_account_invoice",
    )
    candidate_count = fields.Integer(
        compute="_compute_candidate_bank_line_ids",
        groups="account.group_account_invoice",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    payout_amount_company = fields.Monetary(
        string="Payout (Company Currency)",
        compute="_compute_payout_amount_company",
        store=True,
        currency_field="company_currency_id",
    )

    @api.depends("payout_amount", "currency_id", "payout_date", "company_id")
    def _compute_payout_amount_company(self):
        for settlement in self:
            company = settlement.company_id or self.env.company
            settlement.payout_amount_company = settlement.currency_id._convert(
                settlement.payout_amount,
                company.currency_id,
                company,
                settlement.payout_date or fields.Date.context_today(settlement),
            )

    @api.depends("move_id.line_ids", "channel_id.marketplace_partner_id")
    def _compute_payout_move_line_id(self):
        for settlement in self:
            partner = settlement.channel_id.marketplace_partner_id
            settlement.payout_move_line_id = settlement.move_id.line_ids.filtered(
                lambda li, p=partner: (
                    li.partner_id == p
                    and li.account_id.account_type == "asset_receivable"
                )
            )[:1]

    @api.depends("payout_move_line_id.reconciled", "payout_amount")
    def _compute_payout_state(self):
        for settlement in self:
            line = settlement.payout_move_line_id
            if not line or settlement.currency_id.is_zero(settlement.payout_amount):
                settlement.payout_state = "none"
            else:
                settlement.payout_state = "matched" if line.reconciled else "to_match"

    def _compute_candidate_bank_line_ids(self):
        to_match = self.filtered(lambda s: s.payout_state == "to_match")
        lines = to_match._open_bank_lines()
        for settlement in self:
            candidates = (
                lines.filtered(settlement._is_candidate)
                if settlement in to_match
                else lines.browse()
            )
            settlement.candidate_bank_line_ids = candidates
            settlement.candidate_count = len(candidates)

    def _open_bank_lines(self):
        """Unreconciled incoming bank lines dated where these payouts may
        arrive (one search for all)."""
        if not self:
            return self.env["account.bank.statement.line"]
        dates = self.mapped("payout_date")
        days = max(self.channel_id.mapped("oms_payout_match_days") or [0])
        return self.env["account.bank.statement.line"].search(
            [
                ("company_id", "in", self.company_id.ids),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
                ("date", ">=", min(dates) - timedelta(days=1)),
                ("date", "<=", max(dates) + timedelta(days=days)),
            ]
        )

    def _bank_amount(self, line):
        """What ``line`` brought in, in this payout's currency (None when
        it is in another currency)."""
        if line.foreign_currency_id == self.currency_id:
            return line.amount_currency
        if not line.foreign_currency_id and line.currency_id == self.currency_id:
            return line.amount
        return None

    def _is_candidate(self, line, exact=False):
        """Whether bank ``line`` may be this payout: same shop (or no
        partner), within the date window, the same amount (``exact``) or
        close to it."""
        self.ensure_one()
        partner = self.channel_id.marketplace_partner_id
        if line.partner_id and line.partner_id.commercial_partner_id != partner:
            return False
        if line.company_id != self.company_id:
            return False
        earliest = self.payout_date - timedelta(days=1)
        window = timedelta(days=self.channel_id.oms_payout_match_days)
        latest = self.payout_date + window
        if not earliest <= line.date <= latest:
            return False
        amount = self._bank_amount(line)
        if amount is None:
            return False
        if exact:
            return self.currency_id.compare_amounts(amount, self.payout_amount) == 0
        return abs(amount - self.payout_amount) <= abs(self.payout_amount) * (
            CANDIDATE_SHARE
        )

    def _carries_reference(self, line):
        self.ensure_one()
        text = " ".join(filter(None, [line.payment_ref, line.ref, line.narration]))
        return bool(self.payout_reference) and self.payout_reference in text

    def _post(self):
        """Override of `oms_base`: a posted payout looks for its bank line
        among those already imported."""
        move = super()._post()
        self._open_bank_lines()._oms_match_payouts(self)
        return move

    def action_view_candidates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Bank lines for %s", self.name),
            "res_model": "account.bank.statement.line",
            "view_mode": "list,form",
            "domain": [("id", "in", self.candidate_bank_line_ids.ids)],
            "context": {"oms_settlement_id": self.id},
        }
