"""Lazada reverse orders -> ``normalized.Return``, and the seller's
answers to them."""

from odoo.addons.oms_base import normalized

from .mapping import VENTURE_CURRENCY, amount, parse_time

# Reverse line statuses -> neutral return states: only those the reference
# documents, REQUEST_INITIATE, REQUEST_REJECT, REQUEST_CANCEL and
# CANCEL_SUCCESS for the APIs and the keys of the reverse order push
# (RTM_*, RTW_*, REFUND_*, CANCEL_*). A request waits for the seller in
# REQUEST_INITIATE; once agreed, the return is initiated (RTM_INIT, RTW_INIT)
# and the buyer ships it back.
REVERSE_STATES = {
    "REQUEST_INITIATE": normalized.RETURN_REQUESTED,
    "CANCEL_INIT": normalized.RETURN_REQUESTED,
    "REFUND_INIT": normalized.RETURN_REQUESTED,
    "RTM_INIT": normalized.RETURN_APPROVED,
    "RTW_INIT": normalized.RETURN_APPROVED,
    "REFUND_PENDING": normalized.RETURN_APPROVED,
    "REQUEST_REJECT": normalized.RETURN_REJECTED,
    "REFUND_REJECTED": normalized.RETURN_REJECTED,
    "RTW_REJECT": normalized.RETURN_REJECTED,
    "RTM_SHIPPING_BACK": normalized.RETURN_BUYER_SHIPPED,
    "RTW_SHIPPING_BACK": normalized.RETURN_BUYER_SHIPPED,
    "RTM_RECEIVE_ITEM": normalized.RETURN_RECEIVED,
    "RTW_REFUND_PENDING": normalized.RETURN_INSPECTED,
    "CANCEL_SUCCESS": normalized.RETURN_REFUNDED,
    "CANCEL_REFUND_ISSUED": normalized.RETURN_REFUNDED,
    "REFUND_SUCCESS": normalized.RETURN_REFUNDED,
    "REQUEST_CANCEL": normalized.RETURN_CLOSED,
    "RTM_CANCELED": normalized.RETURN_CLOSED,
    "RTW_CANCELED": normalized.RETURN_CLOSED,
}
REVERSE_KINDS = {
    "RETURN": normalized.RETURN_KIND_RETURN,
    "ONLY_REFUND": normalized.RETURN_KIND_REFUND_ONLY,
    "CANCEL": normalized.RETURN_KIND_REFUND_ONLY,
}
# What the seller's actions make of a reverse line, in neutral states.
DECISION_STATES = {
    "agreeReturn": normalized.RETURN_APPROVED,
    "refuseReturn": normalized.RETURN_REJECTED,
    "confirmDelivery": normalized.RETURN_RECEIVED,
    "agreeRefund": normalized.RETURN_REFUNDED,
    "refuseRefund": normalized.RETURN_REJECTED,
    "instantRefund": normalized.RETURN_REFUNDED,
    "startDispute": normalized.RETURN_DISPUTED,
}


def return_action(decision, state):
    """The ReverseOrderReturnUpdate action of a neutral decision on a
    return in ``state``, or None when Lazada offers none."""
    before_receipt = state in (normalized.RETURN_REQUESTED,)
    after_receipt = state in (normalized.RETURN_RECEIVED, normalized.RETURN_INSPECTED)
    if decision == "approve" and before_receipt:
        return "agreeReturn"
    if decision == "reject":
        return (
            "refuseReturn"
            if before_receipt
            else ("refuseRefund" if after_receipt else None)
        )
    if decision == "receive" and state == normalized.RETURN_BUYER_SHIPPED:
        return "confirmDelivery"
    if decision == "refund":
        return (
            "instantRefund"
            if before_receipt
            else ("agreeRefund" if after_receipt else None)
        )
    return None


# Money in reverse orders is in minor units (cents), except in Vietnam.
MAJOR_UNIT_VENTURES = {"vn"}


def _reverse_money(value, venture):
    value = amount(value)
    if (venture or "").lower() in MAJOR_UNIT_VENTURES:
        return value
    return round(value / 100.0, 2)


def map_return(reverse, venture="sg"):
    """A ``/reverse/getreverseordersforseller`` item -> ``normalized.Return``.

    Lazada keeps a status per reverse line; the return takes the least
    advanced live one (a line still waiting keeps the return waiting).
    """
    raw_lines = reverse.get("reverse_order_lines") or []
    order_rank = {state: rank for rank, state in enumerate(normalized.RETURN_STATES)}
    states = [
        REVERSE_STATES.get(str(line.get("reverse_status") or "").upper())
        for line in raw_lines
    ]
    live = [
        s
        for s in states
        if s and s not in (normalized.RETURN_CLOSED, normalized.RETURN_REJECTED)
    ]
    if live:
        state = min(live, key=order_rank.get)
    else:
        state = next((s for s in states if s), normalized.RETURN_REQUESTED)
    # the reference example gives booleans as strings
    if any(
        str(line.get("is_dispute")).lower() == "true" for line in raw_lines
    ) and state not in (
        normalized.RETURN_REFUNDED,
        normalized.RETURN_CLOSED,
    ):
        state = normalized.RETURN_DISPUTED
    lines = [
        normalized.ReturnLine(
            external_id=str(line.get("reverse_order_line_id")),
            order_line_external_id=str(line.get("trade_order_line_id") or ""),
            sku=line.get("seller_sku_id") or "",
            quantity=1.0,  # one reverse line per order item, i.e. per unit
            refund_amount=_reverse_money(line.get("refund_amount"), venture),
            unit_price=_reverse_money(line.get("item_unit_price"), venture),
            platform_status=str(line.get("reverse_status") or ""),
        )
        for line in raw_lines
    ]
    slas = [parse_time(line.get("sla")) for line in raw_lines]
    modified = [
        parse_time(line.get("return_order_line_gmt_modified")) for line in raw_lines
    ]
    created = [
        parse_time(line.get("return_order_line_gmt_create")) for line in raw_lines
    ]
    reasons = {line.get("reason_text") or "" for line in raw_lines} - {""}
    codes = {str(line.get("reason_code") or "") for line in raw_lines} - {""}
    photos = []
    for line in raw_lines:
        for image in line.get("buyer_images") or line.get("image_info") or []:
            url = image.get("url") if isinstance(image, dict) else image
            if url and url not in photos:
                photos.append(url)
    refunded = state == normalized.RETURN_REFUNDED
    return normalized.Return(
        external_id=str(reverse.get("reverse_order_id")),
        order_external_id=str(reverse.get("trade_order_id") or ""),
        state=state,
        platform_status=",".join(
            sorted({str(line.get("reverse_status") or "") for line in raw_lines})
        ),
        kind=REVERSE_KINDS.get(
            str(reverse.get("request_type") or "").upper(),
            normalized.RETURN_KIND_RETURN,
        ),
        reason=", ".join(sorted(codes)),
        buyer_note=", ".join(sorted(reasons)),
        photo_urls=photos,
        currency=VENTURE_CURRENCY.get((venture or "").lower(), ""),
        refund_amount=round(sum(line.refund_amount for line in lines), 2),
        refunded=refunded,
        respond_by=min((s for s in slas if s), default=None),
        tracking_number=next(
            (
                line.get("tracking_number")
                for line in raw_lines
                if line.get("tracking_number")
            ),
            "",
        ),
        created_at=min((c for c in created if c), default=None),
        updated_at=max((m for m in modified if m), default=None),
        lines=lines,
        extra={
            "is_rtm": bool(reverse.get("is_rtm")),
            "reasons": [
                {"id": str(r.get("reason_id")), "text": r.get("text") or ""}
                for line in raw_lines[:1]
                for r in line.get("reasons") or []
            ],
        },
        raw=reverse,
    )
