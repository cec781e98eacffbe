"""The marketplace's delivery type, as each platform's order says it,
through the sandboxes: a routing rule on the delivery type routes the
orders of that type, and only those."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin
from odoo.addons.oms_shopee.tests.common import ShopeeSandboxMixin
from odoo.addons.oms_tiktok.tests.common import TikTokSandboxMixin


class DeliveryTypeRuleMixin:
    """A second warehouse with stock, and a rule sending the orders of one
    delivery type there; every other order goes to the shop's warehouse."""

    @classmethod
    def setup_rule(cls, shop, products, delivery_type):
        cls.env["oms.routing.rule"].search([]).active = False
        cls.wh_main = shop.warehouse_ids[:1]
        cls.wh_fast = cls.env["stock.warehouse"].create(
            {"name": "Fast Hub", "code": "FHUB", "company_id": shop.company_id.id}
        )
        shop.warehouse_ids = cls.wh_main | cls.wh_fast
        for product in products:
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.wh_fast.lot_stock_id, 100
            )
        Rule = cls.env["oms.routing.rule"]
        cls.rule = Rule.create(
            {
                "name": f"{delivery_type} from the hub",
                "sequence": 1,
                "channel_ids": [(6, 0, shop.ids)],
                "delivery_type": delivery_type,
                "warehouse_line_ids": [(0, 0, {"warehouse_id": cls.wh_fast.id})],
            }
        )
        cls.fallback = Rule.create(
            {
                "name": "Everything else",
                "sequence": 2,
                "channel_ids": [(6, 0, shop.ids)],
                "warehouse_line_ids": [(0, 0, {"warehouse_id": cls.wh_main.id})],
            }
        )
        cls.env.cr.precommit.clear()

    def assert_routed(self, sale, delivery_type, rule, warehouse):
        self.assertEqual(sale.oms_delivery_type, delivery_type)
        self.assertEqual(sale.oms_routing_rule_id, rule)
        self.assertEqual(sale.warehouse_id, warehouse)


@tagged("post_install", "-at_install")
class TestLazadaDeliveryType(
    DeliveryTypeRuleMixin, LazadaSandboxMixin, TransactionCase
):
    """Lazada says it per order item: shipping_provider_type, and
    delivery_option_sof for the seller's own fleet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["LZD-DT-A"]
        cls.sandbox.add_product(cls.skus[0], price=12.0, quantity=500)
        cls.products = cls.make_products(cls.skus, quantity=100)
        cls.shop._oms_import_listings()
        cls.setup_rule(cls.shop, cls.products, "instant")

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def import_order(self, seed, **options):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, seed=seed, **options)
        self.shop._oms_sync_orders()
        return self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(order_id)),
            ]
        )

    def test_instant_order_takes_the_instant_rule(self):
        sale = self.import_order(11, shipping_provider_type="INSTANT")
        self.assert_routed(sale, "instant", self.rule, self.wh_fast)
        self.assertIn(self.rule.name, sale.oms_routing_reason)

    def test_standard_and_express_orders_do_not(self):
        standard = self.import_order(12)
        self.assert_routed(standard, "standard", self.fallback, self.wh_main)
        express = self.import_order(13, shipping_provider_type="EXPRESS")
        self.assert_routed(express, "express", self.fallback, self.wh_main)

    def test_seller_own_fleet_is_seller_shipped(self):
        self.rule.delivery_type = "seller"
        sale = self.import_order(14, shipping_provider_type="SELLER_OWN_FLEET")
        self.assert_routed(sale, "seller", self.rule, self.wh_fast)


@tagged("post_install", "-at_install")
class TestShopeeDeliveryType(
    DeliveryTypeRuleMixin, ShopeeSandboxMixin, TransactionCase
):
    """Shopee names the service the buyer chose; the shop's logistics
    channels (get_channel_list) say which are the seller's own logistics."""

    skus = ["SHP-DT-A"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.setup_rule(cls.shop, cls.products, "seller")

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()
        self.shop.action_sync_logistics_channels()

    def import_order(self, seed, channel_id=None):
        (order_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, seed=seed, channel_id=channel_id
        )
        self.shop._oms_sync_orders()
        return self.sales().filtered(lambda s: s.oms_external_id == order_sn)

    def channel(self, name):
        return self.shop.logistics_channel_ids.filtered(lambda c: c.name == name)

    def test_logistics_channels_read_from_shopee(self):
        kinds = {c.name: c.delivery_type for c in self.shop.logistics_channel_ids}
        self.assertEqual(
            kinds,
            {
                "SPX Express": "standard",
                "J&T Express": "standard",
                "Ninja Van": "standard",
                "SPX Instant": "instant",
                "Seller Own Fleet": "seller",
            },
        )
        # a person's correction survives the next read
        self.channel("Ninja Van").delivery_type = "express"
        self.shop.action_sync_logistics_channels()
        self.assertEqual(self.channel("Ninja Van").delivery_type, "express")

    def test_seller_logistics_order_takes_the_seller_rule(self):
        own = self.channel("Seller Own Fleet")
        sale = self.import_order(21, channel_id=int(own.external_id))
        self.assert_routed(sale, "seller", self.rule, self.wh_fast)
        self.assertEqual(sale.oms_logistics_channel_id, own)

    def test_other_orders_do_not(self):
        sale = self.import_order(22)
        self.assert_routed(sale, "standard", self.fallback, self.wh_main)
        instant = self.channel("SPX Instant")
        sale = self.import_order(23, channel_id=int(instant.external_id))
        self.assert_routed(sale, "instant", self.fallback, self.wh_main)

    def test_a_channel_marked_by_a_person_routes_by_its_type(self):
        self.channel("Ninja Van").delivery_type = "seller"
        sale = self.import_order(24, channel_id=20021)
        self.assert_routed(sale, "seller", self.rule, self.wh_fast)


@tagged("post_install", "-at_install")
class TestTikTokDeliveryType(
    DeliveryTypeRuleMixin, TikTokSandboxMixin, TransactionCase
):
    """TikTok says who ships (shipping_type) and names the delivery option."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.make_products(["TT-DT-A"], quantity=100)
        cls.setup_rule(cls.shop, cls.products, "seller")

    def setUp(self):
        super().setUp()
        self.list_skus(["TT-DT-A"])

    def import_order(self, **options):
        ref = self.sandbox.place_order([("TT-DT-A", 1)], **options)
        self.pull()
        return self.sales([ref])

    def test_seller_shipped_order_takes_the_seller_rule(self):
        sale = self.import_order(shipping_type="SELLER")
        self.assert_routed(sale, "seller", self.rule, self.wh_fast)

    def test_platform_shipped_order_does_not(self):
        sale = self.import_order()
        self.assert_routed(sale, "standard", self.fallback, self.wh_main)
