"""In-memory Shopee shop behind the sandbox: products, orders, logistics,
returns and finance, with the business rules the connector depends on.

Every public ``api_*`` method implements one Shopee endpoint: it takes the
request parameters (query and JSON body merged) and returns the ``response``
object, a :class:`Reply`, or raises :class:`ShopeeError` with Shopee's own
error code and message. The HTTP layer (``server.py``) owns signatures,
tokens, envelopes and faults; nothing here knows about HTTP.
"""

import random
import string
import time

from . import const
from .common import Reply, ShopeeError
from .finance import FinanceMixin, escrow_formula
from .logistics import LogisticsMixin
from .orders import OrdersMixin
from .products import ProductsMixin
from .returns import ReturnsMixin

__all__ = ["Reply", "ShopeeError", "ShopeeShop", "escrow_formula"]


class ShopeeShop(
    ProductsMixin, OrdersMixin, LogisticsMixin, ReturnsMixin, FinanceMixin
):
    """The seller's shop as Shopee holds it, for one ``shop_id``."""

    def __init__(
        self,
        shop_id,
        region="MY",
        currency="MYR",
        clock=time.time,
        seed=None,
        tracking_delay=1.0,
        document_polls=2,
    ):
        self.shop_id = shop_id
        self.region = region
        self.currency = currency
        self.clock = clock
        self.rng = random.Random(seed)
        # Seconds between ship_order and the tracking number being visible.
        self.tracking_delay = tracking_delay
        # get_shipping_document_result calls answering PROCESSING before READY.
        self.document_polls = document_polls
        self.shop_name = "OMS Sandbox Shop"
        # Shopee grants the split order permission shop by shop.
        self.split_allowed = True
        self.items = {}
        self.images = {}
        self.orders = {}
        self.returns = {}
        self.document_tasks = {}
        self.pending_pushes = []  # (code, data, timestamp) for the push sender
        self._next_item_id = 3000001
        self._next_model_id = 9000001
        self._next_buyer_id = 700001

    # Helpers ---------------------------------------------------------------

    def now(self):
        return int(self.clock())

    def queue_push(self, code, data):
        """Queue a push (code, data); the sandbox signs and sends it on flush."""
        self.pending_pushes.append((code, data, self.now()))

    def _random_code(self, length, alphabet=string.ascii_uppercase + string.digits):
        return "".join(self.rng.choice(alphabet) for _dummy in range(length))

    def _new_order_sn(self, create_time):
        prefix = time.strftime("%y%m%d", time.gmtime(create_time))
        while True:
            order_sn = prefix + self._random_code(8)
            if order_sn not in self.orders:
                return order_sn

    def _image_url(self, image_id):
        return f"https://cf.shopee.com.my/file/{image_id}"

    def settle(self):
        """Apply what became due with time: tracking numbers appear."""
        now = self.clock()
        for order in self.orders.values():
            for package in order["package_list"]:
                due = package.get("_tracking_due")
                if due is not None and now >= due:
                    package["_tracking_due"] = None
                    package["_tracking_visible"] = True
                    self.queue_push(
                        const.PUSH_TRACKING_NUMBER,
                        {
                            "ordersn": order["order_sn"],
                            "package_number": package["package_number"],
                            "tracking_no": package["_tracking_number"],
                        },
                    )
