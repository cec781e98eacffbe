from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountBankStatementLine(models.Model):
    """A bank line that may be a marketplace payout."""

    _inherit = "account.bank.statement.line"

    oms_settlement_ids = fields.One2many(
        "oms.settlement", "bank_line_id", string="Marketplace Payout"
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._oms_match_payouts()
        # payouts list new bank lines among their candidates
        self.env["oms.settlement"].invalidate_model(
            ["candidate_bank_line_ids", "candidate_count"]
        )
        return lines

    def _oms_match_payouts(self, settlements=None):
        """Match each of these bank lines to the one payout it is: same
        amount to the cent, shop partner (or none), date window, and the
        payout reference when the line carries one. A line with several
        such payouts, or none, is left for the "Payouts to match" list.

        :return: the settlements matched
        """
        lines = self.filtered(lambda li: not li.is_reconciled and li.amount > 0)
        if not lines:
            return self.env["oms.settlement"]
        if settlements is None:
            settlements = self.env["oms.settlement"].search(
                [
                    ("payout_state", "=", "to_match"),
                    ("company_id", "in", lines.company_id.ids),
                ]
            )
        open_payouts = settlements.filtered(lambda s: s.payout_state == "to_match")
        matched = self.env["oms.settlement"]
        for line in lines:
            found = (open_payouts - matched).filtered(
                lambda s, li=line: s._is_candidate(li, exact=True)
            )
            by_reference = found.filtered(lambda s, li=line: s._carries_reference(li))
            found = by_reference or found
            if len(found) != 1:
                continue
            line._oms_reconcile_payout(found)
            matched |= found
        return matched

    def _oms_reconcile_payout(self, settlement):
        """Book this bank line against the payout's receivable, with the
        reconciliation of ``account_reconcile_oca``."""
        self.ensure_one()
        payout = settlement.payout_move_line_id
        if self.is_reconciled or payout.reconciled:
            raise UserError(
                _(
                    "Bank line %(line)s or payout %(payout)s is already matched.",
                    line=self.display_name,
                    payout=settlement.name,
                )
            )
        self._add_account_move_line(payout)
        self.reconcile_bank_line()
        settlement.bank_line_id = self
        settlement.message_post(
            body=_("Payout matched to bank line %s.", self.display_name)
        )

    def action_oms_match_payout(self):
        """Match this bank line with the settlement of the context (the
        accountant's choice among the candidates)."""
        self.ensure_one()
        settlement = self.env["oms.settlement"].browse(
            self.env.context.get("oms_settlement_id")
        )
        if not settlement.exists():
            raise UserError(_("Open the payout to match first."))
        self._oms_reconcile_payout(settlement)
        return {"type": "ir.actions.act_window_close"}
