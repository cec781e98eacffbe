from oms_api_common.errors import ApiError

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaOrderLifecycle(LazadaSandboxMixin, TransactionCase):
    """Shipping and item cancellations between Lazada and Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("LC-A", price=12.0, quantity=500)
        (cls.product,) = cls.make_products(["LC-A"], quantity=1000)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def _order_of_items(self, seed=3):
        """A pulled order of several LC-A items (one Lazada item per unit)."""
        (order_id,) = self.sandbox.generate_orders(
            1, ["LC-A"], multi_item_ratio=1, seed=seed
        )
        self.shop._oms_sync_orders()
        sale = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.shop.id), ("oms_external_id", "=", order_id)]
        )
        self.assertEqual(sale.state, "sale")
        items = self.sandbox.orders[order_id]["items"]
        self.assertGreaterEqual(len(items), 2)
        return order_id, sale, [str(item["order_item_id"]) for item in items]

    def _line(self, sale, item_id):
        return sale.order_line.filtered(lambda li: li.oms_external_id == item_id)

    def _item_statuses(self, order_id):
        return {
            str(item["order_item_id"]): item["status"]
            for item in self.sandbox.orders[order_id]["items"]
        }

    def assertDelivery(self, sale, cancelled_item, quantity):
        """The delivery no longer carries (nor reserves) the cancelled item."""
        moves = sale.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
        cancelled_moves = moves & self._line(sale, cancelled_item).move_ids
        self.assertFalse(sum(cancelled_moves.mapped("product_uom_qty")))
        self.assertEqual(sum(moves.mapped("product_uom_qty")), quantity)
        self.assertEqual(sum(moves.mapped("quantity")), quantity, "reserved")

    def _free_qty(self):
        product = self.product.with_context(location=self.warehouse.lot_stock_id.id)
        product.invalidate_recordset(["free_qty", "qty_available"])
        return product.free_qty

    def _cancel_wizard(self, sale):
        action = sale.action_cancel()
        self.assertEqual(action["res_model"], "oms.cancel.order")
        return self.env["oms.cancel.order"].with_context(**action["context"]).create({})

    def test_shipped_on_lazada_delivers_in_odoo(self):
        order_id, sale, items = self._order_of_items()
        on_hand = self.product.with_context(
            location=self.warehouse.lot_stock_id.id
        ).qty_available
        self.sandbox.set_order_status(order_id, "shipped")
        self.shop._oms_sync_orders()
        self.assertEqual(sale.oms_status, "shipped")
        self.assertEqual(sale.picking_ids.state, "done")
        self._free_qty()
        self.assertEqual(self.product.qty_available, on_hand - len(items))
        # and it can no longer be cancelled, from Odoo's Cancel either
        with self.assertRaisesRegex(UserError, "already Shipped on the marketplace"):
            sale.action_cancel()

    def test_item_cancelled_on_lazada_is_cancelled_here(self):
        order_id, sale, items = self._order_of_items()
        cancelled, *kept = items
        self.sandbox.set_order_status(
            order_id, "canceled", reason="Change of mind", item_ids=[cancelled]
        )
        self.assertEqual(self.sandbox.sellable_quantity("LC-A"), 500 - len(kept))
        self.shop._oms_sync_orders()
        self.assertEqual(sale.state, "sale", "the rest of the order goes on")
        self.assertEqual(self._line(sale, cancelled).product_uom_qty, 0)
        for item_id in kept:
            self.assertEqual(self._line(sale, item_id).product_uom_qty, 1)
        self.assertDelivery(sale, cancelled, len(kept))
        self.assertEqual(self._free_qty(), 1000 - len(kept))
        # Lazada put the unit back on sale: our count is published again
        pushes = self.api_calls("/product/stock/sellable/update")
        self.run_jobs()
        self.assertGreater(self.api_calls("/product/stock/sellable/update"), pushes)
        self.assertEqual(self.sandbox.sellable_quantity("LC-A"), 1000 - len(kept))
        # packing asks Lazada for the live items only
        picking = sale.picking_ids.filtered(lambda p: p.state == "assigned")
        picking.action_oms_pack()
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        statuses = self._item_statuses(order_id)
        self.assertEqual(statuses[cancelled], "canceled")
        self.assertEqual({statuses[item_id] for item_id in kept}, {"packed"})

    def test_partial_cancel_from_odoo_cancels_the_chosen_item(self):
        order_id, sale, items = self._order_of_items(seed=5)
        cancelled, *kept = items
        wizard = self._cancel_wizard(sale)
        self.assertTrue(wizard.partial_supported)
        wizard.line_ids = self._line(sale, cancelled)
        wizard.action_confirm()
        statuses = self._item_statuses(order_id)
        self.assertEqual(statuses[cancelled], "canceled")
        self.assertEqual({statuses[item_id] for item_id in kept}, {"pending"})
        self.assertEqual(sale.state, "sale")
        self.assertEqual(self._line(sale, cancelled).product_uom_qty, 0)
        self.assertDelivery(sale, cancelled, len(kept))
        # the next pull agrees
        self.shop._oms_sync_orders()
        self.assertEqual(self._line(sale, cancelled).product_uom_qty, 0)
        items_qty = sale.order_line.filtered("oms_external_id").mapped(
            "product_uom_qty"
        )
        self.assertEqual(sum(items_qty), len(kept))
        # cancelling the rest sends only the items still live
        self._cancel_wizard(sale).action_confirm()
        self.assertEqual(set(self._item_statuses(order_id).values()), {"canceled"})
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")

    def test_full_cancel_from_odoo_cancel_button(self):
        order_id, sale, _items = self._order_of_items(seed=7)
        self._cancel_wizard(sale).action_confirm()
        self.assertEqual(set(self._item_statuses(order_id).values()), {"canceled"})
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.picking_ids.state, "cancel")

    def test_lazada_refusal_is_a_message(self):
        order_id, sale, _items = self._order_of_items(seed=9)
        wizard = self._cancel_wizard(sale)
        # shipped on Lazada since the last pull: Lazada refuses
        self.sandbox.set_order_status(order_id, "shipped")
        with self.assertRaises(UserError) as refused:
            wizard.action_confirm()
        self.assertNotIsInstance(refused.exception, ApiError)
        # Lazada's own answer for items past cancellation (the reference's
        # E0123), with its code and request id
        self.assertRegex(
            refused.exception.args[0],
            r"^Lazada refused: E0123: invalid trade order lines [0-9,]+ \(code 123, "
            f"request {refused.exception.error.request_id}\\)$",
        )
        self.assertEqual(sale.state, "sale")

    def test_invalid_reason_is_lazadas_message(self):
        _order_id, sale, _items = self._order_of_items(seed=11)
        wizard = self._cancel_wizard(sale)
        reason = wizard.reason_id.code
        wizard.reason_id.code = "999999"
        with self.assertRaisesRegex(
            UserError, r"^Lazada refused: E0104: reason is empty or invalid \(code 104,"
        ):
            wizard.action_confirm()
        self.assertEqual(sale.state, "sale")
        # with a reason Lazada knows, the same wizard cancels
        wizard.reason_id.code = reason
        wizard.action_confirm()
        self.assertEqual(sale.state, "cancel")

    def test_lazada_out_of_reach_is_a_message(self):
        _order_id, sale, _items = self._order_of_items(seed=13)
        wizard = self._cancel_wizard(sale)
        self.sandbox.faults.outage(300)
        with self.assertRaisesRegex(
            UserError, "the marketplace cannot be reached .* Try again shortly"
        ) as unreachable:
            wizard.action_confirm()
        self.assertTrue(unreachable.exception.transient)
        self.assertEqual(sale.state, "sale")
        self.sandbox.faults.end_outage()
        wizard.action_confirm()
        self.assertEqual(sale.state, "cancel")
