"""Reference data of the emulated market: a small 3-level category tree
(version ``v1``), the attributes of its leaf categories and the image
formats the upload accepts.
"""

import struct

# (id, parent_id, local_name); leaves have no children.
CATEGORIES = (
    ("600001", "0", "Womenswear & Underwear"),
    ("600002", "600001", "Women's Tops"),
    ("600003", "600002", "T-shirts"),
    ("600100", "0", "Home Supplies"),
    ("600101", "600100", "Kitchenware"),
    ("600102", "600101", "Mugs"),
    ("600200", "0", "Phones & Electronics"),
    ("600201", "600200", "Phone Accessories"),
    ("600202", "600201", "Power Banks"),
)
DEFAULT_CATEGORY = "600102"

COLOR = {
    "id": "100000",
    "name": "Color",
    "type": "SALES_PROPERTY",
    "is_requried": False,
    "values": [
        {"id": "1000001", "name": "Red"},
        {"id": "1000002", "name": "Blue"},
        {"id": "1000003", "name": "Black"},
    ],
    "is_customizable": True,
    "is_multiple_selection": False,
}
SIZE = {
    "id": "100007",
    "name": "Size",
    "type": "SALES_PROPERTY",
    "is_requried": False,
    "values": [
        {"id": "1000071", "name": "M"},
        {"id": "1000072", "name": "L"},
        {"id": "1000073", "name": "XL"},
    ],
    "is_customizable": True,
    "is_multiple_selection": False,
}
MATERIAL = {
    "id": "100157",
    "name": "Material",
    "type": "PRODUCT_PROPERTY",
    "is_requried": True,
    "values": [
        {"id": "1001571", "name": "Cotton"},
        {"id": "1001572", "name": "Polyester"},
        {"id": "1001573", "name": "Ceramic"},
    ],
    "is_customizable": False,
    "is_multiple_selection": True,
}
CAPACITY = {
    "id": "101610",
    "name": "Battery Capacity (mAh)",
    "type": "PRODUCT_PROPERTY",
    "is_requried": True,
    "values": [],
    "value_data_format": "POSITIVE_INT_OR_DECIMAL",
    "is_customizable": True,
    "is_multiple_selection": False,
}
ATTRIBUTES = {
    "600003": (COLOR, SIZE, MATERIAL),
    "600102": (COLOR, MATERIAL),
    "600202": (COLOR, CAPACITY),
}
REQUIRED_ATTRIBUTES = {
    category_id: [a["id"] for a in attributes if a["is_requried"]]
    for category_id, attributes in ATTRIBUTES.items()
}


def category(category_id):
    return next((c for c in CATEGORIES if c[0] == str(category_id)), None)


def is_leaf(category_id):
    return not any(parent == str(category_id) for _id, parent, _name in CATEGORIES)


def category_list(keyword=None):
    return [
        {
            "id": category_id,
            "parent_id": parent_id,
            "local_name": name,
            "is_leaf": is_leaf(category_id),
            "permission_statuses": ["AVAILABLE"],
        }
        for category_id, parent_id, name in CATEGORIES
        if not keyword or keyword.lower() in name.lower()
    ]


def category_chain(category_id):
    chain = []
    current = category(category_id)
    while current:
        chain.insert(
            0,
            {
                "id": current[0],
                "parent_id": current[1],
                "local_name": current[2],
                "is_leaf": is_leaf(current[0]),
            },
        )
        current = category(current[1])
    return chain


def attribute_names():
    """attribute id -> (name, {value id: value name})"""
    names = {}
    for attributes in ATTRIBUTES.values():
        for attribute in attributes:
            names[attribute["id"]] = (
                attribute["name"],
                {value["id"]: value["name"] for value in attribute["values"]},
            )
    return names


def image_size(content):
    """``(format, width, height)`` of a PNG, JPEG, GIF, BMP or WEBP image,
    or None when the bytes are none of those."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return "PNG", width, height
    if content.startswith((b"GIF87a", b"GIF89a")) and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return "GIF", width, height
    if content.startswith(b"BM") and len(content) >= 26:
        width, height = struct.unpack("<ii", content[18:26])
        return "BMP", width, abs(height)
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP" and len(content) >= 30:
        if content[12:16] == b"VP8X":
            width = int.from_bytes(content[24:27], "little") + 1
            height = int.from_bytes(content[27:30], "little") + 1
            return "WEBP", width, height
        return "WEBP", 0, 0
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content):
    index = 2
    while index + 9 < len(content):
        if content[index] != 0xFF:
            return None
        marker = content[index + 1]
        length = int.from_bytes(content[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[index + 5 : index + 9])
            return "JPEG", width, height
        index += 2 + length
    return None
