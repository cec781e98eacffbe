"""The price watch compares Shopee's promotion prices, on the Shopee
sandbox over HTTP."""

from odoo.tests import TransactionCase, tagged

from .common import optional_mixin, require_connector

ShopeeSandboxMixin = optional_mixin("oms_shopee", "ShopeeSandboxMixin")


@tagged("post_install", "-at_install")
class TestPriceWatchShopee(ShopeeSandboxMixin, TransactionCase):
    item_skus = ("WATCH-PROMO",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_connector(cls, "oms_shopee", ShopeeSandboxMixin)
        cls.setup_shopee()

    def test_promotion_price_differs_from_the_pricelist(self):
        self.shop.write({"pricelist_id": False, "price_tolerance": 1.0})
        self.products.list_price = 9.5
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(
            lambda b: b.seller_sku == "WATCH-PROMO"
        )
        # the original price is the Odoo price: nothing to say
        self.assertFalse(binding._oms_watch_prices())
        self.sandbox.start_promotion("WATCH-PROMO", 7.6)
        self.shop._oms_import_listings()
        self.assertEqual(binding._oms_watch_prices(), binding)
        self.assertAlmostEqual(binding.price_watch_diff, -20.0)
        self.assertTrue(binding.price_watch_flagged)
        self.assertTrue(
            binding.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("oms_cockpit.mail_activity_oms_price")
                )
            )
        )
        # the promotion ends: the prices agree again, the to-do is done
        self.sandbox.end_promotion("WATCH-PROMO")
        self.shop._oms_import_listings()
        self.assertFalse(binding._oms_watch_prices())
        self.assertFalse(binding.price_watch_flagged)
