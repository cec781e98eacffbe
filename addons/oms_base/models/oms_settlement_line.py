from odoo import api, fields, models

LINE_KINDS = [
    ("sale", "Product Sale"),
    ("shipping_buyer", "Shipping Charged to Buyer"),
    ("commission", "Commission"),
    ("payment_fee", "Payment / Transaction Fee"),
    ("affiliate", "Affiliate / Creator Commission"),
    ("service_fee", "Programme Service Fee"),
    ("shipping_seller", "Shipping Fee Paid by Seller"),
    ("voucher_platform", "Platform-Funded Voucher"),
    ("voucher_seller", "Seller-Funded Voucher"),
    ("refund", "Refund"),
    ("adjustment", "Adjustment"),
    ("tax_on_fees", "Tax on Fees"),
]
# What the buyer's invoice explains (the order's own amounts)...
ORDER_KINDS = ("sale", "shipping_buyer", "voucher_seller", "voucher_platform")
# ...and what the marketplace keeps, each booked to its own account.
FEE_KINDS = (
    "commission",
    "payment_fee",
    "affiliate",
    "service_fee",
    "shipping_seller",
    "tax_on_fees",
    "adjustment",
)
# Why a statement or one of its lines does not add up: set by the checks
# (with their note) or by the accountant, and reported on.
DISCREPANCY_REASONS = [
    ("wrong_fee", "Wrong Fee"),
    ("unknown_order", "Unknown Order"),
    ("order_amount", "Order Amount Differs"),
    ("invoice", "Invoice Not Paid as Due"),
    ("payout_differs", "Payout Differs from Lines"),
    ("changed", "Changed after Posting"),
    ("unsettled_order", "Delivered Order Not Settled"),
    ("bank_amount", "Bank Amount Off"),
    ("other", "Other"),
]


class OmsSettlementLine(models.Model):
    """One transaction of a marketplace statement, signed for the seller.

    Positive amounts are money paid to the seller, negative ones money the
    marketplace keeps (fees) or gives back (refunds).
    """

    _name = "oms.settlement.line"
    _description = "Marketplace Settlement Line"
    _order = "settlement_id, external_order_ref, id"

    settlement_id = fields.Many2one(
        "oms.settlement", required=True, index=True, ondelete="cascade"
    )
    channel_id = fields.Many2one(
        related="settlement_id.channel_id", store=True, index=True, string="Shop"
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True)
    currency_id = fields.Many2one(related="settlement_id.currency_id", store=True)
    date = fields.Date()
    month = fields.Date(related="settlement_id.payout_date", store=True)
    sale_order_id = fields.Many2one("sale.order", index="btree_not_null")
    external_order_ref = fields.Char(string="Marketplace Order", index=True)
    kind = fields.Selection(LINE_KINDS, required=True, index=True)
    amount = fields.Monetary(required=True)
    # Shops settle in their own currencies: reports sum this one.
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    amount_company = fields.Monetary(
        string="Amount (Company Currency)",
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
    )
    fee_base = fields.Monetary(
        help="What the platform says it charged this fee on (Shopee: the "
        "buyer's total); empty when it does not say.",
    )
    transaction_ref = fields.Char(string="Transaction", index=True)
    label = fields.Char()
    discrepancy = fields.Char(readonly=True)
    discrepancy_reason = fields.Selection(
        DISCREPANCY_REASONS,
        index=True,
        help="Why this line does not add up: set by the check that flagged "
        "it, or by the accountant.",
    )
    discrepancy_note = fields.Char(help="The accountant's note on the discrepancy.")

    _sql_constraints = [
        (
            "transaction_uniq",
            "unique(settlement_id, transaction_ref)",
            "A transaction appears once per settlement.",
        ),
    ]

    @api.depends("amount", "currency_id", "date", "month", "company_id")
    def _compute_amount_company(self):
        rates = {}
        for line in self:
            company = line.company_id or self.env.company
            date = line.date or line.month or fields.Date.context_today(line)
            key = (line.currency_id, company, date)
            if key not in rates:
                rates[key] = self.env["res.currency"]._get_conversion_rate(
                    line.currency_id or company.currency_id,
                    company.currency_id,
                    company,
                    date,
                )
            line.amount_company = company.currency_id.round(line.amount * rates[key])
