"""TikTok Shop payloads → oms_base's neutral records (no Odoo import).

Orders come from Get Order Detail (202507): one line item per unit, each
with its own id, status and package; listings from Search Products (their
SKUs with stock per TikTok warehouse).
"""

from decimal import Decimal, InvalidOperation

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.api_common import push

from .tiktok_api import const

STATUS_MAP = {
    const.UNPAID: normalized.UNPAID,
    # Paid, but TikTok holds it (fraud checks, buyer's cancellation window):
    # imported, not released to the warehouse until it leaves the hold.
    const.ON_HOLD: normalized.UNPAID,
    const.AWAITING_SHIPMENT: normalized.TO_SHIP,
    const.PARTIALLY_SHIPPING: normalized.TO_SHIP,
    const.AWAITING_COLLECTION: normalized.TO_SHIP,
    const.IN_TRANSIT: normalized.SHIPPED,
    const.DELIVERED: normalized.DELIVERED,
    const.COMPLETED: normalized.DELIVERED,
    const.CANCELLED: normalized.CANCELLED,
}
# Get Order Detail ``cancellation_initiator``
CANCELLED_BY = {
    "BUYER": normalized.CANCELLED_BY_BUYER,
    "SELLER": normalized.CANCELLED_BY_SELLER,
    "SYSTEM": normalized.CANCELLED_BY_PLATFORM,
}
LISTING_STATES = {
    const.PRODUCT_ACTIVATE: "active",
    const.PRODUCT_SELLER_DEACTIVATED: "inactive",
    const.PRODUCT_PLATFORM_DEACTIVATED: "inactive",
    const.PRODUCT_FREEZE: "inactive",
    const.PRODUCT_DELETED: "deleted",
    const.PRODUCT_PENDING: "pending",
    const.PRODUCT_DRAFT: "pending",
    const.PRODUCT_FAILED: "pending",
}


class MalformedOrder(ValueError):
    """An order TikTok answered without what an order must have."""


def amount(value):
    """TikTok money is a decimal string; anything else counts as 0."""
    try:
        return float(Decimal(str(value))) if value not in (None, "") else 0.0
    except (InvalidOperation, ValueError):
        return 0.0


def _district(address, level):
    for entry in address.get("district_info") or []:
        if entry.get("address_level") == level:
            return entry.get("address_name") or ""
    return ""


def _address(raw):
    return normalized.Address(
        name=raw.get("name") or "",
        phone=raw.get("phone_number") or "",
        street=raw.get("address_line1") or raw.get("address_detail") or "",
        street2=" ".join(
            filter(None, (raw.get(f"address_line{n}") for n in (2, 3, 4)))
        ),
        city=_district(raw, "L2") or _district(raw, "L3"),
        state=_district(raw, "L1"),
        zip=raw.get("postal_code") or "",
        country_code=raw.get("region_code") or "",
    )


def _line(item):
    return normalized.OrderLine(
        external_id=str(item["id"]),
        sku=item.get("seller_sku") or "",
        name=" - ".join(filter(None, (item.get("product_name"), item.get("sku_name")))),
        quantity=1.0,
        unit_price=amount(item.get("original_price")),
        seller_discount=amount(item.get("seller_discount")),
        platform_discount=amount(item.get("platform_discount")),
        external_product_id=str(item.get("product_id") or ""),
        external_sku_id=str(item.get("sku_id") or ""),
        status=item.get("display_status") or "",
    )


def _packages(items):
    """Packages by the line items they carry (TikTok splits and combines)."""
    packages = {}
    for item in items:
        package_id = item.get("package_id")
        if not package_id or item.get("display_status") == const.CANCELLED:
            continue
        package = packages.get(package_id)
        if package is None:
            package = packages[package_id] = normalized.Package(
                external_id=str(package_id),
                tracking_number=item.get("tracking_number") or "",
                carrier=item.get("shipping_provider_name") or "",
            )
        package.line_external_ids.append(str(item["id"]))
    return list(packages.values())


def map_order(raw):
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("status"):
        raise MalformedOrder("TikTok order without id or status")
    status = raw["status"]
    if status not in STATUS_MAP:
        raise MalformedOrder(f"unknown TikTok order status {status!r}")
    items = [item for item in raw.get("line_items") or [] if item.get("id")]
    cancelled_order = status == const.CANCELLED
    live = [
        item
        for item in items
        if cancelled_order or item.get("display_status") != const.CANCELLED
    ]
    payment = raw.get("payment") or {}
    address = raw.get("recipient_address") or {}
    return normalized.Order(
        external_id=str(raw["id"]),
        status=STATUS_MAP[status],
        platform_status=status,
        name=str(raw["id"]),
        currency=payment.get("currency") or "",
        created_at=push.epoch(raw.get("create_time")),
        updated_at=push.epoch(raw.get("update_time")),
        buyer=normalized.Buyer(
            external_id=str(raw.get("user_id") or ""),
            name=address.get("name") or "",
            phone=address.get("phone_number") or "",
            email=raw.get("buyer_email") or "",
        ),
        shipping_address=_address(address),
        lines=[_line(item) for item in live],
        packages=_packages(items),
        shipping_fee=amount(payment.get("original_shipping_fee")),
        seller_voucher=amount(payment.get("shipping_fee_seller_discount")),
        platform_voucher=amount(payment.get("shipping_fee_platform_discount")),
        is_cod=bool(raw.get("is_cod")),
        payment_method=raw.get("payment_method_name") or "",
        # Ready-to-ship deadline, else the handover (time-to-ship) one.
        ship_by=push.epoch(raw.get("rts_sla_time"))
        or push.epoch(raw.get("tts_sla_time"))
        or push.epoch(raw.get("shipping_due_time")),
        hold_reason=(
            "TikTok holds the order (ON_HOLD)" if status == const.ON_HOLD else ""
        ),
        buyer_note=raw.get("buyer_message") or "",
        cancel_reason=raw.get("cancel_reason") or "",
        cancelled_by=CANCELLED_BY.get(raw.get("cancellation_initiator") or "", ""),
        cancelled_line_ids=[
            str(item["id"])
            for item in items
            if not cancelled_order and item.get("display_status") == const.CANCELLED
        ],
        extra={
            "on_hold": status == const.ON_HOLD or bool(raw.get("is_on_hold_order")),
            "buyer_cancel_request": bool(raw.get("is_buyer_request_cancel")),
            "shipping_type": raw.get("shipping_type") or "",
            "warehouse_id": str(raw.get("warehouse_id") or ""),
        },
    )


def map_orders(payload):
    return [map_order(raw) for raw in payload.get("orders") or []]


def listing_values(product):
    """``_bind_by_sku`` values of a product's SKUs, their stock per TikTok
    warehouse kept in ``data``."""
    state = LISTING_STATES.get(product.get("status"), "pending")
    values = []
    for sku in product.get("skus") or []:
        inventory = {
            str(entry.get("warehouse_id")): int(entry.get("quantity") or 0)
            for entry in sku.get("inventory") or []
        }
        price = sku.get("price") or {}
        values.append(
            {
                "external_id": str(sku["id"]),
                "external_product_id": str(product["id"]),
                "seller_sku": sku.get("seller_sku") or "",
                "name": product.get("title") or "",
                "price": amount(
                    price.get("sale_price") or price.get("tax_exclusive_price")
                ),
                "quantity": sum(inventory.values()),
                "state": state,
                "data": {"inventory": inventory},
            }
        )
    return values


def webhook_event(message):
    """oms.event values of a parsed TikTok webhook (``TikTokClient.parse_webhook``)."""
    event_type, data = message["type"], message["data"]
    shop = message["shop_id"]
    notification = message["tts_notification_id"]
    sent_at = push.epoch(message.get("timestamp"))
    if event_type == const.WEBHOOK_ORDER_STATUS_CHANGE:
        ref = push.identifier(data.get("order_id"), "order_id", True)
        status = push.identifier(data.get("order_status"), "order_status")
        updated = push.identifier(data.get("update_time"), "update_time")
        kind, key = "order", f"order:{shop}:{ref}:{status}:{updated}"
    elif event_type == const.WEBHOOK_CANCELLATION_STATUS_CHANGE:
        ref = push.identifier(data.get("order_id"), "order_id", True)
        status = push.identifier(data.get("cancel_status"), "cancel_status")
        cancel = push.identifier(data.get("cancel_id"), "cancel_id")
        kind, key = "order", f"cancel:{shop}:{cancel or ref}:{status}"
    else:
        kind = const.PUSH_KINDS.get(event_type, const.PUSH_KIND_OTHER)
        ref = push.identifier(
            data.get("product_id")
            or data.get("return_id")
            or data.get("order_id")
            or shop,
            "reference",
        )
        key = f"{event_type}:{shop}:{notification or ref}"
    return push.event_values(kind, ref, key, message["raw"], shop, sent_at)


def edit_body(detail, prices=None, title=None, description=None):
    """A full Edit Product body from a product's detail (TikTok replaces
    the whole product), with new SKU ``prices`` ``{sku_id: amount}`` and
    content where given."""
    prices = prices or {}
    leaf = [c for c in detail.get("category_chains") or [] if c.get("is_leaf")]
    body = {
        "title": title or detail.get("title"),
        "description": description or detail.get("description"),
        "category_id": (leaf or detail.get("category_chains") or [{}])[-1].get("id"),
        "main_images": [
            {"uri": image["uri"]} for image in detail.get("main_images") or []
        ],
        "package_weight": detail.get("package_weight"),
        "product_attributes": [
            {
                "id": attribute["id"],
                "values": [
                    {"id": value.get("id"), "name": value.get("name")}
                    for value in attribute.get("values") or []
                ],
            }
            for attribute in detail.get("product_attributes") or []
        ],
        "is_cod_allowed": detail.get("is_cod_allowed", True),
        "skus": [],
    }
    if detail.get("package_dimensions"):
        body["package_dimensions"] = detail["package_dimensions"]
    for sku in detail.get("skus") or []:
        price = dict(sku.get("price") or {})
        amount_text = prices.get(str(sku["id"]))
        body["skus"].append(
            {
                "id": sku["id"],
                "seller_sku": sku.get("seller_sku"),
                "price": {
                    "amount": f"{amount_text:.2f}"
                    if amount_text is not None
                    else price.get("sale_price") or price.get("tax_exclusive_price"),
                    "currency": price.get("currency"),
                },
                "inventory": [
                    {"warehouse_id": i["warehouse_id"], "quantity": i["quantity"]}
                    for i in sku.get("inventory") or []
                ],
                "sales_attributes": sku.get("sales_attributes") or [],
            }
        )
    return body
