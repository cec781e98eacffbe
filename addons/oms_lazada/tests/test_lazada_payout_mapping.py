"""Lazada statements are paid Lazada's own payout figure (GetPayoutStatus)."""

from pathlib import Path

from odoo.addons.oms_lazada import finance


def _rows(statement="09 Nov 2026 - 15 Nov 2026"):
    return [
        {
            "statement": statement,
            "fee_type": "13",
            "amount": "20.00",
            "order_no": "5001",
            "transaction_number": "T1",
            "transaction_date": "10 Nov 2026",
        },
        {
            "statement": statement,
            "fee_type": "16",
            "amount": "-1.00",
            "order_no": "5001",
            "transaction_number": "T2",
            "transaction_date": "10 Nov 2026",
        },
    ]


def test_payout_is_lazadas_figure_not_the_sum_of_rows():
    payouts = [
        {
            "statement_number": "SG1000123-20261109",
            "created_at": "2026-11-09 00:00:00",
            "payout": "18.50 SGD",
            "paid": "1",
        }
    ]
    (settlement,) = finance.map_settlements(_rows(), "sg", payouts=payouts)
    assert settlement.payout_amount == 18.5
    assert settlement.payout_reference == "SG1000123-20261109"
    assert settlement.closed is True


def test_statement_without_a_payout_figure_is_paid_nothing_yet():
    other_week = [{"created_at": "2026-11-02 00:00:00", "payout": "5.00 SGD"}]
    (settlement,) = finance.map_settlements(_rows(), "sg", payouts=other_week)
    assert settlement.payout_amount == 0.0
    assert settlement.closed is False


def test_without_payout_status_the_rows_are_summed():
    (settlement,) = finance.map_settlements(_rows(), "sg")
    assert settlement.payout_amount == 19.0


def _fee_type_enum():
    """``{fee type: name}`` of Lazada's reference enum."""
    enum = (
        Path(__file__).resolve().parents[4]
        / "shared/reference/api-docs/lazada/guides/api-best-practice"
        / "financial-inquiry/querytransactiondetails-fee-type-field-enum-list.md"
    )
    names = {}
    for row in enum.read_text().splitlines():
        parts = [part.strip() for part in row.split("|")]
        if len(parts) == 3 and parts[2].isdigit():
            names[int(parts[2])] = parts[1]
    return names


def test_affiliate_and_programme_fees_are_kinds_of_their_own():
    """What Sponsored Affiliates earn, and what Free Shipping Max, LazCoins
    (LCP) and campaigns cost, are not held to the commission rate: every
    fee type the reference names so has its kind."""
    names = _fee_type_enum()
    affiliate = {c for c, n in names.items() if "sponsored affiliates" in n.lower()}
    programmes = {
        c
        for c, n in names.items()
        if any(k in n.lower() for k in ("free shipping max", "lcp fee", "campaign fee"))
    }
    assert affiliate == {239, 240, 261}
    assert programmes == {298, 299, 304, 305, 343, 344}
    assert {finance.FEE_KINDS.get(c) for c in affiliate} == {"affiliate"}
    assert {finance.FEE_KINDS.get(c) for c in programmes} == {"service_fee"}


def test_seller_funded_promotions_are_seller_vouchers():
    """Every fee type Lazada's reference names a seller-funded promotion
    (bundles, vouchers, flexi-combo, seller funded marketing voucher) or its
    reversal is a seller voucher, never an adjustment."""
    seller_funded = {
        code: name
        for code, name in _fee_type_enum().items()
        if "promotional charge" in name.lower() or "seller funded" in name.lower()
    }
    assert {117, 118, 119, 202, 203, 209, 210} <= set(seller_funded)
    wrong = {
        code: name
        for code, name in seller_funded.items()
        if finance.FEE_KINDS.get(code) != "voucher_seller"
    }
    assert not wrong
