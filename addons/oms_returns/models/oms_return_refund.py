from odoo import Command, fields, models
from odoo.tools import float_is_zero


class OmsReturnRefund(models.AbstractModel):
    """The refund of a return (methods and fields of ``oms.return``).

    What the platform refunded becomes one credit note, linked to the order
    and its invoice. The settlement engine takes that credit note for the
    refund line of the same order instead of making a second one.
    """

    _name = "oms.return.refund"
    _description = "Marketplace Return: Refund"

    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="account.group_account_invoice,oms_base.group_oms_user",
    )
    credit_note_state = fields.Selection(related="credit_note_id.state")

    def _oms_order_invoice(self):
        self.ensure_one()
        return self.sale_order_id.invoice_ids.filtered(
            lambda i: i.move_type == "out_invoice" and i.state == "posted"
        )[:1]

    def _oms_create_credit_notes(self):
        """One posted credit note per refunded return.

        A credit note of the order that a settlement booked for the same
        amount before the return was known is taken over instead.
        """
        # Credit notes are the accountants'; the OMS user or the job that
        # saw the refund books it as the platform paid it.
        move_model_sudo = self.env["account.move"].sudo()
        # Credit notes a settlement booked before the returns were known.
        earlier_by_order = {}
        for move in move_model_sudo.search(
            [
                ("move_type", "=", "out_refund"),
                ("state", "=", "posted"),
                ("invoice_origin", "in", self.sale_order_id.mapped("name")),
                ("oms_return_id", "=", False),
            ]
        ):
            earlier_by_order.setdefault(move.invoice_origin, move_model_sudo)
            earlier_by_order[move.invoice_origin] |= move
        for ret in self:
            amount = ret.refund_amount or sum(ret.line_ids.mapped("refund_amount"))
            if float_is_zero(amount, precision_rounding=ret.currency_id.rounding):
                continue
            earlier = earlier_by_order.get(ret.sale_order_id.name, move_model_sudo)
            earlier = earlier.filtered(
                lambda m, ret=ret, amount=amount: (
                    not m.oms_return_id
                    and ret.currency_id.is_zero(m.amount_total - amount)
                )
            )[:1]
            if earlier:
                earlier.oms_return_id = ret
                ret.credit_note_id = earlier
                continue
            invoice = ret._oms_order_invoice()
            credit_note = move_model_sudo.create(
                ret._oms_credit_note_vals(amount, invoice)
            )
            credit_note.action_post()
            ret.credit_note_id = credit_note
            ret.message_post(
                body=self.env._("Credit note %s booked.", credit_note.name)
            )

    def _oms_credit_note_vals(self, amount, invoice):
        self.ensure_one()
        order = self.sale_order_id
        channel = self.channel_id
        account = (
            invoice.invoice_line_ids[:1].account_id or channel.oms_adjustment_account_id
        )
        return {
            "move_type": "out_refund",
            "partner_id": order.partner_invoice_id.id,
            "currency_id": self.currency_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": order.name,
            "reversed_entry_id": invoice.id or False,
            "ref": self.env._(
                "Marketplace refund %(order)s (return %(ret)s)",
                order=order.oms_external_id,
                ret=self.external_id,
            ),
            "oms_return_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Refund of %(order)s, return %(ret)s",
                            order=order.name,
                            ret=self.name,
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                        "account_id": account.id,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }
