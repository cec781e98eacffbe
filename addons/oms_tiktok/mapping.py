"""TikTok Shop payloads → oms_base's neutral records (no Odoo import).

Orders come from Get Order Detail (202507): one line item per unit, each
with its own id, status and package; listings from Search Products (their
SKUs with stock per TikTok warehouse).
"""

from decimal import Decimal, InvalidOperation

from oms_api_common import push

from odoo.addons.oms_base import normalized

from .tiktok_api import const

STATUS_MAP = {
    const.UNPAID: normalized.UNPAID,
    # Paid, but TikTok holds it (fraud checks, buyer's cancellation window):
    # to ship, under the neutral hold (``hold_reason``): confirmed and
    # reserved, kept from the warehouse until TikTok releases it.
    const.ON_HOLD: normalized.TO_SHIP,
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


def failed_delivery(raw):
    """Whether TikTok cancelled this order because the carrier brought its
    parcel back undelivered (refused, or not deliverable)."""
    return (
        raw.get("status") == const.CANCELLED
        and raw.get("cancel_reason") in const.FAILED_DELIVERY_REASONS
    )


def _packages(items, keep_cancelled=False):
    """Packages by the line items they carry (TikTok splits and combines)."""
    packages = {}
    for item in items:
        package_id = item.get("package_id")
        cancelled = item.get("display_status") == const.CANCELLED
        if not package_id or (cancelled and not keep_cancelled):
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


def delivery_type(raw):
    """Shipped by the seller (shipping_type SELLER), else the speed the
    delivery option's name says."""
    if raw.get("shipping_type") == const.SHIPPING_SELLER:
        return normalized.SELLER
    return normalized.delivery_type_from_name(raw.get("delivery_option_name"))


def token_pair(data):
    """A ``normalized.TokenPair`` of ``/api/v2/token/get`` or
    ``/api/v2/token/refresh``, whose expiries are absolute Unix times; the
    account is the seller's ``open_id`` (one authorization for all the
    seller's shops)."""
    return normalized.TokenPair.from_timestamps(
        data.get("access_token"),
        data.get("refresh_token"),
        data.get("access_token_expire_in"),
        data.get("refresh_token_expire_in"),
        account_id=str(data.get("open_id") or ""),
        account_name=data.get("seller_name") or "",
        region=data.get("seller_base_region") or "",
        scopes=list(data.get("granted_scopes") or []),
        extra={"user_type": data["user_type"]} if "user_type" in data else {},
    )


def map_order(raw):
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("status"):
        raise MalformedOrder("TikTok order without id or status")
    status = raw["status"]
    if status not in STATUS_MAP:
        raise MalformedOrder(f"unknown TikTok order status {status!r}")
    items = [item for item in raw.get("line_items") or [] if item.get("id")]
    # A parcel back undelivered left the warehouse: shipped, not cancelled
    # in Odoo; the returns module takes its lines back.
    undelivered = failed_delivery(raw)
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
        status=normalized.SHIPPED if undelivered else STATUS_MAP[status],
        platform_status=status,
        name=str(raw["id"]),
        currency=payment.get("currency") or "",
        created_at=push.epoch(raw.get("create_time")),
        updated_at=push.epoch(raw.get("update_time")),
        paid_at=push.epoch(raw.get("paid_time")),
        buyer=normalized.Buyer(
            external_id=str(raw.get("user_id") or ""),
            name=address.get("name") or "",
            phone=address.get("phone_number") or "",
            email=raw.get("buyer_email") or "",
        ),
        shipping_address=_address(address),
        lines=[_line(item) for item in live],
        packages=_packages(items, keep_cancelled=undelivered),
        shipping_fee=amount(payment.get("original_shipping_fee")),
        seller_voucher=amount(payment.get("shipping_fee_seller_discount")),
        platform_voucher=amount(payment.get("shipping_fee_platform_discount")),
        is_cod=bool(raw.get("is_cod")),
        delivery_type=delivery_type(raw),
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
        failed_delivery_line_ids=[str(item["id"]) for item in items if undelivered],
        extra={
            "on_hold": status == const.ON_HOLD or bool(raw.get("is_on_hold_order")),
            "buyer_cancel_request": bool(raw.get("is_buyer_request_cancel")),
            "shipping_type": raw.get("shipping_type") or "",
            "warehouse_id": str(raw.get("warehouse_id") or ""),
            "address_updated": bool(raw.get("has_updated_recipient_address")),
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
    elif event_type == const.WEBHOOK_RECIPIENT_ADDRESS_UPDATE:
        ref = push.identifier(data.get("order_id"), "order_id", True)
        updated = push.identifier(data.get("update_time"), "update_time")
        kind, key = "order", f"address:{shop}:{ref}:{updated}"
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


def webhook_events(message):
    """oms.event values of a parsed webhook: a package update names its
    packages' orders (a combined package holds several): one event each."""
    if message["type"] != const.WEBHOOK_PACKAGE_UPDATE:
        return [webhook_event(message)]
    data = message["data"]
    packages = data.get("package_list")
    if not isinstance(packages, list):
        raise push.MalformedPush("package_list is missing")
    order_ids = list(
        dict.fromkeys(
            push.identifier(order_id, "order_id", True)
            for package in packages
            if isinstance(package, dict)
            for order_id in package.get("order_id_list") or []
        )
    )
    if not order_ids:
        raise push.MalformedPush("package_list names no order")
    shop = message["shop_id"]
    updated = push.identifier(data.get("update_time"), "update_time")
    sc_type = push.identifier(data.get("sc_type"), "sc_type")
    return [
        push.event_values(
            "order",
            order_id,
            f"package:{shop}:{order_id}:{sc_type}:{updated}",
            message["raw"],
            shop,
            push.epoch(message.get("timestamp")),
        )
        for order_id in order_ids
    ]


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


# ----------------------------------------------------------------------
# Listings from the listing wizard: categories, attributes, create, edit
# ----------------------------------------------------------------------


def category_nodes(categories):
    """Get Categories' flat list -> ``_oms_fetch_categories`` nodes."""
    return [
        {
            "external_id": str(category["id"]),
            "name": category.get("local_name") or str(category["id"]),
            "parent_external_id": (
                str(category.get("parent_id") or const.ROOT_CATEGORY)
                != const.ROOT_CATEGORY
                and str(category["parent_id"])
            ),
            "leaf": bool(category.get("is_leaf")),
        }
        for category in categories
    ]


def listing_attributes(attributes):
    """Get Attributes -> ``normalized.ListingAttribute``; a sales property
    is the SKU's (``variant``)."""
    return [
        normalized.ListingAttribute(
            code=str(attribute["id"]),
            name=attribute.get("name") or str(attribute["id"]),
            mandatory=bool(attribute.get("is_requried")),  # TikTok's spelling
            variant=attribute.get("type") == const.ATTRIBUTE_SALES,
            free_input=bool(attribute.get("is_customizable")),
            multi_value=bool(attribute.get("is_multiple_selection")),
            options={
                value["name"]: str(value["id"])
                for value in attribute.get("values") or []
            },
        )
        for attribute in attributes
    ]


def _decimal_text(value):
    return f"{Decimal(str(value)).quantize(Decimal('0.01')).normalize():f}"


def _product_attribute(value):
    """A product property's ``ListingValue`` -> ``product_attributes`` entry;
    a typed-in value goes by name (TikTok gives it an id)."""
    return {
        "id": value.code,
        "values": [
            {"id": value_id} if value_id else {"name": name}
            for name, value_id in value.values
        ],
    }


def _sales_attribute(value):
    """A sales property's ``ListingValue`` -> a SKU's ``sales_attributes``
    entry (one value: a SKU is one variant)."""
    name, value_id = value.values[0]
    if value_id:
        return {"id": value.code, "value_id": value_id}
    return {"id": value.code, "value_name": name}


def _package(listing):
    """``package_weight`` and ``package_dimensions`` of a listing, where set."""
    package = {}
    if listing.weight:
        package["package_weight"] = {
            "value": _decimal_text(listing.weight),
            "unit": "KILOGRAM",
        }
    sides = (listing.package_length, listing.package_width, listing.package_height)
    if all(sides):
        package["package_dimensions"] = dict(
            zip(("length", "width", "height"), map(_decimal_text, sides), strict=True),
            unit="CENTIMETER",
        )
    return package


def create_body(listing, warehouse_ref, currency):
    """A ``normalized.Listing`` -> a Create Product body: one SKU, the
    listing's, its initial stock in ``warehouse_ref``."""
    attributes = listing.attributes or []
    return {
        "title": listing.name,
        "description": listing.description,
        "category_id": listing.category_ref,
        "main_images": [{"uri": uri} for uri in listing.images or []],
        "product_attributes": [
            _product_attribute(value) for value in attributes if not value.variant
        ],
        "skus": [
            {
                "seller_sku": listing.seller_sku,
                "price": {
                    "amount": f"{listing.price or 0.0:.2f}",
                    "currency": currency,
                },
                "inventory": [
                    {
                        "warehouse_id": warehouse_ref,
                        "quantity": min(listing.quantity or 0, const.MAX_INVENTORY),
                    }
                ],
                "sales_attributes": [
                    _sales_attribute(value) for value in attributes if value.variant
                ],
            }
        ],
        "save_mode": const.SAVE_LISTING,
        **_package(listing),
    }


def listing_edit_body(detail, listing):
    """An Edit Product body: the product as TikTok has it, with what the
    wizard's ``listing`` changes (its ``None`` fields kept); variant values
    go to the SKU of ``listing.seller_sku``."""
    body = edit_body(detail, title=listing.name, description=listing.description)
    if listing.category_ref:
        body["category_id"] = listing.category_ref
    if listing.images:
        body["main_images"] = [{"uri": uri} for uri in listing.images]
    body.update(_package(listing))
    if listing.attributes is None:
        return body
    body["product_attributes"] = [
        _product_attribute(value) for value in listing.attributes if not value.variant
    ]
    variant = [_sales_attribute(v) for v in listing.attributes if v.variant]
    for sku in body["skus"]:
        if sku.get("seller_sku") == listing.seller_sku and variant:
            sku["sales_attributes"] = variant
    return body


def _measure(entry, key, units):
    """A TikTok ``{value, unit}`` (or a dimension of one) in kg or cm."""
    entry = entry or {}
    factor = units.get(entry.get("unit"), 1.0)
    return round(amount(entry.get(key)) * factor, 3) or None


def product_listing(detail, sku_id=None):
    """Get Product -> ``normalized.Listing`` of the SKU ``sku_id`` (the
    product's properties and that SKU's sales properties)."""
    sku = next(
        (s for s in detail.get("skus") or [] if str(s.get("id")) == str(sku_id)),
        (detail.get("skus") or [{}])[0],
    )
    leaf = [c for c in detail.get("category_chains") or [] if c.get("is_leaf")]
    dimensions = detail.get("package_dimensions")
    attributes = [
        normalized.ListingValue(
            code=str(attribute["id"]),
            values=[
                (value.get("name") or "", str(value["id"]) if value.get("id") else None)
                for value in attribute.get("values") or []
            ],
        )
        for attribute in detail.get("product_attributes") or []
    ]
    attributes += [
        normalized.ListingValue(
            code=str(attribute["id"]),
            values=[
                (
                    attribute.get("value_name") or "",
                    str(attribute.get("value_id") or "") or None,
                )
            ],
            variant=True,
        )
        for attribute in sku.get("sales_attributes") or []
    ]
    return normalized.Listing(
        seller_sku=sku.get("seller_sku") or "",
        name=detail.get("title"),
        description=detail.get("description"),
        weight=_measure(detail.get("package_weight"), "value", const.WEIGHT_UNITS),
        package_length=_measure(dimensions, "length", const.LENGTH_UNITS),
        package_width=_measure(dimensions, "width", const.LENGTH_UNITS),
        package_height=_measure(dimensions, "height", const.LENGTH_UNITS),
        category_ref=str(leaf[-1]["id"]) if leaf else None,
        attributes=attributes,
    )
