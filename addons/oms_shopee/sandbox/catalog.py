"""Static reference data of the emulated shop: categories, attributes,
logistics channels and pickup addresses.

A few realistic entries are enough to exercise the connector: a category tree
with leaves, mandatory and optional attributes, COD and non-COD channels.
"""

CATEGORIES = [
    # (category_id, parent_category_id, name, has_children)
    (100001, 0, "Women Clothes", True),
    (100017, 100001, "Dresses", False),
    (100018, 100001, "Tops", False),
    (100630, 0, "Beauty", True),
    (100664, 100630, "Skincare", False),
    (100636, 0, "Home & Living", True),
    (100713, 100636, "Kitchenware", False),
]

BRAND_ATTRIBUTE_ID = 100000
MATERIAL_ATTRIBUTE_ID = 100134
SKIN_TYPE_ATTRIBUTE_ID = 100416
VOLUME_ATTRIBUTE_ID = 100228

_INPUT_DROP_DOWN = 1
_INPUT_COMBO_BOX = 2
_INPUT_FREE_TEXT = 3
_INPUT_MULTI_DROP_DOWN = 4


# Display names of the market's other languages (get_category's
# ``language``, the attribute tree's ``multi_lang``); English otherwise.
CATEGORY_LANGUAGES = ("en", "ms-my", "zh-hans")
ATTRIBUTE_LANGUAGES = ("en", "zh-Hans", "ms")
TRANSLATIONS = {
    "ms": {
        "Women Clothes": "Pakaian Wanita",
        "Dresses": "Gaun",
        "Tops": "Atasan",
        "Beauty": "Kecantikan",
        "Skincare": "Penjagaan Kulit",
        "Home & Living": "Rumah & Kehidupan",
        "Kitchenware": "Peralatan Dapur",
        "Brand": "Jenama",
        "Material": "Bahan",
        "Skin Type": "Jenis Kulit",
        "Volume": "Isi Padu",
        "No Brand": "Tiada Jenama",
        "Cotton": "Kapas",
        "Linen": "Linen",
        "All Skin Types": "Semua Jenis Kulit",
        "Oily": "Berminyak",
        "Dry": "Kering",
    },
    "zh-hans": {
        "Women Clothes": "女装",
        "Dresses": "连衣裙",
        "Tops": "上衣",
        "Beauty": "美妆",
        "Skincare": "护肤",
        "Home & Living": "家居生活",
        "Kitchenware": "厨具",
        "Brand": "品牌",
        "Material": "材质",
        "Skin Type": "肤质",
        "Volume": "容量",
        "No Brand": "无品牌",
        "Cotton": "棉",
        "Linen": "亚麻",
        "All Skin Types": "所有肤质",
        "Oily": "油性",
        "Dry": "干性",
    },
}


def translate(text, language):
    """``text`` in ``language`` (ms-my/ms, zh-hans/zh-Hans), else as is."""
    key = (language or "en").lower().split("-")[0]
    key = "zh-hans" if key == "zh" else key
    return TRANSLATIONS.get(key, {}).get(text, text)


def _attribute(attribute_id, name, mandatory, values, input_type, units=()):
    return {
        "attribute_id": attribute_id,
        "mandatory": mandatory,
        "name": name,
        "attribute_value_list": [
            {
                "value_id": value_id,
                "name": value_name,
                "value_unit": "",
                "child_attribute_list": [],
            }
            for value_id, value_name in values
        ],
        "attribute_info": {
            "input_type": input_type,
            "input_validation_type": 0,
            "format_type": 2 if units else 1,
            "date_format_type": 0,
            "attribute_unit_list": list(units),
            "max_value_count": 1 if input_type in (1, 2, 3) else 5,
            "introduction": "",
            "is_oem": False,
            "support_search_value": False,
        },
    }


_BRAND = _attribute(
    BRAND_ATTRIBUTE_ID,
    "Brand",
    True,
    [(0, "No Brand"), (1011, "Uniqlo"), (1012, "Cosrx"), (1013, "Tefal")],
    _INPUT_COMBO_BOX,
)
_MATERIAL = _attribute(
    MATERIAL_ATTRIBUTE_ID,
    "Material",
    False,
    [(2001, "Cotton"), (2002, "Polyester"), (2003, "Linen")],
    _INPUT_MULTI_DROP_DOWN,
)
_SKIN_TYPE = _attribute(
    SKIN_TYPE_ATTRIBUTE_ID,
    "Skin Type",
    True,
    [(3001, "All Skin Types"), (3002, "Oily"), (3003, "Dry")],
    _INPUT_DROP_DOWN,
)
_VOLUME = _attribute(
    VOLUME_ATTRIBUTE_ID, "Volume", False, [], _INPUT_FREE_TEXT, units=("ml", "l")
)

ATTRIBUTE_TREES = {
    100017: [_BRAND, _MATERIAL],
    100018: [_BRAND, _MATERIAL],
    100664: [_BRAND, _SKIN_TYPE, _VOLUME],
    100713: [_BRAND],
}


def _channel(channel_id, name, cod, fee_type="SIZE_INPUT", max_weight=30):
    return {
        "logistics_channel_id": channel_id,
        "logistics_channel_name": name,
        "cod_enabled": cod,
        "enabled": True,
        "fee_type": fee_type,
        "size_list": [],
        "weight_limit": {"item_max_weight": max_weight, "item_min_weight": 0},
        "item_max_dimension": {
            "height": 0,
            "width": 0,
            "length": 0,
            "unit": "cm",
            "dimension_sum": 0,
        },
        "volume_limit": {"item_max_volume": 0, "item_min_volume": 0},
        "logistics_description": "",
        "force_enable": False,
        "mask_channel_id": 0,
        "block_seller_cover_shipping_fee": False,
        "support_cross_border": False,
        "seller_logistic_has_configuration": None,
        "logistics_capability": {"seller_logistics": False},
        "preprint": False,
    }


# Pickup channels need address_id (+ pickup_time_id), dropoff channels a branch.
PICKUP = "pickup"
DROPOFF = "dropoff"
# The seller's own logistics: the seller ships and gives the tracking number.
NON_INTEGRATED = "non_integrated"
CHANNELS = [
    (_channel(20011, "SPX Express", True), PICKUP, "SPX Express"),
    (_channel(20016, "J&T Express", True), DROPOFF, "J&T Express"),
    (_channel(20021, "Ninja Van", False), PICKUP, "Ninja Van"),
]
# Also enabled on the shop, used by an order only when asked for
# (``generate_orders(channel_id=...)``): a same-day rider service and the
# seller's own fleet.
OPTIONAL_CHANNELS = [
    (_channel(20066, "SPX Instant", False, max_weight=20), PICKUP, "SPX Instant"),
    (
        dict(
            _channel(28888, "Seller Own Fleet", True),
            logistics_capability={"seller_logistics": True},
            seller_logistic_has_configuration=True,
        ),
        NON_INTEGRATED,
        "Seller Own Fleet",
    ),
]
ALL_CHANNELS = CHANNELS + OPTIONAL_CHANNELS

PICKUP_ADDRESSES = [
    {
        "address_id": 5001,
        "region": "MY",
        "state": "Kuala Lumpur",
        "city": "Kuala Lumpur",
        "district": "Bukit Bintang",
        "town": "",
        "address": "12 Jalan Bukit Bintang",
        "zipcode": "55100",
        "address_flag": ["default_address", "pickup_address", "return_address"],
    },
    {
        "address_id": 5002,
        "region": "MY",
        "state": "Selangor",
        "city": "Petaling Jaya",
        "district": "Section 13",
        "town": "",
        "address": "Lot 7, Jalan 13/6 Warehouse",
        "zipcode": "46200",
        "address_flag": ["pickup_address"],
    },
]

DROPOFF_BRANCHES = [
    {
        "branch_id": 7001,
        "region": "MY",
        "state": "Kuala Lumpur",
        "city": "Kuala Lumpur",
        "address": "J&T Drop Point, Jalan Pudu",
        "zipcode": "55100",
        "district": "Pudu",
        "town": "",
    },
]

BUYER_NAMES = [
    "Nur Aisyah",
    "Tan Wei Ming",
    "Siti Rahmah",
    "Lim Mei Ling",
    "Muhammad Hafiz",
    "Priya Raj",
    "Chong Kah Wai",
    "Amirul Hakim",
]
BUYER_CITIES = [
    ("Kuala Lumpur", "Kuala Lumpur", "50450"),
    ("Petaling Jaya", "Selangor", "47301"),
    ("George Town", "Penang", "10200"),
    ("Johor Bahru", "Johor", "80000"),
    ("Ipoh", "Perak", "30000"),
]
BUYER_CANCEL_REASONS = [
    "Need to change delivery address",
    "Modify existing order (color, size, voucher, etc)",
    "Found Cheaper Elsewhere",
    "Change of mind / others",
]
SELLER_CANCEL_REASON_TEXT = {
    "OUT_OF_STOCK": "Out of Stock",
    "CUSTOMER_REQUEST": "Buyer Request to Cancel",
    "UNDELIVERABLE_AREA": "Undeliverable Area",
    "COD_NOT_SUPPORTED": "COD Unsupported",
}
RETURN_REASONS = [
    "NOT_RECEIPT",
    "WRONG_ITEM",
    "ITEM_DAMAGED",
    "DIFF_DESC",
    "CHANGE_MIND",
]

# DisputeReason codes a seller may give (get_return_dispute_reason).
RETURN_DISPUTE_REASONS = [
    (50, "Returned item is damaged or used"),
    (51, "Returned item is not the item sent"),
    (52, "Return parcel not received"),
]
