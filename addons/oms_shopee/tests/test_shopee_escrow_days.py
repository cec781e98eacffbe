"""Released escrow grouped by the region's calendar day (plain Python: the
sandbox's in-memory shop, on a clock the test sets, and the mapping)."""

from datetime import UTC, date, datetime

import pytest

from odoo.addons.oms_shopee import finance
from odoo.addons.oms_shopee.sandbox import ShopeeShop


def utc(*args):
    return datetime(*args, tzinfo=UTC)


class Clock:
    def __init__(self, moment):
        self.now = moment.timestamp()

    def __call__(self):
        return self.now


def release(region, moments, voucher_ratio=0.5):
    """Orders completed (escrow released) at each of ``moments``; returns the
    escrow list entries merged with their details, as the shop reads them."""
    clock = Clock(moments[0])
    shop = ShopeeShop(777, region=region, clock=clock, seed=4)
    shop.add_item("Tee", sku="DAY-1", price=19.9, stock=100)
    clock.now -= 86400
    order_sns = shop.generate_orders(
        len(moments), ["DAY-1"], cod_ratio=0, voucher_ratio=voucher_ratio, seed=2
    )
    entries = []
    for order_sn, moment in zip(order_sns, moments, strict=True):
        clock.now = moment.timestamp()
        shop.set_order_status(order_sn, "SHIPPED")
        shop.set_order_status(order_sn, "COMPLETED")
        detail = shop.escrow_detail(shop.orders[order_sn])
        entries.append(
            {
                "order_sn": order_sn,
                "payout_amount": detail["order_income"]["escrow_amount"],
                "escrow_release_time": shop.orders[order_sn]["_escrow_release_time"],
                "escrow_detail": detail,
            }
        )
    return entries


def test_release_window_spans_whole_region_days():
    start, end = finance.release_window(date(2026, 11, 11), date(2026, 11, 12), "MY")
    # Shopee's own example window (1651680000..) starts at 16:00 UTC: the
    # region's midnight.
    assert start.timestamp() == utc(2026, 11, 10, 16).timestamp()
    assert end.timestamp() == utc(2026, 11, 13, 15, 59, 59).timestamp()
    start, _end = finance.release_window(date(2026, 11, 11), date(2026, 11, 11), "TH")
    assert start.timestamp() == utc(2026, 11, 10, 17).timestamp()


@pytest.mark.parametrize(
    ("region", "days"),
    [
        # 15:30 UTC is 23:30 in Kuala Lumpur, 16:30 UTC already the next day
        ("MY", ["2026-11-11", "2026-11-12", "2026-11-12"]),
        # ... while Bangkok (UTC+7) is still on the 11th at 16:30 UTC
        ("TH", ["2026-11-11", "2026-11-11", "2026-11-12"]),
    ],
)
def test_one_statement_per_region_day(region, days):
    moments = [utc(2026, 11, 11, 15, 30), utc(2026, 11, 11, 16, 30)]
    moments.append(utc(2026, 11, 12, 10, 0))
    entries = release(region, moments)
    settlements = finance.map_settlements(entries, region, "777")
    by_day = {s.payout_date.isoformat(): s for s in settlements}
    assert sorted(by_day) == sorted(set(days))
    for entry, day in zip(entries, days, strict=True):
        settlement = by_day[day]
        assert settlement.reference == f"SHOPEE-{region} 777 {day}"
        assert settlement.date_from == settlement.date_to
        assert settlement.date_from.isoformat() == day
        lines = [
            line
            for line in settlement.lines
            if line.external_order_ref == entry["order_sn"]
        ]
        assert lines, "every released order is in its day's statement"
        assert {line.date.isoformat() for line in lines} == {day}
        assert round(sum(line.amount for line in lines), 2) == pytest.approx(
            entry["payout_amount"]
        )
    for settlement in settlements:
        assert round(sum(line.amount for line in settlement.lines), 2) == pytest.approx(
            settlement.payout_amount
        )
        assert settlement.currency == finance.REGION_CURRENCY[region]


def test_every_kind_is_one_the_settlement_engine_books():
    kinds = {kind for _field, _sign, kind, _label in finance.ESCROW_LINES}
    # oms_base's LINE_KINDS (oms.settlement.line.kind), without Odoo
    assert kinds <= {
        "sale",
        "shipping_buyer",
        "commission",
        "payment_fee",
        "affiliate",
        "service_fee",
        "shipping_seller",
        "voucher_platform",
        "voucher_seller",
        "refund",
        "adjustment",
        "tax_on_fees",
    }


def test_vouchers_and_shipping_rebate_lines():
    entries = release("MY", [utc(2026, 11, 11, h) for h in range(6)], 1.0)
    (settlement,) = finance.map_settlements(entries, "MY", "777")
    incomes = {e["order_sn"]: e["escrow_detail"]["order_income"] for e in entries}
    assert any(income["voucher_from_seller"] for income in incomes.values())
    assert any(income["voucher_from_shopee"] for income in incomes.values())
    lines = {
        (line.external_order_ref, line.transaction_ref.split(":", 1)[1]): line
        for line in settlement.lines
    }
    for order_sn, income in incomes.items():
        sale = lines[order_sn, "original_cost_of_goods_sold"]
        assert (sale.kind, sale.amount) == ("sale", income["cost_of_goods_sold"])
        shipping = lines[order_sn, "actual_shipping_fee"]
        assert (shipping.kind, shipping.amount) == (
            "shipping_seller",
            -income["actual_shipping_fee"],
        )
        for field, kind, sign in (
            ("shopee_shipping_rebate", "voucher_platform", 1),
            ("buyer_paid_shipping_fee", "shipping_buyer", 1),
            ("voucher_from_seller", "voucher_seller", -1),
        ):
            line = lines.get((order_sn, field))
            if income[field]:
                assert (line.kind, line.amount) == (kind, sign * income[field])
            else:
                assert line is None, "no line for a zero amount"
        # Shopee's own vouchers and coins are not the seller's money
        assert (order_sn, "voucher_from_shopee") not in lines
        assert (order_sn, "coins") not in lines


def test_seller_funded_discounts_are_seller_vouchers():
    """What Shopee's escrow detail says the seller funded (its voucher, its
    coin cashback, its trade-in bonus) is a seller voucher; Shopee's own
    vouchers and coins are no line of the seller's."""
    (entry,) = release("MY", [utc(2026, 11, 11, 3)], 1.0)
    income = entry["escrow_detail"]["order_income"]
    income.update(
        voucher_from_seller=2.5,
        seller_coin_cash_back=0.4,
        trade_in_bonus_by_seller=3.0,
        voucher_from_shopee=1.0,
        coins=0.2,
    )
    (settlement,) = finance.map_settlements([entry], "MY", "777")
    seller = {
        line.transaction_ref.split(":", 1)[1]: line.amount
        for line in settlement.lines
        if line.kind == "voucher_seller"
    }
    assert seller == {
        "voucher_from_seller": -2.5,
        "seller_coin_cash_back": -0.4,
        "trade_in_bonus_by_seller": -3.0,
    }
