"""TikTok Shop returns and refunds -> stored return events, and their
neutral reading for the returns flow.

``return_event`` gives what ``oms.channel.sync._oms_pull_returns`` stores
for every platform (``external_ref``, ``dedup_key``, the raw ``payload``);
``normalize_return`` reads a stored payload into platform-neutral values
(what was returned, of which order lines, why, where it stands, for how
much) for oms_returns to build its return records from.
"""

from datetime import UTC, datetime

from odoo.addons.oms_base import normalized

from .finance import amount

# Where a return stands, whatever the platform calls it
REQUESTED = "requested"
APPROVED = "approved"  # the buyer may send the parcel back
SHIPPED_BACK = "shipped_back"
REFUNDED = "refunded"  # closed with the buyer's money back
REJECTED = "rejected"
CANCELLED = "cancelled"

STATES = {
    "RETURN_OR_REFUND_REQUEST_PENDING": REQUESTED,
    "AWAITING_BUYER_RESPONSE": REQUESTED,  # a partial refund offered
    "AWAITING_BUYER_SHIP": APPROVED,
    "BUYER_SHIPPED_ITEM": SHIPPED_BACK,
    "RETURN_OR_REFUND_REQUEST_SUCCESS": APPROVED,
    "RETURN_OR_REFUND_REQUEST_COMPLETE": REFUNDED,
    "REFUND_OR_RETURN_REQUEST_REJECT": REJECTED,
    "REJECT_RECEIVE_PACKAGE": REJECTED,
    "RETURN_OR_REFUND_REQUEST_CANCEL": CANCELLED,
    "REPLACEMENT_REQUEST_PENDING": REQUESTED,
    "REPLACEMENT_REQUEST_REJECT": REJECTED,
    "REPLACEMENT_REQUEST_REFUND_SUCCESS": REFUNDED,
    "REPLACEMENT_REQUEST_CANCEL": CANCELLED,
    "REPLACEMENT_REQUEST_COMPLETE": REFUNDED,
}
# What the buyer asked for: the goods come back, or only money goes out
KINDS = {
    "REFUND": "refund",
    "RETURN_AND_REFUND": "return",
    "REPLACEMENT": "replacement",
}


def return_event(record):
    """One Search Returns record -> the values of its return event, a new
    one whenever TikTok changes its status or update time."""
    return normalized.return_event(
        record.get("return_id"),
        record,
        record.get("return_status"),
        record.get("update_time"),
    )


def _time(value):
    return (
        datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None) if value else None
    )


def normalize_return(record):
    """A stored TikTok return payload -> platform-neutral return values.

    TikTok has one order line item per unit, so each returned line is one
    unit of its SKU; amounts are floats in the return's currency.
    """
    refund = record.get("refund_amount") or {}
    lines = []
    line_refunds = []
    for item in record.get("return_line_items") or []:
        line_refund = item.get("refund_amount") or {}
        line_refunds.append(line_refund)
        lines.append(
            {
                "external_line_ref": str(item.get("order_line_item_id") or ""),
                "return_line_ref": str(item.get("return_line_item_id") or ""),
                "seller_sku": item.get("seller_sku") or "",
                "quantity": 1,
                "refund_amount": float(amount(line_refund.get("refund_total"))),
            }
        )
    status = str(record.get("return_status") or "")
    return {
        "external_ref": str(record.get("return_id") or ""),
        "external_order_ref": str(record.get("order_id") or ""),
        "kind": KINDS.get(record.get("return_type"), "return"),
        "state": STATES.get(status, REQUESTED),
        "marketplace_status": status,
        "reason": record.get("return_reason_text") or record.get("return_reason") or "",
        "buyer_keeps_item": bool(record.get("can_buyer_keep_item")),
        "tracking_ref": record.get("return_tracking_number") or "",
        "carrier": record.get("return_provider_name") or "",
        "currency": refund.get("currency")
        or next((li.get("currency") for li in line_refunds if li.get("currency")), ""),
        "refund_amount": float(amount(refund.get("refund_total"))),
        "refund_shipping": float(amount(refund.get("refund_shipping_fee"))),
        "requested_at": _time(record.get("create_time")),
        "updated_at": _time(record.get("update_time")),
        "lines": lines,
    }
