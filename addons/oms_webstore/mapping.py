"""Web store payloads <-> ``normalized.Order`` (plain functions)."""

import hashlib
import json
from dataclasses import asdict, fields
from datetime import UTC, datetime

from odoo.addons.oms_base import normalized


def content_digest(data):
    """A stable digest of a request's content: the same order sent twice
    (whatever the key order or spacing) has the same one."""
    text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _naive_utc(value):
    if value and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def order_from_request(data, now):
    """A ``normalized.Order`` from a create-order request (``OrderIn``)."""
    payment = data.payment
    if payment.method == "cod":
        status = normalized.TO_SHIP
    else:
        status = normalized.TO_SHIP if payment.paid else normalized.UNPAID
    address = data.shipping_address
    return normalized.Order(
        external_id=data.order_no,
        status=status,
        platform_status="created"
        if status != normalized.UNPAID
        else "awaiting_payment",
        name=data.order_no,
        currency=data.currency or "",
        created_at=_naive_utc(data.created_at) or now,
        updated_at=now,
        buyer=normalized.Buyer(
            external_id=data.buyer.id,
            name=data.buyer.name or address.name,
            phone=data.buyer.phone or address.phone,
            email=data.buyer.email or address.email,
        ),
        shipping_address=normalized.Address(
            name=address.name,
            phone=address.phone,
            email=address.email,
            street=address.street,
            street2=address.street2,
            city=address.city,
            state=address.state,
            zip=address.zip,
            country_code=address.country_code,
        ),
        lines=[
            normalized.OrderLine(
                external_id=line.line_id or str(index),
                sku=line.sku,
                name=line.name or line.sku,
                quantity=line.quantity,
                unit_price=line.unit_price,
                seller_discount=line.discount,
                external_sku_id=line.sku,
            )
            for index, line in enumerate(data.lines, start=1)
        ],
        shipping_fee=data.shipping_fee,
        seller_voucher=sum(voucher.amount for voucher in data.vouchers),
        is_cod=payment.method == "cod",
        delivery_type=data.delivery_type,
        payment_method=payment.method,
        ship_by=_naive_utc(data.ship_by),
        buyer_note=data.note,
    )


_DATES = ("created_at", "updated_at", "ship_by")


def order_to_payload(order):
    """A JSON-ready dict of a ``normalized.Order`` (an event's payload)."""
    data = asdict(order)
    for name in _DATES:
        value = getattr(order, name)
        data[name] = value.isoformat() if value else None
    return data


def order_from_payload(data):
    """The ``normalized.Order`` an event's payload holds."""
    data = dict(data)
    for name in _DATES:
        data[name] = datetime.fromisoformat(data[name]) if data.get(name) else None
    data["buyer"] = normalized.Buyer(**data.get("buyer") or {})
    data["shipping_address"] = normalized.Address(**data.get("shipping_address") or {})
    data["lines"] = [normalized.OrderLine(**line) for line in data.get("lines") or []]
    data["packages"] = [
        normalized.Package(**package) for package in data.get("packages") or []
    ]
    known = {f.name for f in fields(normalized.Order)}
    return normalized.Order(**{k: v for k, v in data.items() if k in known})


def cancel_lines(order, requested):
    """Take the ``requested`` ``{line external id: units or None}`` off
    ``order`` (a ``normalized.Order``), in place: lines cancelled whole move
    to ``cancelled_line_ids``, others keep what remains."""
    kept = []
    for line in order.lines:
        if line.external_id not in requested:
            kept.append(line)
            continue
        units = requested[line.external_id]
        if units is None or units >= line.quantity:
            order.cancelled_line_ids.append(line.external_id)
            continue
        share = (line.quantity - units) / line.quantity
        line.seller_discount *= share
        line.quantity -= units
        kept.append(line)
    order.lines = kept
    return order
