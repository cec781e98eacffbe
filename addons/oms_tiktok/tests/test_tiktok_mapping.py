"""TikTok payloads → neutral records, on the sandbox's own answers."""

import json
from datetime import datetime

import pytest
from oms_api_common import push

from odoo.addons.oms_base import normalized

from .. import mapping, returns
from ..tiktok_api import TikTokClient, const


def test_order_lines_per_unit_packages_and_money(sandbox):
    order_id = sandbox.place_order([("TEE-RED", 2), ("MUG-1", 1)], seller_discount=1)
    raw = sandbox.order(order_id)
    order = mapping.map_order(raw)
    assert order.status == normalized.TO_SHIP
    assert order.platform_status == const.AWAITING_SHIPMENT
    assert [line.quantity for line in order.lines] == [1.0, 1.0, 1.0]
    assert sorted(line.sku for line in order.lines) == ["MUG-1", "TEE-RED", "TEE-RED"]
    (package,) = order.packages
    assert sorted(package.line_external_ids) == sorted(
        i["id"] for i in raw["line_items"]
    )
    assert order.buyer_total == pytest.approx(float(raw["payment"]["total_amount"]))
    assert order.shipping_address.country_code == "MY"
    assert order.shipping_address.city and order.shipping_address.state
    # the payment time, for the lead time paid -> ready to ship
    assert raw["paid_time"]
    assert order.paid_at == push.epoch(raw["paid_time"])


def test_on_hold_is_not_released(sandbox):
    sandbox.shop.on_hold_seconds = 600
    order = mapping.map_order(sandbox.order(sandbox.place_order([("MUG-1", 1)])))
    assert order.platform_status == const.ON_HOLD
    # paid: to ship, but under the neutral hold until TikTok releases it
    assert order.status == normalized.TO_SHIP
    assert "ON_HOLD" in order.hold_reason
    assert order.extra["on_hold"]


def test_cancelled_lines_leave_the_order(sandbox, client):
    order_id = sandbox.place_order([("TEE-RED", 1), ("MUG-1", 1)])
    raw = sandbox.order(order_id)
    first = raw["line_items"][0]["id"]
    client.cancel_order(
        order_id, "seller_cancel_reason_out_of_stock", order_line_item_ids=[first]
    )
    order = mapping.map_order(sandbox.order(order_id))
    assert order.cancelled_line_ids == [first]
    assert first not in [line.external_id for line in order.lines]
    assert first not in order.packages[0].line_external_ids


@pytest.mark.parametrize("raw", [{}, {"id": "1"}, {"id": "1", "status": "LOST"}])
def test_malformed_orders_are_refused(raw):
    with pytest.raises(mapping.MalformedOrder):
        mapping.map_order(raw)


def test_listing_values_keep_stock_per_warehouse(sandbox, client):
    (product,) = [p for p in client.iter_products() if p["id"] == str(sandbox.mug_id)]
    (values,) = mapping.listing_values(product)
    assert values["seller_sku"] == "MUG-1"
    assert values["price"] == 12.0
    assert values["state"] == "active"
    assert values["data"]["inventory"] == {sandbox.shop.default_warehouse_id(): 100}


@pytest.mark.parametrize(
    ("event_type", "data", "kind"),
    [
        (1, {"order_id": "5", "order_status": "CANCEL", "update_time": 1}, "order"),
        (11, {"order_id": "5", "cancel_id": "9", "cancel_status": "X"}, "order"),
        (5, {"product_id": "7", "status": "X"}, "product"),
        (6, {"message": "gone"}, "auth_revoked"),
        (7, {"expiration_time": 1}, "auth_expiring"),
        (12, {"order_id": "5", "return_id": "3"}, "return"),
        (99, {}, "other"),
    ],
)
def test_webhook_events(sandbox, event_type, data, kind):
    body, _headers = sandbox.webhook_message(event_type, sandbox.shop.id, data)
    event = mapping.webhook_event(TikTokClient.parse_webhook(body))
    assert event["kind"] == kind
    assert event["shop_ref"] == sandbox.shop.id
    assert event["sent_at"] is not None
    again, _headers = sandbox.webhook_message(event_type, sandbox.shop.id, data)
    # a redelivery of the same order change is the same event
    if kind == "order":
        assert (
            mapping.webhook_event(TikTokClient.parse_webhook(again))["dedup_key"]
            == event["dedup_key"]
        )


def test_order_webhook_without_order_is_malformed():
    body = json.dumps({"type": 1, "shop_id": "1", "timestamp": 1, "data": {}})
    with pytest.raises(push.MalformedPush):
        mapping.webhook_event(TikTokClient.parse_webhook(body.encode()))


def test_token_pair_of_the_documented_answer():
    """Absolute Unix expiries; the seller's open_id is the account."""
    pair = mapping.token_pair(
        {
            "access_token": "TTP_a",
            "access_token_expire_in": 1660556783,
            "refresh_token": "TTP_r",
            "refresh_token_expire_in": 1691487031,
            "open_id": "7010736057180325637",
            "seller_name": "Jjj test shop",
            "seller_base_region": "ID",
            "user_type": 0,
            "granted_scopes": ["seller.order.info"],
        }
    )
    assert pair.access_expires_at == datetime(2022, 8, 15, 9, 46, 23)
    assert pair.refresh_expires_at == datetime(2023, 8, 8, 9, 30, 31)
    assert (pair.account_id, pair.region) == ("7010736057180325637", "ID")
    assert pair.scopes == ["seller.order.info"]
    assert pair.extra == {"user_type": 0}


def test_package_update_is_an_event_per_order(sandbox):
    data = {
        "sc_type": "COMBINE",
        "role_type": "ROLE_SELLER",
        "package_list": [{"package_id": "8", "order_id_list": ["5", "6"]}],
        "update_time": 1,
    }
    body, _headers = sandbox.webhook_message(4, sandbox.shop.id, data)
    events = mapping.webhook_events(TikTokClient.parse_webhook(body))
    assert [(e["kind"], e["external_ref"]) for e in events] == [
        ("order", "5"),
        ("order", "6"),
    ]
    body, _headers = sandbox.webhook_message(
        4, sandbox.shop.id, dict(data, package_list=[])
    )
    with pytest.raises(push.MalformedPush):
        mapping.webhook_events(TikTokClient.parse_webhook(body))
    body, _headers = sandbox.webhook_message(3, sandbox.shop.id, {"order_id": "5"})
    (event,) = mapping.webhook_events(TikTokClient.parse_webhook(body))
    assert (event["kind"], event["external_ref"]) == ("order", "5")


def test_failed_delivery_is_a_shipped_order_coming_back(sandbox):
    order_id = sandbox.place_order([("TEE-RED", 2)])
    sandbox.ship_order(order_id)
    sandbox.fail_delivery(order_id)
    raw = sandbox.order(order_id)
    assert raw["status"] == const.CANCELLED
    order = mapping.map_order(raw)
    assert order.status == normalized.SHIPPED
    assert sorted(order.failed_delivery_line_ids) == sorted(
        item["id"] for item in raw["line_items"]
    )
    assert len(order.lines) == 2
    assert order.packages, "the package it went in"


def test_a_return_parcel_at_the_sellers_is_received(sandbox, client):
    order_id = sandbox.place_order([("TEE-RED", 1)])
    sandbox.ship_and_deliver(order_id)
    return_id = sandbox.request_return(order_id)
    for step in ("approve", "ship"):
        sandbox.advance_return(return_id, step)

    def state():
        (record,) = client.iter_returns(return_ids=[return_id])
        return returns.map_return(record)

    assert state().state == normalized.RETURN_BUYER_SHIPPED
    sandbox.advance_return(return_id, "arrive")
    arrived = state()
    assert arrived.state == normalized.RETURN_RECEIVED
    assert arrived.respond_by
    sandbox.advance_return(return_id, "refund")
    assert state().refunded
