"""The seller's shop as the Lazada sandbox keeps it in memory: its identity
(seller, venture) and the products, orders, packages, reverse orders,
transactions and pushes the mixins work on."""

import itertools
import random
import time
from datetime import datetime

from . import catalog
from .common import TZ
from .finance import FinanceApis
from .logistics import LogisticsApis
from .orders import OrderApis
from .products import ProductApis
from .pushes import PushMessages
from .returns import ReturnApis


class LazadaShop(
    ProductApis, OrderApis, LogisticsApis, ReturnApis, FinanceApis, PushMessages
):
    """One seller on one venture, and what the marketplace holds of it."""

    def _init_shop(self, venture, seed):
        self.venture = venture
        self.clock = time.time
        self.rng = random.Random(seed)
        self.seller_id = "1000123"
        self.account_id = "7000123"
        self.products = {}  # item_id -> product
        self.orders = {}  # order_id -> order (items under "items")
        self.packages = {}  # package_id -> package
        self.reverse_orders = {}
        self.transactions = []
        # statement -> what its payout differs from its rows (a fault)
        self.payout_offsets = {}
        self.images = []
        self.pending_pushes = []
        self._ids = itertools.count(int(self.clock()) % 100000 * 1000 + 1)
        self._buyers = []

    def _next_id(self):
        return next(self._ids)

    def _stamp(self, moment=None):
        moment = datetime.fromtimestamp(moment or self.clock(), TZ).replace(
            microsecond=0
        )
        return moment

    def _seller_get(self, params, request):
        return {
            "data": {
                "seller_id": int(self.seller_id),
                "name": "Sandbox Seller",
                "name_company": "Sandbox Pte Ltd",
                "short_code": f"{self.venture.upper()}{self.seller_id}",
                "email": "seller@sandbox.example",
                "logo_url": "https://sg-live-01.slatic.net/shop/sandbox-seller-logo.png",
                "cb": False,
                "location": catalog.VENTURE_COUNTRY.get(self.venture, "Singapore"),
                "status": "ACTIVE",
                "verified": True,
                "marketplaceEaseMode": False,
            }
        }

    def reset_orders(self):
        """Forget orders and what hangs on them (tests share one sandbox)."""
        with self.lock:
            self.orders.clear()
            self.packages.clear()
            self.reverse_orders.clear()
            self.transactions.clear()
            self.payout_offsets.clear()
            self.pending_pushes.clear()
            self.faults.reset()

    def seed_demo(self):
        self.issue_tokens("sandbox-demo-access-token", "sandbox-demo-refresh-token")
        demo = [
            ("TSHIRT-RED-M", 19.90, 120, "Cotton T-Shirt Red M"),
            ("TSHIRT-BLUE-L", 19.90, 80, "Cotton T-Shirt Blue L"),
            ("MUG-350", 9.50, 300, "Ceramic Mug 350 ml"),
            ("PWRBANK-10K", 29.00, 45, "Power Bank 10000 mAh"),
        ]
        for sku, price, quantity, name in demo:
            self.add_product(sku, price, quantity, name=name)
        self.generate_orders(8, [d[0] for d in demo], seed=2026)
