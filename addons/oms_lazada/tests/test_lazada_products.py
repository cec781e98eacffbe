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
            self.env["oms.listing.wizard"]
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
        material = wizard.attribute_ids.filtered(lambda a: a.code == "material")
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

    def test_seller_sku_already_on_lazada_is_bound_not_listed_twice(self):
        """Listed in Seller Center and never imported, or created by a
        request whose transaction was lost: found by its seller SKU and
        bound, not created a second time."""
        product = self.env["product.product"].create(
            {"name": "Linen Shirt L", "default_code": "LINEN-SHIRT-L"}
        )
        item_id, _sku_id = self.sandbox.add_product(
            "LINEN-SHIRT-L", price=20.0, quantity=1
        )
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_product_id=product.id)
            .create({"channel_id": self.shop.id})
        )
        wizard.action_load_categories()
        wizard.category_id = self.env["oms.marketplace.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", "20001001")]
        )
        wizard.action_load_attributes()
        wizard.attribute_ids.filtered("mandatory").value = "350"
        creates = self.api_calls("/product/create")
        uploads = self.api_calls("/image/upload")
        action = wizard.action_create()
        self.assertEqual(self.api_calls("/product/create"), creates)
        self.assertEqual(self.api_calls("/image/upload"), uploads)
        binding = self.env["oms.product.binding"].browse(action["domain"][0][2])
        self.assertEqual(binding.external_product_id, str(item_id))
        self.assertEqual(binding.product_id, product)
        notes = "".join(binding.message_ids.mapped("body"))
        self.assertIn("already lists seller SKU LINEN-SHIRT-L", notes)
        self.assertEqual(action["name"], "Already on Lazada")
        # one that appears between the search and the create is refused
        # with what Lazada said of the field
        listing = wizard._listing(
            seller_sku="LINEN-SHIRT-L",
            price=25.0,
            quantity=1,
            category_ref="20001001",
            attributes=wizard._attribute_values(),
            images=[],
        )
        with self.assertRaises(UserError) as caught:
            self.shop._oms_call_for_user("_oms_listing_create", listing)
        self.assertIn("Create product failed", str(caught.exception))
        self.assertIn(
            "SellerSku: 4105: BIZ_CHECK_SELLER_SKU_DUPLICATE", str(caught.exception)
        )

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
        binding.action_push_price()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        job = self.env["queue.job"].search([("uuid", "in", list(outcome))])
        self.assertEqual(job.method_name, "_oms_push_prices")
        self.assertIn("1 price(s) pushed", job.result)
        _item, sku = self.sandbox._sku(seller_sku="PRICE-SKU")
        self.assertEqual(sku["price"], 27.5)
        self.assertFalse(binding.price_mismatch)
        self.assertEqual(binding.sync_state, "synced")
        self.assertEqual(binding.last_pushed_price, 27.5)

    def test_price_push_results_per_binding(self):
        self.shop.pricelist_id = False
        self.sandbox.add_product("PRICE-OK", price=30.0, quantity=1)
        self.sandbox.add_product("PRICE-ZERO", price=30.0, quantity=1)
        self.env["product.product"].create(
            [
                {"name": "Ok", "default_code": "PRICE-OK", "list_price": 12.0},
                {"name": "Free", "default_code": "PRICE-ZERO", "list_price": 0.0},
            ]
        )
        self.shop._oms_import_listings()
        bindings = self.shop.binding_ids.filtered(
            lambda b: b.seller_sku in ("PRICE-OK", "PRICE-ZERO")
        )
        bindings.write({"sync_state": "error", "last_error": "an older failure"})
        result = self.shop._oms_push_prices(bindings.ids)
        self.assertIn("1 price(s) pushed, 1 refused", result)
        ok = bindings.filtered(lambda b: b.seller_sku == "PRICE-OK")
        zero = bindings - ok
        self.assertEqual(ok.sync_state, "synced")
        self.assertFalse(ok.last_error)
        self.assertEqual(self.sandbox._sku(seller_sku="PRICE-OK")[1]["price"], 12.0)
        self.assertEqual(zero.sync_state, "error")
        self.assertIn("BIZ_CHECK_PRICE_IS_ZERO", zero.last_error, "Lazada's reason")
        self.assertEqual(self.sandbox._sku(seller_sku="PRICE-ZERO")[1]["price"], 30.0)

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

    def test_listing_buttons_call_lazada_and_say_its_refusal(self):
        self.sandbox.add_product("BTN-SKU", price=5.0, quantity=1)
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "BTN-SKU")
        manager = binding.with_user(self.env.ref("base.user_admin"))
        manager.action_deactivate()
        _item, sku = self.sandbox._sku(seller_sku="BTN-SKU")
        self.assertEqual(sku["Status"], "inactive")
        self.assertEqual(binding.listing_state, "inactive")
        manager.action_activate()
        self.assertEqual(sku["Status"], "active")
        self.assertEqual(binding.listing_state, "active")
        # gone from Lazada meanwhile: Lazada's own message, as a UserError
        self.sandbox.products[int(binding.external_product_id)]["status"] = "deleted"
        with self.assertRaisesRegex(
            UserError, r"Lazada refused: Product not exists \(code E0002"
        ):
            manager.action_deactivate()
        self.assertEqual(binding.listing_state, "active")
        manager.action_delete_listing()
        self.assertEqual(self.sandbox._sku(seller_sku="BTN-SKU"), (None, None))
        self.assertEqual(binding.listing_state, "deleted")


@tagged("post_install", "-at_install")
class TestLazadaListingEdit(LazadaSandboxMixin, TransactionCase):
    """Lazada listings edited from Odoo (UpdateProduct), over HTTP against
    the sandbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.product = cls.make_products(["LINEN-EDIT"], quantity=12)
        cls.product.write(
            {"name": "Linen Tee", "list_price": 19.0, "image_1920": _png()}
        )

    def setUp(self):
        super().setUp()
        # the sandbox outlives the rollback of each test: forget its tee
        for item_id, item in list(self.sandbox.products.items()):
            if any(sku["SellerSku"] == "LINEN-EDIT" for sku in item["skus"]):
                del self.sandbox.products[item_id]

    def _attribute(self, wizard, code):
        return wizard.attribute_ids.filtered(lambda a: a.code == code)

    def _create_tee(self):
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(
                default_product_id=self.product.id, default_channel_id=self.shop.id
            )
            .create({})
        )
        self.assertEqual(wizard.quantity, 12, "initial stock: the free quantity")
        wizard.action_load_categories()
        wizard.category_id = self._category("10002019")
        wizard.action_load_attributes()
        self._attribute(wizard, "material").value = "Cotton"
        wizard.action_create()
        return self.shop.binding_ids.filtered(lambda b: b.seller_sku == "LINEN-EDIT")

    def _category(self, external_id):
        return self.env["oms.marketplace.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", external_id)]
        )

    def _item(self, binding):
        return self.sandbox.products[int(binding.external_product_id)]

    def test_edit_starts_from_lazada_and_sends_the_changes(self):
        binding = self._create_tee()
        self.assertEqual(self.sandbox.sellable_quantity("LINEN-EDIT"), 12)
        item = self._item(binding)
        item["attributes"]["description"] = "Written in Seller Center"
        action = binding.action_edit_listing()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        # the wizard starts from the product as Lazada shows it now
        self.assertEqual(wizard.binding_id, binding)
        self.assertEqual(wizard.category_id.external_id, "10002019")
        self.assertEqual(wizard.name, "Linen Tee")
        self.assertEqual(wizard.description, "Written in Seller Center")
        self.assertEqual(self._attribute(wizard, "material").value, "Cotton")
        self.assertEqual(self._attribute(wizard, "brand_id").value, "0")
        wizard.name = "Linen Tee, relaxed fit"
        self._attribute(wizard, "material").value = "Polyester"
        wizard.weight = 0.3
        calls = self.api_calls("/product/update")
        wizard.action_update()
        self.assertEqual(self.api_calls("/product/update"), calls + 1)
        item = self._item(binding)
        self.assertEqual(item["attributes"]["name"], "Linen Tee, relaxed fit")
        self.assertEqual(item["attributes"]["material"], "Polyester")
        self.assertEqual(item["attributes"]["description"], "Written in Seller Center")
        _item, sku = self.sandbox._sku(seller_sku="LINEN-EDIT")
        self.assertEqual(float(sku["package_weight"]), 0.3)
        self.assertEqual(len(item["images"]), 1, "images kept")
        self.assertEqual(binding.name, "Linen Tee, relaxed fit", "binding refreshed")

    def test_edit_moves_the_listing_to_another_category(self):
        binding = self._create_tee()
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )
        wizard.category_id = self._category("10002020")
        wizard.action_load_attributes()
        self.assertFalse(self._attribute(wizard, "material"), "caps have none")
        wizard.send_image = True
        images = list(self._item(binding)["images"])
        wizard.action_update()
        item = self._item(binding)
        self.assertEqual(item["primary_category"], 10002020)
        self.assertEqual(len(item["images"]), 1)
        self.assertNotEqual(item["images"], images, "the image was sent again")

    def test_a_missing_mandatory_attribute_sends_nothing(self):
        binding = self._create_tee()
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )
        self._attribute(wizard, "material").value = False
        calls = self.api_calls()
        with self.assertRaisesRegex(UserError, "Lazada requires .*Material"):
            wizard.action_update()
        self.assertEqual(self.api_calls(), calls, "nothing was sent")

    def test_a_listed_product_is_not_listed_twice(self):
        self._create_tee()
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_product_id=self.product.id)
            .create({"channel_id": self.shop.id})
        )
        wizard.category_id = self._category("10002020")
        wizard.action_load_attributes()
        calls = self.api_calls()
        with self.assertRaisesRegex(UserError, "already listed"):
            wizard.action_create()
        self.assertEqual(self.api_calls(), calls, "nothing was sent")

    def test_update_refused_by_lazada_is_its_message(self):
        binding = self._create_tee()
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )
        del self.sandbox.products[int(binding.external_product_id)]
        with self.assertRaisesRegex(UserError, "Lazada refused: .*does not exist"):
            wizard.action_update()

    def test_send_product_content_job(self):
        binding = self._create_tee()
        self.product.write({"name": "Linen Tee 2", "description_sale": "New text"})
        binding.action_update_listing()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        item = self._item(binding)
        self.assertEqual(item["attributes"]["name"], "Linen Tee 2")
        self.assertEqual(item["attributes"]["description"], "New text")
        self.assertEqual(item["attributes"]["material"], "Cotton", "kept")
        self.assertEqual(binding.name, "Linen Tee 2")


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
            self.env["oms.listing.wizard"]
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
