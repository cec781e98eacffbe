import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import normalized

_logger = logging.getLogger(__name__)

# (field, account code, name, account type) of the defaults created per shop
DEFAULT_ACCOUNTS = [
    ("oms_commission_account_id", "OMS6101", "Marketplace commissions", "expense"),
    ("oms_payment_fee_account_id", "OMS6102", "Marketplace payment fees", "expense"),
    ("oms_shipping_account_id", "OMS6103", "Marketplace shipping fees", "expense"),
    ("oms_fee_tax_account_id", "OMS6104", "Tax on marketplace fees", "expense"),
    (
        "oms_affiliate_account_id",
        "OMS6105",
        "Marketplace affiliate commissions",
        "expense",
    ),
    ("oms_service_fee_account_id", "OMS6106", "Marketplace service fees", "expense"),
    ("oms_adjustment_account_id", "OMS6109", "Marketplace adjustments", "expense"),
]


class OmsChannel(models.Model):
    _inherit = "oms.channel"

    oms_settlement_journal_id = fields.Many2one(
        "account.journal",
        string="Settlement Journal",
        check_company=True,
        domain=[("type", "=", "general")],
        help="Journal of the entries that book marketplace payouts.",
    )
    oms_commission_account_id = fields.Many2one(
        "account.account", string="Commission Account", check_company=True
    )
    oms_payment_fee_account_id = fields.Many2one(
        "account.account", string="Payment Fee Account", check_company=True
    )
    oms_affiliate_account_id = fields.Many2one(
        "account.account",
        string="Affiliate Commission Account",
        check_company=True,
        help="What creators and affiliate partners earn on the orders they "
        "brought, kept by the marketplace for them.",
    )
    oms_service_fee_account_id = fields.Many2one(
        "account.account",
        string="Service Fee Account",
        check_company=True,
        help="Fees of the marketplace's programmes the shop takes part in "
        "(free shipping, cashback, campaigns, mall).",
    )
    oms_shipping_account_id = fields.Many2one(
        "account.account", string="Shipping Fee Account", check_company=True
    )
    oms_fee_tax_account_id = fields.Many2one(
        "account.account", string="Tax on Fees Account", check_company=True
    )
    oms_adjustment_account_id = fields.Many2one(
        "account.account",
        string="Adjustment Account",
        check_company=True,
        help="Adjustments, vouchers left unexplained and differences.",
    )
    oms_commission_rate = fields.Float(
        string="Expected Commission (%)", help="0 disables the check."
    )
    oms_payment_fee_rate = fields.Float(
        string="Expected Payment Fee (%)", help="0 disables the check."
    )
    oms_fee_tolerance = fields.Float(
        string="Fee Tolerance (points)",
        default=0.05,
        help="A fee further from its expected amount than these points of "
        "its base, plus the tolerance amount, is a discrepancy.",
    )
    oms_fee_tolerance_amount = fields.Float(
        string="Fee Tolerance (amount)",
        default=0.01,
        help="Added to the points' tolerance, in the statement's currency "
        "(never less than the currency's rounding): the platform rounds "
        "each fee.",
    )
    oms_settlement_overdue_days = fields.Integer(
        string="Settlement Overdue (days)",
        default=14,
        help="Orders shipped longer ago and never settled are listed.",
    )
    oms_settlement_count = fields.Integer(
        compute="_compute_oms_settlement_count",
        groups="account.group_account_invoice,oms_base.group_oms_manager",
    )

    def _compute_oms_settlement_count(self):
        counts = dict(
            self.env["oms.settlement"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.oms_settlement_count = counts.get(channel, 0)

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._oms_setup_accounting()
        return channels

    def _oms_setup_accounting(self):
        """Give shops a clearing journal and fee accounts if they have none.

        Skipped (with a note) for a company without a chart of accounts.
        """
        Account = self.env["account.account"].sudo()
        for channel in self:
            company = channel.company_id
            if not company.chart_template:
                continue
            # Accounting setup is admin data; shop managers trigger it.
            vals = {}
            for field, code, name, account_type in DEFAULT_ACCOUNTS:
                if channel[field]:
                    continue
                account = Account.with_company(company).search(
                    [("code", "=", code), ("company_ids", "in", company.ids)], limit=1
                )
                if not account:
                    account = Account.create(
                        {
                            "code": code,
                            "name": name,
                            "account_type": account_type,
                            "company_ids": [(6, 0, company.ids)],
                        }
                    )
                vals[field] = account.id
            if not channel.oms_settlement_journal_id:
                journal = self.env["account.journal"].sudo().search(
                    [("code", "=", "OMSCL"), ("company_id", "=", company.id)], limit=1
                ) or self.env["account.journal"].sudo().create(
                    {
                        "name": _("Marketplace Settlements"),
                        "code": "OMSCL",
                        "type": "general",
                        "company_id": company.id,
                    }
                )
                vals["oms_settlement_journal_id"] = journal.id
            if not channel.marketplace_partner_id:
                vals["marketplace_partner_id"] = (
                    self.env["res.partner"]
                    .sudo()
                    .create({"name": channel.name, "is_company": True})
                    .id
                )
            if vals:
                channel.write(vals)

    def _oms_check_accounting(self):
        self.ensure_one()
        missing = [
            self._fields[name].string
            for name in [f for f, *_rest in DEFAULT_ACCOUNTS]
            + ["oms_settlement_journal_id", "marketplace_partner_id"]
            if not self[name]
        ]
        if missing:
            raise UserError(
                _(
                    "Configure the accounting of shop %(shop)s first: %(fields)s",
                    shop=self.display_name,
                    fields=", ".join(missing),
                )
            )

    def _oms_process_settlement(self, event):
        """Import a stored statement (``finance`` event) into ``oms.settlement``."""
        statement = normalized.Settlement.from_payload(event._get_payload())
        settlement = self.env["oms.settlement"]._import_settlement(self, statement)
        return self.env._(
            "Settlement %(name)s: %(count)s line(s), %(issues)s discrepancy(ies)",
            name=settlement.name,
            count=len(settlement.line_ids),
            issues=settlement.discrepancy_count,
        )

    def action_view_settlements(self):
        return self._action_view("oms_base.action_oms_settlement")

    def action_view_unsettled_orders(self):
        self.ensure_one()
        orders = self.env["oms.settlement"]._unsettled_orders(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_base.action_oms_sale_order"
        )
        action["domain"] = [("id", "in", orders.ids)]
        action["name"] = _("Shipped, not settled")
        return action
