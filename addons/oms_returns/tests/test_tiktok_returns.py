import requests

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.exceptions import OmsMarketplaceError
from odoo.addons.oms_tiktok.tests.common import TikTokSandboxMixin

SKU = "TT-RET"


@tagged("post_install", "-at_install")
class TestTikTokReturnFlow(TikTokSandboxMixin, TransactionCase):
    """TikTok returns and refunds end to end over HTTP against the sandbox:
    the buyer asks, the seller answers from Odoo, the parcel comes back and
    is received and inspected, TikTok refunds."""

    listed_skus = (SKU,)

    def control(self, path, **data):
        response = requests.post(
            f"{self.sandbox.base_url}{path}", json=data, timeout=10
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def delivered_order(self, units=2):
        ref = self.sandbox.place_order([(SKU, units)])
        self.pull()
        self.sandbox.ship_and_deliver(ref)
        self.shop.order_sync_cursor = False
        self.pull()
        sale = self.sales([ref])
        self.assertEqual(sale.picking_ids.state, "done")
        return ref, sale

    def sync_returns(self):
        self.shop.returns_sync_cursor = False
        return self.shop._oms_sync_returns()

    def step(self, ret, step):
        self.control("/_sandbox/returns/step", return_id=ret.external_id, step=step)
        self.sync_returns()

    def requested(self, return_type="RETURN_AND_REFUND"):
        ref, sale = self.delivered_order()
        self.control("/_sandbox/returns", order_id=ref, return_type=return_type)
        self.sync_returns()
        ret = sale.oms_return_ids
        self.assertEqual(len(ret), 1)
        return ret

    def free_qty(self):
        self.products.invalidate_recordset(["free_qty"])
        return self.products.with_context(
            location=self.warehouse.lot_stock_id.id
        ).free_qty

    def test_return_received_restocked_and_refunded(self):
        ret = self.requested()
        record = self.sandbox.shop.returns[ret.external_id]
        self.assertEqual(ret.state, "requested")
        self.assertEqual(ret.kind, "return")
        self.assertEqual(ret.reason, "Damaged product")
        self.assertTrue(ret.respond_by, "TikTok's deadline for the seller")
        self.assertEqual(ret.line_ids.mapped("sku"), [SKU, SKU])
        self.assertEqual(sum(ret.line_ids.mapped("quantity")), 2)
        # the seller approves from Odoo; the buyer ships, the parcel arrives
        ret.action_approve()
        self.assertEqual(record["return_status"], "AWAITING_BUYER_SHIP")
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.receipt_state, "expected")
        self.step(ret, "ship")
        self.assertEqual(ret.state, "buyer_shipped")
        self.assertEqual(ret.tracking_number, record["return_tracking_number"])
        self.step(ret, "arrive")
        self.assertEqual(ret.state, "received", "TikTok asks to answer the parcel")
        # the warehouse receives it by the order number: TikTok is told
        free = self.free_qty()
        self.env["oms.return.receive"].create(
            {"code": ret.order_external_id}
        ).action_receive()
        self.assertEqual(record["return_status"], "RETURN_OR_REFUND_REQUEST_SUCCESS")
        ret.line_ids[0].inspection = "restock"
        ret.line_ids[1].inspection = "damaged"
        ret.action_inspect()
        self.assertEqual(self.free_qty(), free + 1, "one unit back on the shelf")
        # the restocked unit is published again
        self.env.cr.precommit.run()
        self.shop._oms_push_stock()
        self.assertEqual(sum(self.sandbox.stock(SKU).values()), free + 1)
        # TikTok refunds: one credit note, however often it is read
        self.assertFalse(ret.refunded)
        self.step(ret, "refund")
        self.assertEqual(ret.state, "refunded")
        self.assertTrue(ret.refunded)
        self.sync_returns()
        self.assertEqual(
            self.env["account.move"].search_count(
                [("oms_return_id", "=", ret.id), ("move_type", "=", "out_refund")]
            ),
            1,
        )
        refund = self.sandbox.shop.return_dict(record)["refund_amount"]
        self.assertEqual(ret.credit_note_id.amount_total, float(refund["refund_total"]))

    def test_refund_request_approved_from_odoo(self):
        ret = self.requested(return_type="REFUND")
        self.assertEqual(ret.kind, "refund_only")
        ret.action_approve()
        record = self.sandbox.shop.returns[ret.external_id]
        self.assertEqual(record["return_status"], "RETURN_OR_REFUND_REQUEST_SUCCESS")
        self.sync_returns()
        self.assertFalse(ret.refunded, "approved, not paid yet")
        self.step(ret, "refund")
        self.assertTrue(ret.refunded)
        self.assertEqual(ret.credit_note_id.move_type, "out_refund")
        self.assertFalse(ret.picking_ids, "nothing comes back")

    def test_reject_with_a_reason_of_tiktok(self):
        ret = self.requested()
        wizard = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "reject", "comment": "Not damaged"}
        )
        self.assertIn(
            "seller_reject_apply_product_is_not_damaged",
            wizard.reason_ids.mapped("code"),
        )
        wizard.reason_id = wizard.reason_ids.filtered(
            lambda r: r.code == "seller_reject_apply_product_is_not_damaged"
        )
        wizard.action_confirm()
        record = self.sandbox.shop.returns[ret.external_id]
        self.assertEqual(record["return_status"], "REFUND_OR_RETURN_REQUEST_REJECT")
        self.assertEqual(ret.state, "rejected")

    def test_refusal_of_tiktok_is_a_warning_and_changes_nothing(self):
        ret = self.requested()
        self.control("/_sandbox/returns/step", return_id=ret.external_id, step="cancel")
        with (
            self.assertRaises(OmsMarketplaceError) as caught,
            self.env.cr.savepoint(),
        ):
            ret.action_approve()
        self.assertIn("reverse already cancelled", str(caught.exception))
        self.assertEqual(ret.state, "requested")
        self.sync_returns()
        self.assertEqual(ret.state, "closed")

    def test_failed_delivery_comes_back_to_the_warehouse(self):
        ref = self.sandbox.place_order([(SKU, 1)])
        self.pull()
        self.sandbox.ship_order(ref)
        self.control("/_sandbox/orders/fail_delivery", order_id=ref)
        self.shop.order_sync_cursor = False
        self.pull()
        sale = self.sales([ref])
        self.assertEqual(sale.state, "sale", "shipped, not cancelled in Odoo")
        self.assertFalse(sale.oms_needs_attention)
        delivery = sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertEqual(delivery.state, "done")
        ret = sale.oms_return_ids
        self.assertEqual(ret.kind, "failed_delivery")
        self.assertEqual(ret.line_ids.quantity, 1)
        free = self.free_qty()
        ret.action_receive()
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.assertEqual(self.free_qty(), free + 1)
        # pulled again (the webhook, the poll): still one
        self.shop.order_sync_cursor = False
        self.pull()
        self.assertEqual(len(sale.oms_return_ids), 1)
