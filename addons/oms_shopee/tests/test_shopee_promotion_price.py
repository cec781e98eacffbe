"""Shopee's promotion prices, as the listing import reads them from the
sandbox over HTTP: during a discount promotion buyers pay ``current_price``,
which is then the binding's marketplace price (what the price watch
compares), as Lazada's special price is."""

from odoo.tests import TransactionCase, tagged

from .common import ShopeeSandboxMixin


@tagged("post_install", "-at_install")
class TestShopeePromotionPrice(ShopeeSandboxMixin, TransactionCase):
    skus = ("PROMO-RED", "PROMO-BLUE")
    item_skus = ("PROMO-ONE",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def bindings(self):
        self.shop._oms_import_listings()
        return {b.seller_sku: b for b in self.shop.binding_ids}

    def test_promotion_price_is_the_marketplace_price(self):
        self.sandbox.start_promotion("PROMO-RED", 9.0)
        self.sandbox.start_promotion("PROMO-ONE", 7.5)
        bindings = self.bindings()
        self.assertEqual(bindings["PROMO-RED"].marketplace_price, 9.0)
        self.assertEqual(bindings["PROMO-BLUE"].marketplace_price, 12.0)
        self.assertEqual(bindings["PROMO-ONE"].marketplace_price, 7.5)
        # the item and its model say the promotion runs (the reference's fields)
        item, model = self.sandbox.shop.find_model("PROMO-RED")
        (public,) = self.sandbox.shop.api_get_item_base_info(
            {"item_id_list": str(item["item_id"])}
        ).response["item_list"]
        self.assertTrue(public["has_promotion"])
        self.assertEqual(public["promotion_id"], model["promotion_id"])

    def test_price_back_to_the_original_when_the_promotion_ends(self):
        self.sandbox.start_promotion("PROMO-BLUE", 10.0)
        self.assertEqual(self.bindings()["PROMO-BLUE"].marketplace_price, 10.0)
        self.sandbox.end_promotion("PROMO-BLUE")
        self.assertEqual(self.bindings()["PROMO-BLUE"].marketplace_price, 12.0)

    def test_price_push_during_a_promotion_keeps_the_promotion_price(self):
        self.shop.pricelist_id = False
        product = self.products.filtered(lambda p: p.default_code == "PROMO-RED")
        product.list_price = 14.0
        self.sandbox.start_promotion("PROMO-RED", 9.0)
        binding = self.bindings()["PROMO-RED"]
        binding.action_push_price()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        _item, model = self.sandbox.shop.find_model("PROMO-RED")
        # update_price sets the original price; buyers still pay the
        # promotion's until it ends
        self.assertEqual((model["original_price"], model["current_price"]), (14.0, 9.0))
        self.assertEqual(self.bindings()["PROMO-RED"].marketplace_price, 9.0)
        self.sandbox.end_promotion("PROMO-RED")
        self.assertEqual(self.bindings()["PROMO-RED"].marketplace_price, 14.0)
