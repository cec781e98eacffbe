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

RETURN_ADDRESS = "Sandbox Seller Pte Ltd, 10 Changi South Lane, Singapore 486162"

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

VENTURE_CURRENCY = {
    "sg": "SGD",
    "th": "THB",
    "my": "MYR",
    "vn": "VND",
    "ph": "PHP",
    "id": "IDR",
}
VENTURE_COUNTRY = {
    "sg": "Singapore",
    "th": "Thailand",
    "my": "Malaysia",
    "vn": "Vietnam",
    "ph": "Philippines",
    "id": "Indonesia",
}

VENTURE_TLD = {
    "sg": "sg",
    "th": "co.th",
    "my": "com.my",
    "vn": "vn",
    "ph": "com.ph",
    "id": "co.id",
}

# products: images per product or SKU, upload size (UploadImage errors)
MAX_IMAGES = 8
IMAGE_MAX_BYTES = 3145728
# SKU fields of a create/update payload the sandbox keeps and shows back
SKU_DETAIL_FIELDS = (
    "special_from_date",
    "special_to_date",
    "package_height",
    "package_length",
    "package_width",
    "package_weight",
    "package_content",
    "saleProp",
    "color_family",
    "size",
)

STREETS = ["Changi Village Rd", "Orchard Rd", "Tampines Ave 4", "Jurong West St 91"]

# Lazada's fee types (finance/transaction/details/get):
# (fee_type, fee_name, transaction_type)
FEE_ITEM_PRICE = (13, "Item Price Credit", "Orders-Sales")
FEE_COMMISSION = (16, "Commission", "Orders-Lazada Fees")
FEE_PAYMENT = (3, "Payment Fee", "Orders-Lazada Fees")
FEE_SHIPPING_BUYER = (8, "Shipping Fee (Paid By Customer)", "Orders-Logistics")
FEE_SHIPPING_SELLER = (7, "Shipping Fee Paid by Seller", "Orders-Logistics")
FEE_SELLER_VOUCHER = (118, "Promotional Charges Vouchers", "Orders-Marketing Fees")
FEE_REVERSAL_ITEM = (14, "Reversal Item Price", "Refunds-Sales")
# every fee_type of Lazada's enumeration (trans_type must be one, or -1)
_FEE_TYPE_CODES = """
    3 4 7 8 13 14 15 16 19 20 21 22 23 24 25 26 27 28 29 34 35 36 37 42 43 44 45
    46 47 48 49 52 53 54 55 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76
    77 78 79 80 81 82 83 84 85 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102
    103 104 107 108 109 111 112 114 115 116 117 118 119 120 121 122 123 124 125
    126 127 128 129 130 132 134 135 140 141 142 143 144 145 157 158 159 160 161
    200 201 202 203 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220
    221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239
    240 248 249 250 251 252 253 254 255 256 259 260 261 262 263 264 265 267 268
    269 270 271 272 273 274 275 276 277 278 279 280 281 282 283 285 286 287 288
    289 290 291 292 293 294 295 296 297 298 299 304 305 306 307 308 309 310 311
    312 313 314 315 316 317 318 319 320 321 322 323 324 325 326 327 328 329 330
    331 332 333 334 335 336 337 338 339 340 341 342 343 344 345 346 347 348 349
    350 351 352 353 354 355 356 360 361 362 363 364 365 366 367 368 369 370 371
    372 373 374 375 376 377 500 501 502 503 504 505 512 513 514 518 519 520 620
    700 1023 1024 1025 1026 1027 1028 1029 1030 1031 1032 1033 1034 1035 1036 1037
    1038 1040 1041 1061 1063 1065 1071 1072 1081 1083 1085 111266 111267
"""
FEE_TYPES = frozenset(int(code) for code in _FEE_TYPE_CODES.split())
# payout statement totals (GetPayoutStatus field guide)
PAYOUT_ITEM_REVENUE = {13}
PAYOUT_OTHER_REVENUE = {8}
PAYOUT_REFUNDS = {14}
PAYOUT_FEES_ON_REFUNDS = {15, 120, 121, 122}
PAYOUT_SHIPMENT_FEE = {7, 21}
COMMISSION_RATE = 0.05
PAYMENT_FEE_RATE = 0.02
SELLER_SHIPPING_FEE = 1.5
