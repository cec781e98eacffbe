"""Request payloads shared by the client and conformance tests."""

import struct
import zlib

# Pos Laju, a carrier the sandbox lets a seller ship with
PROVIDER_ID = "7117858858072016686"


def png(width=600, height=600):
    """A real (tiny, grey) PNG image of the given size."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _row in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def product_body(warehouse_id, image_uri, skus=None, **extra):
    """A Create/Edit Product body: a linen shirt in sizes M and L."""
    body = {
        "title": "Linen Shirt",
        "description": "<p>Breathable linen.</p>",
        "category_id": "600003",
        "main_images": [{"uri": image_uri}],
        "package_weight": {"value": "0.3", "unit": "KILOGRAM"},
        "package_dimensions": {
            "length": "30",
            "width": "20",
            "height": "3",
            "unit": "CENTIMETER",
        },
        "product_attributes": [{"id": "100157", "values": [{"id": "1001571"}]}],
        "skus": skus
        if skus is not None
        else [
            {
                "seller_sku": "LINEN-M",
                "price": {"amount": "59.00", "currency": "MYR"},
                "inventory": [{"warehouse_id": warehouse_id, "quantity": 10}],
                "sales_attributes": [{"id": "100007", "value_id": "1000071"}],
            },
            {
                "seller_sku": "LINEN-L",
                "price": {"amount": "59.00", "currency": "MYR"},
                "inventory": [{"warehouse_id": warehouse_id, "quantity": 5}],
                "sales_attributes": [{"id": "100007", "value_id": "1000072"}],
            },
        ],
    }
    body.update(extra)
    return body
