"""Shopee payloads -> platform-neutral ``oms_base.normalized`` objects.

Pure functions (no Odoo), so the mapping is tested on its own. A page of
orders is ``{"orders": [order]}`` where each order is Shopee's
``get_order_detail`` object, asked with every optional field.

Binding key: Shopee identifies a sellable unit by its item and its model
(``model_id`` 0 for an item without variations). The binding's
``external_id`` is therefore ``"<item_id>:<model_id>"`` (see
:func:`sku_key`), stable across renames and SKU changes; order lines carry
the same key as ``external_sku_id`` so they find their binding without the
seller SKU.
"""

from datetime import UTC, datetime, timedelta

from odoo.addons.oms_base import normalized

from .shopee_api import const

STATUS_MAP = {
    const.UNPAID: normalized.UNPAID,
    const.PENDING: normalized.UNPAID,
    const.INVOICE_PENDING: normalized.UNPAID,
    const.READY_TO_SHIP: normalized.TO_SHIP,
    const.PROCESSED: normalized.TO_SHIP,
    const.RETRY_SHIP: normalized.TO_SHIP,
    const.IN_CANCEL: normalized.TO_SHIP,
    const.SHIPPED: normalized.SHIPPED,
    const.TO_CONFIRM_RECEIVE: normalized.SHIPPED,
    const.COMPLETED: normalized.DELIVERED,
    const.CANCELLED: normalized.CANCELLED,
    const.TO_RETURN: normalized.RETURNED,
}

# get_order_detail ``cancel_by``
CANCELLED_BY = {
    "buyer": normalized.CANCELLED_BY_BUYER,
    "seller": normalized.CANCELLED_BY_SELLER,
    "system": normalized.CANCELLED_BY_PLATFORM,
}

ITEM_STATES = {
    "NORMAL": "active",
    "UNLIST": "inactive",
    "REVIEWING": "pending",
    "BANNED": "inactive",
    "SELLER_DELETE": "deleted",
    "SHOPEE_DELETE": "deleted",
}


def sku_key(item_id, model_id=0):
    """Binding external id of one Shopee model: ``"<item_id>:<model_id>"``."""
    return f"{int(item_id)}:{int(model_id or 0)}"


def split_sku_key(key):
    """``"<item_id>:<model_id>"`` -> ``(item_id, model_id)`` as integers."""
    item_id, _sep, model_id = str(key).partition(":")
    return int(item_id), int(model_id or 0)


def parse_time(value):
    """Shopee epoch seconds -> naive UTC datetime (None for 0/empty)."""
    try:
        stamp = int(value or 0)
    except (TypeError, ValueError):
        return None
    if not stamp:
        return None
    return datetime.fromtimestamp(stamp, tz=UTC).replace(tzinfo=None)


def ship_by_time(raw):
    """The order's deadline to ship: ``ship_by_date``, else the seller's
    preparation days (``days_to_ship``) counted from payment."""
    deadline = parse_time(raw.get("ship_by_date"))
    if deadline:
        return deadline
    start = parse_time(raw.get("pay_time")) or parse_time(raw.get("create_time"))
    try:
        days = int(raw.get("days_to_ship") or 0)
    except (TypeError, ValueError):
        days = 0
    return start + timedelta(days=days) if start and days > 0 else None


def amount(value):
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _address(raw, region):
    raw = raw or {}
    street2 = ", ".join(part for part in (raw.get("town"), raw.get("district")) if part)
    return normalized.Address(
        name=raw.get("name") or "",
        phone=raw.get("phone") or "",
        street=raw.get("full_address") or "",
        street2=street2,
        city=raw.get("city") or "",
        state=raw.get("state") or "",
        zip=raw.get("zipcode") or "",
        country_code=(raw.get("region") or region or "").upper(),
    )


def _line(item):
    quantity = amount(item.get("model_quantity_purchased")) or 1.0
    original = amount(item.get("model_original_price"))
    discounted = amount(item.get("model_discounted_price") or original)
    key = sku_key(item.get("item_id"), item.get("model_id"))
    name = item.get("item_name") or ""
    if item.get("model_name"):
        name = f"{name} ({item['model_name']})"
    return normalized.OrderLine(
        external_id=key,
        sku=item.get("model_sku") or item.get("item_sku") or "",
        name=name,
        quantity=quantity,
        unit_price=original,
        seller_discount=round(max(original - discounted, 0.0) * quantity, 2),
        external_product_id=str(item.get("item_id") or ""),
        external_sku_id=key,
    )


def _packages(raw):
    packages = []
    for package in raw.get("package_list") or []:
        packages.append(
            normalized.Package(
                external_id=str(package.get("package_number") or ""),
                tracking_number=package.get("tracking_number") or "",
                carrier=package.get("shipping_carrier")
                or raw.get("shipping_carrier")
                or "",
                line_external_ids=[
                    sku_key(item.get("item_id"), item.get("model_id"))
                    for item in package.get("item_list") or []
                ],
            )
        )
    return [package for package in packages if package.external_id]


def _failed_delivery_lines(raw):
    """Lines of the packages the carrier brings back undelivered."""
    return sorted(
        sku_key(item.get("item_id"), item.get("model_id"))
        for package in raw.get("package_list") or []
        if package.get("logistics_status") in FAILED_DELIVERY_LOGISTICS
        for item in package.get("item_list") or []
    )


def _logistics_channel(raw):
    """The logistics channel id of the order's (first) package."""
    for package in raw.get("package_list") or []:
        if package.get("logistics_channel_id"):
            return str(package["logistics_channel_id"])
    return ""


def _delivery_type(raw):
    """The service the buyer chose at checkout, by its name (Shopee names
    the speed, e.g. "Instant", "Express Delivery"); the shop's logistics
    channel, when known, has the last word (seller's own logistics)."""
    return normalized.delivery_type_from_name(
        raw.get("checkout_shipping_carrier") or raw.get("shipping_carrier")
    )


def logistics_channel_values(channel):
    """A ``get_channel_list`` entry -> ``oms.logistics.channel`` values."""
    capability = channel.get("logistics_capability") or {}
    name = channel.get("logistics_channel_name") or ""
    return {
        "external_id": str(channel.get("logistics_channel_id")),
        "name": name,
        "delivery_type": normalized.SELLER
        if capability.get("seller_logistics")
        else normalized.delivery_type_from_name(name),
        "enabled": bool(channel.get("enabled")),
        "cod_enabled": bool(channel.get("cod_enabled")),
    }


def token_pair(token, shop_id=""):
    """A ``normalized.TokenPair`` of ``auth/token/get`` or
    ``auth/access_token/get``: the access token lives ``expire_in`` seconds,
    the (single-use) refresh token the 30 days Shopee documents but does
    not send; the account is the shop."""
    return normalized.TokenPair.from_lifetimes(
        token.get("access_token"),
        token.get("refresh_token"),
        token.get("expire_in") or const.ACCESS_TOKEN_TTL,
        const.REFRESH_TOKEN_TTL,
        account_id=str(token.get("shop_id") or shop_id or ""),
        extra={
            key: token[key]
            for key in ("partner_id", "merchant_id", "shop_id_list", "merchant_id_list")
            if token.get(key)
        },
    )


def map_order(raw, region=""):
    """One ``get_order_detail`` order -> ``normalized.Order``.

    The order detail does not say what the buyer paid for shipping nor who
    funded each voucher: the line discounts (original - discounted price)
    are the seller's, the shipping is the estimated shipping fee, and what
    remains between that and ``total_amount`` (vouchers, coins, shipping
    subsidy) is counted as platform-funded. Shopee's escrow detail has the
    exact split for the settlement.
    """
    status_code = raw.get("order_status") or ""
    status = STATUS_MAP.get(status_code, normalized.TO_SHIP)
    lines = [_line(item) for item in raw.get("item_list") or []]
    shipping_fee = amount(raw.get("estimated_shipping_fee"))
    items_after_discounts = sum(
        line.unit_price * line.quantity - line.seller_discount for line in lines
    )
    platform_voucher = 0.0
    if raw.get("total_amount") is not None:
        platform_voucher = round(
            items_after_discounts + shipping_fee - amount(raw["total_amount"]), 2
        )
        if platform_voucher < 0:
            # The buyer paid more than we can explain: count it as shipping.
            shipping_fee = round(shipping_fee - platform_voucher, 2)
            platform_voucher = 0.0
    address = _address(raw.get("recipient_address"), raw.get("region") or region)
    buyer_id = raw.get("buyer_user_id")
    return normalized.Order(
        external_id=str(raw.get("order_sn")),
        status=status,
        platform_status=status_code,
        name=str(raw.get("order_sn")),
        currency=raw.get("currency") or "",
        created_at=parse_time(raw.get("create_time")),
        updated_at=parse_time(raw.get("update_time")),
        paid_at=parse_time(raw.get("pay_time")),
        buyer=normalized.Buyer(
            external_id=str(buyer_id) if buyer_id else "",
            name=address.name or raw.get("buyer_username") or "",
            phone=address.phone,
        ),
        shipping_address=address,
        lines=lines,
        packages=_packages(raw),
        failed_delivery_line_ids=_failed_delivery_lines(raw),
        shipping_fee=shipping_fee,
        platform_voucher=platform_voucher,
        is_cod=bool(raw.get("cod")),
        delivery_type=_delivery_type(raw),
        logistics_channel=_logistics_channel(raw),
        payment_method=raw.get("payment_method") or "",
        ship_by=ship_by_time(raw),
        # ``note`` is the seller's own memo on Shopee, not the buyer's.
        buyer_note=raw.get("message_to_seller") or "",
        cancel_reason=(raw.get("cancel_reason") or raw.get("buyer_cancel_reason"))
        if status == normalized.CANCELLED
        else "",
        cancelled_by=CANCELLED_BY.get(raw.get("cancel_by") or "", "")
        if status == normalized.CANCELLED
        else "",
        extra={
            "buyer_cancel_reason": raw.get("buyer_cancel_reason") or "",
            "buyer_username": raw.get("buyer_username") or "",
            "cancel_by": raw.get("cancel_by") or "",
            "seller_note": raw.get("note") or "",
        },
    )


def map_orders(payload, region=""):
    return [map_order(raw, region) for raw in (payload or {}).get("orders", [])]


def _stock(info):
    """Seller stock of a ``stock_info_v2`` block."""
    info = info or {}
    seller_stock = info.get("seller_stock") or []
    if seller_stock:
        return sum(amount(entry.get("stock")) for entry in seller_stock)
    return amount((info.get("summary_info") or {}).get("total_available_stock"))


def _price(price_info):
    info = (price_info or [{}])[0] or {}
    return amount(info.get("original_price") or info.get("current_price"))


def listed_price(record):
    """What buyers pay now for an item or model (``get_item_base_info``,
    ``get_model_list``): during one of Shopee's ongoing promotions
    (``has_promotion``) its ``current_price`` is the promotion price,
    otherwise the original price. The price watch compares it, as it
    compares Lazada's special price."""
    info = (record.get("price_info") or [{}])[0] or {}
    if record.get("has_promotion") and info.get("current_price"):
        return amount(info["current_price"])
    return _price(record.get("price_info"))


def listing_values(item, models=None):
    """An item (``get_item_base_info``) and its models (``get_model_list``)
    -> binding values, one per model, or one for an item without models."""
    item_id = item.get("item_id")
    state = ITEM_STATES.get(item.get("item_status") or "NORMAL", "pending")
    data = {"item_id": item_id, "category_id": item.get("category_id")}
    if not models:
        return [
            {
                "external_id": sku_key(item_id, 0),
                "external_product_id": str(item_id),
                "seller_sku": item.get("item_sku") or "",
                "name": item.get("item_name") or "",
                "price": listed_price(item),
                "quantity": _stock(item.get("stock_info_v2")),
                "state": state,
                "data": dict(data, model_id=0),
            }
        ]
    values = []
    for model in models:
        values.append(
            {
                "external_id": sku_key(item_id, model.get("model_id")),
                "external_product_id": str(item_id),
                "seller_sku": model.get("model_sku") or "",
                "name": item.get("item_name") or "",
                "price": listed_price(model),
                "quantity": _stock(model.get("stock_info_v2")),
                # a model buyers cannot order is not on sale, whatever the item
                "state": "inactive"
                if model.get("model_status") == "MODEL_UNAVAILABLE"
                and state == "active"
                else state,
                "data": dict(
                    data,
                    model_id=model.get("model_id"),
                    tier_index=model.get("tier_index"),
                ),
            }
        )
    return values


# ----------------------------------------------------------------------
# Listings: the listing wizard's ``normalized.Listing`` <-> Shopee items
# ----------------------------------------------------------------------


def listing_attributes(tree):
    """``get_attribute_tree`` attributes -> ``normalized.ListingAttribute``."""
    specs = []
    for attribute in tree or []:
        input_type = (attribute.get("attribute_info") or {}).get(
            "input_type", const.INPUT_SINGLE_DROP_DOWN
        )
        specs.append(
            normalized.ListingAttribute(
                code=str(attribute["attribute_id"]),
                name=attribute.get("display_attribute_name")
                or attribute.get("name")
                or str(attribute["attribute_id"]),
                mandatory=bool(attribute.get("mandatory")),
                free_input=input_type in const.FREE_INPUT_TYPES,
                multi_value=input_type in const.MULTI_VALUE_TYPES,
                options={
                    value["name"]: value["value_id"]
                    for value in attribute.get("attribute_value_list") or []
                },
            )
        )
    return specs


def _attribute_entry(value):
    """A ``normalized.ListingValue`` -> an ``attribute_list`` entry."""
    return {
        "attribute_id": int(value.code),
        "attribute_value_list": [
            {"value_id": value_id}
            if value_id
            # a value of the seller's, or Shopee's own "No Brand" (id 0)
            else {"value_id": 0, "original_value_name": name}
            for name, value_id in value.values
        ],
    }


def item_changes(listing):
    """A ``normalized.Listing`` -> ``update_item`` fields (its ``None``
    fields left out); also the content part of ``add_item``."""
    changes = {}
    for key, value in (
        ("item_name", listing.name),
        ("description", listing.description),
        ("weight", listing.weight),
    ):
        if value is not None:
            changes[key] = value
    dimension = {
        "package_length": listing.package_length,
        "package_width": listing.package_width,
        "package_height": listing.package_height,
    }
    if all(value is not None for value in dimension.values()):
        changes["dimension"] = {k: round(v) for k, v in dimension.items()}
    if listing.category_ref:
        changes["category_id"] = int(listing.category_ref)
        changes["attribute_list"] = [
            _attribute_entry(value) for value in listing.attributes or []
        ]
    if listing.images is not None:
        changes["image"] = {"image_id_list": list(listing.images)}
    return changes


def add_item_payload(listing, logistic_info):
    """A ``normalized.Listing`` -> ``add_item``: one item without
    variations, sold under the listing's seller SKU."""
    return dict(
        item_changes(listing),
        original_price=round(listing.price or 0.0, 2),
        item_sku=listing.seller_sku,
        item_status="NORMAL",
        condition="NEW",
        brand={"brand_id": 0, "original_brand_name": "NoBrand"},
        seller_stock=[{"stock": listing.quantity or 0}],
        logistic_info=logistic_info,
    )


def item_listing(item):
    """A ``get_item_base_info`` item -> ``normalized.Listing``."""
    dimension = item.get("dimension") or {}
    return normalized.Listing(
        seller_sku=item.get("item_sku") or "",
        name=item.get("item_name"),
        description=item.get("description"),
        weight=amount(item.get("weight")) or None,
        package_length=amount(dimension.get("package_length")) or None,
        package_width=amount(dimension.get("package_width")) or None,
        package_height=amount(dimension.get("package_height")) or None,
        category_ref=str(item["category_id"]) if item.get("category_id") else None,
        attributes=[
            normalized.ListingValue(
                code=str(attribute["attribute_id"]),
                values=[
                    (
                        value.get("original_value_name") or "",
                        value.get("value_id") or None,
                    )
                    for value in attribute.get("attribute_value_list") or []
                ],
            )
            for attribute in item.get("attribute_list") or []
        ],
    )


def category_nodes(categories):
    """``get_category``'s flat ``category_list`` -> the category list of
    ``oms.channel._oms_fetch_categories``."""
    return [
        {
            "external_id": str(category["category_id"]),
            "name": category.get("display_category_name")
            or category.get("original_category_name")
            or str(category["category_id"]),
            "parent_external_id": str(category.get("parent_category_id") or "")
            or False,
            "leaf": not category.get("has_children"),
        }
        for category in categories
    ]


# Package logistics of a parcel the carrier brings back undelivered.
FAILED_DELIVERY_LOGISTICS = {"LOGISTICS_DELIVERY_FAILED", "LOGISTICS_COD_REJECTED"}


# ----------------------------------------------------------------------
# What the mapping leaves aside, on purpose
# ----------------------------------------------------------------------
# Every field Shopee documents or sends is either read above or listed here
# with the reason it is not (a field path covers what is below it; lists
# are written ``[]``). The mapping tests hold both sides to that.


def _aside(groups):
    return {path: reason for reason, paths in groups.items() for path in paths}


_OTHER_MARKETS = "another market's field (BR, ID, PH, TW or cross-border)"
_SETTLED = "money settled by the escrow detail, not by the order"
_LOGISTICS = "handled by the fulfilment flow through the logistics APIs"
_PROMOTION = "promotion detail: the line prices carry its effect"

ORDER_FIELDS_ASIDE = _aside(
    {
        _OTHER_MARKETS: (
            "buyer_cpf_id",
            "dropshipper",
            "dropshipper_phone",
            "invoice_data",
            "goods_to_declare",
            "payment_info",
            "edt_from",
            "edt_to",
            "prescription_images",
            "prescription_check_status",
            "pharmacist_name",
            "prescription_approval_time",
            "prescription_rejection_time",
            "item_list[].is_prescription_item",
            "item_list[].consultation_id",
            "package_list[].virtual_contact_number",
            "package_list[].package_query_number",
            "package_list[].sorting_group",
            "recipient_address.geolocation",
        ),
        _SETTLED: (
            "actual_shipping_fee",
            "actual_shipping_fee_confirmed",
            "reverse_shipping_fee",
            "order_chargeable_weight_gram",
        ),
        _LOGISTICS: (
            "days_to_ship",
            "pickup_done_time",
            "split_up",
            "fulfillment_flag",
            "advance_package",
            "booking_sn",
            "is_buyer_shop_collection",
            "buyer_proof_of_collection",
            "package_list[].allow_self_design_awb",
            "package_list[].group_shipment_id",
            "package_list[].parcel_chargeable_weight",
            "package_list[].parcel_chargeable_weight_gram",
            "package_list[].item_list[].model_quantity",
            "package_list[].item_list[].order_item_id",
            "package_list[].item_list[].promotion_group_id",
            "package_list[].item_list[].product_location_id",
            "item_list[].product_location_id",
            "item_list[].weight",
        ),
        _PROMOTION: (
            "item_list[].add_on_deal",
            "item_list[].add_on_deal_id",
            "item_list[].main_item",
            "item_list[].promotion_type",
            "item_list[].promotion_id",
            "item_list[].promotion_group_id",
            "item_list[].promotion_list",
            "item_list[].wholesale",
            "item_list[].hot_listing_item",
            "hot_listing_order",
        ),
        "the listing's own data, read from the product APIs": (
            "item_list[].image_info",
            "item_list[].is_b2c_owned_item",
            "item_list[].order_item_id",
        ),
        "the status tells a paid order from an unpaid or pending one": (
            "pending_terms",
        ),
        "returns are followed through the returns API": ("return_request_due_date",),
        "the time of the seller's memo (its text is kept)": ("note_update_time",),
    }
)

_CONTENT = "listing content edited on Shopee: the binding keeps SKU, price, stock"
_NOT_SELLER_STOCK = "not the seller's stock the binding pushes"
_DISPLAY_PRICE = (
    "display or other-currency price: the binding's is original_price, "
    "or current_price during a promotion"
)

ITEM_FIELDS_ASIDE = _aside(
    {
        _CONTENT: (
            "description",
            "description_info",
            "description_type",
            "attribute_list",
            "brand",
            "image",
            "video_info",
            "promotion_image",
            "size_chart",
            "size_chart_id",
            "condition",
            "dimension",
            "weight",
            "pre_order",
            "logistic_info",
            "wholesales",
            "item_dangerous",
            "gtin_code",
            "tag",
            "purchase_limit_info",
            "scheduled_publish_time",
            "authorised_brand_id",
            "ssp_id",
            "compatibility_info",
            "deboost",
            "promotion_id",
            "is_fulfillment_by_shopee",
        ),
        _OTHER_MARKETS: ("tax_info", "complaint_policy"),
        "the listing import asks for the models when it is set": ("has_model",),
        "the binding keeps its own sync dates": ("create_time", "update_time"),
        _DISPLAY_PRICE: (
            "price_info[].currency",
            "price_info[].inflated_price_of_original_price",
            "price_info[].inflated_price_of_current_price",
            "price_info[].sip_item_price",
            "price_info[].sip_item_price_source",
            "price_info[].local_price",
            "price_info[].local_promotion_price",
        ),
        _NOT_SELLER_STOCK: (
            "stock_info_v2.shopee_stock",
            "stock_info_v2.advance_stock",
            "stock_info_v2.summary_info.total_reserved_stock",
            "stock_info_v2.seller_stock[].location_id",
            "stock_info_v2.seller_stock[].if_saleable",
        ),
    }
)

MODEL_FIELDS_ASIDE = _aside(
    {
        _CONTENT: (
            "pre_order",
            "gtin_code",
            "weight",
            "dimension",
            "promotion_id",
            "is_fulfillment_by_shopee",
        ),
        _DISPLAY_PRICE: (
            "price_info[].currency",
            "price_info[].inflated_price_of_original_price",
            "price_info[].inflated_price_of_current_price",
            "price_info[].sip_item_price",
            "price_info[].sip_item_price_source",
            "price_info[].sip_item_price_currency",
            "price_info[].local_price",
            "price_info[].local_promotion_price",
        ),
        _NOT_SELLER_STOCK: (
            "stock_info_v2.shopee_stock",
            "stock_info_v2.advance_stock",
            "stock_info_v2.summary_info.total_reserved_stock",
            "stock_info_v2.seller_stock[].location_id",
            "stock_info_v2.seller_stock[].if_saleable",
        ),
    }
)

_INCOME = "escrow_detail.order_income."
ESCROW_FIELDS_ASIDE = _aside(
    {
        "totals and subtotals the settlement lines add up to": tuple(
            _INCOME + name
            for name in (
                "escrow_amount",
                "order_original_price",
                "original_price",
                "order_discounted_price",
                "order_selling_price",
                "order_seller_discount",
                "seller_discount",
                "cost_of_goods_sold",
                "estimated_shipping_fee",
                "final_shipping_fee",
                "credit_card_transaction_fee",
                "drc_adjustable_refund",
            )
        ),
        "paid by the buyer or Shopee, outside the seller's escrow formula": tuple(
            _INCOME + name
            for name in (
                "voucher_from_shopee",
                "coins",
                "buyer_transaction_fee",
                "cross_border_tax",
                "payment_promotion",
                "credit_card_promotion",
                "final_product_protection",
                "final_product_vat_tax",
                "final_shipping_vat_tax",
                "final_escrow_shipping_gst",
                "seller_lost_compensation",
                "seller_shipping_discount",
                "fsf_seller_protection_fee_claim_amount",
                "buyer_paid_extended_warranty",
                "installation_fee_paid_by_buyer",
                "actual_installation_fee",
                "escrow_import_tax",
            )
        ),
        "breakdowns of amounts the lines already carry": tuple(
            _INCOME + name
            for name in (
                "items",
                "order_adjustment",
                "service_fee_info_list",
                "commission_fee_info_list",
                "tenure_info_list",
                "seller_voucher_code",
                "prorated_coins_value_offset_return_items",
                "prorated_shopee_voucher_offset_return_items",
                "prorated_seller_voucher_offset_return_items",
                "prorated_payment_channel_promo_bank_offset_return_items",
                "prorated_payment_channel_promo_shopee_offset_return_items",
            )
        ),
        "cross-border SIP affiliate shops (escrow_amount_pri * exchange_rate)": tuple(
            _INCOME + name
            for name in (
                "escrow_amount_pri",
                "buyer_total_amount_pri",
                "original_price_pri",
                "seller_return_refund_pri",
                "commission_fee_pri",
                "service_fee_pri",
                "drc_adjustable_refund_pri",
                "pri_currency",
                "aff_currency",
                "exchange_rate",
                "sip_subsidy",
                "sip_subsidy_pri",
            )
        ),
        "payment and tax references, not amounts": tuple(
            _INCOME + name
            for name in (
                "buyer_payment_method",
                "instalment_plan",
                "tax_registration_code",
                "order_chargeable_weight",
            )
        ),
        "the buyer's checkout snapshot, not what the seller receives": (
            "escrow_detail.buyer_payment_info",
            "escrow_detail.buyer_user_name",
        ),
        "the escrow entry's order_sn identifies the order": (
            "escrow_detail.order_sn",
            "escrow_detail.return_order_sn_list",
        ),
    }
)
