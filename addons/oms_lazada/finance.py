"""Lazada transaction details -> settlements, one per weekly statement."""

from datetime import datetime

from odoo.addons.oms_base import normalized

from .mapping import VENTURE_CURRENCY, amount

# Lazada fee types (finance/transaction/details/get) -> settlement line kinds
FEE_KINDS = {
    13: "sale",
    14: "refund",
    8: "shipping_buyer",
    16: "commission",
    15: "commission",
    3: "payment_fee",
    4: "payment_fee",
    135: "payment_fee",
    7: "shipping_seller",
    21: "shipping_seller",
    26: "shipping_seller",
    200: "shipping_seller",
    117: "voucher_seller",
    118: "voucher_seller",
    119: "voucher_seller",
    121: "voucher_seller",
    202: "voucher_seller",
    # seller promotions (flexi-combo) and the reversals of seller promotions
    120: "voucher_seller",
    122: "voucher_seller",
    203: "voucher_seller",
    209: "voucher_seller",
    210: "voucher_seller",
    289: "voucher_seller",
    59: "voucher_platform",
    # what the affiliates who brought the order earn (Sponsored Affiliates),
    # and its refunds and claims
    239: "affiliate",
    240: "affiliate",
    261: "affiliate",
    # the programmes the shop takes part in: Free Shipping Max, LazCoins
    # (LCP), campaigns; and their reversals and adjustments
    298: "service_fee",
    299: "service_fee",
    304: "service_fee",
    305: "service_fee",
    343: "service_fee",
    344: "service_fee",
}


def _statement_dates(statement):
    """``"11 May 2016 - 17 May 2016"`` -> (date, date); None when unparsable."""
    try:
        start, end = (part.strip() for part in statement.split(" - "))
        return (
            datetime.strptime(start, "%d %b %Y").date(),
            datetime.strptime(end, "%d %b %Y").date(),
        )
    except (AttributeError, ValueError):
        return None, None


# (payout, statement number, paid) of a statement Lazada gives no figure for
NO_PAYOUT = (0.0, "", False)


def _payout_figures(payouts):
    """GetPayoutStatus entries -> ``{first day of the statement: payout}``.

    Lazada gives the payout as ``"123.45 SGD"``; a statement is known by
    the day it opened (``created_at``), as its transactions name it.
    """
    figures = {}
    for entry in payouts or []:
        try:
            day = datetime.strptime(str(entry.get("created_at"))[:10], "%Y-%m-%d")
        except ValueError:
            continue
        figure = str(entry.get("payout") or "").split()
        if figure:
            figures[day.date()] = (
                amount(figure[0]),
                str(entry.get("statement_number") or ""),
                str(entry.get("paid")) == "1",
            )
    return figures


def map_settlements(rows, venture="sg", payouts=None):
    """Transaction rows -> one ``normalized.Settlement`` per Lazada statement.

    With ``payouts`` (GetPayoutStatus entries), each statement's payout is
    Lazada's own figure, so a payout that differs from its transactions is
    a discrepancy; a statement Lazada gives no figure for is paid nothing
    yet (``payout_amount`` 0). Without, the payout is the sum of the rows.
    """
    figures = _payout_figures(payouts) if payouts is not None else None
    by_statement = {}
    for row in rows or []:
        by_statement.setdefault(row.get("statement") or "", []).append(row)
    settlements = []
    for statement, statement_rows in by_statement.items():
        date_from, date_to = _statement_dates(statement)
        lines = []
        for row in statement_rows:
            try:
                fee_type = int(row.get("fee_type") or 0)
            except (TypeError, ValueError):
                fee_type = 0
            moment = None
            if row.get("transaction_date"):
                try:
                    moment = datetime.strptime(
                        row["transaction_date"], "%d %b %Y"
                    ).date()
                except ValueError:
                    moment = None
            lines.append(
                normalized.SettlementLine(
                    transaction_ref=str(row.get("transaction_number") or ""),
                    kind=FEE_KINDS.get(fee_type, "adjustment"),
                    amount=amount(row.get("amount")),
                    external_order_ref=str(row.get("order_no") or ""),
                    date=moment,
                    label=row.get("fee_name") or row.get("transaction_type") or "",
                )
            )
        figure = (figures or {}).get(date_from, NO_PAYOUT)
        settlement = normalized.Settlement(
            reference=f"LAZADA-{venture.upper()} {statement}".strip(),
            currency=VENTURE_CURRENCY.get(venture, ""),
            date_from=date_from,
            date_to=date_to,
            payout_date=date_to,
            payout_reference=figure[1],
            # a paid statement is final; otherwise once its week is over
            closed=figure[2],
            lines=lines,
        )
        settlement.payout_amount = (
            settlement.lines_total if figures is None else figure[0]
        )
        settlements.append(settlement)
    return settlements
