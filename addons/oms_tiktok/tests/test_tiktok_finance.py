"""TikTok statements and returns mapped to the neutral forms, read from the
sandbox over real HTTP by the client (plain pytest; the Odoo side is in
test_tiktok_settlement.py)."""

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.oms_base import normalized
from odoo.addons.oms_tiktok import finance, returns

DAY = 86400
REFERENCE = Path(__file__).resolve().parents[4] / (
    "shared/reference/api-docs/tiktok/reference"
)
# oms_base's line kinds (oms_settlement_line.LINE_KINDS), read from the
# model's file: importing Odoo models outside Odoo is not possible.
BASE = Path(__file__).resolve().parents[2] / "oms_base/models/oms_settlement_line.py"


def line_kinds():
    text = BASE.read_text()
    start = text.index("LINE_KINDS = [")
    block = text[start : text.index("]", start)]
    return {part.split('"')[1] for part in block.split("(")[1:]}


def exact(value):
    return Decimal(str(value))


def total(lines, **where):
    return sum(
        (
            exact(line.amount)
            for line in lines
            if all(getattr(line, k) == v for k, v in where.items())
        ),
        Decimal(0),
    )


def statements_of(client, since):
    """What the channel fetches: each statement with its transactions."""
    return [
        {
            "statement": statement,
            "transactions": list(client.iter_statement_transactions(statement["id"])),
        }
        for statement in client.iter_statements(statement_time_ge=since)
    ]


@pytest.fixture
def settled(sandbox, client):
    """Six delivered orders (seller discounts, one refunded, one returned)
    and a PAID statement of them, as the client reads it."""
    ids = []
    for index in range(6):
        ids.append(
            sandbox.place_order(
                [("TEE-RED", 1 + index % 2), ("MUG-1", 1)],
                seller_discount=index * 1.37,
            )
        )
        sandbox.ship_and_deliver(ids[-1])
    for order_id, kind in ((ids[0], "REFUND"), (ids[1], "RETURN_AND_REFUND")):
        record = sandbox.request_return(order_id, return_type=kind)
        sandbox.set_return_status(record, "RETURN_OR_REFUND_REQUEST_COMPLETE")
    day = int(time.time()) // DAY * DAY
    statement_id = sandbox.create_statement(statement_time=day)
    raw = statements_of(client, day - DAY)
    return ids, statement_id, raw


def test_lines_add_up_to_each_order_and_to_the_statement(settled):
    ids, statement_id, raw = settled
    (settlement,) = finance.map_settlements(raw)
    statement = raw[0]["statement"]
    assert settlement.reference == f"TIKTOK-{statement_id}"
    assert settlement.currency == "MYR"
    assert settlement.payout_date == finance.statement_date(statement["statement_time"])
    assert exact(settlement.payout_amount) == Decimal(statement["settlement_amount"])
    lines = settlement.lines
    assert total(lines) == Decimal(statement["settlement_amount"])
    # every transaction is linked to its order and explained to the cent
    transactions = raw[0]["transactions"]
    assert {tx["order_id"] for tx in transactions} == set(ids)
    for tx in transactions:
        assert total(lines, external_order_ref=tx["order_id"]) == Decimal(
            tx["settlement_amount"]
        )
    # the sandbox details everything: no line says TikTok left it unexplained
    assert not [line for line in lines if line.transaction_ref.endswith(":rest")]
    assert len({line.transaction_ref for line in lines}) == len(lines)
    assert {line.kind for line in lines} <= line_kinds()


def test_each_fee_kind_mapped(settled):
    ids, _statement_id, raw = settled
    (settlement,) = finance.map_settlements(raw)
    lines = settlement.lines
    for tx in raw[0]["transactions"]:
        order = tx["order_id"]
        fee = tx["fee_tax_breakdown"]["fee"]
        revenue = tx["revenue_breakdown"]
        shipping = tx["shipping_cost_breakdown"]
        assert total(lines, external_order_ref=order, kind="commission") == Decimal(
            fee["platform_commission_amount"]
        )
        assert total(lines, external_order_ref=order, kind="payment_fee") == Decimal(
            fee["transaction_fee_amount"]
        )
        assert total(lines, external_order_ref=order, kind="sale") == Decimal(
            revenue["subtotal_before_discount_amount"]
        )
        assert total(lines, external_order_ref=order, kind="voucher_seller") == Decimal(
            revenue["seller_discount_amount"]
        )
        assert total(lines, external_order_ref=order, kind="shipping_buyer") == Decimal(
            shipping["customer_paid_shipping_fee_amount"]
        )
        assert total(
            lines, external_order_ref=order, kind="shipping_seller"
        ) == Decimal(shipping["actual_shipping_fee_amount"])
        if Decimal(tx["revenue_amount"]) > 0:
            # signed for the seller: what TikTok keeps is negative
            assert total(lines, external_order_ref=order, kind="commission") < 0
    # what the buyers got back of the two refunded orders, as refunds
    for order in ids[:2]:
        refund = total(lines, external_order_ref=order, kind="refund")
        tx = next(t for t in raw[0]["transactions"] if t["order_id"] == order)
        revenue = tx["revenue_breakdown"]
        assert refund < 0
        assert refund == Decimal(
            revenue["refund_subtotal_before_discount_amount"]
        ) + Decimal(revenue["seller_discount_refund_amount"])
    assert not [
        li
        for li in lines
        if li.kind == "refund" and li.external_order_ref not in ids[:2]
    ]


def test_adjustments_mapped_by_type_and_linked(sandbox, client):
    order_id = sandbox.place_order([("MUG-1", 1)])
    sandbox.ship_and_deliver(order_id)
    day = int(time.time()) // DAY * DAY
    adjustments = [
        {"type": "SHIPPING_FEE_COMPENSATION", "amount": "3.25", "order_id": order_id},
        {"type": "PLATFORM_COMMISSION_ADJUSTMENT", "amount": "-0.75"},
        {"type": "PLATFORM_PENALTY", "amount": "-10.00"},
        {"type": "LOGISTICS_REIMBURSEMENT", "amount": "12.40", "order_id": order_id},
    ]
    sandbox.create_statement(statement_time=day, adjustments=adjustments)
    raw = statements_of(client, day)
    (settlement,) = finance.map_settlements(raw)
    lines = settlement.lines
    assert total(lines) == Decimal(raw[0]["statement"]["settlement_amount"])
    assert raw[0]["statement"]["adjustment_amount"] == "4.90"
    by_type = {
        line.label.rsplit(" ", 1)[-1]: line
        for line in lines
        if line.label.startswith("TikTok adjustment ")
    }
    assert set(by_type) == {a["type"] for a in adjustments}
    for adjustment in adjustments:
        line = by_type[adjustment["type"]]
        assert exact(line.amount) == Decimal(adjustment["amount"])
        assert line.kind == finance.ADJUSTMENT_KINDS.get(
            adjustment["type"], "adjustment"
        )
        assert line.external_order_ref == adjustment.get("order_id", "")
    assert by_type["SHIPPING_FEE_COMPENSATION"].kind == "shipping_seller"
    assert by_type["PLATFORM_COMMISSION_ADJUSTMENT"].kind == "commission"
    assert by_type["PLATFORM_PENALTY"].kind == "adjustment"


def test_statement_pages_read_whole_and_mapping_stable(sandbox, client):
    """A statement of more transactions than a page: all of them, and the
    same values on a second read (what makes a re-pull idempotent)."""
    for _index in range(25):
        order_id = sandbox.place_order([("MUG-1", 1)], seller_discount=0.33)
        sandbox.ship_and_deliver(order_id)
    day = int(time.time()) // DAY * DAY
    sandbox.create_statement(statement_time=day)
    first = finance.map_settlements(statements_of(client, day))
    again = finance.map_settlements(statements_of(client, day))
    assert first == again
    assert len({line.external_order_ref for line in first[0].lines}) == 25
    assert total(first[0].lines) == exact(first[0].payout_amount)


def _reference(module, name):
    return json.loads((REFERENCE / module / name).read_text())["document_api_meta"]


def _rows_under(rows, path):
    """Names of the reference's rows directly under ``path`` (a dotted
    path of the response: ``data.transactions.fee_tax_breakdown.fee``)."""
    depth_of = {}
    names = []
    current = []
    for row in rows:
        raw = row["name"]
        depth = len(raw) - len(raw.lstrip("^"))
        name = raw.lstrip("^").strip()
        current = current[:depth] + [name]
        depth_of[name] = depth
        if ".".join(current[:-1]) == path:
            names.append(name)
    return names


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs the shared reference")
def test_every_documented_amount_has_a_kind():
    rows = _reference("finance", "get-transactions-by-statement.spec.json")[
        "response_param"
    ]
    tx = "data.transactions"
    documented = {
        "revenue": _rows_under(rows, f"{tx}.revenue_breakdown"),
        "shipping": _rows_under(rows, f"{tx}.shipping_cost_breakdown"),
        "fee": _rows_under(rows, f"{tx}.fee_tax_breakdown.fee"),
        "tax": _rows_under(rows, f"{tx}.fee_tax_breakdown.tax"),
    }
    tables = {
        "revenue": finance.REVENUE_LINES,
        "shipping": finance.SHIPPING_LINES,
        "fee": finance.FEE_LINES,
        "tax": finance.TAX_LINES,
    }
    for name, fields in documented.items():
        assert fields, name
        fields = [f for f in fields if f != "supplementary_component"]
        unmapped = set(fields) - set(tables[name]) - finance.ASIDE
        assert not unmapped, f"{name}: {sorted(unmapped)}"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs the shared reference")
def test_reference_example_adds_up_with_reserves():
    """The reference's own example (amounts that do not follow its formula,
    an order with an adjustment and a reserve): still nothing lost."""
    example = json.loads(
        _reference("finance", "get-transactions-by-statement.spec.json")[
            "response_body"
        ]
    )["data"]
    statement = {
        "id": example["id"],
        "statement_time": example["create_time"],
        "settlement_amount": example["total_settlement_amount"],
        "currency": example["currency"],
    }
    order_tx = example["transactions"][0]
    reserve_tx = {
        key: order_tx[key]
        for key in ("reserve_id", "reserve_amount", "associated_order_id")
    }
    reserve_tx.update(id="7238804564097517340", type="RESERVE")
    (settlement,) = finance.map_settlements(
        [{"statement": statement, "transactions": [order_tx, reserve_tx]}]
    )
    lines = settlement.lines
    reserve_lines = [li for li in lines if li.transaction_ref.endswith(":reserve")]
    order_lines = [li for li in lines if li not in reserve_lines]
    # the order's lines explain its settlement amount, the statement's
    assert total(order_lines) == Decimal(order_tx["settlement_amount"])
    assert total(order_lines) == Decimal(example["total_settlement_amount"])
    assert {li.external_order_ref for li in order_lines} == {order_tx["order_id"]}
    # what TikTok did not break down is said so, in the component's kind
    rests = {li.transaction_ref.split(":", 1)[1]: li for li in order_lines}
    assert rests["revenue_amount:rest"].kind == "sale"
    # the reserve is paid out (or held) on top of the settlement
    (reserve,) = reserve_lines
    assert exact(reserve.amount) == Decimal(order_tx["reserve_amount"])
    assert reserve.external_order_ref == order_tx["associated_order_id"]
    assert exact(settlement.payout_amount) == Decimal(
        example["total_settlement_amount"]
    ) + Decimal(order_tx["reserve_amount"])
    assert total(lines) == exact(settlement.payout_amount)
    assert settlement.currency == "GBP"
    assert {line.kind for line in lines} <= line_kinds()


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs the shared reference")
def test_reference_example_fees_by_who_earns_them():
    """TikTok's commission, the creators' and affiliates' commissions and
    the programmes' service fees are three kinds: only the first is charged
    at TikTok's rate (the fee check), each is booked to its account."""
    example = json.loads(
        _reference("finance", "get-transactions-by-statement.spec.json")[
            "response_body"
        ]
    )["data"]
    order_tx = example["transactions"][0]
    statement = {
        "id": example["id"],
        "statement_time": example["create_time"],
        "settlement_amount": order_tx["settlement_amount"],
        "currency": example["currency"],
    }
    (settlement,) = finance.map_settlements(
        [{"statement": statement, "transactions": [order_tx]}]
    )
    fee = order_tx["fee_tax_breakdown"]["fee"]
    kinds = {
        line.transaction_ref.split(":", 1)[1]: line.kind for line in settlement.lines
    }
    groups = {
        "commission": finance._COMMISSIONS,
        "affiliate": finance._AFFILIATE_FEES,
        "service_fee": finance._SERVICE_FEES,
    }
    for kind, fields in groups.items():
        charged = [f for f in fields if finance.amount(fee.get(f))]
        assert charged, f"the example charges some {kind}"
        assert {kinds[f] for f in charged} == {kind}
    assert kinds["affiliate_commission_amount"] == "affiliate"
    assert kinds["mall_service_fee_amount"] == "service_fee"
    assert {"affiliate", "service_fee"} <= line_kinds()


# Returns and refunds ------------------------------------------------------------------


def test_returns_as_events_and_neutral_values(sandbox, client):
    refunded = sandbox.place_order([("TEE-RED", 2)])
    returned = sandbox.place_order([("TEE-BLUE", 1), ("MUG-1", 1)])
    for order_id in (refunded, returned):
        sandbox.ship_and_deliver(order_id)
    mug_line = next(
        line["id"]
        for line in sandbox.order(returned)["line_items"]
        if line["seller_sku"] == "MUG-1"
    )
    refund_id = sandbox.request_return(refunded, return_type="REFUND")
    return_id = sandbox.request_return(returned, line_ids=[mug_line])
    before = [returns.map_return(r) for r in client.iter_returns()]
    assert [r.external_id for r in before] == [refund_id, return_id]
    # nothing changed, nothing new; a change, a new key for that return only
    again = [returns.map_return(r) for r in client.iter_returns()]
    assert [r.dedup_key for r in again] == [r.dedup_key for r in before]
    time.sleep(1)  # TikTok's update times are in seconds
    sandbox.set_return_status(return_id, "AWAITING_BUYER_SHIP")
    sandbox.set_return_status(return_id, "BUYER_SHIPPED_ITEM")
    after = {r.external_id: r for r in map(returns.map_return, client.iter_returns())}
    assert after[refund_id].dedup_key == before[0].dedup_key
    assert after[return_id].dedup_key != before[1].dedup_key

    refund = after[refund_id]
    assert refund.kind == normalized.RETURN_KIND_REFUND_ONLY
    assert refund.state == normalized.RETURN_REQUESTED
    assert refund.order_external_id == refunded
    assert refund.extra["buyer_keeps_item"]
    assert [li.sku for li in refund.lines] == ["TEE-RED", "TEE-RED"]
    order_lines = {li["id"] for li in sandbox.order(refunded)["line_items"]}
    assert {li.order_line_external_id for li in refund.lines} == order_lines
    assert refund.currency == "MYR"
    assert sum(exact(li.refund_amount) for li in refund.lines) == exact(
        refund.refund_amount
    ) - exact(refund.extra["refund_shipping"])
    # what the returns flow stores reads back the same
    assert normalized.Return.from_payload(refund.to_payload()) == refund

    back = after[return_id]
    assert back.kind == normalized.RETURN_KIND_RETURN
    assert back.state == normalized.RETURN_BUYER_SHIPPED
    assert [li.order_line_external_id for li in back.lines] == [mug_line]
    assert back.tracking_number and back.extra["carrier"]
    assert back.reason
    assert back.updated_at >= back.created_at


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("RETURN_OR_REFUND_REQUEST_COMPLETE", normalized.RETURN_REFUNDED),
        ("REFUND_OR_RETURN_REQUEST_REJECT", normalized.RETURN_REJECTED),
        ("RETURN_OR_REFUND_REQUEST_CANCEL", normalized.RETURN_CLOSED),
    ],
)
def test_return_outcomes(sandbox, client, status, state):
    order_id = sandbox.place_order([("MUG-1", 1)])
    sandbox.ship_and_deliver(order_id)
    return_id = sandbox.request_return(order_id)
    sandbox.set_return_status(return_id, status)
    (record,) = client.iter_returns(order_ids=[order_id])
    ret = returns.map_return(record)
    assert ret.state == state and ret.platform_status == status
    assert ret.refunded == (state == normalized.RETURN_REFUNDED)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs the shared reference")
def test_every_documented_return_status_has_a_state():
    rows = _reference("return-and-refund", "search-returns.spec.json")["response_param"]
    text = next(r for r in rows if r["name"].lstrip("^") == "return_status")["desc"]
    documented = {
        word.strip("`")
        for word in text.split()
        if word.strip("`:").isupper() and "_" in word and word.startswith("`")
    }
    documented = {w.rstrip(":").strip("`") for w in documented}
    assert "RETURN_OR_REFUND_REQUEST_PENDING" in documented
    assert documented <= set(returns.STATES), documented - set(returns.STATES)


def test_fee_lines_carry_the_base_tiktok_charges_them_on(settled):
    """The payment fee is charged on the revenue plus the shipping the
    buyer paid, the commission on the revenue: each fee line says so, for
    oms_base's fee check (no rate guessed on the gross sales)."""
    _ids, _statement_id, raw = settled
    (settlement,) = finance.map_settlements(raw)
    checked = 0
    for tx in raw[0]["transactions"]:
        revenue = Decimal(tx["revenue_amount"])
        shipping = Decimal(
            tx["shipping_cost_breakdown"]["customer_paid_shipping_fee_amount"]
        )
        fees = {
            kind: [
                line
                for line in settlement.lines
                if line.external_order_ref == tx["order_id"] and line.kind == kind
            ]
            for kind in ("commission", "payment_fee")
        }
        checked += len(fees["payment_fee"]) + len(fees["commission"])
        for line in fees["payment_fee"]:
            assert exact(line.fee_base) == revenue + shipping
        for line in fees["commission"]:
            assert exact(line.fee_base) == revenue
        # the sandbox's rate, found again on that base to the cent
        charged = -total(
            settlement.lines, external_order_ref=tx["order_id"], kind="payment_fee"
        )
        assert abs(charged - (revenue + shipping) * Decimal("0.02")) <= Decimal("0.005")
    assert checked >= 6


def test_reference_example_payment_fee_base():
    """TikTok's own example transaction: revenue 200, the buyer's shipping
    -10 (refunded): the payment fees' base is 190."""
    spec = json.loads(
        (REFERENCE / "finance/get-transactions-by-statement.spec.json").read_text()
    )
    body = json.loads(spec["document_api_meta"]["response_body"])
    (tx, *_rest) = body["data"]["transactions"]
    lines = finance.transaction_lines(tx)
    payment = [line for line in lines if line["kind"] == "payment_fee"]
    assert payment
    assert {line["fee_base"] for line in payment} == {Decimal(190)}
