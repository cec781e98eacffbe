"""TikTok deadlines and holds → the neutral ship-by and hold."""

from oms_api_common import push

from .. import mapping


def test_ship_by_is_the_ready_to_ship_sla(sandbox):
    raw = sandbox.order(sandbox.place_order([("MUG-1", 1)]))
    order = mapping.map_order(raw)
    assert raw["rts_sla_time"]
    assert order.ship_by == push.epoch(raw["rts_sla_time"])
    assert not order.hold_reason


def test_ship_by_falls_back_on_the_time_to_ship_sla(sandbox):
    raw = sandbox.order(sandbox.place_order([("MUG-1", 1)]))
    raw.pop("rts_sla_time", None)
    raw["tts_sla_time"] = 1767225600  # 2026-01-01 00:00 UTC
    order = mapping.map_order(raw)
    assert order.ship_by == push.epoch(1767225600)
    raw.pop("tts_sla_time")
    raw.pop("shipping_due_time", None)
    assert mapping.map_order(raw).ship_by is None


def test_on_hold_sets_the_neutral_hold(sandbox):
    sandbox.shop.on_hold_seconds = 600
    order = mapping.map_order(sandbox.order(sandbox.place_order([("MUG-1", 1)])))
    assert "ON_HOLD" in order.hold_reason


def test_cancellation_initiator_maps_to_the_neutral_canceller(sandbox):
    raw = sandbox.order(sandbox.place_order([("MUG-1", 1)]))
    for initiator, expected in [("BUYER", "buyer"), ("SELLER", "seller"), (None, "")]:
        raw["cancellation_initiator"] = initiator
        assert mapping.map_order(raw).cancelled_by == expected
