"""Lazada payloads -> platform-neutral ``oms_base.normalized`` objects.

Pure functions (no Odoo), so the mapping is tested on its own. A page of
orders is ``{"orders": [order]}`` where each order is Lazada's order object
(``/orders/get``, ``/order/get``) with its items (``/orders/items/get``)
under ``"items"``.
"""

from dataclasses import asdict
from datetime import UTC, datetime

from odoo.addons.oms_base import normalized

# Lazada has no order status: each item has its own. These sets decide the
# order's neutral status from its items' statuses.
TO_SHIP_STATUSES = {
    "pending",
    "packed",
    "repacked",
    "ready_to_ship",
    "topack",
    "toship",
    "ready_to_ship_pending",
}
SHIPPED_STATUSES = {
    "shipped",
    "failed_delivery",
    "failed",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "lost",
    "lost_by_3pl",
    "damaged_by_3pl",
    "package_scrapped",
}
DELIVERED_STATUSES = {"delivered", "confirmed"}
CANCELLED_STATUSES = {"canceled", "cancelled"}
RETURNED_STATUSES = {"returned"}

VENTURE_COUNTRY = {
    "sg": "SG",
    "th": "TH",
    "my": "MY",
    "vn": "VN",
    "ph": "PH",
    "id": "ID",
}


def parse_time(value):
    """Parse Lazada's timestamps into naive UTC datetimes.

    Lazada uses ``2018-02-09T22:44:30+08:00`` on orders, ``2014-10-15
    19:12:15 +0800`` on items and epoch milliseconds in other places.
    """
    if value in (None, "", "null"):
        return None
    text = str(value).strip()
    if text.isdigit():
        stamp = int(text)
        if not stamp:
            return None
        moment = datetime.fromtimestamp(
            stamp / 1000 if stamp > 10**11 else stamp, tz=UTC
        )
    else:
        moment = None
        for fmt in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%z"):
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                return None  # placeholders such as "shipping_time"
    if moment.tzinfo:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def amount(value):
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def order_status(item_statuses):
    """Neutral status of an order from its items' Lazada statuses."""
    statuses = {s.lower() for s in item_statuses if s}
    live = statuses - CANCELLED_STATUSES
    if not statuses:
        return normalized.TO_SHIP
    if not live:
        return normalized.CANCELLED
    if "unpaid" in live:
        return normalized.UNPAID
    if live & TO_SHIP_STATUSES:
        return normalized.TO_SHIP
    if live & SHIPPED_STATUSES:
        return normalized.SHIPPED
    if live <= RETURNED_STATUSES:
        return normalized.RETURNED
    if live & DELIVERED_STATUSES:
        return normalized.DELIVERED
    return normalized.TO_SHIP


def _address(raw, country_code):
    raw = raw or {}
    name = " ".join(
        part for part in (raw.get("first_name"), raw.get("last_name")) if part
    )
    # GetOrders spells it addressDsitrict, GetOrder addressDistrict
    district = raw.get("addressDistrict") or raw.get("addressDsitrict")
    street2 = ", ".join(
        part for part in (raw.get("address2"), district) if part and part != "null"
    )
    return normalized.Address(
        name=name,
        phone=raw.get("phone") or "",
        street=raw.get("address1") or "",
        street2=street2,
        city=raw.get("address4") or raw.get("city") or "",
        state=raw.get("address3") or "",
        zip=raw.get("post_code") or raw.get("address5") or "",
        country_code=country_code,
    )


def _codes(*values):
    codes = set()
    for value in values:
        codes.update(c.strip() for c in str(value or "").split(","))
    return sorted(codes - {"", "null"})


def _order_extra(raw, items, country):
    """What Lazada sends that the neutral order has no field for.

    Kept for invoicing and customer service: the billing address, the
    buyer's tax identifiers (Thai branch number, tax code), voucher codes
    and the items' tax amounts. The shipping fee discounts are not vouchers
    on the items (``shipping_fee`` is already what the buyer paid).
    Deliberately left out: ``recipient_info`` (passport and identity
    numbers), gift wrapping and pick-up store details.
    """
    billing = raw.get("address_billing")
    return {
        "billing_address": asdict(_address(billing, country)) if billing else None,
        "voucher_codes": _codes(
            raw.get("voucher_code"),
            *(item.get("voucher_code") for item in items),
            *(item.get("voucher_code_seller") for item in items),
            *(item.get("voucher_code_platform") for item in items),
        ),
        "tax_code": raw.get("tax_code") or "",
        "branch_number": raw.get("branch_number") or "",
        "national_registration_number": raw.get("national_registration_number") or "",
        "tax_amount": round(sum(amount(item.get("tax_amount")) for item in items), 2),
        "shipping_fee_original": amount(raw.get("shipping_fee_original")),
        "shipping_fee_discount_seller": amount(raw.get("shipping_fee_discount_seller")),
        "shipping_fee_discount_platform": amount(
            raw.get("shipping_fee_discount_platform")
        ),
        "invoice_numbers": _codes(*(item.get("invoice_number") for item in items)),
    }


# The delivery option of an order item (shipping_provider_type).
DELIVERY_TYPES = {
    "INSTANT": normalized.INSTANT,
    "EXPRESS": normalized.EXPRESS,
    "STANDARD": normalized.STANDARD,
    "ECONOMY": normalized.STANDARD,
    "PICKUP_IN_STORE": normalized.STANDARD,
    "SELLER_OWN_FLEET": normalized.SELLER,
}
SPEED_ORDER = (normalized.SELLER, normalized.INSTANT, normalized.EXPRESS)


def delivery_type(items):
    """The order's delivery type from its items' delivery options: the
    seller's own fleet (delivery_option_sof) if any item goes by it, else
    the fastest option of its items."""
    types = {
        normalized.SELLER
        if str(item.get("delivery_option_sof") or "0") == "1"
        else DELIVERY_TYPES.get(
            (item.get("shipping_provider_type") or "").upper(), normalized.STANDARD
        )
        for item in items
    }
    return next((kind for kind in SPEED_ORDER if kind in types), normalized.STANDARD)


def token_pair(token, venture="sg"):
    """A ``normalized.TokenPair`` of ``/auth/token/create`` or
    ``/auth/token/refresh`` (seconds to live; the seller list is
    ``country_user_info`` or ``country_user_info_list``): the account is the
    seller of ``venture``, else the first one listed."""
    users = token.get("country_user_info") or token.get("country_user_info_list")
    users = users or [{}]
    seller = next((u for u in users if u.get("country") == venture), users[0])
    return normalized.TokenPair.from_lifetimes(
        token.get("access_token"),
        token.get("refresh_token"),
        token.get("expires_in"),
        token.get("refresh_expires_in"),
        region=seller.get("country") or token.get("country") or "",
        account_id=str(seller.get("seller_id") or ""),
        account_name=token.get("account") or "",
        extra={
            "short_code": seller.get("short_code") or "",
            "user_id": str(seller.get("user_id") or ""),
            "account_platform": token.get("account_platform") or "",
        },
    )


def cancellation_initiator(items):
    """Who cancelled, from the items' ``cancel_return_initiator``
    (``cancellation-customer``, ``cancellation-seller``, others: Lazada)."""
    initiators = {
        (item.get("cancel_return_initiator") or "").lower() for item in items
    } - {""}
    cancels = {i.partition("-")[2] for i in initiators if i.startswith("cancellation")}
    if not cancels:
        return ""
    if "seller" in cancels:
        return normalized.CANCELLED_BY_SELLER
    if "customer" in cancels:
        return normalized.CANCELLED_BY_BUYER
    return normalized.CANCELLED_BY_PLATFORM


def map_order(raw, venture="sg"):
    """One Lazada order (with ``items``) -> ``normalized.Order``."""
    items = raw.get("items") or []
    statuses = [item.get("status", "") for item in items] or raw.get("statuses") or []
    status = order_status(statuses)
    cancelled_items = {
        item.get("order_item_id")
        for item in items
        if (item.get("status") or "").lower() in CANCELLED_STATUSES
    }
    live_items = [
        item
        for item in items
        if status == normalized.CANCELLED
        or item.get("order_item_id") not in cancelled_items
    ]
    lines = [
        normalized.OrderLine(
            external_id=str(item.get("order_item_id")),
            sku=item.get("sku") or "",
            name=item.get("name") or "",
            quantity=1.0,  # Lazada: one order item per unit
            unit_price=amount(item.get("item_price")),
            seller_discount=amount(item.get("voucher_seller")),
            platform_discount=amount(item.get("voucher_platform")),
            external_product_id=str(item.get("product_id") or ""),
            external_sku_id=str(item.get("sku_id") or ""),
            status=item.get("status") or "",
        )
        for item in live_items
    ]
    packages = {}
    for item in live_items:
        package_id = item.get("package_id")
        if not package_id or package_id == "null":
            continue
        package = packages.setdefault(
            package_id,
            normalized.Package(
                external_id=str(package_id),
                tracking_number=item.get("tracking_code") or "",
                carrier=item.get("shipment_provider") or "",
            ),
        )
        package.line_external_ids.append(str(item.get("order_item_id")))
    first = items[0] if items else {}
    country = VENTURE_COUNTRY.get((venture or "").lower(), "")
    shipping = _address(raw.get("address_shipping"), country)
    buyer_name = " ".join(
        part
        for part in (raw.get("customer_first_name"), raw.get("customer_last_name"))
        if part and part != "last_name"
    )
    cancel_reasons = {item.get("reason") for item in items if item.get("reason")} - {
        "null"
    }
    ship_by = (
        parse_time(first.get("promised_shipping_time"))
        or parse_time(first.get("sla_time_stamp"))
        or parse_time(raw.get("promised_shipping_times"))
    )
    shipping_fee = amount(raw.get("shipping_fee"))
    cancelled_by = (
        cancellation_initiator(items) if status == normalized.CANCELLED else ""
    )
    return normalized.Order(
        external_id=str(raw.get("order_id")),
        status=status,
        platform_status=",".join(sorted({s for s in statuses if s})),
        name=str(raw.get("order_number") or raw.get("order_id")),
        currency=first.get("currency") or "",
        created_at=parse_time(raw.get("created_at")),
        updated_at=max(
            (
                moment
                for moment in [parse_time(raw.get("updated_at"))]
                + [parse_time(item.get("updated_at")) for item in items]
                if moment
            ),
            default=None,
        ),
        buyer=normalized.Buyer(
            external_id=str(first.get("buyer_id") or raw.get("buyer_id") or ""),
            name=buyer_name or shipping.name,
            phone=shipping.phone,
        ),
        shipping_address=shipping,
        lines=lines,
        packages=list(packages.values()),
        shipping_fee=shipping_fee,
        is_cod=(raw.get("payment_method") or "").upper() == "COD",
        delivery_type=delivery_type(live_items) if live_items else "",
        payment_method=raw.get("payment_method") or "",
        ship_by=ship_by,
        cancelled_by=cancelled_by,
        buyer_note=raw.get("buyer_note") or "",
        cancel_reason=", ".join(sorted(cancel_reasons)),
        cancelled_line_ids=[]
        if status == normalized.CANCELLED
        else sorted(str(item_id) for item_id in cancelled_items),
        failed_delivery_line_ids=sorted(
            str(item.get("order_item_id"))
            for item in live_items
            if (item.get("status") or "").lower() in FAILED_DELIVERY_STATUSES
        ),
        extra={
            "order_item_ids": [str(item.get("order_item_id")) for item in items],
            "package_ids": list(packages),
            **_order_extra(raw, items, country),
        },
    )


def map_orders(payload, venture="sg"):
    return [map_order(raw, venture) for raw in (payload or {}).get("orders", [])]


def listing_values(product):
    """A ``/products/get`` product -> binding values, one per SKU."""
    item_id = str(product.get("item_id"))
    name = (product.get("attributes") or {}).get("name") or ""
    status = (product.get("status") or "active").lower()
    values = []
    for sku in product.get("skus") or []:
        sku_status = (sku.get("Status") or status).lower()
        values.append(
            {
                "external_id": str(sku.get("SkuId")),
                "external_product_id": item_id,
                "seller_sku": sku.get("SellerSku") or "",
                "name": name,
                "price": amount(sku.get("special_price") or sku.get("price")),
                "quantity": amount(sku.get("quantity")),
                "state": {
                    "active": "active",
                    "inactive": "inactive",
                    "deleted": "deleted",
                }.get(sku_status, "pending"),
                "data": {
                    "item_id": item_id,
                    "sku_id": str(sku.get("SkuId")),
                    "shop_sku": sku.get("ShopSku"),
                    "primary_category": product.get("primary_category"),
                },
            }
        )
    return values


# ----------------------------------------------------------------------
# Listings: the listing wizard's ``normalized.Listing`` <-> Lazada products
# ----------------------------------------------------------------------

# Attributes the listing wizard asks in its own fields.
WIZARD_ATTRIBUTES = ("name", "description")
# Lazada's "No Brand", the brand a product without one is listed under.
NO_BRAND_ID = "0"
MULTI_VALUE_INPUTS = ("multiSelect", "multiEnumInput")
# Input types taking a value outside the options.
FREE_INPUTS = ("text", "richText", "numeric", "date", "enumInput", "multiEnumInput")


def listing_attributes(attributes):
    """``/category/attributes/get`` -> ``normalized.ListingAttribute`` list.

    Optional SKU (sales) properties are left out: a listing has one SKU.
    """
    specs = []
    for attribute in attributes or []:
        name = attribute.get("name")
        mandatory = bool(int(attribute.get("is_mandatory") or 0))
        if not name or name in WIZARD_ATTRIBUTES:
            continue
        if attribute.get("attribute_type") == "sku" and not mandatory:
            continue
        options = {
            option["name"]: option["name"]
            for option in attribute.get("options") or []
            if option.get("name")
        }
        input_type = attribute.get("input_type") or "text"
        specs.append(
            normalized.ListingAttribute(
                code=name,
                name=attribute.get("label") or name,
                mandatory=mandatory,
                variant=bool(int(attribute.get("is_sale_prop") or 0)),
                free_input=not options or input_type in FREE_INPUTS,
                multi_value=input_type in MULTI_VALUE_INPUTS,
                options=options,
                default=NO_BRAND_ID if name == "brand_id" else "",
            )
        )
    return specs


def _number(value):
    return f"{value:.2f}"


def _attribute_value(value):
    return ",".join(name for name, _value_id in value.values)


def _package(listing):
    dimensions = {
        "package_weight": listing.weight,
        "package_length": listing.package_length,
        "package_width": listing.package_width,
        "package_height": listing.package_height,
    }
    return {key: _number(value) for key, value in dimensions.items() if value}


def _content(listing):
    """The listing-level ``Attributes`` and the SKU's own values."""
    attributes = {}
    if listing.name is not None:
        attributes["name"] = listing.name
    if listing.description is not None:
        attributes["description"] = listing.description
    sku = _package(listing)
    for value in listing.attributes or []:
        target = sku if value.variant else attributes
        target[value.code] = _attribute_value(value)
    return attributes, sku


def create_payload(listing):
    """A ``normalized.Listing`` -> the ``Product`` of ``/product/create``."""
    attributes, sku = _content(listing)
    attributes.setdefault("brand_id", NO_BRAND_ID)
    sku.update(
        SellerSku=listing.seller_sku,
        quantity=str(listing.quantity or 0),
        price=_number(listing.price or 0.0),
    )
    product = {
        "PrimaryCategory": listing.category_ref,
        "Attributes": attributes,
        "Skus": {"Sku": [sku]},
    }
    if listing.images:
        product["Images"] = {"Image": list(listing.images)}
    return product


def update_payload(item_id, sku_ids, listing):
    """The ``Product`` of ``/product/update`` sending ``listing`` (its
    ``None`` fields left out) to the SKUs ``sku_ids`` of item ``item_id``."""
    attributes, sku = _content(listing)
    product = {
        "ItemId": str(item_id),
        "Skus": {"Sku": [dict(sku, SkuId=str(sku_id)) for sku_id in sku_ids]},
    }
    if attributes:
        product["Attributes"] = attributes
    if listing.category_ref:
        product["PrimaryCategory"] = listing.category_ref
    if listing.images:
        product["Images"] = {"Image": list(listing.images)}
    return product


def created_listing_values(data, listing):
    """The answer of ``/product/create`` -> binding values, one per SKU."""
    item_id = str(data["item_id"])
    pending = (data.get("item_status") or "").lower().startswith("pending")
    return [
        {
            "external_id": str(sku["sku_id"]),
            "external_product_id": item_id,
            "seller_sku": sku["seller_sku"],
            "name": listing.name,
            "price": listing.price,
            "quantity": listing.quantity,
            "state": "pending" if pending else "active",
            "data": {
                "item_id": item_id,
                "sku_id": str(sku["sku_id"]),
                "shop_sku": sku.get("shop_sku"),
                "primary_category": listing.category_ref,
            },
        }
        for sku in data.get("sku_list") or []
    ]


def product_listing(product, sku_id):
    """A ``/product/item/get`` product -> the ``normalized.Listing`` of its
    SKU ``sku_id``, as the listing wizard starts an edit from it."""
    attributes = dict(product.get("attributes") or {})
    sku = next(
        (s for s in product.get("skus") or [] if str(s.get("SkuId")) == str(sku_id)),
        {},
    )
    # The wizard keeps the values of its category's attributes only: every
    # scalar of the product and of the SKU may be one.
    sku_values = dict(sku, **(sku.get("saleProp") or {}))
    values = [
        normalized.ListingValue(code=code, values=[(str(value), str(value))])
        for code, value in attributes.items()
        if code not in WIZARD_ATTRIBUTES and isinstance(value, (str, int, float))
    ]
    values += [
        normalized.ListingValue(
            code=code, values=[(str(value), str(value))], variant=True
        )
        for code, value in sku_values.items()
        if isinstance(value, (str, int, float)) and code not in attributes
    ]
    return normalized.Listing(
        seller_sku=sku.get("SellerSku") or "",
        name=attributes.get("name"),
        description=attributes.get("description"),
        weight=amount(sku.get("package_weight")) or None,
        package_length=amount(sku.get("package_length")) or None,
        package_width=amount(sku.get("package_width")) or None,
        package_height=amount(sku.get("package_height")) or None,
        category_ref=str(product.get("primary_category") or "") or None,
        attributes=values,
    )


def category_nodes(tree):
    """``/category/tree/get`` (nested under ``children``) -> the flat
    category list of ``oms.channel._oms_fetch_categories``."""
    nodes = []

    def walk(categories, parent_external_id):
        for category in categories or []:
            external_id = str(category["category_id"])
            nodes.append(
                {
                    "external_id": external_id,
                    "name": category.get("name") or external_id,
                    "parent_external_id": parent_external_id,
                    "leaf": bool(category.get("leaf")),
                }
            )
            walk(category.get("children"), external_id)

    walk(tree, False)
    return nodes


# The currency of each venture: its settlements and returns are in it.
VENTURE_CURRENCY = {
    "sg": "SGD",
    "th": "THB",
    "my": "MYR",
    "vn": "VND",
    "ph": "PHP",
    "id": "IDR",
}


# Item statuses of a parcel the carrier could not deliver.
FAILED_DELIVERY_STATUSES = {
    "failed_delivery",
    "failed",
    "shipped_back",
    "shipped_back_success",
}
