"""TikTok Shop statements -> ``normalized.Settlement``.

A TikTok statement is one day's payout (generated at 00:00 UTC); its
transactions are orders (with revenue, shipping cost and fee/tax
breakdowns), adjustments (TikTok's policies, each its own ``type``) and
reserve movements. Every amount of a breakdown that contributes to the
settlement becomes one settlement line of a neutral kind, signed for the
seller as TikTok signs it. What a breakdown does not explain (a field
TikTok added, a missing breakdown) becomes a line too, so that an order's
lines always add up to its ``settlement_amount`` and a statement's to its
``settlement_amount``: nothing is dropped, nothing is guessed twice.
"""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from odoo.addons.oms_base import normalized

# revenue_breakdown: what the buyer bought, and gave back
REVENUE_LINES = {
    "subtotal_before_discount_amount": ("sale", "Gross sales"),
    "seller_discount_amount": ("voucher_seller", "Seller discount"),
    # what the buyer got back is the price less the seller's discount
    "refund_subtotal_before_discount_amount": ("refund", "Gross sales refund"),
    "seller_discount_refund_amount": ("refund", "Seller discount refunded"),
    "cod_service_fee_amount": ("shipping_buyer", "COD service fee paid by the buyer"),
    "refund_cod_service_fee_amount": ("refund", "COD service fee refunded"),
}
# shipping_cost_breakdown (its supplementary_component explains, it does not add)
SHIPPING_LINES = {
    "customer_paid_shipping_fee_amount": (
        "shipping_buyer",
        "Shipping paid by the buyer",
    ),
    "actual_shipping_fee_amount": ("shipping_seller", "Actual shipping fee"),
    "shipping_fee_discount_amount": ("shipping_seller", "TikTok shipping subsidy"),
    "return_shipping_fee_amount": ("shipping_seller", "Return shipping fee"),
    "replacement_shipping_fee_amount": (
        "shipping_seller",
        "Replacement shipping fee",
    ),
    "exchange_shipping_fee_amount": ("shipping_seller", "Exchange shipping fee"),
    "signature_confirmation_fee_amount": (
        "shipping_seller",
        "Signature confirmation fee",
    ),
    "shipping_insurance_fee_amount": ("shipping_seller", "Shipping insurance fee"),
    "fbt_fulfillment_fee_reimbursement_amount": (
        "shipping_seller",
        "FBT fulfilment fee reimbursement",
    ),
    "return_shipping_label_fee_amount": (
        "shipping_seller",
        "Return label fee paid by the buyer",
    ),
    "seller_self_shipping_service_fee_amount": (
        "shipping_seller",
        "Own-carrier service fee",
    ),
    "return_shipping_fee_paid_buyer_amount": (
        "shipping_seller",
        "Return shipping reimbursed to the buyer",
    ),
    "failed_delivery_subsidy_amount": ("shipping_seller", "Failed delivery subsidy"),
    "shipping_fee_guarantee_reimbursement": (
        "shipping_seller",
        "Shipping fee guarantee reimbursement",
    ),
    "fbt_free_shipping_fee_amount": ("shipping_seller", "FBT free shipping fee"),
    "free_return_subsidy_amount": ("shipping_seller", "Free return subsidy"),
}
# fee_tax_breakdown.fee: what TikTok keeps for selling (charged at a rate
# on the revenue, checked against the shop's expected commission)...
_COMMISSIONS = (
    "platform_commission_amount",
    "referral_fee_amount",
    "refund_administration_fee_amount",
    "dynamic_commission_amount",
)
# ...what it keeps for the creators and affiliate partners who brought the
# order (their rate is the seller's deal with them, not TikTok's)...
_AFFILIATE_FEES = (
    "affiliate_commission_amount",
    "affiliate_partner_commission_amount",
    "affiliate_ads_commission_amount",
    "affiliate_commission_deposit",
    "affiliate_commission_release",
    "tap_shop_ads_commission",
    "cofunded_creator_bonus_amount",
    "external_affiliate_marketing_fee_amount",
)
# ...and for the programmes and services the shop takes part in.
_SERVICE_FEES = (
    "tsp_commission_amount",
    "sfp_service_fee_amount",
    "live_specials_fee_amount",
    "bonus_cashback_service_fee_amount",
    "mall_service_fee_amount",
    "voucher_xtra_service_fee_amount",
    "flash_sales_service_fee_amount",
    "cofunded_promotion_service_fee_amount",
    "pre_order_service_fee_amount",
    "campaign_resource_fee",
    "fee_per_item_sold_amount",
    "vn_fix_infrastructure_fee",
    "shipping_fee_guarantee_service_fee",
    "installation_service_fee",
    "epr_pob_service_fee_amount",
)
_PAYMENT_FEES = (
    "transaction_fee_amount",
    "credit_card_handling_fee_amount",
    "seller_paylater_handling_fee_amount",
    "dt_handling_fee_amount",
)
_TAXES = (
    "vat_amount",
    "import_vat_amount",
    "customs_duty_amount",
    "customs_clearance_amount",
    "sst_amount",
    "gst_amount",
    "iva_amount",
    "isr_amount",
    "anti_dumping_duty_amount",
    "local_vat_amount",
    "pit_amount",
)
# Reported for reference, already inside another amount: never a line.
ASIDE = {
    # affiliate_commission_amount + tax.pit_amount
    "affiliate_commission_amount_before_pit",
}


def _label(field):
    words = field.removesuffix("_amount").replace("_", " ")
    return words[:1].upper() + words[1:]


FEE_LINES = {
    **{field: ("commission", _label(field)) for field in _COMMISSIONS},
    **{field: ("affiliate", _label(field)) for field in _AFFILIATE_FEES},
    **{field: ("service_fee", _label(field)) for field in _SERVICE_FEES},
    **{field: ("payment_fee", _label(field)) for field in _PAYMENT_FEES},
}
TAX_LINES = {field: ("tax_on_fees", _label(field)) for field in _TAXES}

# Adjustment transactions (``type`` other than ORDER and RESERVE)
ADJUSTMENT_KINDS = {
    "PLATFORM_COMMISSION_ADJUSTMENT": "commission",
    "PLATFORM_COMMISSION_COMPENSATION": "commission",
    "REBATE": "commission",
    "COFUNDED_CREATOR_REWARDS": "affiliate",
    "SHIPPING_FEE_ADJUSTMENT": "shipping_seller",
    "SHIPPING_FEE_COMPENSATION": "shipping_seller",
    "SHIPPING_FEE_REBATE": "shipping_seller",
    "SAMPLE_SHIPPING_FEE": "shipping_seller",
    "FBT_WAREHOUSE_SERVICE_FEE": "shipping_seller",
}
# The rest (chargebacks, compensations, reimbursements, penalties, ads paid
# with GMV, negative balance bills, OTHER_ADJUSTMENT, types TikTok adds) go
# to the adjustment account, labelled with TikTok's type.
DEFAULT_ADJUSTMENT_KIND = "adjustment"

# What a component's breakdown leaves unexplained is booked as its kind.
COMPONENTS = (
    ("revenue_amount", "revenue_breakdown", (REVENUE_LINES,), "sale"),
    (
        "shipping_cost_amount",
        "shipping_cost_breakdown",
        (SHIPPING_LINES,),
        "shipping_seller",
    ),
    ("fee_tax_amount", "fee_tax_breakdown", (FEE_LINES, TAX_LINES), "commission"),
)
ZERO = Decimal(0)


def amount(value):
    """A TikTok amount string (``"-12.30"``, ``""``, ``None``) as a Decimal."""
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return ZERO


def statement_date(timestamp):
    """The UTC day of a statement (TikTok generates them at 00:00 UTC)."""
    return datetime.fromtimestamp(int(timestamp or 0), UTC).date()


def _amount_fields(breakdown):
    """``{field: Decimal}`` of a breakdown's own amounts, nested fee/tax
    objects flattened, supplementary components left out."""
    found = {}
    for key, value in (breakdown or {}).items():
        if key == "supplementary_component":
            continue
        if isinstance(value, dict):
            found.update(_amount_fields(value))
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            found[key] = amount(value)
    return found


def _order_lines(tx):
    """Lines of an ORDER transaction, adding up to its settlement_amount."""
    order_id = str(tx.get("order_id") or "")
    tx_id = str(tx.get("id") or order_id)
    lines = []

    def add(kind, value, ref, label):
        if value:
            lines.append(
                {
                    "external_order_ref": order_id,
                    "kind": kind,
                    "amount": value,
                    "transaction_ref": f"{tx_id}:{ref}",
                    "label": label,
                }
            )

    for total_field, breakdown_field, tables, rest_kind in COMPONENTS:
        known = {}
        for table in tables:
            known.update(table)
        explained = ZERO
        for field, value in _amount_fields(tx.get(breakdown_field)).items():
            if field in ASIDE:
                continue
            kind, label = known.get(field, (rest_kind, _label(field)))
            add(kind, value, field, label)
            explained += value
        add(
            rest_kind,
            amount(tx.get(total_field)) - explained,
            f"{total_field}:rest",
            f"{_label(total_field)} not detailed by TikTok",
        )
    add(
        DEFAULT_ADJUSTMENT_KIND,
        amount(tx.get("adjustment_amount")),
        "adjustment_amount",
        "TikTok adjustment",
    )
    booked = sum((line["amount"] for line in lines), ZERO)
    add(
        DEFAULT_ADJUSTMENT_KIND,
        amount(tx.get("settlement_amount")) - booked,
        "settlement_amount:rest",
        "Settlement not explained by its amounts",
    )
    # TikTok charges its commission on the revenue (net of the seller's
    # discounts), its payment fees on the revenue plus the buyer's shipping
    revenue = amount(tx.get("revenue_amount"))
    shipping = (tx.get("shipping_cost_breakdown") or {}).get(
        "customer_paid_shipping_fee_amount"
    )
    bases = {"commission": revenue, "payment_fee": revenue + amount(shipping)}
    for line in lines:
        if bases.get(line["kind"], ZERO) > 0:
            line["fee_base"] = bases[line["kind"]]
    return lines


def _adjustment_lines(tx):
    kind_name = str(tx.get("type") or "OTHER_ADJUSTMENT")
    value = (
        amount(tx["settlement_amount"])
        if tx.get("settlement_amount") not in (None, "")
        else amount(tx.get("adjustment_amount"))
    )
    if not value:
        return []
    return [
        {
            "external_order_ref": str(
                tx.get("adjustment_order_id") or tx.get("order_id") or ""
            ),
            "kind": ADJUSTMENT_KINDS.get(kind_name, DEFAULT_ADJUSTMENT_KIND),
            "amount": value,
            "transaction_ref": f"{tx.get('adjustment_id') or tx.get('id')}:{kind_name}",
            "label": f"TikTok adjustment {kind_name}",
        }
    ]


def _reserve_lines(tx):
    """A reserve withheld (negative) or released (positive): part of what
    is paid out, not of the settlement amount."""
    lines = []
    settled = amount(tx.get("settlement_amount"))
    if settled:
        lines.append(
            {
                "external_order_ref": str(tx.get("associated_order_id") or ""),
                "kind": DEFAULT_ADJUSTMENT_KIND,
                "amount": settled,
                "transaction_ref": f"{tx.get('id')}:settlement_amount",
                "label": "TikTok reserve transaction",
            }
        )
    reserve = amount(tx.get("reserve_amount"))
    status = str(tx.get("reserve_status") or "").lower()
    if reserve:
        lines.append(
            {
                "external_order_ref": str(tx.get("associated_order_id") or ""),
                "kind": DEFAULT_ADJUSTMENT_KIND,
                "amount": reserve,
                "transaction_ref": f"{tx.get('reserve_id') or tx.get('id')}:reserve",
                "label": f"TikTok reserve {status}".strip(),
                "reserve": True,
            }
        )
    return lines


def transaction_lines(tx):
    """Settlement lines (Decimal amounts) of one statement transaction."""
    kind = str(tx.get("type") or "ORDER")
    if kind == "ORDER":
        return _order_lines(tx)
    if kind == "RESERVE":
        return _reserve_lines(tx)
    return _adjustment_lines(tx)


def map_statement(statement, transactions):
    """One statement (an entry of Get Statements) and its transactions ->
    a ``normalized.Settlement``.

    The payout is the statement's settlement amount plus the reserves
    released or withheld in it (TikTok's payable amount); the lines add up
    to it when TikTok's transactions add up to its statement.
    """
    day = statement_date(statement.get("statement_time"))
    lines = []
    for tx in transactions:
        lines.extend(transaction_lines(tx))
    reserves = sum((line["amount"] for line in lines if line.get("reserve")), ZERO)
    return normalized.Settlement(
        reference=f"TIKTOK-{statement['id']}",
        currency=statement.get("currency") or "",
        date_from=day,
        date_to=day,
        payout_date=day,
        payout_amount=float(amount(statement.get("settlement_amount")) + reserves),
        payout_reference=str(statement.get("payment_id") or ""),
        # a paid statement no longer changes
        closed=statement.get("payment_status") == "PAID",
        lines=[
            normalized.SettlementLine(
                transaction_ref=line["transaction_ref"],
                kind=line["kind"],
                amount=float(line["amount"]),
                external_order_ref=line["external_order_ref"],
                date=day,
                label=line["label"],
                fee_base=float(line.get("fee_base") or 0.0),
            )
            for line in lines
        ],
    )


def map_settlements(raw):
    """``[{"statement": ..., "transactions": [...]}]`` (what the channel
    fetches) -> ``normalized.Settlement``, one per statement."""
    return [
        map_statement(entry["statement"], entry.get("transactions") or [])
        for entry in raw or []
    ]
