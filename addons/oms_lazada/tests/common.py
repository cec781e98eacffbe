from urllib.parse import parse_qs, urlsplit

import requests

from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.mapping import VENTURE_CURRENCY
from odoo.addons.oms_lazada.sandbox import LazadaSandbox

APP_KEY = "test-app"
APP_SECRET = "test-secret"


def make_lazada_shop(case_class, venture="sg", warehouse=None, app_key=APP_KEY):
    """Start a Lazada sandbox and create a shop of ours pointing at it.

    The sandbox is stopped when the test class ends.
    """
    env = case_class.env
    sandbox = LazadaSandbox(app_key=app_key, app_secret=APP_SECRET, venture=venture)
    base_url = sandbox.start()
    case_class.addClassCleanup(sandbox.stop)
    currency = env.ref(f"base.{VENTURE_CURRENCY[venture]}")
    currency.active = True
    pricelist = env["product.pricelist"].create(
        {"name": f"Lazada {currency.name}", "currency_id": currency.id}
    )
    warehouse = warehouse or env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    shop = env["oms.channel"].create(
        {
            "name": f"Lazada {venture.upper()} test",
            "platform": "lazada",
            "lazada_venture": venture,
            "country_id": env.ref(f"base.{venture}").id,
            "api_url": f"{base_url}/rest",
            "lazada_auth_url": f"{base_url}/auth/rest",
            "lazada_app_key": app_key,
            "lazada_app_secret": APP_SECRET,
            "warehouse_ids": [(6, 0, warehouse.ids)],
            "pricelist_id": pricelist.id,
        }
    )
    return sandbox, shop


def connect_shop(shop):
    """Run the seller authorization: consent page, callback code, tokens."""
    url = shop._oms_authorize_url("https://odoo.example/callback", "state-1")
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code in (301, 302, 303), response.text
    code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    shop._oms_exchange_code(code)
    return code


class LazadaSandboxMixin:
    """A Lazada sandbox on loopback and a shop of ours connected to it.

    Nothing is mocked: the shop talks HTTP to the emulator, which checks
    signatures and tokens as Lazada does.
    """

    @classmethod
    def setup_lazada(cls):
        cls.sandbox, cls.shop = make_lazada_shop(cls)
        cls.warehouse = cls.shop.warehouse_ids
        cls.pricelist = cls.shop.pricelist_id
        cls.connect_shop()

    @classmethod
    def connect_shop(cls):
        return connect_shop(cls.shop)

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
