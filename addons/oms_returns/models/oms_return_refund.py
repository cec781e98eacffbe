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
            # the invoice lines are read for their prices and taxes, as
            # the credit note is booked (see above)
            ret_sudo = ret.sudo()
            invoice = ret_sudo._oms_order_invoice()
            credit_note = move_model_sudo.create(
                ret_sudo._oms_credit_note_vals(amount, invoice)
            )
            ret_sudo._oms_balance_credit_note(credit_note, amount, invoice)
            credit_note.action_post()
            ret.credit_note_id = credit_note
            ret.message_post(
                body=self.env._("Credit note %s booked.", credit_note.name)
            )

    def _oms_credit_note_vals(self, amount, invoice):
        """The credit note of ``amount``: the returned products at the
        price, discount, taxes and account of their invoice lines (the
        order's lines when it has no invoice), scaled down to a partial
        refund; a return of nothing known is one untaxed line."""
        self.ensure_one()
        order = self.sale_order_id
        lines = self._oms_credit_note_product_lines(invoice)
        if not lines:
            lines = [self._oms_refund_difference_vals(amount, invoice)]
        else:
            total = sum(vals.pop("oms_total") for vals in lines)
            if self.currency_id.compare_amounts(amount, total) < 0 and total:
                # a partial refund keeps each product's taxes, in proportion
                for vals in lines:
                    vals["price_unit"] *= amount / total
        return {
            "move_type": "out_refund",
            "partner_id": order.partner_invoice_id.id,
            "currency_id": self.currency_id.id,
            "company_id": self.company_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": order.name,
            "reversed_entry_id": invoice.id or False,
            "fiscal_position_id": (
                invoice.fiscal_position_id or order.fiscal_position_id
            ).id,
            "ref": self.env._(
                "Marketplace refund %(order)s (return %(ret)s)",
                order=order.oms_external_id,
                ret=self.external_id,
            ),
            "oms_return_id": self.id,
            "invoice_line_ids": [Command.create(vals) for vals in lines],
        }

    def _oms_credit_note_product_lines(self, invoice):
        """Credit note line values of the returned products, each with
        ``oms_total``, what the buyer paid for the returned units."""
        self.ensure_one()
        vals_list = []
        for line in self.line_ids.filtered(lambda li: li.sale_line_id and li.quantity):
            sale_line = line.sale_line_id
            invoice_line = sale_line.invoice_lines.filtered(
                lambda il, invoice=invoice: (
                    il.move_id == invoice and il.display_type == "product"
                )
            )[:1]
            source = invoice_line or sale_line
            taxes = invoice_line.tax_ids if invoice_line else sale_line.tax_id
            vals = {
                "product_id": line.product_id.id,
                "name": self.env._(
                    "%(product)s (return %(ret)s)",
                    product=(invoice_line.name or sale_line.name),
                    ret=self.name,
                ),
                "quantity": line.quantity,
                "product_uom_id": (
                    invoice_line.product_uom_id or sale_line.product_uom
                ).id,
                "price_unit": source.price_unit,
                "discount": source.discount,
                "tax_ids": [Command.set(taxes.ids)],
            }
            if invoice_line:
                vals["account_id"] = invoice_line.account_id.id
            # what the buyer paid for these units, taxes included
            vals["oms_total"] = taxes.compute_all(
                source.price_unit * (1 - (source.discount or 0.0) / 100.0),
                currency=self.currency_id,
                quantity=line.quantity,
                product=line.product_id,
                partner=self.sale_order_id.partner_invoice_id,
            )["total_included"]
            vals_list.append(vals)
        return vals_list

    def _oms_refund_difference_vals(self, amount, invoice):
        """An untaxed credit note line of ``amount``: what the platform
        refunded beyond the products (shipping), or all of it when no
        product is known."""
        self.ensure_one()
        account = (
            invoice.invoice_line_ids[:1].account_id
            or self.channel_id.oms_adjustment_account_id
        )
        return {
            "name": self.env._(
                "Refund of %(order)s, return %(ret)s",
                order=self.sale_order_id.name,
                ret=self.name,
            ),
            "quantity": 1,
            "price_unit": amount,
            "account_id": account.id,
            "tax_ids": [Command.clear()],
        }

    def _oms_balance_credit_note(self, credit_note, amount, invoice):
        """Make the draft ``credit_note`` total exactly ``amount`` (what the
        settlement's refund line then reconciles): a refund beyond the
        products, or the cent a proportion rounds away, is one untaxed
        line."""
        self.ensure_one()
        difference = amount - credit_note.amount_total
        if self.currency_id.is_zero(difference):
            return
        credit_note.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        self._oms_refund_difference_vals(difference, invoice)
                    )
                ]
            }
        )

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }
