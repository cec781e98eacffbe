from urllib.parse import parse_qs, urlsplit

import requests

from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_base.tests.products import storable_products

from ..sandbox import TikTokSandbox
from ..sandbox.server import SERVICE_ID

APP_KEY = "test-tiktok-app"
APP_SECRET = "test-tiktok-secret"


def authorize(shop, state="state-1"):
    """The seller's consent on the sandbox, the code back, the exchange."""
    url = shop._oms_authorize_url("https://odoo.example/callback", state)
    answer = requests.get(url, allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise RuntimeError(f"Sandbox refused the authorization: {answer.text}")
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    shop._oms_exchange_code(code)
    return code


class TikTokSandboxMixin:
    """A TikTok Shop sandbox on loopback (two shops of one seller) and a
    shop of ours talking to its first shop over HTTP; nothing is mocked.

    The sandbox outlives the test transaction: every test starts with an
    empty seller (and the shop authorized again)."""

    shops = 2
    #: each test starts with the shop authorized again
    authorize_in_setup = True
    #: SKUs made in Odoo (``products``, 20 in stock), listed on the sandbox
    #: (20 there) and bound for each test
    listed_skus = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_tiktok()
        if cls.listed_skus:
            cls.products = cls.make_products(list(cls.listed_skus), quantity=20)

    def setUp(self):
        super().setUp()
        self.sandbox.reset(rate_limit_qps=0)
        if self.authorize_in_setup:
            authorize(self.shop)
        if self.listed_skus:
            self.list_skus(list(self.listed_skus), stock=20)
            self.shop._oms_import_listings()

    @classmethod
    def setup_tiktok(cls):
        cls.sandbox = TikTokSandbox(
            app_key=APP_KEY, app_secret=APP_SECRET, shops=cls.shops, rate_limit_qps=0
        )
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.env.ref("base.MYR").active = True
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.shop = cls.env["oms.channel"].create(
            {
                "name": "TikTok MY test",
                "platform": "tiktok",
                "tiktok_region": "MY",
                "api_url": cls.sandbox.base_url,
                "tiktok_app_key": APP_KEY,
                "tiktok_app_secret": APP_SECRET,
                "tiktok_service_id": SERVICE_ID,
                "external_shop_id": cls.sandbox.shop.id,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                "pricelist_id": cls.env["product.pricelist"]
                .create(
                    {"name": "TikTok MYR", "currency_id": cls.env.ref("base.MYR").id}
                )
                .id,
                "stock_push_delay": 0,
            }
        )
        cls.env.cr.precommit.clear()

    @classmethod
    def make_products(cls, skus, quantity=10.0):
        return storable_products(cls.env, skus, cls.warehouse.lot_stock_id, quantity)

    def list_skus(self, skus, price="20.00", stock=50):
        return self.sandbox.add_product(
            "Test product",
            [{"seller_sku": sku, "price": price, "stock": stock} for sku in skus],
        )

    def sales(self, refs=None):
        domain = [("oms_channel_id", "=", self.shop.id)]
        if refs is not None:
            domain.append(("oms_external_id", "in", [str(r) for r in refs]))
        return self.env["sale.order"].search(domain)

    def pull(self):
        self.env.flush_all()
        self.shop._oms_sync_orders()
        return run_jobs(self.env)

    def run_jobs(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        return run_jobs(self.env)
