"""Orders the marketplace sends without a ship-by deadline: no warning, no
error, left out of the on-time rate; on the Lazada and TikTok Shop
sandboxes, and in the neutral check."""

import unittest

from odoo.tests import TransactionCase, tagged

from .common import CockpitCase, optional_mixin, require_connector

LazadaSandboxMixin = optional_mixin("oms_lazada", "LazadaSandboxMixin")
TikTokSandboxMixin = optional_mixin("oms_tiktok", "TikTokSandboxMixin")


class NoDeadlineChecks:
    def assert_not_warned(self, undated, dated):
        """The check warns of ``dated`` only and ``undated`` has no flag."""
        self.assertFalse(undated.oms_ship_by)
        self.assertTrue(undated.picking_ids)
        self.shop.ship_warning_hours = 72
        warned = self.env["stock.picking"]._cron_oms_warn_ship_by()
        self.assertIn(dated.picking_ids, warned)
        self.assertNotIn(undated.picking_ids, warned)
        self.assertFalse(undated.picking_ids.activity_ids)
        self.assertFalse(undated.picking_ids.oms_ship_due_soon)
        self.assertFalse(undated.oms_ship_late)
        self.assertNotIn(
            undated.picking_ids,
            self.env["stock.picking"].search(
                ["|", ("oms_ship_due_soon", "=", True), ("oms_ship_late", "=", True)]
            ),
        )
        # shipped, it counts in the lead time but not in the on-time rate
        picking = undated.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT on_time_rate, ship_hours FROM oms_kpi_order WHERE order_id = %s",
            [undated.id],
        )
        on_time, hours = self.env.cr.fetchone()
        self.assertIsNone(on_time)
        self.assertIsNotNone(hours)


@tagged("post_install", "-at_install")
class TestNoDeadlineLazada(NoDeadlineChecks, LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_connector(cls, "oms_lazada", LazadaSandboxMixin)
        cls.setup_lazada()
        cls.sandbox.add_product("ND-LZ", price=12.0, quantity=50)
        cls.make_products(["ND-LZ"], quantity=50)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def test_order_without_promised_shipping_time(self):
        undated_id, dated_id = self.sandbox.generate_orders(
            2, ["ND-LZ"], multi_item_ratio=0, seed=5
        )
        with self.sandbox.lock:
            for item in self.sandbox.orders[undated_id]["items"]:
                item["promised_shipping_time"] = ""
        self.shop._oms_sync_orders()
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        by_ref = {sale.oms_external_id: sale for sale in sales}
        self.assertTrue(by_ref[str(dated_id)].oms_ship_by)
        self.assert_not_warned(by_ref[str(undated_id)], by_ref[str(dated_id)])


@tagged("post_install", "-at_install")
class TestNoDeadlineTikTok(NoDeadlineChecks, TikTokSandboxMixin, TransactionCase):
    listed_skus = ("ND-TT",)

    @classmethod
    def setUpClass(cls):
        if TikTokSandboxMixin is object:
            raise unittest.SkipTest("oms_tiktok is not installed")
        super().setUpClass()
        require_connector(cls, "oms_tiktok", TikTokSandboxMixin)

    def test_order_without_sla_times(self):
        undated_ref = self.sandbox.place_order([("ND-TT", 1)])
        dated_ref = self.sandbox.place_order([("ND-TT", 1)])
        # paid, awaiting shipment, but the platform gives no SLA time
        with self.sandbox.lock:
            self.sandbox.shop.orders[str(undated_ref)]["paid_time"] = None
        self.assertNotIn("rts_sla_time", self.sandbox.order(undated_ref))
        self.pull()
        undated, dated = self.sales([undated_ref]), self.sales([dated_ref])
        self.assertEqual(undated.state, "sale")
        self.assertTrue(dated.oms_ship_by)
        self.assert_not_warned(undated, dated)


@tagged("post_install", "-at_install")
class TestNoDeadlineCheck(CockpitCase):
    def test_check_with_undated_orders_only(self):
        self.import_orders(self.make_order("ND-1"), self.make_order("ND-2"))
        undated = self.find_sale("ND-1") | self.find_sale("ND-2")
        self.assertFalse(any(undated.mapped("oms_ship_by")))
        warned = self.env["stock.picking"]._cron_oms_warn_ship_by()
        self.assertFalse(warned & undated.picking_ids)
        self.assertFalse(undated.picking_ids.activity_ids)
        self.assertFalse(any(undated.picking_ids.mapped("oms_ship_warned_at")))
