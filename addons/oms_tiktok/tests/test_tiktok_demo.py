from odoo.tests import TransactionCase, tagged

from ..sandbox import TikTokSandbox


@tagged("post_install", "-at_install")
class TestTikTokDemoShop(TransactionCase):
    """The demo shop works with the demo sandbox as `make run` starts it:
    its credentials, token pair and shop cipher are the sandbox's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = TikTokSandbox(seed_demo=True)
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.shop = cls.env.ref("oms_tiktok.demo_channel_tiktok_my")
        cls.shop.api_url = cls.sandbox.base_url

    def test_demo_shop_imports_listings_and_orders(self):
        self.assertEqual(self.shop.tiktok_shop_cipher, self.sandbox.shop.cipher)
        self.assertEqual(self.shop.external_shop_id, self.sandbox.shop.id)
        self.assertIn("Connected to", self.shop._oms_test_connection())
        self.shop._oms_import_listings()
        self.assertTrue(self.shop.binding_ids.filtered("product_id"), "demo SKUs bind")
        self.shop._oms_sync_orders()
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(len(sales), len(self.sandbox.shop.orders))
