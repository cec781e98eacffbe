"""Request parameters of the emulated APIs, as Shopee's API pages document
them: which are required, of which type, and what they hold.

The gateway checks a request against its API's parameters before the shop
sees it and answers a missing or mistyped one with ``error_param``, naming
the parameter, as Shopee does. Query values are text (``"12"`` is a number
there); JSON bodies must carry the documented JSON types.
"""

from dataclasses import dataclass, field

from . import const
from .common import param_error

STRING, INT, FLOAT, BOOL, OBJECT, LIST, FILE = (
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "list",
    "file",
)


@dataclass(frozen=True)
class Param:
    type: str
    required: bool = False
    items: str = None  # element type of a LIST
    fields: dict = field(default_factory=dict)  # of an OBJECT (or LIST items)


def req(type_, items=None, **fields):
    return Param(type_, True, items, fields)


def opt(type_, items=None, **fields):
    return Param(type_, False, items, fields)


def objects(required=False, **fields):
    return Param(LIST, required, OBJECT, fields)


_ORDER_ENTRY = {"order_sn": req(STRING), "package_number": opt(STRING)}
_TAX_INFO = opt(OBJECT)  # BR/IN/PL/TW tax data: kept as given
_ITEM_EXTRAS = {
    "item_sku": opt(STRING),
    "item_status": opt(STRING),
    "condition": opt(STRING),
    "video_upload_id": opt(LIST, STRING),
    "brand": opt(OBJECT, brand_id=opt(INT), original_brand_name=opt(STRING)),
    "item_dangerous": opt(INT),
    "tax_info": _TAX_INFO,
    "complaint_policy": opt(OBJECT),
    "description_info": opt(OBJECT),
    "description_type": opt(STRING),
    "gtin_code": opt(STRING),
    "ds_cat_rcmd_id": opt(STRING),
    "promotion_images": opt(OBJECT, image_id_list=opt(LIST, STRING)),
    "compatibility_info": opt(
        OBJECT,
        vehicle_info_list=objects(
            True,
            brand_id=req(INT),
            model_id=req(INT),
            year_id=opt(INT),
            version_id=opt(INT),
        ),
    ),
    "scheduled_publish_time": opt(INT),
    "authorised_brand_id": opt(INT),
    "size_chart_info": opt(OBJECT, size_chart=opt(STRING), size_chart_id=opt(INT)),
    "certification_info": opt(OBJECT),
    "purchase_limit_info": opt(OBJECT),
}
_DIMENSION = {
    "package_height": req(INT),
    "package_length": req(INT),
    "package_width": req(INT),
}
_ATTRIBUTES = objects(
    attribute_id=req(INT),
    attribute_value_list=objects(
        value_id=req(INT), original_value_name=opt(STRING), value_unit=opt(STRING)
    ),
)
_LOGISTICS = {
    "size_id": opt(INT),
    "shipping_fee": opt(FLOAT),
    "enabled": req(BOOL),
    "logistic_id": req(INT),
    "is_free": opt(BOOL),
}
_WHOLESALE = objects(min_count=req(INT), max_count=req(INT), unit_price=req(FLOAT))

PARAMS = {
    const.PATH_SHOP_INFO: {},
    const.PATH_TOKEN_GET: {
        "code": req(STRING),
        "partner_id": req(INT),
        "shop_id": opt(INT),
        "main_account_id": opt(INT),
    },
    const.PATH_TOKEN_REFRESH: {
        "refresh_token": req(STRING),
        "partner_id": req(INT),
        "shop_id": opt(INT),
        "merchant_id": opt(INT),
    },
    const.PATH_ORDER_LIST: {
        "time_range_field": req(STRING),
        "time_from": req(INT),
        "time_to": req(INT),
        "page_size": req(INT),
        "cursor": opt(STRING),
        "order_status": opt(STRING),
        "response_optional_fields": opt(STRING),
        "request_order_status_pending": opt(BOOL),
        "logistics_channel_id": opt(INT),
    },
    const.PATH_ORDER_DETAIL: {
        "order_sn_list": req(STRING),
        "request_order_status_pending": opt(BOOL),
        "response_optional_fields": opt(STRING),
    },
    const.PATH_SHIPMENT_LIST: {"cursor": opt(STRING), "page_size": req(INT)},
    const.PATH_CANCEL_ORDER: {
        "order_sn": req(STRING),
        "cancel_reason": req(STRING),
        "item_list": objects(item_id=req(INT), model_id=req(INT)),
    },
    const.PATH_HANDLE_BUYER_CANCELLATION: {
        "order_sn": req(STRING),
        "operation": req(STRING),
    },
    const.PATH_CHANNEL_LIST: {},
    const.PATH_SHIPPING_PARAMETER: {
        "order_sn": req(STRING),
        "package_number": opt(STRING),
    },
    const.PATH_SHIP_ORDER: {
        "order_sn": req(STRING),
        "package_number": opt(STRING),
        "pickup": opt(
            OBJECT,
            address_id=req(INT),
            pickup_time_id=opt(STRING),
            tracking_number=opt(STRING),
        ),
        "dropoff": opt(
            OBJECT,
            branch_id=opt(INT),
            sender_real_name=opt(STRING),
            tracking_number=opt(STRING),
            slug=opt(STRING),
        ),
        "non_integrated": opt(OBJECT, tracking_number=opt(STRING)),
    },
    const.PATH_TRACKING_NUMBER: {
        "order_sn": req(STRING),
        "package_number": opt(STRING),
        "response_optional_fields": opt(STRING),
    },
    const.PATH_SHIPPING_DOCUMENT_PARAMETER: {
        "order_list": objects(True, **_ORDER_ENTRY),
    },
    const.PATH_CREATE_SHIPPING_DOCUMENT: {
        "order_list": objects(
            True,
            **_ORDER_ENTRY,
            tracking_number=opt(STRING),
            shipping_document_type=opt(STRING),
        ),
    },
    const.PATH_SHIPPING_DOCUMENT_RESULT: {
        "order_list": objects(True, **_ORDER_ENTRY, shipping_document_type=opt(STRING)),
    },
    const.PATH_DOWNLOAD_SHIPPING_DOCUMENT: {
        "shipping_document_type": opt(STRING),
        "order_list": objects(True, **_ORDER_ENTRY),
    },
    const.PATH_CATEGORY: {"language": opt(STRING)},
    const.PATH_ATTRIBUTE_TREE: {
        "category_id_list": req(LIST, INT),
        "language": opt(STRING),
    },
    const.PATH_ITEM_LIST: {
        "offset": req(INT),
        "page_size": req(INT),
        "update_time_from": opt(INT),
        "update_time_to": opt(INT),
        "item_status": req(LIST, STRING),
    },
    const.PATH_SEARCH_ITEM: {
        "offset": opt(STRING),
        "page_size": req(INT),
        "item_name": opt(STRING),
        "attribute_status": opt(INT),
        "item_sku": opt(STRING),
        "item_status": opt(LIST, STRING),
        "deboost_only": opt(BOOL),
    },
    const.PATH_ITEM_BASE_INFO: {
        "item_id_list": req(LIST, INT),
        "need_tax_info": opt(BOOL),
        "need_complaint_policy": opt(BOOL),
    },
    const.PATH_MODEL_LIST: {"item_id": req(INT)},
    const.PATH_ADD_ITEM: {
        "original_price": req(FLOAT),
        "description": req(STRING),
        "weight": req(FLOAT),
        "item_name": req(STRING),
        "dimension": opt(OBJECT, **_DIMENSION),
        "logistic_info": objects(True, **_LOGISTICS),
        "attribute_list": _ATTRIBUTES,
        "category_id": req(INT),
        "image": req(OBJECT, image_id_list=req(LIST, STRING), image_ratio=opt(STRING)),
        "pre_order": opt(OBJECT, is_pre_order=req(BOOL), days_to_ship=opt(INT)),
        "wholesale": _WHOLESALE,
        "seller_stock": objects(location_id=opt(STRING), stock=req(INT)),
        **_ITEM_EXTRAS,
        "brand": opt(OBJECT, brand_id=req(INT), original_brand_name=req(STRING)),
    },
    const.PATH_UPDATE_ITEM: {
        "item_id": req(INT),
        "description": opt(STRING),
        "weight": opt(FLOAT),
        "pre_order": opt(OBJECT, days_to_ship=req(INT), is_pre_order=req(BOOL)),
        "item_name": opt(STRING),
        "attribute_list": _ATTRIBUTES,
        "image": opt(OBJECT, image_id_list=req(LIST, STRING), image_ratio=opt(STRING)),
        "logistic_info": objects(**_LOGISTICS),
        "wholesale": _WHOLESALE,
        "category_id": opt(INT),
        "dimension": opt(OBJECT, **_DIMENSION),
        **_ITEM_EXTRAS,
    },
    const.PATH_DELETE_ITEM: {"item_id": req(INT)},
    const.PATH_UNLIST_ITEM: {
        "item_list": objects(True, item_id=req(INT), unlist=req(BOOL)),
    },
    const.PATH_UPDATE_PRICE: {
        "item_id": req(INT),
        "price_list": objects(True, model_id=opt(INT), original_price=req(FLOAT)),
    },
    const.PATH_UPDATE_STOCK: {
        "item_id": req(INT),
        "stock_list": objects(
            True,
            model_id=opt(INT),
            seller_stock=objects(True, location_id=opt(STRING), stock=req(INT)),
        ),
    },
    const.PATH_UPLOAD_IMAGE: {
        "image": req(FILE),
        "scene": opt(STRING),
        "ratio": opt(STRING),
    },
    const.PATH_RETURN_LIST: {
        "page_no": req(INT),
        "page_size": req(INT),
        "create_time_from": opt(INT),
        "create_time_to": opt(INT),
        "update_time_from": opt(INT),
        "update_time_to": opt(INT),
        "status": opt(STRING),
        "negotiation_status": opt(STRING),
        "seller_proof_status": opt(STRING),
        "seller_compensation_status": opt(STRING),
    },
    const.PATH_RETURN_DETAIL: {"return_sn": req(STRING)},
    const.PATH_RETURN_CONFIRM: {"return_sn": req(STRING)},
    const.PATH_RETURN_DISPUTE: {
        "return_sn": req(STRING),
        "email": req(STRING),
        "dispute_reason_id": req(INT),
        "dispute_text_reason": opt(STRING),
        "image_list": objects(
            module_index=req(INT), requirement=req(STRING), image_url=req(LIST, STRING)
        ),
    },
    const.PATH_RETURN_OFFER: {
        "return_sn": req(STRING),
        "proposed_solution": req(STRING),
        "proposed_adjusted_refund_amount": opt(FLOAT),
    },
    const.PATH_RETURN_DISPUTE_REASON: {"return_sn": req(STRING)},
    const.PATH_ESCROW_DETAIL: {"order_sn": req(STRING)},
    const.PATH_ESCROW_DETAIL_BATCH: {"order_sn_list": req(LIST, STRING)},
    const.PATH_ESCROW_LIST: {
        "release_time_from": req(INT),
        "release_time_to": req(INT),
        "page_size": opt(INT),
        "page_no": opt(INT),
    },
}


def _absent(value):
    return value is None or value == "" or value == []


def _text_ok(value, kind):
    """A query (text) value read as ``kind``."""
    text = str(value).strip()
    if kind == INT:
        return text.lstrip("-").isdigit()
    if kind == FLOAT:
        try:
            float(text)
        except ValueError:
            return False
        return True
    if kind == BOOL:
        return text.lower() in ("true", "false")
    return True


def _json_ok(value, kind):
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == FLOAT:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == STRING:
        return isinstance(value, str)
    if kind == OBJECT:
        return isinstance(value, dict)
    if kind == LIST:
        return isinstance(value, list)
    return True


def _text_list(value):
    """A list in a query: repeated keys, ``a,b`` or ``[a,b]``."""
    values = value if isinstance(value, list) else [value]
    out = []
    for entry in values:
        text = str(entry).strip().strip("[]")
        out += [part.strip().strip('"') for part in text.split(",") if part.strip()]
    return out


def _check(value, spec, where, text):
    if spec.type == LIST:
        if text:
            elements = _text_list(value)
            if not all(_text_ok(element, spec.items) for element in elements):
                raise param_error(f"{where} should be a list of {spec.items}s")
            return
        if not isinstance(value, list):
            raise param_error(f"{where} should be a list")
        for index, element in enumerate(value):
            if spec.items == OBJECT:
                if not isinstance(element, dict):
                    raise param_error(f"{where}[{index}] should be an object")
                _check_fields(element, spec.fields, f"{where}[{index}].", text)
            elif spec.items and not _json_ok(element, spec.items):
                raise param_error(f"{where}[{index}] should be {spec.items}")
        return
    if text:
        if isinstance(value, list) or not _text_ok(value, spec.type):
            raise param_error(f"{where} should be {spec.type}")
        return
    if not _json_ok(value, spec.type):
        raise param_error(f"{where} should be {spec.type}")
    if spec.type == OBJECT and spec.fields:
        _check_fields(value, spec.fields, f"{where}.", text)


def _check_fields(values, fields, prefix, text):
    for name, spec in fields.items():
        value = values.get(name)
        if _absent(value) and not (spec.type == BOOL and value is False):
            if spec.required:
                raise param_error(f"{prefix}{name} is a required field")
            continue
        if spec.type != FILE:
            _check(value, spec, f"{prefix}{name}", text)


def validate(path, params, text=False):
    """Refuse (``error_param``) a request of ``path`` missing a required
    parameter or giving one of another type. ``text``: query or form values,
    where every value is a string."""
    _check_fields(params, PARAMS.get(path, {}), "", text)
