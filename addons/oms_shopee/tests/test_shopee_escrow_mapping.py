"""Escrow details, as the sandbox's Shopee API gives them, mapped to
settlement values (plain Python: client, sandbox and mapping)."""

import time
from datetime import datetime

import pytest

from odoo.addons.oms_shopee import finance, mapping
from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.sandbox.finance import ESCROW_TERMS
from odoo.addons.oms_shopee.shopee_api import ShopeeClient, const

from . import shopee_reference as reference


@pytest.fixture(scope="module")
def released():
    """Escrow list entries merged with their details, as the shop reads them."""
    sandbox = ShopeeSandbox()
    sandbox.start()
    try:
        sandbox.reset(seed=31)
        sandbox.add_item("Tee", sku="ESC-1", price=29.9, stock=500)
        sandbox.add_item("Mug", sku="ESC-2", price=12.5, stock=500)
        order_sns = sandbox.generate_orders(
            8, ["ESC-1", "ESC-2"], cod_ratio=0, voucher_ratio=0.6, seed=3
        )
        for order_sn in order_sns:
            sandbox.set_order_status(order_sn, "SHIPPED")
            sandbox.set_order_status(order_sn, "COMPLETED")
        sandbox.set_order_status(order_sns[0], "TO_RETURN", reason="Damaged")
        access_token, _refresh = sandbox.issue_tokens()
        client = ShopeeClient(
            sandbox.partner_id,
            sandbox.partner_key,
            sandbox.base_url,
            shop_id=sandbox.shop_id,
            access_token=access_token,
        )
        now = datetime.fromtimestamp(time.time())
        entries = list(
            client.iter_escrow_list(datetime.fromtimestamp(time.time() - 86400), now)
        )
        details = client.get_escrow_detail_batch([e["order_sn"] for e in entries])
        client.close()
        by_sn = {d["escrow_detail"]["order_sn"]: d for d in details}
        yield order_sns, [dict(e, **by_sn[e["order_sn"]]) for e in entries]
    finally:
        sandbox.stop()


def test_every_escrow_formula_term_has_a_line_kind():
    mapped = {(field, sign) for field, sign, _kind, _label in finance.ESCROW_LINES}
    assert mapped == {(field, sign) for sign, field in ESCROW_TERMS}


def test_lines_of_each_order_add_up_to_its_escrow(released):
    order_sns, entries = released
    assert {e["order_sn"] for e in entries} == set(order_sns)
    (settlement,) = finance.map_settlements(entries, "MY", "777")
    assert settlement.currency == "MYR"
    assert settlement.reference.startswith("SHOPEE-MY 777 ")
    for entry in entries:
        lines = [
            line
            for line in settlement.lines
            if line.external_order_ref == entry["order_sn"]
        ]
        assert round(sum(line.amount for line in lines), 2) == pytest.approx(
            entry["payout_amount"]
        )
    total = round(sum(line.amount for line in settlement.lines), 2)
    assert total == pytest.approx(settlement.payout_amount)
    assert settlement.payout_amount == pytest.approx(
        sum(e["payout_amount"] for e in entries)
    )


def test_kinds_signs_and_stable_references(released):
    order_sns, entries = released
    (settlement,) = finance.map_settlements(entries, "MY", "777")
    by_kind = {}
    for line in settlement.lines:
        by_kind.setdefault(line.kind, []).append(line.amount)
    assert all(amount > 0 for amount in by_kind["sale"])
    assert all(amount < 0 for amount in by_kind["commission"])
    assert all(amount < 0 for amount in by_kind["payment_fee"])
    refunds = [
        line
        for line in settlement.lines
        if line.kind == "refund" and line.external_order_ref == order_sns[0]
    ]
    assert refunds and refunds[0].amount < 0, "the returned order is refunded"
    refs = [line.transaction_ref for line in settlement.lines]
    assert len(refs) == len(set(refs)), "one reference per line"
    again = finance.map_settlements(list(reversed(entries)), "MY", "777")
    assert again[0].reference == settlement.reference
    assert sorted(line.transaction_ref for line in again[0].lines) == sorted(refs)


def test_escrow_without_detail_keeps_its_amount():
    entry = {
        "order_sn": "X1",
        "payout_amount": 42.5,
        "escrow_release_time": 1735689600,
        "escrow_detail": {"order_sn": "X1"},
        "fail_message": "Order SN provided is invalid",
    }
    (settlement,) = finance.map_settlements([entry], "SG", "1")
    (line,) = settlement.lines
    assert line.kind == "adjustment"
    assert line.amount == 42.5
    assert "invalid" in line.label
    assert settlement.payout_amount == 42.5


@pytest.fixture(scope="module")
def specs():
    return reference.read_shopee_reference()


def _reference_entries(specs):
    """The reference's example escrows as the shop reads them: an escrow
    list entry merged with its detail (single and batch examples)."""
    (listed, *_rest) = specs[const.PATH_ESCROW_LIST].examples[0]["response"][
        "response"
    ]["escrow_list"]
    detail = specs[const.PATH_ESCROW_DETAIL].examples[0]["response"]["response"]
    batch = specs[const.PATH_ESCROW_DETAIL_BATCH].examples[0]["response"]["response"]
    entries = [
        {
            "order_sn": detail["order_sn"],
            "payout_amount": detail["order_income"]["escrow_amount"],
            "escrow_release_time": listed["escrow_release_time"],
            "escrow_detail": detail,
        }
    ]
    for element in batch:
        income = element["escrow_detail"]["order_income"]
        entries.append(
            dict(
                listed,
                order_sn=element["escrow_detail"]["order_sn"],
                payout_amount=income["escrow_amount"],
                **element,
            )
        )
    return entries


def test_reference_example_escrows_add_up(specs):
    entries = _reference_entries(specs)
    (settlement,) = finance.map_settlements(entries, "SG", "1")
    for entry in entries:
        lines = [
            line
            for line in settlement.lines
            if line.external_order_ref == entry["order_sn"]
        ]
        assert lines, entry["order_sn"]
        assert round(sum(line.amount for line in lines), 2) == pytest.approx(
            entry["escrow_detail"]["order_income"]["escrow_amount"]
        )


def test_every_escrow_field_is_mapped_or_set_aside(specs, released):
    _order_sns, sandbox_entries = released
    payloads = _reference_entries(specs) + sandbox_entries
    read = set()
    finance.map_settlements(
        [reference.recording(entry, read) for entry in payloads], "MY", "1"
    )
    # An escrow released without a payout amount is paid as its detail says.
    without_payout = {k: v for k, v in payloads[0].items() if k != "payout_amount"}
    finance.map_settlements([reference.recording(without_payout, read)], "MY", "1")
    documented = {
        f"escrow_detail.{path}"
        for path in reference.field_paths(specs[const.PATH_ESCROW_DETAIL], "response")
    } | reference.field_paths(specs[const.PATH_ESCROW_LIST], "response.escrow_list")
    sent = set()
    for payload in payloads:
        sent |= reference.payload_paths(payload)
    unmapped, contradicted = reference.mapping_gaps(
        sent | documented, read, mapping.ESCROW_FIELDS_ASIDE
    )
    assert unmapped == [], "fields neither mapped nor set aside"
    assert contradicted == [], "fields set aside yet mapped"
