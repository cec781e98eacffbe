"""Platform-neutral order data that every connector produces.

Connectors map their marketplace payloads into these plain dataclasses; the
importer in ``oms.order.importer`` only ever sees this shape, the same way
``stock_delivery`` hands every carrier the same request objects.
"""

from dataclasses import dataclass, field
from datetime import datetime

# Neutral order statuses the importer understands; connectors map theirs.
UNPAID = "unpaid"
TO_SHIP = "to_ship"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
RETURNED = "returned"
STATUSES = (UNPAID, TO_SHIP, SHIPPED, DELIVERED, CANCELLED, RETURNED)

# Neutral delivery types: the marketplace's logistics at standard, express
# or instant speed, or a parcel the seller ships with a carrier of its own.
STANDARD = "standard"
EXPRESS = "express"
INSTANT = "instant"
SELLER = "seller"
DELIVERY_TYPES = (STANDARD, EXPRESS, INSTANT, SELLER)


@dataclass
class Address:
    name: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country_code: str = ""


@dataclass
class Buyer:
    external_id: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class OrderLine:
    external_id: str
    sku: str
    name: str = ""
    quantity: float = 1.0
    unit_price: float = 0.0
    # Discounts per line, in order currency, for the whole line quantity.
    seller_discount: float = 0.0
    platform_discount: float = 0.0
    external_product_id: str = ""
    external_sku_id: str = ""
    status: str = ""


@dataclass
class Package:
    external_id: str
    tracking_number: str = ""
    carrier: str = ""
    line_external_ids: list = field(default_factory=list)


@dataclass
class Order:
    external_id: str
    status: str
    platform_status: str = ""
    name: str = ""
    currency: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    buyer: Buyer = field(default_factory=Buyer)
    shipping_address: Address = field(default_factory=Address)
    lines: list = field(default_factory=list)
    packages: list = field(default_factory=list)
    # Shipping fee the buyer paid, and the parts of it that vouchers covered.
    shipping_fee: float = 0.0
    seller_voucher: float = 0.0
    platform_voucher: float = 0.0
    is_cod: bool = False
    # How the parcel travels (DELIVERY_TYPES); routing rules match on it.
    delivery_type: str = ""
    payment_method: str = ""
    ship_by: datetime | None = None
    buyer_note: str = ""
    cancel_reason: str = ""
    # Lines the marketplace cancelled while the rest of the order goes on
    # (external ids); they are not in ``lines``.
    cancelled_line_ids: list = field(default_factory=list)
    # Anything else the connector wants kept (raw ids, flags) for later hooks.
    extra: dict = field(default_factory=dict)

    @property
    def items_total(self):
        return sum(line.unit_price * line.quantity for line in self.lines)

    @property
    def buyer_total(self):
        """What the buyer paid: items + shipping - all vouchers and discounts."""
        discounts = sum(li.seller_discount + li.platform_discount for li in self.lines)
        return (
            self.items_total
            + self.shipping_fee
            - discounts
            - self.seller_voucher
            - self.platform_voucher
        )


@dataclass
class StockUpdate:
    """One binding's quantity to publish, handed to a connector in batches."""

    binding_id: int
    external_id: str
    sku: str
    quantity: int
    extra: dict = field(default_factory=dict)
