"""Lazada payload mapping (plain Python, no database)."""

from datetime import datetime

from odoo.addons.oms_base import normalized
from odoo.addons.oms_lazada import mapping


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
    first, second = mapping.map_settlements(rows, "sg")
    assert first["currency"] == "SGD"
    assert first["payout_amount"] == 19.0
    assert str(first["date_from"]) == "2026-11-09"
    assert [line["kind"] for line in first["lines"]] == ["sale", "commission"]
    assert second["lines"][0]["kind"] == "adjustment"
    assert second["payout_amount"] == -0.3
