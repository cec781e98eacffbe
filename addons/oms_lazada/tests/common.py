from odoo.addons.oms_base.tests.common import make_stocked_products
from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.sandbox import LazadaSandbox
from odoo.addons.oms_lazada.sandbox.odoo_shop import connect_shop, create_shop

APP_KEY = "test-app"
APP_SECRET = "test-secret"


def make_lazada_shop(case_class, venture="sg", warehouse=None, app_key=APP_KEY):
    """Start a Lazada sandbox and create a shop of ours pointing at it.

    The sandbox is stopped when the test class ends.
    """
    sandbox = LazadaSandbox(app_key=app_key, app_secret=APP_SECRET, venture=venture)
    sandbox.start()
    case_class.addClassCleanup(sandbox.stop)
    shop = create_shop(
        case_class.env, sandbox, warehouse, name=f"Lazada {venture.upper()} test"
    )
    return sandbox, shop


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
        return make_stocked_products(cls.env, cls.warehouse, skus, quantity)

    def api_calls(self, path=None):
        """Calls the sandbox received, for one Lazada API path or in all."""
        return self.sandbox.call_count("/rest" + path if path else None)

    def run_jobs(self):
        return run_jobs(self.env)

    def revoke_authorization(self):
        """The seller revokes the app on Lazada: no token of the shop works
        any more (given back to the sandbox after the test)."""
        tokens = dict(self.sandbox.access_tokens), dict(self.sandbox.refresh_tokens)
        self.sandbox.access_tokens.clear()
        self.sandbox.refresh_tokens.clear()

        def restore():
            self.sandbox.access_tokens.update(tokens[0])
            self.sandbox.refresh_tokens.update(tokens[1])

        self.addCleanup(restore)
