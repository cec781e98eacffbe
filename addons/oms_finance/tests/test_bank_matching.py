from datetime import date

from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base.tests.finance import statement


@tagged("post_install", "-at_install")
class TestBankMatching(AccountTestInvoicingCommon):
    """Posted payouts meet their bank lines: to the cent, the shop's
    partner, a date window and the payout reference; the rest is listed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        cls.channel = cls.env["oms.channel"].create(
            {"name": "Bank shop", "state": "connected"}
        )
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.currency = cls.env.company.currency_id

    def _posted_payout(
        self, reference, payout, day=date(2026, 11, 16), matched=False, currency=None
    ):
        channel = self.channel
        currency = currency or self.currency
        settlement = self.env["oms.settlement"]._import_settlement(
            channel,
            statement(
                reference,
                [
                    (
                        "",
                        "adjustment",
                        payout + 5.0,
                        {"transaction_ref": f"{reference}-credit"},
                    ),
                    ("", "commission", -5.0, {"transaction_ref": f"{reference}-fee"}),
                ],
                payout,
                payout_reference=f"PAY-{reference}",
                currency=currency.name,
                date_from=day,
                date_to=day,
                payout_date=day,
            ),
        )
        settlement.action_post()
        self.assertEqual(settlement.payout_state, "matched" if matched else "to_match")
        return settlement

    def _bank_line(self, amount, day=date(2026, 11, 18), ref="MARKETPLACE", **kw):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": day,
                "payment_ref": ref,
                "amount": amount,
                **kw,
            }
        )

    def test_bank_line_matches_its_payout_to_the_cent(self):
        settlement = self._posted_payout("W1", 95.37)
        line = self._bank_line(95.37)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(settlement.payout_state, "matched")
        self.assertEqual(settlement.bank_line_id, line)
        self.assertTrue(settlement.payout_move_line_id.reconciled)
        counterpart = line.move_id.line_ids.filtered(
            lambda li: li.account_id == settlement.payout_move_line_id.account_id
        )
        self.assertEqual(counterpart.partner_id, self.channel.marketplace_partner_id)
        self.assertFalse(
            self.env["oms.settlement"].search(
                [("payout_state", "=", "to_match"), ("id", "=", settlement.id)]
            )
        )

    def test_bank_line_imported_before_the_payout_is_posted(self):
        line = self._bank_line(40.10)
        self.assertFalse(line.is_reconciled)
        settlement = self._posted_payout("W2", 40.10, matched=True)
        self.assertTrue(line.is_reconciled)
        self.assertEqual(settlement.bank_line_id, line)

    def test_a_cent_off_is_listed_with_its_candidate(self):
        settlement = self._posted_payout("W3", 120.00)
        line = self._bank_line(119.99)
        self.assertFalse(line.is_reconciled, "never matched on a wrong amount")
        self.assertEqual(settlement.payout_state, "to_match")
        self.assertEqual(settlement.candidate_bank_line_ids, line)
        to_match = self.env["oms.settlement"].search(
            [("payout_state", "=", "to_match")]
        )
        self.assertIn(settlement, to_match)

    def test_duplicate_bank_line_is_not_booked_twice(self):
        settlement = self._posted_payout("W4", 64.20)
        first = self._bank_line(64.20)
        duplicate = self._bank_line(64.20, ref="MARKETPLACE (again)")
        self.assertTrue(first.is_reconciled)
        self.assertFalse(duplicate.is_reconciled, "the payout is already matched")
        payout = settlement.payout_move_line_id
        self.assertEqual(len(payout.matched_credit_ids), 1)
        self.assertTrue(payout.currency_id.is_zero(payout.amount_residual_currency))

    def test_payout_reference_tells_equal_payouts_apart(self):
        first = self._posted_payout("W5", 33.00)
        second = self._posted_payout("W6", 33.00)
        anonymous = self._bank_line(33.00)
        self.assertFalse(anonymous.is_reconciled, "two payouts fit: left to a person")
        self.assertIn(anonymous, first.candidate_bank_line_ids)
        self.assertIn(anonymous, second.candidate_bank_line_ids)
        named = self._bank_line(33.00, ref="Transfer PAY-W6 marketplace")
        self.assertTrue(named.is_reconciled)
        self.assertEqual(second.bank_line_id, named)
        self.assertEqual(first.payout_state, "to_match")

    def test_other_partner_or_too_late_is_no_match(self):
        settlement = self._posted_payout("W7", 77.00)
        stranger = self.env["res.partner"].create({"name": "Someone else"})
        other = self._bank_line(77.00, partner_id=stranger.id)
        late = self._bank_line(77.00, day=date(2026, 12, 20))
        self.assertFalse(other.is_reconciled)
        self.assertFalse(late.is_reconciled)
        self.assertEqual(settlement.payout_state, "to_match")
        # the accountant matches it by hand from the candidates
        right = self._bank_line(77.00, partner_id=stranger.id, ref="manual")
        right.with_context(oms_settlement_id=settlement.id).action_oms_match_payout()
        self.assertEqual(settlement.payout_state, "matched")

    def test_payout_in_the_shops_currency_books_the_exchange_difference(self):
        sgd = self.setup_other_currency(
            "SGD", rates=[("2026-11-01", 1.30), ("2026-11-18", 1.25)]
        )
        settlement = self._posted_payout("W8", 130.00, currency=sgd)
        payout = settlement.payout_move_line_id
        self.assertEqual(payout.currency_id, sgd)
        self.assertAlmostEqual(payout.balance, 100.00, places=2)
        bank_sgd = self.env["account.journal"].create(
            {"name": "Bank SGD", "code": "BSGD", "type": "bank", "currency_id": sgd.id}
        )
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": bank_sgd.id,
                "date": date(2026, 11, 18),
                "payment_ref": "PAY-W8",
                "amount": 130.00,
            }
        )
        self.assertTrue(line.is_reconciled)
        self.assertEqual(settlement.payout_state, "matched")
        self.assertTrue(payout.full_reconcile_id)
        self.assertTrue(sgd.is_zero(payout.amount_residual_currency))
        # the bank brought 104.00 in company currency for a 100.00 payout:
        # Odoo's own exchange difference entry books the 4.00
        exchange = payout.matched_credit_ids.exchange_move_id
        self.assertTrue(exchange, "exchange difference booked by Odoo")
        self.assertAlmostEqual(
            abs(
                sum(
                    exchange.line_ids.filtered(
                        lambda li: li.account_id == payout.account_id
                    ).mapped("balance")
                )
            ),
            4.00,
            places=2,
        )
