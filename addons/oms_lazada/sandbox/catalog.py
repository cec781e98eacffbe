"""Static data of the Lazada sandbox: categories, reasons, names."""

import zlib

CATEGORY_TREE = [
    {
        "category_id": 1000,
        "name": "Fashion",
        "leaf": False,
        "var": False,
        "children": [
            {"category_id": 10002019, "name": "T-Shirts", "leaf": True, "var": True},
            {"category_id": 10002020, "name": "Caps", "leaf": True, "var": False},
        ],
    },
    {
        "category_id": 2000,
        "name": "Home & Living",
        "leaf": False,
        "var": False,
        "children": [
            {"category_id": 20001001, "name": "Mugs", "leaf": True, "var": False},
        ],
    },
    {
        "category_id": 3000,
        "name": "Electronics",
        "leaf": False,
        "var": False,
        "children": [
            {
                "category_id": 30001001,
                "name": "Power Banks",
                "leaf": True,
                "var": False,
            },
        ],
    },
]


def _attr(name, label, mandatory=False, sale_prop=False, input_type="text", options=()):
    return {
        "id": zlib.crc32(name.encode()) % 100000,
        "name": name,
        "label": label,
        "is_mandatory": 1 if mandatory else 0,
        "is_sale_prop": 1 if sale_prop else 0,
        "attribute_type": "sku" if sale_prop else "normal",
        "input_type": "singleSelect" if options else input_type,
        "options": [
            {"id": i, "name": opt, "en_name": opt} for i, opt in enumerate(options)
        ],
        "advanced": {"is_key_prop": 0},
    }


COMMON_ATTRIBUTES = [
    _attr("name", "Name", mandatory=True),
    _attr("description", "Description", mandatory=True, input_type="richText"),
    _attr("brand_id", "Brand", mandatory=True),
]

CATEGORY_ATTRIBUTES = {
    10002019: COMMON_ATTRIBUTES
    + [
        _attr("material", "Material", mandatory=True, options=("Cotton", "Polyester")),
        _attr(
            "color_family", "Color", sale_prop=True, options=("Red", "Blue", "Black")
        ),
        _attr("size", "Size", sale_prop=True, options=("S", "M", "L", "XL")),
    ],
    10002020: COMMON_ATTRIBUTES,
    20001001: COMMON_ATTRIBUTES
    + [_attr("capacity_ml", "Capacity (ml)", mandatory=True, input_type="numeric")],
    30001001: COMMON_ATTRIBUTES
    + [
        _attr("battery_capacity", "Battery Capacity", mandatory=True),
        _attr("warranty_type", "Warranty Type", options=("No Warranty", "Local")),
    ],
}

CANCEL_REASONS = [
    {"reason_id": "10000019", "reason_name": "Sourcing Delay"},
    {"reason_id": "10000021", "reason_name": "Out of Stock"},
    {"reason_id": "10000023", "reason_name": "Wrong Price or Pricing Error"},
]

REVERSE_REASONS = [
    {"reason_id": 1001, "text": "Item does not match description"},
    {"reason_id": 1002, "text": "Damaged item"},
]

SHIPMENT_PROVIDERS = [
    {"name": "LEX SG", "provider_code": "LEXSG"},
    {"name": "Ninja Van", "provider_code": "NJVSG"},
]

BUYER_NAMES = [
    ("Tan", "Ah Kow"),
    ("Siti", "Rahman"),
    ("Lim", "Mei Ling"),
    ("Raj", "Kumar"),
    ("Nguyen", "Van An"),
    ("Maria", "Santos"),
]

STREETS = ["Changi Village Rd", "Orchard Rd", "Tampines Ave 4", "Jurong West St 91"]

# Lazada's fee types (finance/transaction/details/get)
FEE_ITEM_PRICE = (13, "Item Price Credit")
FEE_COMMISSION = (16, "Commission")
FEE_PAYMENT = (3, "Payment Fee")
FEE_SHIPPING_BUYER = (8, "Shipping Fee (Paid By Customer)")
FEE_SHIPPING_SELLER = (7, "Shipping Fee Paid by Seller")
FEE_SELLER_VOUCHER = (118, "Promotional Charges Vouchers")
FEE_REVERSAL_ITEM = (14, "Reversal Item Price")
COMMISSION_RATE = 0.05
PAYMENT_FEE_RATE = 0.02
SELLER_SHIPPING_FEE = 1.5
