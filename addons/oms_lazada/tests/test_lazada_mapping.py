"""Lazada payload mapping (plain Python, no database)."""

import json
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests import conformance
from odoo.addons.oms_lazada import finance, mapping, returns
from odoo.addons.oms_lazada.lazada_api import LazadaClient
from odoo.addons.oms_lazada.sandbox import LazadaSandbox


def _item(item_id, status="pending", sku="SKU-A", **kw):
    values = {
        "order_item_id": item_id,
        "order_id": "1001",
        "status": status,
        "sku": sku,
        "sku_id": f"9{item_id}",
        "product_id": "555",
        "name": f"Item {sku}",
        "item_price": "10.00",
        "paid_price": "9.00",
        "voucher_seller": "1.00",
        "voucher_platform": "0.50",
        "currency": "SGD",
        "buyer_id": "77",
        "updated_at": "2026-11-11 10:05:00 +0800",
        "promised_shipping_time": "2026-11-13 23:59:59 +0800",
    }
    values.update(kw)
    return values


def _order(items, **kw):
    values = {
        "order_id": "1001",
        "order_number": "1001",
        "created_at": "2026-11-11T10:00:00+08:00",
        "updated_at": "2026-11-11T10:01:00+08:00",
        "payment_method": "COD",
        "shipping_fee": "2.50",
        "customer_first_name": "Tan",
        "customer_last_name": "Ah Kow",
        "address_shipping": {
            "first_name": "Tan",
            "last_name": "Ah Kow",
            "phone": "+65 9123 4567",
            "address1": "1 Changi Village Rd",
            "address3": "Singapore",
            "address4": "Singapore",
            "post_code": "500001",
            "country": "Singapore",
        },
        "items": items,
    }
    values.update(kw)
    return values


def test_times_parse_to_naive_utc():
    assert mapping.parse_time("2026-11-11T10:00:00+08:00") == datetime(2026, 11, 11, 2)
    assert mapping.parse_time("2026-11-11 10:00:00 +0800") == datetime(2026, 11, 11, 2)
    assert mapping.parse_time("1762819200000") == datetime(2025, 11, 11, 0, 0)
    assert mapping.parse_time("null") is None


def test_order_status_from_item_statuses():
    assert mapping.order_status(["pending", "pending"]) == normalized.TO_SHIP
    assert mapping.order_status(["unpaid"]) == normalized.UNPAID
    assert mapping.order_status(["canceled", "canceled"]) == normalized.CANCELLED
    # a partly cancelled order is still to ship
    assert mapping.order_status(["canceled", "packed"]) == normalized.TO_SHIP
    assert mapping.order_status(["shipped", "delivered"]) == normalized.SHIPPED
    assert mapping.order_status(["delivered", "delivered"]) == normalized.DELIVERED
    assert mapping.order_status(["returned"]) == normalized.RETURNED
    assert mapping.order_status(["returned", "delivered"]) == normalized.DELIVERED


def test_map_order():
    raw = _order(
        [
            _item("1", package_id="FP1", tracking_code="T1", shipment_provider="LEX"),
            _item("2", package_id="FP1", tracking_code="T1", shipment_provider="LEX"),
            _item("3", status="canceled", sku="SKU-B", reason="Out of stock"),
        ]
    )
    order = mapping.map_order(raw, "sg")
    assert order.external_id == "1001"
    assert order.status == normalized.TO_SHIP
    assert order.is_cod
    assert order.currency == "SGD"
    # one line per Lazada item (a unit); the cancelled item is left out
    assert [line.external_id for line in order.lines] == ["1", "2"]
    # ... and named, so that an imported order's line is cancelled too
    assert order.cancelled_line_ids == ["3"]
    assert order.lines[0].quantity == 1.0
    assert order.lines[0].unit_price == 10.0
    assert order.lines[0].seller_discount == 1.0
    assert order.lines[0].platform_discount == 0.5
    assert order.lines[0].external_sku_id == "91"
    assert order.shipping_fee == 2.5
    assert order.buyer.external_id == "77"
    assert order.buyer.name == "Tan Ah Kow"
    assert order.shipping_address.country_code == "SG"
    assert order.shipping_address.zip == "500001"
    assert order.created_at == datetime(2026, 11, 11, 2, 0)
    # the newest of the order's and items' update times
    assert order.updated_at == datetime(2026, 11, 11, 2, 5)
    assert order.ship_by == datetime(2026, 11, 13, 15, 59, 59)
    assert len(order.packages) == 1
    assert order.packages[0].external_id == "FP1"
    assert order.packages[0].line_external_ids == ["1", "2"]
    # buyer paid: 20 items + 2.5 shipping - 2 seller - 1 platform
    assert round(order.buyer_total, 2) == 19.5


def test_fully_cancelled_order_keeps_its_lines():
    order = mapping.map_order(
        _order([_item("1", status="canceled", reason="Changed mind")]), "sg"
    )
    assert order.status == normalized.CANCELLED
    assert len(order.lines) == 1
    assert order.cancel_reason == "Changed mind"
    assert order.cancelled_line_ids == []


def test_listing_values():
    product = {
        "item_id": 3865707451,
        "primary_category": 10002019,
        "status": "active",
        "attributes": {"name": "Red shirt"},
        "skus": [
            {
                "SkuId": 222,
                "SellerSku": "SHIRT-RED",
                "ShopSku": "3865707451_SGAMZ-222",
                "quantity": 7,
                "price": 20.0,
                "special_price": 18.0,
                "Status": "inactive",
            }
        ],
    }
    (values,) = mapping.listing_values(product)
    assert values["external_id"] == "222"
    assert values["external_product_id"] == "3865707451"
    assert values["seller_sku"] == "SHIRT-RED"
    assert values["price"] == 18.0
    assert values["quantity"] == 7
    assert values["state"] == "inactive"


def test_settlement_mapping_groups_by_statement():
    rows = [
        {
            "fee_type": 13,
            "fee_name": "Item Price Credit",
            "amount": "20.00",
            "order_no": "1001",
            "statement": "09 Nov 2026 - 15 Nov 2026",
            "transaction_date": "11 Nov 2026",
            "transaction_number": "T1",
        },
        {
            "fee_type": 16,
            "fee_name": "Commission",
            "amount": "-1.00",
            "order_no": "1001",
            "statement": "09 Nov 2026 - 15 Nov 2026",
            "transaction_date": "11 Nov 2026",
            "transaction_number": "T2",
        },
        {
            "fee_type": 999,
            "fee_name": "Other Fee",
            "amount": "-0.30",
            "order_no": "",
            "statement": "16 Nov 2026 - 22 Nov 2026",
            "transaction_date": "17 Nov 2026",
            "transaction_number": "T3",
        },
    ]
    first, second = finance.map_settlements(rows, "sg")
    assert first.currency == "SGD"
    assert first.payout_amount == 19.0
    assert str(first.date_from) == "2026-11-09"
    assert [line.kind for line in first.lines] == ["sale", "commission"]
    assert second.lines[0].kind == "adjustment"
    assert second.payout_amount == -0.3


# ----------------------------------------------------------------------
# Full payloads: the reference's own examples and the sandbox's answers
# ----------------------------------------------------------------------


def _example(path):
    return REFERENCE[path].examples[0]["response"]


REFERENCE = conformance.read_lazada_reference()


def test_reference_order_and_items_examples_map_fully():
    raw = dict(_example("/order/get")["data"])
    raw["items"] = _example("/order/items/get")["data"]
    order = mapping.map_order(raw, "sg")
    assert order.external_id == "16090"
    assert order.name == "300034416"
    assert order.status == normalized.CANCELLED
    (line,) = order.lines
    assert (line.sku, line.unit_price, line.external_sku_id) == ("BRSD#02", 99.0, "666")
    assert order.cancel_reason == "reason"
    assert order.shipping_address.street == "318 tanglin road, phoenix park, #01-59"
    assert order.shipping_address.street2 == "address2, addressDistrict"
    assert order.shipping_address.zip == "247979"
    assert order.ship_by == datetime(2014, 10, 15, 11, 12, 15)
    assert order.is_cod
    assert order.packages[0].tracking_number == "456"
    extra = order.extra
    assert extra["billing_address"]["street"] == "22 leonie hill road, #13-01"
    assert extra["billing_address"]["zip"] == "239195"
    assert extra["voucher_codes"] == ["3432", "X234", "X3453", "Y123"]
    assert (extra["tax_code"], extra["branch_number"]) == ("1234", "2222")
    assert extra["national_registration_number"] == "1123"
    assert extra["tax_amount"] == 6.48
    assert extra["invoice_numbers"] == ["1342"]
    # identity numbers of the recipient are not kept
    assert "012345678" not in repr(order)


def test_reference_order_list_examples_map_fully():
    (raw,) = _example("/orders/get")["data"]["orders"]
    by_order = {
        str(entry["order_id"]): entry["order_items"]
        for entry in _example("/orders/items/get")["data"]
    }
    raw = {**raw, "items": by_order.get(str(raw["order_id"]), [])}
    (order,) = mapping.map_orders({"orders": [raw]}, "sg")
    # GetOrders spells the district key addressDsitrict
    assert order.shipping_address.street2 == "address2, addressDsitrict"
    assert order.extra["billing_address"]["city"] == "address4"
    assert order.extra["voucher_codes"] == ["1234"]
    # "promised_shipping_times": "shipping_time" is a placeholder, not a crash
    assert order.ship_by is None
    assert order.shipping_fee == 0.54
    assert order.status == normalized.TO_SHIP
    assert order.buyer.name == "Ha Hung"
    # the items of another order of the example do not leak in
    assert order.lines == []
    (items_entry,) = _example("/orders/items/get")["data"]
    other = mapping.map_order(
        {"order_id": items_entry["order_id"], "items": items_entry["order_items"]}
    )
    assert [line.sku for line in other.lines] == ["BRSCR#06"]


def test_reference_finance_example_maps():
    (settlement,) = finance.map_settlements(
        _example("/finance/transaction/details/get")["data"], "sg"
    )
    assert str(settlement.date_from) == "2016-05-11"
    (line,) = settlement.lines
    assert (line.kind, line.amount) == ("sale", -0.62)
    assert line.external_order_ref == "123445666666"
    assert line.transaction_ref == "SG103EF-1P9VK1A"
    assert str(line.date) == "2016-05-17"


def test_reference_return_example_maps():
    (reverse,) = _example("/reverse/getreverseordersforseller")["result"]["items"]
    ret = returns.map_return(reverse, "sg")
    assert ret.external_id == "0"
    # the example's line is REQUEST_INITIATE with a dispute open
    assert ret.state == "disputed"
    assert ret.kind in ("return", "refund_only")
    (line,) = ret.lines
    assert line.quantity == 1.0
    # amounts are in cents outside Vietnam
    raw_line = reverse["reverse_order_lines"][0]
    assert line.refund_amount == round(float(raw_line["refund_amount"] or 0) / 100, 2)
    later = json.loads(json.dumps(reverse))
    later["reverse_order_lines"][0]["return_order_line_gmt_modified"] = 1700000000000
    assert returns.map_return(later).dedup_key != ret.dedup_key
    refunded = json.loads(json.dumps(later))
    refunded["reverse_order_lines"][0]["reverse_status"] = "REFUND_SUCCESS"
    assert returns.map_return(refunded).refunded
    undisputed = json.loads(json.dumps(later))
    undisputed["reverse_order_lines"][0]["is_dispute"] = False
    assert returns.map_return(undisputed).state == "requested"


def test_return_takes_its_least_advanced_line():
    reverse = {
        "reverse_order_id": 5,
        "trade_order_id": 9,
        "request_type": "RETURN",
        "reverse_order_lines": [
            {"reverse_order_line_id": 1, "reverse_status": "RTM_RECEIVE_ITEM"},
            {"reverse_order_line_id": 2, "reverse_status": "RTM_INIT"},
            {"reverse_order_line_id": 3, "reverse_status": "REQUEST_CANCEL"},
        ],
    }
    assert returns.map_return(reverse).state == "approved"
    vn = {"reverse_order_lines": [{"refund_amount": 15000, "reverse_status": ""}]}
    assert returns.map_return(vn, "vn").refund_amount == 15000


def test_failed_delivery_items_are_listed():
    raw = {
        "order_id": 1,
        "items": [
            {"order_item_id": 11, "status": "failed_delivery", "sku": "A"},
            {"order_item_id": 12, "status": "delivered", "sku": "B"},
        ],
    }
    assert mapping.map_order(raw).failed_delivery_line_ids == ["11"]


@pytest.fixture(scope="module")
def sandbox():
    server = LazadaSandbox(app_key="k", app_secret="s", seed=3)
    server.start()
    yield server
    server.stop()


def test_enriched_sandbox_payloads_map(sandbox):
    token = sandbox.issue_tokens()["access_token"]
    client = LazadaClient("k", "s", f"{sandbox.base_url}/rest", access_token=token)
    sandbox.add_product("MAP-SKU", 12.0, 20)
    (order_id,) = sandbox.generate_orders(
        1, ["MAP-SKU"], voucher_ratio=1.0, multi_item_ratio=0.0, seed=8
    )
    raw = client.get_order(order_id)
    raw["items"] = client.get_order_items(order_id)
    order = mapping.map_order(raw, "sg")
    (line,) = order.lines
    assert line.seller_discount + line.platform_discount == 1.2
    assert order.extra["billing_address"] == asdict(order.shipping_address)
    assert order.extra["voucher_codes"]
    assert order.ship_by
    sandbox.set_order_status(order_id, "delivered")
    sandbox.set_order_status(order_id, "returned")
    (reverse,) = client.iter_reverse_orders()
    ret = returns.map_return(reverse, "sg")
    assert ret.external_id == str(reverse["reverse_order_id"])
    assert ret.order_external_id == str(order_id)
    assert ret.lines[0].sku == "MAP-SKU"
    assert ret.respond_by
    rows = list(
        client.iter_transaction_details(
            date.today() - timedelta(days=2), date.today() + timedelta(days=2)
        )
    )
    (settlement,) = finance.map_settlements(rows, "sg")
    assert settlement.payout_amount == sandbox.payout(order_id)


def test_token_pair_of_the_documented_answer():
    """The seller of the shop's venture; lifetimes in seconds from now."""
    token = {
        "code": "0",
        "access_token": "50000601c30",
        "refresh_token": "500016000300",
        "expires_in": 2592000,
        "refresh_expires_in": 15552000,
        "country": "sg",
        "account_platform": "seller_center",
        "account": "xxx@126.com",
        "country_user_info_list": [
            {"country": "my", "seller_id": "2002", "short_code": "MY2002"},
            {"country": "sg", "seller_id": "1001", "short_code": "SG1001"},
        ],
    }
    before = datetime.now(UTC).replace(tzinfo=None)
    pair = mapping.token_pair(token, "sg")
    after = datetime.now(UTC).replace(tzinfo=None)
    assert (pair.account_id, pair.extra["short_code"]) == ("1001", "SG1001")
    assert (pair.access_token, pair.refresh_token) == ("50000601c30", "500016000300")
    issued = pair.access_expires_at - timedelta(days=30)
    assert before <= issued <= after
    assert pair.refresh_expires_at - issued == timedelta(days=180)
    assert mapping.token_pair(token, "th").account_id == "2002"  # the first
