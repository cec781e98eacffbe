import time
from unittest.mock import patch

import requests

from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.oms_base.exceptions import OmsMarketplaceError
from odoo.addons.oms_lazada.lazada_api.client import LazadaClient
from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin

SKU = "LZ-RET"


@tagged("post_install", "-at_install")
class TestLazadaReturnFlow(LazadaSandboxMixin, TransactionCase):
    """A Lazada reverse order end to end, over HTTP against the sandbox:
    the buyer asks, the seller approves from Odoo, the buyer ships, the
    parcel is received and restocked, Lazada refunds; a credit note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product(SKU, price=12.0, quantity=20)
        (cls.product,) = cls.make_products([SKU], quantity=20)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def control(self, path, **data):
        response = requests.post(
            f"{self.sandbox.base_url}{path}", json=data, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def delivered_order(self):
        (order_id,) = self.sandbox.generate_orders(
            1, [SKU], units=1, cod_ratio=0, voucher_ratio=0, seed=4
        )
        self.shop._oms_sync_orders()
        self.control(
            "/_sandbox/set_order_status", order_id=order_id, status="delivered"
        )
        self.shop.order_sync_cursor = False
        self.shop._oms_sync_orders()
        sale = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(order_id)),
            ]
        )
        self.assertEqual(sale.picking_ids.state, "done")
        return order_id, sale

    def sync_returns(self):
        self.shop.returns_sync_cursor = False
        return self.shop._oms_sync_returns()

    def test_return_end_to_end(self):
        order_id, sale = self.delivered_order()
        self.control(
            "/_sandbox/set_order_status",
            order_id=order_id,
            status="returned",
            reason="Damaged item",
        )
        (reverse_id,) = self.control("/_sandbox/reverse/of_order", order_id=order_id)[
            "reverse_order_ids"
        ]
        self.assertIn("1 return(s) stored", self.sync_returns())
        ret = sale.oms_return_ids
        self.assertEqual(ret.external_id, str(reverse_id))
        self.assertEqual(ret.state, "requested")
        self.assertEqual(ret.buyer_note, "Damaged item")
        self.assertTrue(ret.respond_by)
        reverse = self.sandbox.reverse_orders[reverse_id]
        cents = reverse["reverse_order_lines"][0]["refund_amount"]
        self.assertEqual(ret.refund_amount, cents / 100, "Lazada gives cents")
        self.assertEqual(ret.line_ids.product_id, self.product)
        # the seller approves from Odoo: Lazada records it, the parcel is due
        ret.action_approve()
        self.assertEqual(
            reverse["reverse_order_lines"][0]["reverse_status"], "RTM_INIT"
        )
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.receipt_state, "expected")
        # the buyer ships it back: Lazada says so with the tracking number
        self.control(
            "/_sandbox/reverse/advance", reverse_order_id=reverse_id, step="ship"
        )
        self.sync_returns()
        self.assertEqual(ret.state, "buyer_shipped")
        self.assertEqual(ret.tracking_number, f"LZRTN{reverse_id}")
        # scanned at the returns desk: received in Odoo and on Lazada
        stock_before = self.product.with_context(
            location=self.warehouse.lot_stock_id.id
        ).free_qty
        wizard = self.env["oms.return.receive"].create({"code": ret.tracking_number})
        wizard.action_receive()
        self.assertEqual(
            reverse["reverse_order_lines"][0]["reverse_status"], "RTM_RECEIVE_ITEM"
        )
        self.assertEqual(ret.state, "received")
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.product.invalidate_recordset(["free_qty"])
        self.assertEqual(
            self.product.with_context(location=self.warehouse.lot_stock_id.id).free_qty,
            stock_before + 1,
        )
        # marketplace stock published again
        self.env.cr.precommit.run()
        self.shop._oms_push_stock()
        self.assertEqual(self.sandbox.sellable_quantity(SKU), stock_before + 1)
        # the refund, decided from Odoo, books the credit note
        ret.action_refund()
        self.assertEqual(
            reverse["reverse_order_lines"][0]["reverse_status"], "REFUND_SUCCESS"
        )
        self.assertEqual(ret.state, "refunded")
        self.sync_returns()
        self.assertEqual(ret.state, "refunded")
        self.assertTrue(ret.refunded)
        self.assertEqual(ret.credit_note_id.amount_total, ret.refund_amount)
        self.assertEqual(ret.credit_note_id.state, "posted")

    def test_refund_only_request_of_two_lines_is_refunded_line_by_line(self):
        (order_id,) = self.sandbox.generate_orders(
            1, [SKU], units=2, cod_ratio=0, voucher_ratio=0, seed=4
        )
        self.shop._oms_sync_orders()
        self.sandbox.set_order_status(order_id, "delivered")
        self.sandbox.set_order_status(order_id, "returned")
        (reverse_id,) = self.control("/_sandbox/reverse/of_order", order_id=order_id)[
            "reverse_order_ids"
        ]
        reverse = self.sandbox.reverse_orders[reverse_id]
        self.assertEqual(len(reverse["reverse_order_lines"]), 2)
        # a refund without return (the sandbox opens returns only)
        reverse["request_type"] = "ONLY_REFUND"
        self.sync_returns()
        ret = self.env["oms.return"].search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", str(reverse_id))]
        )
        self.assertEqual(ret.kind, "refund_only")
        self.assertEqual(len(ret.line_ids), 2)
        ret.action_refund()
        self.assertEqual(
            {li["reverse_status"] for li in reverse["reverse_order_lines"]},
            {"REFUND_SUCCESS"},
        )
        self.assertEqual(ret.state, "refunded")

    def test_refusal_shows_lazada_message_and_changes_nothing(self):
        order_id, sale = self.delivered_order()
        self.sandbox.set_order_status(order_id, "returned")
        self.sync_returns()
        ret = sale.oms_return_ids
        wizard = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "reject"}
        )
        self.assertTrue(wizard.reason_ids, "Lazada's reasons offered")
        wizard.reason_id = wizard.reason_ids[:1]
        # no comment: Lazada refuses (E0109), Odoo keeps the return as it was
        with (
            self.assertRaises(OmsMarketplaceError) as caught,
            self.env.cr.savepoint(),
        ):
            wizard.action_confirm()
        self.assertIn("E0109", str(caught.exception))
        self.assertIn("Lazada refused", str(caught.exception))
        self.assertEqual(ret.state, "requested")
        wizard.comment = "Item was used"
        wizard.action_confirm()
        self.assertEqual(ret.state, "rejected")
        reverse = self.sandbox.reverse_orders[int(ret.external_id)]
        self.assertEqual(
            reverse["reverse_order_lines"][0]["reverse_status"], "REQUEST_REJECT"
        )

    def test_refused_refund_after_inspection_ends_rejected(self):
        order_id, sale = self.delivered_order()
        self.sandbox.set_order_status(order_id, "returned")
        self.sync_returns()
        ret = sale.oms_return_ids
        ret.action_approve()
        self.sandbox.advance_reverse(int(ret.external_id), "ship")
        self.sync_returns()
        ret.action_receive()
        ret.line_ids.inspection = "damaged"
        ret.action_inspect()
        wizard = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "reject"}
        )
        wizard.write(
            {
                "reason_id": wizard.reason_ids[:1].id,
                "comment": "Used and broken",
                "image_urls": "https://img.example/broken.jpg",
            }
        )
        wizard.action_confirm()
        reverse = self.sandbox.reverse_orders[int(ret.external_id)]
        status = reverse["reverse_order_lines"][0]["reverse_status"]
        self.assertEqual(status, "REFUND_REJECTED", "the reference's status")
        self.assertEqual(ret.state, "rejected")
        self.sync_returns()
        self.assertEqual(ret.state, "rejected")
        self.assertEqual(ret.line_ids.platform_status, "REFUND_REJECTED")

    def _assert_unchanged(self, ret, messages):
        self.assertEqual(ret.state, "requested")
        self.assertFalse(ret.picking_ids)
        self.assertEqual(ret.message_ids, messages, "nothing said sent")

    def test_rate_limited_approval_warns_and_changes_nothing(self):
        order_id, sale = self.delivered_order()
        self.sandbox.set_order_status(order_id, "returned")
        self.sync_returns()
        ret = sale.oms_return_ids
        messages = ret.message_ids
        # Lazada throttles the shop for a minute: no worker waits that out
        self.control("/_sandbox/faults", rate_limit=5, rate_limit_ban=60)
        try:
            with (
                self.assertRaises(OmsMarketplaceError) as caught,
                self.env.cr.savepoint(),
            ):
                ret.action_approve()
        finally:
            self.control("/_sandbox/faults", reset=True)
        self.assertIn("limits the call rate", str(caught.exception))
        self.assertIn("Try again shortly", str(caught.exception))
        self._assert_unchanged(ret, messages)
        reverse = self.sandbox.reverse_orders[int(ret.external_id)]
        self.assertEqual(
            reverse["reverse_order_lines"][0]["reverse_status"], "REQUEST_INITIATE"
        )
        # once Lazada answers again, the same button works
        ret.action_approve()
        self.assertEqual(ret.state, "approved")

    def test_timed_out_rejection_warns_and_changes_nothing(self):
        order_id, sale = self.delivered_order()
        self.sandbox.set_order_status(order_id, "returned")
        self.sync_returns()
        ret = sale.oms_return_ids
        messages = ret.message_ids
        wizard = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "reject"}
        )
        wizard.write({"reason_id": wizard.reason_ids[:1].id, "comment": "Used"})
        # Lazada answers later than the client waits (its read timeout
        # shortened to keep the test short; the call is real HTTP)
        self.control("/_sandbox/faults", latency=0.6)
        try:
            with (
                patch.object(LazadaClient, "timeout", (2, 0.2)),
                self.assertRaises(OmsMarketplaceError) as caught,
                self.env.cr.savepoint(),
            ):
                wizard.action_confirm()
        finally:
            self.control("/_sandbox/faults", reset=True)
        self.assertIn("cannot be reached", str(caught.exception))
        self.assertIn("Timeout", str(caught.exception))
        self.assertNotIn("access_token", str(caught.exception))
        self._assert_unchanged(ret, messages)
        # Lazada did reject it after the client gave up: the next sync
        # brings that, nothing is lost
        reverse = self.sandbox.reverse_orders[int(ret.external_id)]
        deadline = time.monotonic() + 10
        while (
            reverse["reverse_order_lines"][0]["reverse_status"] != "REQUEST_REJECT"
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        self.sync_returns()
        self.assertEqual(ret.state, "rejected")

    def test_duplicate_and_late_messages_are_harmless(self):
        order_id, sale = self.delivered_order()
        self.sandbox.set_order_status(order_id, "returned")
        self.sync_returns()
        ret = sale.oms_return_ids
        (reverse_id,) = [int(ret.external_id)]
        for step in ("approve", "ship", "arrive", "refund"):
            self.control(
                "/_sandbox/reverse/advance", reverse_order_id=reverse_id, step=step
            )
        self.sync_returns()
        self.assertEqual(ret.state, "refunded")
        # every stored version replayed, oldest last: nothing rolls back
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        for event in events.sorted("id", reverse=True):
            self.shop._oms_process_event(event)
        self.assertEqual(ret.state, "refunded")
        self.assertEqual(len(sale.oms_return_ids), 1)
        self.assertEqual(
            self.env["account.move"].search_count([("oms_return_id", "=", ret.id)]), 1
        )

    def test_failed_delivery_from_lazada_status(self):
        (order_id,) = self.sandbox.generate_orders(
            1, [SKU], units=2, cod_ratio=1, voucher_ratio=0, seed=6
        )
        self.shop._oms_sync_orders()
        self.control("/_sandbox/set_order_status", order_id=order_id, status="shipped")
        self.control(
            "/_sandbox/set_order_status", order_id=order_id, status="failed_delivery"
        )
        self.shop.order_sync_cursor = False
        self.shop._oms_sync_orders()
        sale = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(order_id)),
            ]
        )
        ret = sale.oms_return_ids
        self.assertEqual(ret.kind, "failed_delivery")
        self.assertEqual(sum(ret.line_ids.mapped("quantity")), 2)
        self.assertEqual(ret.receipt_state, "expected")
        ret.action_receive()
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.assertEqual(ret.state, "inspected")


@tagged("post_install", "-at_install")
class TestLazadaReturnPushes(LazadaSandboxMixin, HttpCase):
    """Lazada's reverse order pushes (type 10) reach our webhook over real
    HTTP, twice and shuffled: one return, in its latest state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product(SKU, price=12.0, quantity=20)
        cls.make_products([SKU], quantity=20)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()
        self.sandbox.configure_push(
            f"{self.base_url()}/oms/webhook/lazada/{self.shop.id}"
        )

    def test_shuffled_duplicate_pushes_make_one_return(self):
        (order_id,) = self.sandbox.generate_orders(1, [SKU], units=1, seed=8)
        self.sandbox.set_order_status(order_id, "delivered")
        self.sandbox.flush_pushes()
        self.run_jobs()
        self.sandbox.set_order_status(order_id, "returned")
        (reverse_id,) = self.sandbox.reverse_orders
        for step in ("approve", "ship"):
            self.sandbox.advance_reverse(reverse_id, step)
        deliveries = self.sandbox.flush_pushes(duplicates=2, shuffle=True, seed=3)
        self.assertEqual({d["status"] for d in deliveries}, {200})
        self.run_jobs()
        returns = self.env["oms.return"].search([("channel_id", "=", self.shop.id)])
        self.assertEqual(len(returns), 1)
        self.assertEqual(returns.external_id, str(reverse_id))
        self.assertEqual(returns.state, "buyer_shipped")
        self.assertEqual(returns.tracking_number, f"LZRTN{reverse_id}")
        self.assertEqual(returns.receipt_state, "expected")
        self.assertEqual(len(returns.picking_ids), 1)
