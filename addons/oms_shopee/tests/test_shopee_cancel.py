from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import ShopeeSandboxMixin


@tagged("post_install", "-at_install")
class TestShopeeCancelFromOdoo(ShopeeSandboxMixin, TransactionCase):
    skus = ["SC-A", "SC-B", "SC-C"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()

    def _pulled_order(self):
        (order_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, multi_item_ratio=1, seed=13
        )
        self.shop._oms_sync_orders()
        sale = self.sales().filtered(lambda s: s.oms_external_id == order_sn)
        self.assertEqual(sale.state, "sale")
        return order_sn, sale

    def _cancel_wizard(self, sale):
        action = sale.action_cancel()
        self.assertEqual(action["res_model"], "oms.cancel.order")
        self.assertEqual(sale.state, "sale", "Odoo's Cancel waits for Shopee")
        return self.env["oms.cancel.order"].with_context(**action["context"]).create({})

    def test_partial_cancel_is_refused(self):
        order_sn, sale = self._pulled_order()
        items = sale.order_line.filtered("oms_external_id")
        self.assertGreater(len(items), 1)
        wizard = self._cancel_wizard(sale)
        self.assertFalse(wizard.partial_supported)
        wizard.line_ids = items[:1]
        with self.assertRaisesRegex(UserError, "Shopee cancels whole orders only"):
            wizard.action_confirm()
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "READY_TO_SHIP")
        self.assertEqual(sale.state, "sale")
        self.assertTrue(all(items.mapped("product_uom_qty")), "nothing cancelled")

    def test_cancel_button_cancels_on_shopee(self):
        order_sn, sale = self._pulled_order()
        wizard = self._cancel_wizard(sale)
        # all items chosen is the whole order
        wizard.line_ids = sale.order_line.filtered("oms_external_id")
        wizard.action_confirm()
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "CANCELLED")
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")

    def test_shipped_order_cannot_be_cancelled(self):
        order_sn, sale = self._pulled_order()
        self.sandbox.set_order_status(order_sn, "SHIPPED")
        self.shop._oms_sync_orders()
        self.assertEqual(sale.picking_ids.state, "done", "delivered in Odoo too")
        with self.assertRaisesRegex(UserError, "already Shipped on the marketplace"):
            sale.action_cancel()
