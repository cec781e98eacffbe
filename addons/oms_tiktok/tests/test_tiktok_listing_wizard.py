import base64

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.oms_base.tests.listing import (
    listing_form_model,
    listing_wizard,
    marketplace_category,
    wizard_attribute,
)

from .common import TikTokSandboxMixin
from .payloads import png

MUGS = "600102"  # leaf: Material mandatory (drop-down, several), Color a variant
POWER_BANKS = "600202"  # leaf: Battery Capacity mandatory, typed in


@tagged("post_install", "-at_install")
class TestTikTokListingWizard(TikTokSandboxMixin, TransactionCase):
    """Products created and edited from the shared listing wizard, over HTTP
    against the sandbox: category attributes, the image, TikTok's refusals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.make_products(["MUG-RED"], quantity=30)
        cls.product.write(
            {
                "image_1920": base64.b64encode(png()),
                "lst_price": 25.0,
                "description_sale": "A red ceramic mug.",
                "weight": 0.4,
            }
        )

    def _wizard(self, category=MUGS, product=None):
        return listing_wizard(self.shop, product or self.product, category, quantity=12)

    def _category(self, external_id):
        return marketplace_category(self.shop, external_id)

    _attribute = staticmethod(wizard_attribute)

    def _products(self):
        return self.sandbox.shop.products

    def _create_mug(self):
        wizard = self._wizard()
        self._attribute(wizard, "Material").value = "Ceramic"
        self._attribute(wizard, "Color").value = "Red"
        wizard.action_create()
        return self.shop.binding_ids.filtered(lambda b: b.seller_sku == "MUG-RED")

    def test_create_product_with_attributes_and_image(self):
        self.assertTrue(self.shop.support_listing_create)
        wizard = self._wizard()
        self.assertIn("Home Supplies", wizard.category_id.complete_name)
        material = self._attribute(wizard, "Material")
        self.assertTrue(material.mandatory)
        self.assertTrue(material.multi_value)
        self.assertFalse(material.free_input)
        color = self._attribute(wizard, "Color")
        self.assertTrue(color.variant)
        material.value = "Ceramic"
        color.value = "Red"
        uploads = self.sandbox.call_count("/product/202309/images/upload")
        self.sandbox.shop.audit_delay = 3600  # TikTok reviews a new product
        wizard.action_create()
        self.assertEqual(
            self.sandbox.call_count("/product/202309/images/upload"), uploads + 1
        )
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "MUG-RED")
        self.assertEqual(binding.product_id, self.product)
        self.assertEqual(binding.listing_state, "pending", "in review")
        product = self._products()[binding.external_product_id]
        self.assertEqual(product["title"], "MUG-RED")
        self.assertEqual(product["category_id"], MUGS)
        self.assertEqual(len(product["main_images"]), 1)
        self.assertEqual(
            product["package_weight"], {"value": "0.4", "unit": "KILOGRAM"}
        )
        self.assertEqual(
            product["product_attributes"],
            [
                {
                    "id": "100157",
                    "name": "Material",
                    "values": [{"id": "1001573", "name": "Ceramic"}],
                }
            ],
        )
        (sku,) = product["skus"]
        self.assertEqual(str(sku["price"]), "25.00")
        self.assertEqual(
            sku["inventory"], {self.sandbox.shop.default_warehouse_id(): 12}
        )
        self.assertEqual(
            [(a["name"], a["value_name"]) for a in sku["sales_attributes"]],
            [("Color", "Red")],
        )

    def test_typed_in_value_of_a_customizable_attribute(self):
        wizard = self._wizard(POWER_BANKS)
        capacity = self._attribute(wizard, "Battery Capacity (mAh)")
        self.assertTrue(capacity.free_input)
        capacity.value = "10000"
        wizard.action_create()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "MUG-RED")
        attributes = self._products()[binding.external_product_id]["product_attributes"]
        self.assertEqual(attributes[0]["values"][0]["name"], "10000")

    def test_product_created_but_lost_in_odoo_is_bound_not_listed_twice(self):
        binding = self._create_mug()
        product_id = binding.external_product_id
        products = len(self._products())
        binding.unlink()  # what the lost transaction had stored
        wizard = self._wizard()
        self._attribute(wizard, "Material").value = "Ceramic"
        self._attribute(wizard, "Color").value = "Red"
        action = wizard.action_create()
        self.assertEqual(len(self._products()), products, "no second product")
        found = self.env["oms.product.binding"].browse(action["domain"][0][2])
        self.assertEqual(found.external_product_id, product_id)
        self.assertEqual(found.product_id, self.product)
        self.assertEqual(action["name"], "Already on TikTok Shop")

    def test_create_from_the_shop_form(self):
        with Form(listing_form_model(self.shop)) as form:
            self.assertEqual(form.channel_id, self.shop)
            form.product_id = self.product
            self.assertEqual(form.quantity, 30, "the free stock")
            form.category_id = self._category(MUGS)  # lists its attributes
            self.assertEqual(
                [form.attribute_ids.edit(i).name for i in range(2)],
                ["Color", "Material"],
            )
            with form.attribute_ids.edit(1) as material:
                material.value = "Ceramic, Cotton"
        form.save().action_create()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "MUG-RED")
        product = self._products()[binding.external_product_id]
        self.assertEqual(
            [v["name"] for v in product["product_attributes"][0]["values"]],
            ["Ceramic", "Cotton"],
        )
        self.assertEqual(product["skus"][0]["sales_attributes"], [])

    def test_missing_mandatory_attribute_sends_nothing(self):
        wizard = self._wizard()
        self._attribute(wizard, "Color").value = "Red"
        products, calls = len(self._products()), self.sandbox.call_count()
        with self.assertRaisesRegex(UserError, "requires these attributes.*Material"):
            wizard.action_create()
        self.assertEqual(len(self._products()), products)
        self.assertEqual(self.sandbox.call_count(), calls, "nothing was sent")

    def test_product_without_image_is_refused_before_any_call(self):
        product = self.make_products(["MUG-BARE"])
        wizard = self._wizard(product=product)
        self._attribute(wizard, "Material").value = "Ceramic"
        calls = self.sandbox.call_count()
        with self.assertRaisesRegex(UserError, "only with an image"):
            wizard.action_create()
        self.assertEqual(self.sandbox.call_count(), calls, "nothing was sent")

    def test_refusal_of_tiktok_is_a_warning_and_binds_nothing(self):
        """An image too small for a main image: TikTok's own rule, said as
        TikTok says it; no listing, no binding."""
        self.product.image_1920 = base64.b64encode(png(120, 120))
        wizard = self._wizard()
        self._attribute(wizard, "Material").value = "Ceramic"
        products = len(self._products())
        with self.assertRaisesRegex(
            UserError, "TikTok Shop refused: Width and length of main image"
        ):
            wizard.action_create()
        self.assertEqual(len(self._products()), products)
        self.assertFalse(self.shop.binding_ids)

    def test_mandatory_attribute_refused_by_tiktok_is_a_warning(self):
        """A listing sent without the category's mandatory attribute (the
        wizard checks it first; TikTok checks it again)."""
        listing = self._wizard()._listing(
            seller_sku="MUG-RED",
            price=25.0,
            quantity=1,
            category_ref=MUGS,
            attributes=[],
            images=[
                self.shop._oms_call_for_user(
                    "_oms_listing_upload_image", png(), "mug.png"
                )
            ],
        )
        with self.assertRaisesRegex(UserError, "property is required: Material"):
            self.shop._oms_call_for_user("_oms_listing_create", listing)
        self.assertFalse(self.shop.binding_ids)

    def test_update_starts_from_tiktok_and_keeps_the_images(self):
        binding = self._create_mug()
        product = self._products()[binding.external_product_id]
        product["description"] = "<p>Written in Seller Center</p>"
        images = list(product["main_images"])
        update = (
            self.env["oms.listing.wizard"]
            .with_context(default_binding_id=binding.id)
            .create({})
        )
        self.assertEqual(update.category_id.external_id, MUGS)
        self.assertEqual(update.description, "<p>Written in Seller Center</p>")
        self.assertEqual(self._attribute(update, "Material").value, "Ceramic")
        self.assertEqual(self._attribute(update, "Color").value, "Red")
        self.assertEqual(update.weight, 0.4)
        update.name = "Red mug, 350 ml"
        self._attribute(update, "Material").value = "Polyester"
        self._attribute(update, "Color").value = "Blue"
        update.action_update()
        product = self._products()[binding.external_product_id]
        self.assertEqual(product["title"], "Red mug, 350 ml")
        self.assertEqual(product["main_images"], images, "images kept")
        self.assertEqual(
            product["product_attributes"][0]["values"],
            [{"id": "1001572", "name": "Polyester"}],
        )
        self.assertEqual(
            product["skus"][0]["sales_attributes"][0]["value_name"], "Blue"
        )
        self.assertEqual(binding.name, "Red mug, 350 ml")
        self.assertEqual(binding.listing_state, "pending")
