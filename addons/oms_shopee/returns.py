"""Shopee returns -> ``normalized.Return``."""

from odoo.addons.oms_base import normalized

from .mapping import amount, parse_time, sku_key

RETURN_STATES = {
    "REQUESTED": normalized.RETURN_REQUESTED,
    "ACCEPTED": normalized.RETURN_APPROVED,
    "PROCESSING": normalized.RETURN_APPROVED,
    "JUDGING": normalized.RETURN_DISPUTED,
    "SELLER_DISPUTE": normalized.RETURN_DISPUTED,
    "CANCELLED": normalized.RETURN_CLOSED,
    "CLOSED": normalized.RETURN_CLOSED,
}
# Reverse logistics of an accepted return: where the buyer's parcel is.
RETURN_LOGISTICS_STATES = {
    "LOGISTICS_PICKUP_DONE": normalized.RETURN_BUYER_SHIPPED,
    "LOGISTICS_DELIVERY_DONE": normalized.RETURN_RECEIVED,
}


def map_return(record):
    """A ``get_return_detail`` (or ``get_return_list``) return ->
    ``normalized.Return``.

    A closed return with money for the buyer was refunded; Shopee closes
    it once the refund is paid. The detail's reverse logistics say whether
    the buyer's parcel left or arrived.
    """
    status = str(record.get("status") or "")
    state = RETURN_STATES.get(status, normalized.RETURN_REQUESTED)
    refund = amount(record.get("refund_amount"))
    if status == "CLOSED" and refund:
        state = normalized.RETURN_REFUNDED
    elif state == normalized.RETURN_APPROVED:
        logistics = record.get("reverse_logistic_status") or record.get(
            "logistics_status"
        )
        state = RETURN_LOGISTICS_STATES.get(logistics, state)
    lines = []
    for item in record.get("item") or []:
        key = sku_key(item.get("item_id") or 0, item.get("model_id"))
        quantity = amount(item.get("amount")) or 1.0
        price = amount(item.get("item_price"))
        lines.append(
            normalized.ReturnLine(
                external_id=key,
                order_line_external_id=key,
                sku=item.get("variation_sku") or item.get("item_sku") or "",
                quantity=quantity,
                unit_price=price,
                refund_amount=amount(item.get("refund_amount"))
                if "refund_amount" in item
                else round(price * quantity, 2),
            )
        )
    due = parse_time(record.get("due_date"))
    return normalized.Return(
        external_id=str(record.get("return_sn") or ""),
        order_external_id=str(record.get("order_sn") or ""),
        state=state,
        platform_status=status,
        kind=normalized.RETURN_KIND_RETURN
        if record.get("needs_logistics", True)
        else normalized.RETURN_KIND_REFUND_ONLY,
        reason=str(record.get("reason") or ""),
        buyer_note=record.get("text_reason") or "",
        photo_urls=[url for url in record.get("image") or [] if url],
        currency=record.get("currency") or "",
        refund_amount=refund,
        refunded=state == normalized.RETURN_REFUNDED,
        respond_by=due,
        tracking_number=record.get("tracking_number") or "",
        created_at=parse_time(record.get("create_time")),
        updated_at=parse_time(record.get("update_time")),
        lines=lines,
        raw=record,
    )
