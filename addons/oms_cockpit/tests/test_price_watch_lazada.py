"""The price watch's one-click push, end to end on the Lazada sandbox."""

from odoo.tests import TransactionCase, tagged

from .common import optional_mixin, require_connector

LazadaSandboxMixin = optional_mixin("oms_lazada", "LazadaSandboxMixin")


@tagged("post_install", "-at_install")
class TestPriceWatchLazada(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_connector(cls, "oms_lazada", LazadaSandboxMixin)
        cls.setup_lazada()

    def test_push_odoo_price_publishes_it_and_ends_the_alert(self):
        self.shop.write({"pricelist_id": False, "price_tolerance": 1.0})
        self.sandbox.add_product("WATCH-SKU", price=30.0, quantity=1)
        self.env["product.product"].create(
            {"name": "Watched", "default_code": "WATCH-SKU", "list_price": 27.5}
        )
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "WATCH-SKU")
        self.assertEqual(binding._oms_watch_prices(), binding)
        self.assertAlmostEqual(binding.price_watch_diff, 9.09)
        binding.action_oms_price_push_odoo()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        _item, sku = self.sandbox._sku(seller_sku="WATCH-SKU")
        self.assertEqual(sku["price"], 27.5)
        self.assertFalse(binding._oms_watch_prices())
        self.assertFalse(binding.price_watch_flagged)
        self.assertAlmostEqual(binding.price_watch_diff, 0.0)
