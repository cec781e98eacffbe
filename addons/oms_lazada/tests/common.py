from urllib.parse import parse_qs, urlsplit

import requests

from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.sandbox import LazadaSandbox

APP_KEY = "test-app"
APP_SECRET = "test-secret"


class LazadaSandboxMixin:
    """A Lazada sandbox on loopback and a shop of ours connected to it.

    Nothing is mocked: the shop talks HTTP to the emulator, which checks
    signatures and tokens as Lazada does.
    """

    @classmethod
    def setup_lazada(cls):
        cls.sandbox = LazadaSandbox(
            app_key=APP_KEY, app_secret=APP_SECRET, venture="sg"
        )
        base_url = cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        currency = cls.env.ref("base.SGD")
        currency.active = True
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Lazada SGD", "currency_id": currency.id}
        )
        cls.shop = cls.env["oms.channel"].create(
            {
                "name": "Lazada SG test",
                "platform": "lazada",
                "lazada_venture": "sg",
                "country_id": cls.env.ref("base.sg").id,
                "api_url": f"{base_url}/rest",
                "lazada_auth_url": f"{base_url}/auth/rest",
                "lazada_app_key": APP_KEY,
                "lazada_app_secret": APP_SECRET,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                "pricelist_id": cls.pricelist.id,
            }
        )
        cls.connect_shop()

    @classmethod
    def connect_shop(cls):
        """Run the seller authorization: consent page, callback code, tokens."""
        url = cls.shop._oms_authorize_url("https://odoo.example/callback", "state-1")
        response = requests.get(url, allow_redirects=False, timeout=10)
        assert response.status_code in (301, 302, 303), response.text
        code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
        cls.shop._oms_exchange_code(code)
        return code

    @classmethod
    def make_products(cls, skus, quantity=10.0):
        products = cls.env["product.product"].create(
            [{"name": sku, "default_code": sku, "is_storable": True} for sku in skus]
        )
        location = cls.warehouse.lot_stock_id
        for product in products:
            cls.env["stock.quant"]._update_available_quantity(
                product, location, quantity
            )
        return products

    def api_calls(self, path=None):
        """Calls the sandbox received, for one Lazada API path or in all."""
        return self.sandbox.call_count("/rest" + path if path else None)

    def run_jobs(self):
        return run_jobs(self.env)
