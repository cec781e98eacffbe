from odoo import models


class OmsSettlement(models.Model):
    _inherit = "oms.settlement"

    def _refund_credit_note(self, order, amount, invoice):
        """Override of `oms_base`: a refund a return already credited is
        that return's credit note, not a second one.

        The return's credit note still open on the receivable is taken,
        the one of the same amount first; the settlement books any
        difference as it does for an invoice.
        """
        candidates = (
            self.env["account.move"]
            .search(
                [
                    ("move_type", "=", "out_refund"),
                    ("state", "=", "posted"),
                    ("oms_return_id.sale_order_id", "=", order.id),
                    ("currency_id", "=", self.currency_id.id),
                ]
            )
            .filtered(lambda m: m.payment_state not in ("paid", "reversed"))
        )
        if candidates:
            same = candidates.filtered(
                lambda m: self.currency_id.is_zero(m.amount_total - amount)
            )
            return (same or candidates)[:1]
        # A known return of that amount, not credited yet: the settlement
        # says it is refunded, so its credit note (each product with its
        # taxes) is booked now rather than an untaxed one. sudo: accountants
        # read returns only, and the credit note is noted on the return.
        waiting = (
            self.env["oms.return"]
            .sudo()
            .search(
                [
                    ("sale_order_id", "=", order.id),
                    ("credit_note_id", "=", False),
                    ("currency_id", "=", self.currency_id.id),
                ]
            )
            .filtered(
                lambda r: self.currency_id.is_zero(
                    (r.refund_amount or sum(r.line_ids.mapped("refund_amount")))
                    - amount
                )
            )[:1]
        )
        if waiting:
            waiting._oms_create_credit_notes()
            if waiting.credit_note_id:
                return waiting.credit_note_id.with_env(self.env)
        return super()._refund_credit_note(order, amount, invoice)
