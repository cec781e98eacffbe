"""``normalized.Settlement``: what connectors hand to the settlement import
(plain Python, no database)."""

import json
from datetime import date

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.finance import statement


def test_settlement_round_trips_through_its_stored_payload():
    settlement = statement(
        "W46",
        [
            ("ORD-1", "sale", 20.0, {"date": date(2026, 11, 12)}),
            ("ORD-1", "payment_fee", -0.42, {"fee_base": 21.0}),
        ],
        18.0,
        currency="SGD",
        date_from=date(2026, 11, 9),
        date_to=date(2026, 11, 15),
        closed=True,
    )
    payload = json.loads(json.dumps(settlement.to_payload(), sort_keys=True))
    assert payload["date_to"] == "2026-11-15"
    assert payload["lines"][0]["date"] == "2026-11-12"
    again = normalized.Settlement.from_payload(payload)
    assert again == settlement
    assert again.lines[1].fee_base == 21.0
    assert (again.payout_amount, again.lines_total) == (18.0, 19.58)


def test_a_payload_stored_before_the_dataclass_still_reads():
    """Finance events stored as plain dicts (before ``Settlement``) carry
    fewer keys; they still import."""
    old = {
        "reference": "OLD",
        "payout_amount": 5.0,
        "lines": [{"kind": "sale", "amount": 5.0, "transaction_ref": "T1"}],
    }
    settlement = normalized.Settlement.from_payload(old)
    assert settlement.lines == [normalized.SettlementLine("T1", "sale", 5.0)]
    assert (settlement.date_to, settlement.closed) == (None, False)
