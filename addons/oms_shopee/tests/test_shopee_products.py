from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import ShopeeSandboxMixin

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKm"
    "MIQAAAABJRU5ErkJggg=="
)
SKINCARE = "100664"  # leaf category: Brand and Skin Type are mandatory
DRESSES = "100017"  # leaf category: Brand mandatory, Material multi-valued


@tagged("post_install", "-at_install")
class TestShopeeItems(ShopeeSandboxMixin, TransactionCase):
    """Items created and edited from Odoo, over HTTP against the sandbox."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.product = cls.make_products(["SERUM-1"], quantity=40)
        cls.product.write(
            {"image_1920": PNG, "lst_price": 45.0, "description_sale": "Serum"}
        )

    def _wizard(self, category=SKINCARE, **values):
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(default_product_id=self.product.id)
            .create(dict({"channel_id": self.shop.id, "quantity": 25}, **values))
        )
        wizard.action_load_categories()
        wizard.category_id = self._category(category)
        wizard.action_load_attributes()
        return wizard

    def _category(self, external_id):
        return self.env["oms.marketplace.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", external_id)]
        )

    def _create_serum(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        wizard.action_create()
        return self.shop.binding_ids.filtered(lambda b: b.seller_sku == "SERUM-1")

    def _update_wizard(self, binding):
        return (
            self.env["oms.listing.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )

    @staticmethod
    def _values(item):
        return {
            a["attribute_id"]: a["attribute_value_list"] for a in item["attribute_list"]
        }

    def _attribute(self, wizard, name):
        return wizard.attribute_ids.filtered(lambda a: a.name == name)

    def _items(self):
        return self.sandbox.shop.items

    def test_create_item_with_attributes_and_image(self):
        wizard = self._wizard()
        self.assertTrue(wizard.category_id.leaf)
        self.assertIn("Beauty", wizard.category_id.complete_name)
        brand = self._attribute(wizard, "Brand")
        self.assertTrue(brand.mandatory)
        brand.value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        self._attribute(wizard, "Volume").value = "30 ml"  # free text
        before = self.api_calls("/api/v2/media_space/upload_image")
        wizard.action_create()
        self.assertEqual(self.api_calls("/api/v2/media_space/upload_image"), before + 1)
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "SERUM-1")
        self.assertEqual(binding.product_id, self.product)
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["item_name"], self.product.name)
        self.assertEqual(item["category_id"], int(SKINCARE))
        self.assertEqual(len(item["image"]["image_id_list"]), 1)
        values = {
            a["attribute_id"]: a["attribute_value_list"][0]
            for a in item["attribute_list"]
        }
        self.assertEqual(values[int(brand.code)], {"value_id": 1012})
        self.assertEqual(
            values[int(self._attribute(wizard, "Volume").code)],
            {"value_id": 0, "original_value_name": "30 ml"},
        )
        self.assertEqual(self.sandbox.sellable_quantity("SERUM-1"), 25)

    def test_missing_mandatory_attribute_sends_nothing(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        items = len(self._items())
        calls = self.api_calls()
        with self.assertRaisesRegex(UserError, "Skin Type"):
            wizard.action_create()
        self.assertEqual(len(self._items()), items)
        self.assertEqual(self.api_calls(), calls, "nothing was sent")

    def test_item_created_but_lost_in_odoo_is_bound_not_listed_twice(self):
        """A create whose transaction was lost after Shopee made the item
        (Odoo retries the request): the next create finds the item by its
        SKU (search_item) and binds it."""
        binding = self._create_serum()
        item_id = binding.external_product_id
        items = len(self._items())
        binding.unlink()  # what the lost transaction had stored
        adds = self.api_calls("/api/v2/product/add_item")
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        action = wizard.action_create()
        self.assertEqual(self.api_calls("/api/v2/product/add_item"), adds)
        self.assertEqual(len(self._items()), items, "no second item")
        found = self.env["oms.product.binding"].browse(action["domain"][0][2])
        self.assertEqual(found.external_product_id, item_id)
        self.assertEqual(found.product_id, self.product)
        self.assertGreater(self.api_calls("/api/v2/product/search_item"), 0)

    def test_value_outside_a_drop_down_is_refused(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Shiny"
        with self.assertRaisesRegex(UserError, "Skin Type must be one of"):
            wizard.action_create()

    def test_initial_stock_is_the_free_quantity(self):
        self.shop.stock_buffer = 5
        wizard = (
            self.env["oms.listing.wizard"]
            .with_context(
                default_product_id=self.product.id, default_channel_id=self.shop.id
            )
            .create({})
        )
        self.assertEqual(wizard.quantity, 35, "40 free in the warehouse, 5 kept")
        self.assertEqual(wizard.name, "SERUM-1")
        self.assertEqual(wizard.price, 45.0)
        self.assertEqual(wizard.description, "Serum")

    def test_create_from_the_shop(self):
        """The shop's button, the form's onchanges: product, then category."""
        self.env["oms.marketplace.category"]._sync_tree(self.shop)
        action = self.shop.action_create_listing()
        wizard_model = self.env[action["res_model"]].with_context(**action["context"])
        with Form(wizard_model) as form:
            self.assertEqual(form.channel_id, self.shop)
            form.product_id = self.product
            self.assertEqual(form.quantity, 40)
            self.assertEqual(form.name, "SERUM-1")
            form.category_id = self._category(DRESSES)  # lists its attributes
            names = [form.attribute_ids.edit(i).name for i in range(2)]
            self.assertEqual(names, ["Brand", "Material"])
            with form.attribute_ids.edit(0) as brand:
                brand.value = "No Brand"  # Shopee's own value, id 0
            with form.attribute_ids.edit(1) as material:
                material.value = "Cotton, Linen"  # multi drop-down
        wizard = form.save()
        wizard.action_create()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "SERUM-1")
        self.assertEqual(binding.product_id, self.product)
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["category_id"], int(DRESSES))
        values = self._values(item)
        self.assertEqual(
            values[100000], [{"value_id": 0, "original_value_name": "No Brand"}]
        )
        self.assertEqual(values[100134], [{"value_id": 2001}, {"value_id": 2003}])
        self.assertEqual(self.sandbox.sellable_quantity("SERUM-1"), 40)

    def test_attributes_of_another_category_send_nothing(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        wizard.category_id = self._category(DRESSES)  # attributes not reloaded
        calls = self.api_calls()
        with self.assertRaisesRegex(UserError, "Load the attributes of category"):
            wizard.action_create()
        self.assertEqual(self.api_calls(), calls, "nothing was sent")

    def test_a_listed_product_is_not_listed_twice(self):
        self._create_serum()
        items = len(self._items())
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        with self.assertRaisesRegex(UserError, "already listed"):
            wizard.action_create()
        self.assertEqual(len(self._items()), items)

    def test_update_name_and_attributes(self):
        binding = self._create_serum()
        item = self._items()[int(binding.external_product_id)]
        item["description"] = "Written in Seller Centre"
        images = list(item["image"]["image_id_list"])
        update = self._update_wizard(binding)
        # the wizard starts from the item as Shopee shows it
        self.assertEqual(update.category_id.external_id, SKINCARE)
        self.assertEqual(update.description, "Written in Seller Centre")
        self.assertEqual(self._attribute(update, "Skin Type").value, "Oily")
        self.assertEqual(self._attribute(update, "Brand").value, "Cosrx")
        update.name = "Serum 30 ml, oily skin"
        self._attribute(update, "Skin Type").value = "Dry"
        update.action_update()
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["item_name"], "Serum 30 ml, oily skin")
        self.assertEqual(item["description"], "Written in Seller Centre")
        self.assertEqual(item["image"]["image_id_list"], images, "images kept")
        values = self._values(item)
        skin = int(self._attribute(update, "Skin Type").code)
        self.assertEqual(values[skin], [{"value_id": 3003}])
        self.assertEqual(
            values[int(self._attribute(update, "Brand").code)], [{"value_id": 1012}]
        )
        self.assertEqual(binding.name, "Serum 30 ml, oily skin")

    def test_update_from_the_listing_form(self):
        binding = self._create_serum()
        wizard_model = self.env["oms.listing.wizard"].with_context(
            default_binding_id=binding.id
        )
        with Form(wizard_model) as form:
            self.assertEqual(form.category_id.external_id, SKINCARE)
            self.assertEqual(len(form.attribute_ids), 3, "kept by the onchanges")
            form.name = "Serum, renamed"
            calls = self.api_calls()
        wizard = form.save()
        self.assertEqual(self.api_calls(), calls, "saving the form calls nobody")
        self.assertEqual(wizard.binding_id, binding)
        wizard.action_update()
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["item_name"], "Serum, renamed")
        self.assertEqual(self._values(item)[100416], [{"value_id": 3002}])

    def test_update_replaces_images_when_asked(self):
        binding = self._create_serum()
        item = self._items()[int(binding.external_product_id)]
        images = list(item["image"]["image_id_list"])
        update = self._update_wizard(binding)
        update.send_image = True
        update.action_update()
        new_images = item["image"]["image_id_list"]
        self.assertEqual(len(new_images), 1)
        self.assertNotEqual(new_images, images)

    def test_update_a_missing_mandatory_attribute_sends_nothing(self):
        binding = self._create_serum()
        update = self._update_wizard(binding)
        self._attribute(update, "Skin Type").value = False
        calls = self.api_calls()
        with self.assertRaisesRegex(UserError, "Skin Type"):
            update.action_update()
        self.assertEqual(self.api_calls(), calls, "nothing was sent")

    def test_listing_update_job_sends_the_product_content(self):
        binding = self._create_serum()
        self.product.write({"name": "Cosrx Serum", "description_sale": "New text"})
        self.shop._oms_run_listing_hook("_oms_listing_update", binding.ids)
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["item_name"], "Cosrx Serum")
        self.assertEqual(item["description"], "New text")
        self.assertEqual(binding.name, "Cosrx Serum")
        # attributes are Shopee's: untouched
        self.assertEqual(self._values(item)[100416], [{"value_id": 3002}])

    def test_expired_token_is_refreshed_for_the_wizard(self):
        self.sandbox.expire_access_token()
        binding = self._create_serum()
        self.assertTrue(binding)
        self.assertEqual(self.shop.state, "connected")

    def test_marketplace_error_is_a_clear_message(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        wizard.price = -1
        with self.assertRaisesRegex(UserError, "Shopee refused: .*price"):
            wizard.action_create()

    def test_update_error_is_a_clear_message(self):
        binding = self._create_serum()
        update = self._update_wizard(binding)
        self.sandbox.shop.items[int(binding.external_product_id)]["item_status"] = (
            "SELLER_DELETE"
        )
        with self.assertRaisesRegex(UserError, "Shopee refused: .*not found"):
            update.action_update()
