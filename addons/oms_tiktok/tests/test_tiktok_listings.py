from odoo.tests import TransactionCase, tagged

from ..tiktok_api import const
from .common import TikTokSandboxMixin
from .payloads import png, product_body


@tagged("post_install", "-at_install")
class TestTikTokListings(TikTokSandboxMixin, TransactionCase):
    """Import and binding by seller SKU, price, content, activation and
    deletion on the sandbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.make_products(["LINEN-M", "LINEN-L"], quantity=8)

    def setUp(self):
        super().setUp()
        client = self.shop._oms_client()
        image = client.upload_image(png(), "linen.png")
        warehouse_id = self.sandbox.shop.default_warehouse_id()
        created = client.for_shop(self.shop.tiktok_shop_cipher).create_product(
            product_body(warehouse_id, image["uri"])
        )
        self.product_id = created["product_id"]
        self.shop._oms_import_listings()
        self.bindings = self.shop.binding_ids

    def binding(self, sku):
        return self.bindings.filtered(lambda b: b.seller_sku == sku)

    def test_import_binds_by_seller_sku_with_stock_per_warehouse(self):
        self.assertEqual(
            sorted(self.bindings.mapped("seller_sku")), ["LINEN-L", "LINEN-M"]
        )
        medium = self.binding("LINEN-M")
        self.assertEqual(medium.product_id.default_code, "LINEN-M")
        self.assertEqual(medium.external_product_id, str(self.product_id))
        self.assertEqual(medium.marketplace_price, 59.0)
        warehouse_id = self.sandbox.shop.default_warehouse_id()
        self.assertEqual(medium.data["inventory"], {warehouse_id: 10})
        self.assertEqual(
            len(self.shop.tiktok_warehouse_ids), len(self.sandbox.shop.warehouses)
        )
        # the stock push publishes Odoo's free stock in that warehouse
        self.bindings.action_push_stock()
        self.run_jobs()
        self.assertEqual(self.sandbox.stock("LINEN-M"), {warehouse_id: 8})

    def test_the_bot_stores_the_tiktok_warehouses(self):
        """The stock push job, run by the Marketplace Bot, stores the shop's
        TikTok warehouses it does not know yet (the first push of a shop)."""
        self.shop.tiktok_warehouse_ids.unlink()
        self.shop._oms_as_bot()._tiktok_sync_warehouses()
        self.assertEqual(
            len(self.shop.tiktok_warehouse_ids), len(self.sandbox.shop.warehouses)
        )

    def test_price_and_content_pushes_edit_the_product(self):
        medium = self.binding("LINEN-M")
        template = medium.product_id.product_tmpl_id
        template.write(
            {"name": "Linen Shirt Deluxe", "description_sale": "<p>Soft.</p>"}
        )
        template.list_price = 64.5
        medium.invalidate_recordset(["expected_price"])
        self.assertNotEqual(medium.expected_price, 59.0)
        self.shop._oms_push_prices(medium.ids)
        detail = self.shop._tiktok_get_product(self.product_id)
        prices = {
            sku["seller_sku"]: sku["price"]["sale_price"] for sku in detail["skus"]
        }
        self.assertEqual(prices["LINEN-M"], f"{medium.expected_price:.2f}")
        self.assertEqual(prices["LINEN-L"], "59.00", "the other SKU keeps its price")
        self.assertEqual(medium.last_pushed_price, medium.expected_price)
        self.shop._oms_listing_update(medium)
        detail = self.shop._tiktok_get_product(self.product_id)
        self.assertEqual(detail["title"], "Linen Shirt Deluxe")
        self.assertEqual(medium.listing_state, "pending", "TikTok reviews edits")

    def test_deactivate_activate_delete(self):
        self.shop._oms_listing_set_active(self.bindings, False)
        self.assertEqual(
            self.sandbox.shop.products[str(self.product_id)]["status"],
            const.PRODUCT_SELLER_DEACTIVATED,
        )
        self.assertEqual(set(self.bindings.mapped("listing_state")), {"inactive"})
        self.shop._oms_listing_set_active(self.bindings, True)
        self.assertEqual(set(self.bindings.mapped("listing_state")), {"active"})
        self.shop._oms_listing_delete(self.bindings)
        self.assertEqual(
            self.sandbox.shop.products[str(self.product_id)]["status"],
            const.PRODUCT_DELETED,
        )
        self.assertFalse(self.bindings.filtered("active"))
        # deleting again: TikTok refuses that product, the error is kept
        self.bindings.active = True
        message = self.shop._oms_listing_delete(self.bindings)
        self.assertIn("0 SKU", message)
        self.assertEqual(set(self.bindings.mapped("sync_state")), {"error"})
