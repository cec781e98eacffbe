from odoo.addons.oms_base.tests.common import make_stocked_products
from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.sandbox.odoo_shop import connect_shop, create_shop

PARTNER_ID = 1000777
PARTNER_KEY = "test-partner-key"
SHOP_ID = 2000777


def make_shopee_shop(case_class, warehouse=None):
    """Start a Shopee sandbox and create a shop of ours pointing at it.

    The sandbox is stopped when the test class ends.
    """
    env = case_class.env
    sandbox = ShopeeSandbox(
        partner_id=PARTNER_ID, partner_key=PARTNER_KEY, shop_id=SHOP_ID
    )
    sandbox.start()
    case_class.addClassCleanup(sandbox.stop)
    shop = create_shop(env, sandbox, warehouse, name="Shopee MY test")
    # Tests do not wait seconds for tracking numbers and documents.
    env["ir.config_parameter"].sudo().set_param("oms_shopee.poll_interval", "0.1")
    env["ir.config_parameter"].sudo().set_param("oms_shopee.poll_timeout", "10")
    return sandbox, shop


class ShopeeSandboxMixin:
    """A Shopee sandbox on loopback and a shop of ours connected to it.

    Nothing is mocked: the shop talks HTTP to the emulator, which checks
    signatures, timestamps and tokens as Shopee does. The sandbox outlives
    the test transaction, so ``reset_sandbox`` (called in ``setUp``) gives
    every test an empty shop, its listings and a fresh authorization.
    """

    skus = ()
    item_skus = ()
    stock = 1000.0

    @classmethod
    def setup_shopee(cls):
        cls.sandbox, cls.shop = make_shopee_shop(cls)
        cls.warehouse = cls.shop.warehouse_ids
        cls.pricelist = cls.shop.pricelist_id
        cls.products = cls.make_products(
            list(cls.skus) + list(cls.item_skus), quantity=cls.stock
        )
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.reset_sandbox()

    def reset_sandbox(self):
        self.sandbox.reset(seed=5, tracking_delay=0.2, document_polls=2)
        self.seed_items()
        connect_shop(self.shop)

    def seed_items(self):
        """Listings of the test: one item with a model per SKU, plus
        items without variations for ``item_skus``."""
        if self.skus:
            self.sandbox.add_item(
                "Variant Tee",
                variants=[
                    {"option": sku, "sku": sku, "price": 12.0, "stock": 500}
                    for sku in self.skus
                ],
            )
        for sku in self.item_skus:
            self.sandbox.add_item(f"Item {sku}", sku=sku, price=9.5, stock=100)

    @classmethod
    def make_products(cls, skus, quantity=10.0):
        return make_stocked_products(cls.env, cls.warehouse, skus, quantity)

    def api_calls(self, path=None):
        """Calls the sandbox received, for one Shopee API path or in all."""
        return self.sandbox.call_count(path)

    def sales(self):
        return self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])

    def run_jobs(self):
        return run_jobs(self.env)
