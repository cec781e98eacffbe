"""TikTok Shop returns and refunds -> neutral returns (``normalized.Return``).

TikTok has one order line item per unit, so each returned line item is one
unit of its SKU; amounts are in the return's currency.
"""

from datetime import UTC, datetime

from odoo.addons.oms_base import normalized

from .finance import amount
from .tiktok_api import const

# TikTok's return status -> where the return stands, whatever the platform
STATES = {
    "RETURN_OR_REFUND_REQUEST_PENDING": normalized.RETURN_REQUESTED,
    "AWAITING_BUYER_RESPONSE": normalized.RETURN_REQUESTED,  # partial refund offered
    "AWAITING_BUYER_SHIP": normalized.RETURN_APPROVED,
    "BUYER_SHIPPED_ITEM": normalized.RETURN_BUYER_SHIPPED,
    "RETURN_OR_REFUND_REQUEST_SUCCESS": normalized.RETURN_APPROVED,
    "RETURN_OR_REFUND_REQUEST_COMPLETE": normalized.RETURN_REFUNDED,
    "REFUND_OR_RETURN_REQUEST_REJECT": normalized.RETURN_REJECTED,
    "REJECT_RECEIVE_PACKAGE": normalized.RETURN_REJECTED,
    "RETURN_OR_REFUND_REQUEST_CANCEL": normalized.RETURN_CLOSED,
    "REPLACEMENT_REQUEST_PENDING": normalized.RETURN_REQUESTED,
    "REPLACEMENT_REQUEST_REJECT": normalized.RETURN_REJECTED,
    "REPLACEMENT_REQUEST_REFUND_SUCCESS": normalized.RETURN_REFUNDED,
    "REPLACEMENT_REQUEST_CANCEL": normalized.RETURN_CLOSED,
    "REPLACEMENT_REQUEST_COMPLETE": normalized.RETURN_CLOSED,
}
# What the buyer asked for: the goods come back, or only money goes out
KINDS = {
    "REFUND": normalized.RETURN_KIND_REFUND_ONLY,
    "RETURN_AND_REFUND": normalized.RETURN_KIND_RETURN,
    "REPLACEMENT": normalized.RETURN_KIND_RETURN,
}
REFUNDED_STATUSES = {
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "REPLACEMENT_REQUEST_REFUND_SUCCESS",
}


def _time(value):
    return (
        datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None) if value else None
    )


def map_return(record):
    """A Search Returns record -> ``normalized.Return``: a new version
    (dedup key) whenever TikTok changes its status or update time."""
    refund = record.get("refund_amount") or {}
    lines = []
    currency = refund.get("currency") or ""
    for item in record.get("return_line_items") or []:
        line_refund = item.get("refund_amount") or {}
        currency = currency or line_refund.get("currency") or ""
        lines.append(
            normalized.ReturnLine(
                external_id=str(item.get("return_line_item_id") or ""),
                order_line_external_id=str(item.get("order_line_item_id") or ""),
                sku=item.get("seller_sku") or "",
                quantity=1.0,
                refund_amount=float(amount(line_refund.get("refund_total"))),
            )
        )
    status = str(record.get("return_status") or "")
    state = STATES.get(status, normalized.RETURN_REQUESTED)
    pending = record.get("seller_next_action_response") or []
    next_actions = {entry.get("action") for entry in pending}
    deadlines = [entry["deadline"] for entry in pending if entry.get("deadline")]
    if status == const.RETURN_BUYER_SHIPPED and const.ACTION_RECEIVE_PACKAGE in (
        next_actions
    ):
        state = normalized.RETURN_RECEIVED  # the parcel is at the seller's
    return normalized.Return(
        external_id=str(record.get("return_id") or ""),
        order_external_id=str(record.get("order_id") or ""),
        state=state,
        platform_status=status,
        kind=KINDS.get(record.get("return_type"), normalized.RETURN_KIND_RETURN),
        reason=record.get("return_reason_text") or record.get("return_reason") or "",
        currency=currency,
        refund_amount=float(amount(refund.get("refund_total"))),
        refunded=status in REFUNDED_STATUSES,
        respond_by=_time(min(deadlines)) if deadlines else None,
        tracking_number=record.get("return_tracking_number") or "",
        created_at=_time(record.get("create_time")),
        updated_at=_time(record.get("update_time")),
        lines=lines,
        extra={
            "buyer_keeps_item": bool(record.get("can_buyer_keep_item")),
            "carrier": record.get("return_provider_name") or "",
            "refund_shipping": float(amount(refund.get("refund_shipping_fee"))),
        },
        raw=record,
    )
