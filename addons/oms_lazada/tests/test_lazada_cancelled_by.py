"""Who cancelled a Lazada order (plain Python, no database)."""

import pytest

from odoo.addons.oms_base import normalized
from odoo.addons.oms_lazada import mapping

from .test_lazada_mapping import _item, _order


@pytest.mark.parametrize(
    ("initiator", "expected"),
    [
        ("cancellation-customer", normalized.CANCELLED_BY_BUYER),
        ("cancellation-seller", normalized.CANCELLED_BY_SELLER),
        ("cancellation-internal", normalized.CANCELLED_BY_PLATFORM),
        ("", ""),
    ],
)
def test_cancelled_by_from_the_items_initiator(initiator, expected):
    raw = _order(
        [
            _item("1", status="canceled", cancel_return_initiator=initiator),
            _item("2", status="canceled"),
        ]
    )
    assert mapping.map_order(raw).cancelled_by == expected


def test_live_orders_have_no_canceller():
    raw = _order([_item("1", cancel_return_initiator="cancellation-customer")])
    assert mapping.map_order(raw).cancelled_by == ""
