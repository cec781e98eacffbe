"""One emulated TikTok shop: its identity (id, cipher, region), warehouses
and the catalogue, order and finance state of the mixins.
"""

import hashlib

from .finance import FinanceMixin
from .orders import OrdersMixin
from .packages import PackagesMixin
from .products import ProductsMixin
from .returns import ReturnsMixin
from .seller_shipping import SellerShippingMixin


def shop_cipher(shop_id):
    """A stable opaque cipher per shop, shaped like TikTok's."""
    return "ROW_" + hashlib.sha256(f"cipher-{shop_id}".encode()).hexdigest()[:28]


def warehouses_for(shop_id, region):
    base = int(shop_id) % 10**6
    return [
        {
            "id": str(7068517275539700000 + base * 10 + number),
            "entity_id": str(7395366865142400000 + base),
            "name": name,
            "effect_status": "ENABLED",
            "type": "SALES_WAREHOUSE",
            "sub_type": "DOMESTIC_WAREHOUSE",
            "is_default": number == 1,
            "address": {
                "region": "Malaysia",
                "state": state,
                "city": city,
                "contact_person": "Warehouse desk",
                "postal_code": postal_code,
                "full_address": f"{street}, {postal_code} {city}, {state}",
                "region_code": region,
                "phone_number": "(+60)3****1234",
                "address_line1": street,
            },
        }
        for number, name, street, city, state, postal_code in (
            (
                1,
                "Main warehouse",
                "Lot 5 Jalan Industri",
                "Shah Alam",
                "Selangor",
                "40000",
            ),
            (2, "Penang hub", "12 Lebuh Pantai", "George Town", "Penang", "10300"),
        )
    ]


class TikTokShop(
    ProductsMixin,
    OrdersMixin,
    PackagesMixin,
    SellerShippingMixin,
    ReturnsMixin,
    FinanceMixin,
):
    """State of one shop; the sandbox holds one per authorized shop."""

    def __init__(
        self,
        shop_id,
        name,
        ids,
        clock,
        notify,
        foreign_warehouses,
        region="MY",
        currency="MYR",
        seed=None,
        on_hold_seconds=0,
        audit_delay=0,
    ):
        self.id = str(shop_id)
        self.name = name
        self.cipher = shop_cipher(shop_id)
        self.code = f"MYSBX{int(shop_id) % 10**6:06d}"
        self.region = region
        self.currency = currency
        self.ids = ids
        self.clock = clock
        self._notify = notify
        self._foreign_warehouses = foreign_warehouses
        self.on_hold_seconds = on_hold_seconds
        self.audit_delay = audit_delay
        self.warehouses = warehouses_for(shop_id, region)
        self._init_products()
        self._init_orders(seed)
        self._init_finance()

    def now(self):
        return int(self.clock())

    def notify(self, event_type, data):
        self._notify(self, event_type, data)

    def foreign_warehouses(self):
        """Warehouse ids of the seller's other shops."""
        return self._foreign_warehouses(self)

    def settle(self):
        self.settle_products()
        self.settle_orders()

    def info(self):
        """The shop as Get Authorized Shops lists it."""
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "seller_type": "LOCAL",
            "cipher": self.cipher,
            "code": self.code,
        }
