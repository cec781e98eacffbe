from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import ShopeeSandboxMixin

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKm"
    "MIQAAAABJRU5ErkJggg=="
)
SKINCARE = "100664"  # leaf category: Brand and Skin Type are mandatory


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

    def _wizard(self, **values):
        wizard = (
            self.env["oms.shopee.item.wizard"]
            .with_context(default_product_id=self.product.id)
            .create(dict({"channel_id": self.shop.id, "quantity": 25}, **values))
        )
        wizard.action_load_categories()
        wizard.category_id = self.env["oms.shopee.category"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", SKINCARE)]
        )
        wizard.action_load_attributes()
        return wizard

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
        self.assertEqual(values[brand.attribute_id], {"value_id": 1012})
        self.assertEqual(
            values[self._attribute(wizard, "Volume").attribute_id],
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

    def test_value_outside_a_drop_down_is_refused(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Shiny"
        with self.assertRaisesRegex(UserError, "Skin Type must be one of"):
            wizard.action_create()

    def test_update_name_and_attributes(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        wizard.action_create()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "SERUM-1")
        update = (
            self.env["oms.shopee.item.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )
        self.assertEqual(update.category_id.external_id, SKINCARE)
        update.action_load_attributes()
        self.assertEqual(self._attribute(update, "Skin Type").value, "Oily")
        update.name = "Serum 30 ml, oily skin"
        self._attribute(update, "Skin Type").value = "Dry"
        update.action_update()
        item = self._items()[int(binding.external_product_id)]
        self.assertEqual(item["item_name"], "Serum 30 ml, oily skin")
        skin = self._attribute(update, "Skin Type").attribute_id
        values = {
            a["attribute_id"]: a["attribute_value_list"][0]
            for a in item["attribute_list"]
        }
        self.assertEqual(values[skin], {"value_id": 3003})
        self.assertEqual(binding.name, "Serum 30 ml, oily skin")

    def test_marketplace_error_is_a_clear_message(self):
        wizard = self._wizard()
        self._attribute(wizard, "Brand").value = "Cosrx"
        self._attribute(wizard, "Skin Type").value = "Oily"
        wizard.price = -1
        with self.assertRaisesRegex(UserError, "Shopee refused: .*price"):
            wizard.action_create()
