"""Shopee escrow (the income of each released order) -> settlements, one
per day of released escrow."""

from datetime import datetime, timedelta, timezone

from odoo.addons.oms_base import normalized

from .mapping import amount

# Each order income field, with the sign it has in Shopee's escrow formula,
# becomes a settlement line of one kind: an order's lines add up to its
# escrow_amount, and a statement's lines to its payout.
ESCROW_LINES = (
    ("original_cost_of_goods_sold", 1, "sale", "Product price"),
    ("original_shopee_discount", -1, "voucher_platform", "Shopee discount"),
    ("shopee_discount", 1, "voucher_platform", "Shopee discount"),
    ("seller_return_refund", 1, "refund", "Refund to the buyer"),
    ("voucher_from_seller", -1, "voucher_seller", "Seller voucher"),
    ("seller_coin_cash_back", -1, "voucher_seller", "Seller coin cashback"),
    ("buyer_paid_shipping_fee", 1, "shipping_buyer", "Shipping paid by the buyer"),
    ("actual_shipping_fee", -1, "shipping_seller", "Actual shipping fee"),
    # Odoo invoices the estimated shipping; what the buyer did not pay of
    # it, Shopee does: platform-funded, like a voucher.
    ("shopee_shipping_rebate", 1, "voucher_platform", "Shopee shipping rebate"),
    ("shipping_fee_discount_from_3pl", 1, "shipping_seller", "3PL shipping discount"),
    ("reverse_shipping_fee", -1, "shipping_seller", "Reverse shipping fee"),
    (
        "rsf_seller_protection_fee_claim_amount",
        1,
        "shipping_seller",
        "Reverse shipping fee claim",
    ),
    (
        "final_return_to_seller_shipping_fee",
        -1,
        "shipping_seller",
        "Return to seller shipping fee",
    ),
    ("seller_transaction_fee", -1, "payment_fee", "Transaction fee"),
    ("service_fee", -1, "service_fee", "Service fee"),
    ("commission_fee", -1, "commission", "Commission fee"),
    ("campaign_fee", -1, "service_fee", "Campaign fee"),
    ("order_ams_commission_fee", -1, "affiliate", "Affiliate commission"),
    (
        "shipping_seller_protection_fee_amount",
        -1,
        "adjustment",
        "Shipping seller protection fee",
    ),
    (
        "delivery_seller_protection_fee_premium_amount",
        -1,
        "adjustment",
        "Delivery seller protection premium",
    ),
    ("final_escrow_product_gst", -1, "tax_on_fees", "Product GST"),
    ("escrow_tax", -1, "tax_on_fees", "Escrow tax"),
    ("sales_tax_on_lvg", -1, "tax_on_fees", "Sales tax on low value goods"),
    ("reverse_shipping_fee_sst", -1, "tax_on_fees", "SST on reverse shipping fee"),
    ("shipping_fee_sst", -1, "tax_on_fees", "SST on shipping fee"),
    ("withholding_tax", -1, "tax_on_fees", "Withholding tax"),
    ("overseas_return_service_fee", -1, "adjustment", "Overseas return service fee"),
    ("vat_on_imported_goods", -1, "tax_on_fees", "VAT on imported goods"),
    ("withholding_vat_tax", -1, "tax_on_fees", "Withholding VAT"),
    ("withholding_pit_tax", -1, "tax_on_fees", "Withholding PIT"),
    ("seller_order_processing_fee", -1, "adjustment", "Order processing fee"),
    ("buyer_paid_packaging_fee", 1, "adjustment", "Packaging paid by the buyer"),
    # "the discount provided by Seller for buyers who opt for trade-in"
    ("trade_in_bonus_by_seller", -1, "voucher_seller", "Seller trade-in bonus"),
    ("fbs_fee", -1, "adjustment", "Fulfilled by Shopee fee"),
)
REGION_CURRENCY = {
    "MY": "MYR",
    "SG": "SGD",
    "TH": "THB",
    "PH": "PHP",
    "VN": "VND",
    "ID": "IDR",
}
# Shopee releases escrow by the region's calendar day.
REGION_UTC_OFFSET = {"TH": 7, "VN": 7, "ID": 7}


def region_tz(region):
    """The region's fixed UTC offset (UTC+8 unless listed)."""
    return timezone(timedelta(hours=REGION_UTC_OFFSET.get(region, 8)))


def release_window(date_from, date_to, region=""):
    """Aware datetimes spanning whole region days, ``date_from`` to the day
    after ``date_to``: each statement day is fetched complete (never cut at
    UTC midnight), and the region's "today" is included when the caller's
    calendar is a day behind."""
    tz = region_tz(region)
    start = datetime.combine(date_from, datetime.min.time(), tz)
    end = datetime.combine(date_to + timedelta(days=2), datetime.min.time(), tz)
    return start, end - timedelta(seconds=1)


def _escrow_lines(entry):
    """Settlement lines of one released order (an escrow list entry merged
    with its ``get_escrow_detail_batch`` result)."""
    order_sn = str(entry.get("order_sn") or "")
    detail = entry.get("escrow_detail") or {}
    income = detail.get("order_income")
    if not income:
        # Shopee released money but would not detail it: keep the amount.
        return [
            normalized.SettlementLine(
                transaction_ref=f"{order_sn}:payout",
                kind="adjustment",
                amount=amount(entry.get("payout_amount")),
                external_order_ref=order_sn,
                label="Escrow without detail: "
                + str(entry.get("fail_message") or entry.get("fail_error") or ""),
            )
        ]
    fields = [(f, sign, kind, label) for f, sign, kind, label in ESCROW_LINES]
    fields.append(("total_adjustment_amount", 1, "adjustment", "Shopee adjustment"))
    # Shopee charges its transaction fee on what the buyer paid
    buyer_total = amount(
        income.get("buyer_total_amount")
        or (detail.get("buyer_payment_info") or {}).get("buyer_total_amount")
    )
    lines = []
    for field, sign, kind, label in fields:
        value = round(sign * amount(income.get(field)), 2)
        if value:
            lines.append(
                normalized.SettlementLine(
                    transaction_ref=f"{order_sn}:{field}",
                    kind=kind,
                    amount=value,
                    external_order_ref=order_sn,
                    label=label,
                    fee_base=buyer_total if kind == "payment_fee" else 0.0,
                )
            )
    return lines


def map_settlements(entries, region="", shop_id=""):
    """Released escrows -> one ``normalized.Settlement`` per release day."""
    offset = region_tz(region)
    by_day = {}
    for entry in entries or []:
        released = entry.get("escrow_release_time")
        if not released:
            continue
        day = datetime.fromtimestamp(int(released), offset).date()
        by_day.setdefault(day, []).append(entry)
    settlements = []
    for day, day_entries in sorted(by_day.items()):
        lines = []
        for entry in day_entries:
            for line in _escrow_lines(entry):
                line.date = day
                lines.append(line)
        settlements.append(
            normalized.Settlement(
                reference=f"SHOPEE-{region or '-'} {shop_id} {day.isoformat()}",
                currency=REGION_CURRENCY.get(region, ""),
                date_from=day,
                date_to=day,
                payout_date=day,
                payout_amount=round(sum(map(_payout, day_entries)), 2),
                lines=lines,
            )
        )
    return settlements


def _payout(entry):
    """What Shopee says it paid out for one order."""
    if entry.get("payout_amount") is not None:
        return amount(entry["payout_amount"])
    income = (entry.get("escrow_detail") or {}).get("order_income") or {}
    return amount(income.get("escrow_amount_after_adjustment"))
