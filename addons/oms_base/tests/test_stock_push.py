from odoo.tests import tagged

from .common import OmsCase


@tagged("post_install", "-at_install")
class TestStockRule(OmsCase):
    def test_quantity_rule(self):
        channel = self.channel
        self.assertEqual(channel._oms_publishable_quantity(40), 40)
        channel.stock_buffer = 2
        self.assertEqual(channel._oms_publishable_quantity(40), 38)
        channel.stock_percentage = 50
        self.assertEqual(channel._oms_publishable_quantity(40), 19)
        channel.stock_max_qty = 10
        self.assertEqual(channel._oms_publishable_quantity(40), 10)
        # never below zero, fractions rounded down
        self.assertEqual(channel._oms_publishable_quantity(1), 0)
        self.assertEqual(channel._oms_publishable_quantity(-5), 0)
        channel.write({"stock_buffer": 0, "stock_percentage": 100, "stock_max_qty": 0})
        self.assertEqual(channel._oms_publishable_quantity(3.7), 3)

    def test_two_channels_share_a_warehouse(self):
        shop_a = self.channel
        shop_a.write({"stock_buffer": 2, "stock_percentage": 50})
        shop_b = self.env["oms.channel"].create(
            {
                "name": "Shop B",
                "warehouse_ids": [(6, 0, self.warehouse.ids)],
                "stock_max_qty": 10,
            }
        )
        free = shop_a._oms_free_quantities(self.product_a)
        self.assertEqual(free[self.product_a.id], 50)
        # an order of shop A reserves 2 units: both shops publish less
        self.import_orders(self.make_order())
        free_a = shop_a._oms_free_quantities(self.product_a)[self.product_a.id]
        free_b = shop_b._oms_free_quantities(self.product_a)[self.product_a.id]
        self.assertEqual(free_a, 48)
        self.assertEqual(free_b, 48)
        self.assertEqual(shop_a._oms_publishable_quantity(free_a), 23)
        self.assertEqual(shop_b._oms_publishable_quantity(free_b), 10)

    def test_other_warehouse_stock_not_published(self):
        other = self.env["stock.warehouse"].create({"name": "Far WH", "code": "FAR"})
        self.env["stock.quant"]._update_available_quantity(
            self.product_a, other.lot_stock_id, 500
        )
        free = self.channel._oms_free_quantities(self.product_a)
        self.assertEqual(free[self.product_a.id], 50)
        self.channel.warehouse_ids |= other
        free = self.channel._oms_free_quantities(self.product_a)
        self.assertEqual(free[self.product_a.id], 550)


@tagged("post_install", "-at_install")
class TestStockDirty(OmsCase):
    def _push_jobs(self):
        return self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.channel"),
                ("method_name", "=", "_oms_push_stock"),
            ]
        )

    def test_stock_change_marks_bindings_and_queues_one_push_per_shop(self):
        shop_b = self.env["oms.channel"].create(
            {
                "name": "Shop B",
                "warehouse_ids": [(6, 0, self.warehouse.ids)],
                "state": "connected",
            }
        )
        binding_b = self.env["oms.product.binding"].create(
            {
                "channel_id": shop_b.id,
                "product_id": self.product_a.id,
                "seller_sku": "SKU-A",
                "external_id": "B-1001",
            }
        )
        (self.binding_a | self.binding_b | binding_b).stock_dirty = False
        self.env.flush_all()
        existing = self._push_jobs()
        for qty in (5, 3, 1):
            self.env["stock.quant"]._update_available_quantity(
                self.product_a, self.stock_location, qty
            )
        self.env.flush_all()
        # nothing is queued inside the user's transaction, only at commit
        self.assertEqual(self._push_jobs(), existing)
        self.env.cr.precommit.run()
        jobs = self._push_jobs() - existing
        self.assertEqual(len(jobs), 2, "one debounced push per shop")
        self.assertEqual({job.records for job in jobs}, {self.channel, shop_b})
        self.assertTrue(all(job.eta for job in jobs), "pushes are debounced")
        self.assertEqual(
            set(jobs.mapped("channel")),
            {self.channel.job_channel_name, shop_b.job_channel_name},
        )
        changes = self.env["oms.stock.change"].search([])
        self.assertEqual(
            {(c.channel_id, c.product_id) for c in changes},
            {(self.channel, self.product_a), (shop_b, self.product_a)},
            "product B did not move; A is pending for both shops",
        )
        # more changes in a later transaction join the waiting job
        self.env["stock.quant"]._update_available_quantity(
            self.product_a, self.stock_location, 2
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(len(self._push_jobs() - existing), 2)

    def test_disconnected_or_disabled_shop_queues_nothing(self):
        self.channel.stock_sync_enabled = False
        self.env.flush_all()
        existing = self._push_jobs()
        self.env["stock.quant"]._update_available_quantity(
            self.product_a, self.stock_location, 5
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(self._push_jobs(), existing)
        pending = self.env["oms.stock.change"].search(
            [("channel_id", "=", self.channel.id)]
        )
        self.assertEqual(pending.product_id, self.product_a, "kept for later")

    def test_push_job_on_disabled_shop_is_a_no_op(self):
        self.channel.stock_sync_enabled = False
        self.assertIn("off", self.channel._oms_push_stock())
