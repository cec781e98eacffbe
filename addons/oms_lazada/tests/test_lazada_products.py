import base64
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import LazadaSandboxMixin


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestLazadaProductCreate(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Linen Shirt",
                "default_code": "LINEN-SHIRT-M",
                "list_price": 25.0,
                "is_storable": True,
                "image_1920": _png(),
            }
        )

    def _wizard(self):
        return (
            self.env["oms.lazada.product.create"]
            .with_context(default_product_id=self.product.id)
            .create({"channel_id": self.shop.id})
        )

    def test_create_with_category_attributes_and_image(self):
        wizard = self._wizard()
        self.assertEqual(wizard.name, "Linen Shirt")
        self.assertEqual(wizard.price, 25.0)
        wizard.action_load_categories()
        category = self.env["oms.marketplace.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", "10002019")]
        )
        self.assertTrue(category.leaf)
        self.assertEqual(category.complete_name, "Fashion / T-Shirts")
        wizard.category_id = category
        wizard.action_load_attributes()
        material = wizard.attribute_ids.filtered(lambda a: a.name == "material")
        self.assertTrue(material.mandatory)
        self.assertIn("Cotton", material.options)
        # mandatory attribute missing: refused before anything is sent
        calls = self.api_calls("/product/create")
        with self.assertRaises(UserError):
            wizard.action_create()
        self.assertEqual(self.api_calls("/product/create"), calls)
        # a value outside Lazada's options is refused too
        material.value = "Silk"
        with self.assertRaises(UserError):
            wizard.action_create()
        material.value = "Cotton"
        action = wizard.action_create()
        binding = self.env["oms.product.binding"].browse(action["domain"][0][2])
        self.assertEqual(len(binding), 1)
        self.assertEqual(binding.product_id, self.product)
        self.assertEqual(binding.seller_sku, "LINEN-SHIRT-M")
        self.assertEqual(binding.listing_state, "pending", "Lazada reviews it (QC)")
        item = self.sandbox.products[int(binding.external_product_id)]
        self.assertEqual(item["attributes"]["material"], "Cotton")
        self.assertEqual(len(item["images"]), 1, "the product image was uploaded")
        self.assertEqual(self.api_calls("/image/upload"), 1)

    def test_duplicate_seller_sku_is_refused_with_lazada_reason(self):
        self.sandbox.add_product("LINEN-SHIRT-M", price=20.0, quantity=1)
        wizard = self._wizard()
        wizard.action_load_categories()
        wizard.category_id = self.env["oms.marketplace.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", "20001001")]
        )
        wizard.action_load_attributes()
        wizard.attribute_ids.filtered("mandatory").value = "350"
        with self.assertRaises(UserError) as caught:
            wizard.action_create()
        self.assertIn("Create product failed", str(caught.exception))

    def test_price_check_and_price_push(self):
        # compare with the sales price (no pricelist currency conversion)
        self.shop.pricelist_id = False
        self.sandbox.add_product("PRICE-SKU", price=30.0, quantity=1)
        product = self.env["product.product"].create(
            {"name": "Priced", "default_code": "PRICE-SKU", "list_price": 27.5}
        )
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "PRICE-SKU")
        self.assertEqual(binding.product_id, product)
        self.assertTrue(binding.price_mismatch, "Lazada 30.00 vs pricelist 27.50")
        mismatched = self.env["oms.product.binding"].search(
            [("price_mismatch", "=", True), ("channel_id", "=", self.shop.id)]
        )
        self.assertIn(binding, mismatched)
        self.shop._oms_call("_oms_push_price", binding)
        _item, sku = self.sandbox._sku(seller_sku="PRICE-SKU")
        self.assertEqual(sku["price"], 27.5)
        self.assertFalse(binding.price_mismatch)

    def test_deactivate_activate_and_delete(self):
        self.sandbox.add_product("LIFE-SKU", price=5.0, quantity=1)
        self.env["product.product"].create({"name": "Life", "default_code": "LIFE-SKU"})
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "LIFE-SKU")
        self.shop._oms_call("_oms_listing_set_active", binding, False)
        _item, sku = self.sandbox._sku(seller_sku="LIFE-SKU")
        self.assertEqual(sku["Status"], "inactive")
        self.assertEqual(binding.listing_state, "inactive")
        self.shop._oms_call("_oms_listing_set_active", binding, True)
        self.assertEqual(sku["Status"], "active")
        self.shop._oms_call("_oms_listing_delete", binding)
        self.assertEqual(self.sandbox._sku(seller_sku="LIFE-SKU"), (None, None))
        self.assertFalse(binding.active)


@tagged("post_install", "-at_install")
class TestLazadaProductWizardCalls(LazadaSandboxMixin, TransactionCase):
    """The product wizard calls Lazada through the shop's call path, as jobs
    do: expired tokens are refreshed, a lost authorization is said."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.product = cls.env["product.product"].create(
            {"name": "Wool Scarf", "default_code": "WOOL-SCARF", "list_price": 9.0}
        )

    def _wizard(self):
        return (
            self.env["oms.lazada.product.create"]
            .with_context(default_product_id=self.product.id)
            .create({"channel_id": self.shop.id})
        )

    def test_an_expired_token_is_refreshed(self):
        old_token = self.shop.sudo().access_token
        self.sandbox.expire_access_token(old_token)
        refreshes = self.sandbox.call_count("/auth/rest/auth/token/refresh")
        self._wizard().action_load_categories()
        self.assertTrue(
            self.env["oms.marketplace.category"].search_count(
                [("channel_id", "=", self.shop.id)]
            )
        )
        self.assertNotEqual(self.shop.sudo().access_token, old_token)
        self.assertEqual(
            self.sandbox.call_count("/auth/rest/auth/token/refresh"), refreshes + 1
        )

    def test_a_lost_authorization_is_said(self):
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        self.shop.sudo().refresh_token = "revoked-refresh-token"
        with self.assertRaisesRegex(
            UserError, "Authorization of shop Lazada SG test lost"
        ):
            self._wizard().action_load_categories()
        # a shop waiting for its authorization is not called at all
        self.shop.state = "auth_expired"
        calls = self.sandbox.call_count()
        with self.assertRaisesRegex(UserError, "waits for a new authorization"):
            self._wizard().action_load_categories()
        self.assertEqual(self.sandbox.call_count(), calls)
