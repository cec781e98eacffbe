import requests

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.exceptions import OmsMarketplaceError
from odoo.addons.oms_shopee.tests.common import ShopeeSandboxMixin

SKU = "SP-RET"


@tagged("post_install", "-at_install")
class TestShopeeReturnFlow(ShopeeSandboxMixin, TransactionCase):
    """A Shopee return end to end over HTTP against the sandbox."""

    item_skus = [SKU]
    stock = 50.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()
        cls.company_email = cls.shop.company_id.email
        cls.shop.company_id.email = "seller@example.com"

    def control(self, path, **data):
        response = requests.post(
            f"{self.sandbox.base_url}{path}", json=data, timeout=10
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def shipped_order(self, status="TO_CONFIRM_RECEIVE"):
        self.shop._oms_import_listings()
        (order_sn,) = self.sandbox.generate_orders(
            1, [SKU], cod_ratio=0, multi_item_ratio=0, seed=3
        )
        self.shop._oms_sync_orders()
        self.control("/_sandbox/orders/status", order_sn=order_sn, status="SHIPPED")
        if status != "SHIPPED":
            self.control("/_sandbox/orders/status", order_sn=order_sn, status=status)
        self.shop.order_sync_cursor = False
        self.shop._oms_sync_orders()
        sale = self.sales().filtered(lambda so: so.oms_external_id == order_sn)
        self.assertEqual(sale.picking_ids.state, "done")
        return order_sn, sale

    def returned_order(self):
        order_sn, sale = self.shipped_order()
        self.control("/_sandbox/orders/status", order_sn=order_sn, status="TO_RETURN")
        self.sync_returns()
        ret = sale.oms_return_ids
        self.assertEqual(len(ret), 1)
        return ret

    def sync_returns(self):
        self.shop.returns_sync_cursor = False
        return self.shop._oms_sync_returns()

    def advance(self, ret, step):
        self.control("/_sandbox/returns/advance", return_sn=ret.external_id, step=step)
        self.sync_returns()

    def test_return_end_to_end(self):
        ret = self.returned_order()
        record = self.sandbox.shop.returns[ret.external_id]
        self.assertEqual(ret.state, "requested")
        self.assertEqual(ret.reason, record["reason"])
        self.assertEqual(ret.refund_amount, record["refund_amount"])
        self.assertTrue(ret.respond_by)
        self.assertEqual(ret.line_ids.product_id.default_code, SKU)
        units = ret.line_ids.quantity
        self.assertEqual(units, sum(i["amount"] for i in record["item"]))
        # Shopee accepts, the buyer ships
        self.advance(ret, "approve")
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.receipt_state, "expected")
        self.advance(ret, "ship")
        self.assertEqual(ret.state, "buyer_shipped")
        self.assertEqual(ret.tracking_number, f"SPXRTN{ret.external_id}")
        # received by the original order number at the desk
        free = self.products.with_context(
            location=self.warehouse.lot_stock_id.id
        ).free_qty
        self.env["oms.return.receive"].create(
            {"code": ret.order_external_id}
        ).action_receive()
        self.assertEqual(ret.state, "received")
        self.advance(ret, "arrive")
        self.assertEqual(ret.state, "received", "Shopee's arrival changes nothing")
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.products.invalidate_recordset(["free_qty"])
        self.assertEqual(
            self.products.with_context(
                location=self.warehouse.lot_stock_id.id
            ).free_qty,
            free + units,
        )
        self.env.cr.precommit.run()
        self.shop._oms_push_stock()
        self.assertEqual(self.sandbox.sellable_quantity(SKU), free + units)
        # the seller confirms the refund: Shopee closes the return
        ret.action_refund()
        self.assertEqual(record["status"], "CLOSED")
        self.assertEqual(ret.state, "refunded")
        self.sync_returns()
        self.assertEqual(ret.state, "refunded")
        self.assertEqual(ret.credit_note_id.amount_total, record["refund_amount"])
        self.assertEqual(
            self.env["account.move"].search_count([("oms_return_id", "=", ret.id)]), 1
        )

    def test_dispute_and_offer_with_shopee_refusals(self):
        ret = self.returned_order()
        record = self.sandbox.shop.returns[ret.external_id]
        offer = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "offer", "amount": 1.0}
        )
        offer.action_confirm()
        self.assertEqual(record["negotiation"]["latest_offer_amount"], 1.0)
        self.assertEqual(ret.state, "requested", "an offer waits for the buyer")
        dispute = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "dispute", "comment": "Used item"}
        )
        self.assertEqual(len(dispute.reason_ids), 3, "Shopee's dispute reasons")
        dispute.reason_id = dispute.reason_ids[:1]
        dispute.action_confirm()
        self.assertEqual(record["status"], "SELLER_DISPUTE")
        self.assertEqual(ret.state, "disputed")
        # Shopee refuses an offer during a dispute: its message, nothing changes
        again = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "offer", "amount": 1.0}
        )
        with (
            self.assertRaises(OmsMarketplaceError) as caught,
            self.env.cr.savepoint(),
        ):
            again.action_confirm()
        self.assertIn("ongoing dispute", str(caught.exception))
        self.assertEqual(ret.state, "disputed")
        # Shopee settles the dispute for the buyer
        self.advance(ret, "refund")
        self.assertEqual(ret.state, "refunded")
        self.assertTrue(ret.credit_note_id)

    def test_rate_limited_dispute_warns_and_changes_nothing(self):
        ret = self.returned_order()
        record = self.sandbox.shop.returns[ret.external_id]
        status = record["status"]
        messages = ret.message_ids
        dispute = self.env["oms.return.decision"].create(
            {"return_id": ret.id, "decision": "dispute", "comment": "Used item"}
        )
        dispute.reason_id = dispute.reason_ids[:1]
        # Shopee throttles the shop for a minute: no worker waits that out
        self.control("/_sandbox/faults", rate_limit=5, rate_limit_ban=60)
        try:
            with (
                self.assertRaises(OmsMarketplaceError) as caught,
                self.env.cr.savepoint(),
            ):
                dispute.action_confirm()
        finally:
            self.control("/_sandbox/faults", reset=True)
        self.assertIn("limits the call rate", str(caught.exception))
        self.assertEqual(ret.state, "requested")
        self.assertEqual(ret.message_ids, messages)
        self.assertEqual(record["status"], status, "nothing reached Shopee")
        dispute.action_confirm()
        self.assertEqual(ret.state, "disputed")

    def test_failed_delivery_from_shopee_logistics(self):
        order_sn, sale = self.shipped_order(status="SHIPPED")
        self.control("/_sandbox/orders/failed_delivery", order_sn=order_sn)
        self.shop.order_sync_cursor = False
        self.shop._oms_sync_orders()
        ret = sale.oms_return_ids
        self.assertEqual(ret.kind, "failed_delivery")
        self.assertEqual(
            ret.line_ids.quantity,
            sale.order_line.filtered("product_id.is_storable").product_uom_qty,
        )
        ret.action_receive()
        ret.line_ids.inspection = "damaged"
        ret.action_inspect()
        self.assertEqual(ret.scrap_ids.state, "done")
