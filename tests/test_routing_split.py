"""Split shipments on the marketplaces' sandboxes (oms_routing with the
connectors): one sale order, one delivery per warehouse, and on the
platform one package per delivery, each packed and labelled on its own."""

from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin
from odoo.addons.oms_shopee.shopee_api import const as shopee_const
from odoo.addons.oms_shopee.shopee_api.client import ShopeeClient
from odoo.addons.oms_shopee.tests.common import ShopeeSandboxMixin
from odoo.addons.queue_job.exception import RetryableJobError


class SplitMixin:
    """A second warehouse; the first SKU in stock only in the shop's
    warehouse, the second only in the new one; a rule splitting between
    them."""

    @classmethod
    def setup_split(cls, shop, first, second):
        cls.env["oms.routing.rule"].search([]).active = False
        cls.wh_main = shop.warehouse_ids[:1]
        cls.wh_other = cls.env["stock.warehouse"].create(
            {"name": "Split Other", "code": "SPLO", "company_id": shop.company_id.id}
        )
        shop.warehouse_ids = cls.wh_main | cls.wh_other
        Quant = cls.env["stock.quant"]
        location = cls.wh_main.lot_stock_id
        Quant._update_available_quantity(
            second, location, -Quant._get_available_quantity(second, location)
        )
        Quant._update_available_quantity(second, cls.wh_other.lot_stock_id, 100)
        cls.rule = cls.env["oms.routing.rule"].create(
            {
                "name": "Split between the two",
                "channel_ids": [(6, 0, shop.ids)],
                "allow_split": True,
                "warehouse_line_ids": [
                    (0, 0, {"sequence": 1, "warehouse_id": cls.wh_main.id}),
                    (0, 0, {"sequence": 2, "warehouse_id": cls.wh_other.id}),
                ],
            }
        )
        cls.env.cr.precommit.clear()

    def deliveries(self, sale):
        return sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )


@tagged("post_install", "-at_install")
class TestShopeeSplit(SplitMixin, ShopeeSandboxMixin, TransactionCase):
    skus = ["SPL-A", "SPL-B"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.setup_split(cls.shop, *cls.products)

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()

    def import_two_line_order(self):
        (order_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, multi_item_ratio=1, seed=3
        )
        self.shop._oms_sync_orders()
        sale = self.sales().filtered(lambda s: s.oms_external_id == order_sn)
        self.assertEqual(len(sale.order_line.filtered("oms_external_id")), 2)
        return order_sn, sale

    def test_split_order_on_shopee_then_pack_each_package(self):
        order_sn, sale = self.import_two_line_order()
        self.assertTrue(sale.oms_routing_split)
        deliveries = self.deliveries(sale)
        self.assertEqual(
            deliveries.picking_type_id.warehouse_id, self.wh_main | self.wh_other
        )
        run_jobs(self.env)
        self.assertEqual(self.api_calls(shopee_const.PATH_SPLIT_ORDER), 1)
        raw = self.sandbox.order(order_sn)
        self.assertTrue(raw["split_up"])
        numbers = {p["package_number"] for p in raw["package_list"]}
        self.assertEqual(len(numbers), 2)
        self.assertEqual(set(deliveries.mapped("oms_package_ref")), numbers)
        for delivery in deliveries:
            package = next(
                p
                for p in raw["package_list"]
                if p["package_number"] == delivery.oms_package_ref
            )
            self.assertEqual(
                {f"{i['item_id']}:{i['model_id']}" for i in package["item_list"]},
                set(delivery.move_ids.sale_line_id.mapped("oms_external_id")),
            )
        # each package ships on its own
        deliveries.action_oms_pack()
        self.assertEqual(
            set(deliveries.mapped("oms_fulfilment_state")),
            {"packed"},
            deliveries.message_ids.mapped("body"),
        )
        self.assertEqual(self.api_calls(shopee_const.PATH_SHIP_ORDER), 2)
        # the next pull keeps each package on its delivery
        self.shop._oms_sync_orders()
        self.assertEqual({p.oms_package_ref for p in self.deliveries(sale)}, numbers)

    def split_on_shopee(self):
        """A two-line order split on Shopee: ``{product: delivery}``."""
        order_sn, sale = self.import_two_line_order()
        run_jobs(self.env)
        self.assertEqual(self.api_calls(shopee_const.PATH_SPLIT_ORDER), 1)
        deliveries = self.deliveries(sale)
        self.assertEqual(len(set(deliveries.mapped("oms_package_ref"))), 2)
        return order_sn, sale, {d.product_id: d for d in deliveries}

    def move_stock(self, product, source, target):
        """Move the free stock of ``product``: what the order reserved stays."""
        Quant = self.env["stock.quant"]
        quantity = Quant._get_available_quantity(product, source.lot_stock_id)
        Quant._update_available_quantity(product, source.lot_stock_id, -quantity)
        Quant._update_available_quantity(product, target.lot_stock_id, quantity)

    def test_reroute_of_a_split_order_keeps_each_package(self):
        """The first SKU arrives in a third warehouse the rule prefers: its
        delivery is made again there and keeps its package, the other one
        too; Shopee is not asked again."""
        order_sn, sale, before = self.split_on_shopee()
        first, second = self.products
        package_of = {p: d.oms_package_ref for p, d in before.items()}
        third = self.env["stock.warehouse"].create(
            {"name": "Split Third", "code": "SPLT", "company_id": sale.company_id.id}
        )
        self.shop.warehouse_ids |= third
        self.env["stock.quant"]._update_available_quantity(
            first, third.lot_stock_id, 100
        )
        self.rule.warehouse_line_ids = [
            (0, 0, {"sequence": 0, "warehouse_id": third.id})
        ]
        calls = self.api_calls()
        sale.action_oms_reroute()
        run_jobs(self.env)
        after = {d.product_id: d for d in self.deliveries(sale)}
        self.assertEqual(after[first].picking_type_id.warehouse_id, third)
        self.assertEqual(after[second].picking_type_id.warehouse_id, self.wh_other)
        self.assertFalse(set(after.values()) & set(before.values()), "new deliveries")
        self.assertEqual({p: d.oms_package_ref for p, d in after.items()}, package_of)
        order_calls = [
            path
            for path in self.sandbox.calls[calls:]
            if path.startswith(("/api/v2/order/", "/api/v2/logistics/"))
        ]
        self.assertEqual(order_calls, [], "nothing to tell Shopee")
        self.assertEqual(len(self.sandbox.order(order_sn)["package_list"]), 2)
        self.deliveries(sale).action_oms_pack()
        self.assertEqual(
            set(self.deliveries(sale).mapped("oms_fulfilment_state")), {"packed"}
        )

    def test_reroute_to_one_warehouse_undoes_the_split(self):
        order_sn, sale, _before = self.split_on_shopee()
        first = self.products[0]
        self.move_stock(first, self.wh_main, self.wh_other)
        sale.action_oms_reroute()
        run_jobs(self.env)
        (delivery,) = self.deliveries(sale)
        self.assertEqual(delivery.picking_type_id.warehouse_id, self.wh_other)
        self.assertEqual(self.api_calls(shopee_const.PATH_UNSPLIT_ORDER), 1)
        raw = self.sandbox.order(order_sn)
        self.assertFalse(raw["split_up"])
        (package,) = raw["package_list"]
        self.assertEqual(delivery.oms_package_ref, package["package_number"])
        self.assertFalse(sale.oms_routing_flagged)
        delivery.action_oms_pack()
        self.assertEqual(delivery.oms_fulfilment_state, "packed")

    def test_throttled_split_changes_nothing_and_retries(self):
        order_sn, sale = self.import_two_line_order()
        deliveries = self.deliveries(sale)
        refs = deliveries.mapped("oms_package_ref")
        notes = len(sale.message_ids)
        self.sandbox.path_throttles[shopee_const.PATH_SPLIT_ORDER] = 5
        with self.assertRaises(RetryableJobError) as retry:
            self.shop._oms_routing_split_orders(sale.ids)
        self.assertIn("limits the call rate", str(retry.exception))
        self.assertNotIn("Traceback", str(retry.exception))
        self.assertEqual(deliveries.mapped("oms_package_ref"), refs)
        self.assertEqual(len(sale.message_ids), notes)
        self.assertFalse(sale.oms_routing_flagged)
        self.assertFalse(self.sandbox.order(order_sn)["split_up"])
        # Shopee answers again: the retry splits
        self.sandbox.path_throttles.clear()
        self.shop._oms_routing_split_orders(sale.ids)
        self.assertTrue(self.sandbox.order(order_sn)["split_up"])
        self.assertEqual(len(set(deliveries.mapped("oms_package_ref"))), 2)

    def test_split_answer_lost_in_a_timeout(self):
        """Shopee splits but its answer comes too late: the job retries
        without a change here; the retry finds the order split as asked and
        takes its packages, no second split."""
        order_sn, sale = self.import_two_line_order()
        deliveries = self.deliveries(sale)
        refs = deliveries.mapped("oms_package_ref")
        self.sandbox.path_answer_delays[shopee_const.PATH_SPLIT_ORDER] = 1.0
        # a shorter read timeout than Shopee's answer, and no retry by the
        # client: the job queue retries
        with (
            patch.object(ShopeeClient, "timeout", (2, 0.3)),
            patch.object(ShopeeClient, "max_retries", 0),
            self.assertRaises(RetryableJobError) as retry,
        ):
            self.shop._oms_routing_split_orders(sale.ids)
        self.assertIn("cannot be reached", str(retry.exception))
        self.assertEqual(deliveries.mapped("oms_package_ref"), refs)
        self.assertFalse(sale.oms_routing_flagged)
        self.sandbox.path_answer_delays.clear()
        self.assertTrue(self.sandbox.order(order_sn)["split_up"], "Shopee did it")
        self.shop._oms_routing_split_orders(sale.ids)
        self.assertEqual(self.api_calls(shopee_const.PATH_SPLIT_ORDER), 1)
        numbers = {
            p["package_number"] for p in self.sandbox.order(order_sn)["package_list"]
        }
        self.assertEqual(set(deliveries.mapped("oms_package_ref")), numbers)

    def test_client_retry_after_a_lost_answer_is_not_a_refusal(self):
        """The client retries the timed-out split; Shopee says "already
        split" to the retry: ours, so the packages are taken, no flag."""
        order_sn, sale = self.import_two_line_order()
        deliveries = self.deliveries(sale)
        self.sandbox.path_answer_delays[shopee_const.PATH_SPLIT_ORDER] = 1.0
        with (
            patch.object(ShopeeClient, "timeout", (2, 0.3)),
            patch.object(ShopeeClient, "max_retries", 1),
        ):
            self.shop._oms_routing_split_orders(sale.ids)
        self.sandbox.path_answer_delays.clear()
        self.assertEqual(self.api_calls(shopee_const.PATH_SPLIT_ORDER), 2)
        self.assertFalse(sale.oms_routing_flagged, sale.oms_routing_attention)
        numbers = {
            p["package_number"] for p in self.sandbox.order(order_sn)["package_list"]
        }
        self.assertEqual(len(numbers), 2)
        self.assertEqual(set(deliveries.mapped("oms_package_ref")), numbers)

    def test_shopee_refusal_flags_the_order(self):
        self.sandbox.shop.split_allowed = False
        _order_sn, sale = self.import_two_line_order()
        run_jobs(self.env)
        self.assertIn("permission to split", sale.oms_routing_attention)
        self.assertTrue(sale.oms_routing_flagged)
        kind = self.env.ref("oms_routing.mail_activity_oms_routing")
        self.assertIn(kind, sale.activity_ids.activity_type_id)
        self.assertEqual(len(self.deliveries(sale)), 2, "deliveries stay as routed")

    def test_shop_without_split_permission_cannot_have_a_split_rule(self):
        self.shop.shopee_split_order = False
        self.assertFalse(self.shop.support_order_split)
        with self.assertRaises(ValidationError) as refused:
            self.rule.copy({"name": "Another split"})
        self.assertIn("Split Shipments", str(refused.exception))

    def test_rule_without_shops_does_not_split_for_a_shop_that_cannot(self):
        self.shop.shopee_split_order = False
        self.rule.write({"channel_ids": [(5, 0, 0)]})
        _order_sn, sale = self.import_two_line_order()
        self.assertFalse(sale.oms_routing_split)
        self.assertEqual(sale.warehouse_id, self.wh_main)
        self.assertIn("Split Shipments is not available", sale.oms_routing_reason)
        self.assertTrue(sale.oms_routing_flagged)


@tagged("post_install", "-at_install")
class TestLazadaSplit(SplitMixin, LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["LZS-A", "LZS-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=500)
        cls.products = cls.make_products(cls.skus, quantity=100)
        cls.shop._oms_import_listings()
        cls.setup_split(cls.shop, *cls.products)

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def test_multi_package_one_per_delivery(self):
        order_ids = self.sandbox.generate_orders(4, self.skus, units=3, seed=5)
        self.shop._oms_sync_orders()
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(len(sales), len(order_ids))
        split = sales.filtered("oms_routing_split")
        self.assertTrue(split, "some orders hold both SKUs")
        for sale in sales:
            skus = set(sale.order_line.mapped("oms_sku")) - {False}
            self.assertEqual(sale.oms_routing_split, len(skus) == 2)
        run_jobs(self.env)
        deliveries = self.deliveries(split)
        deliveries.action_oms_pack()
        self.assertEqual(set(deliveries.mapped("oms_fulfilment_state")), {"packed"})
        for sale in split:
            own = self.deliveries(sale)
            self.assertEqual(len(own), 2)
            self.assertEqual(len(set(own.mapped("oms_package_ref"))), 2)
            self.assertEqual(len(set(own.mapped("carrier_tracking_ref"))), 2)
            items = self.sandbox.orders[int(sale.oms_external_id)]["items"]
            for delivery in own:
                expected = {
                    str(item["order_item_id"])
                    for item in items
                    if item["package_id"] == delivery.oms_package_ref
                }
                self.assertEqual(
                    expected,
                    set(delivery.move_ids.sale_line_id.mapped("oms_external_id")),
                )
        own = self.deliveries(split)
        own.action_oms_ready_to_ship()
        self.assertEqual(set(own.mapped("oms_fulfilment_state")), {"ready"})
