from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common import WebstoreHttpCase, order_payload


class TestWebstoreCancelRequest(WebstoreHttpCase):
    def setUp(self):
        super().setUp()
        self.api("POST", "/orders", order_payload("R-1"))
        self.sale_order = self.sale("R-1")

    def _request(self, payload=None):
        response = self.api(
            "POST", "/orders/R-1/cancel-requests", payload or {"reason": "wrong size"}
        )
        self.assertEqual(response.status_code, 202, response.text)
        body = response.json()
        self.assertEqual(body["status"], "requested")
        return self.env["oms.webstore.cancel.request"].browse(body["request_id"])

    def test_approve_cancels_and_answers(self):
        request = self._request()
        self.assertTrue(self.sale_order.oms_needs_attention)
        again = self.api("POST", "/orders/R-1/cancel-requests", {"reason": "again"})
        self.assertError(again, 409, "request_pending")
        request.action_approve()
        self.assertEqual(self.sale_order.state, "cancel")
        self.assertFalse(self.sale_order.oms_needs_attention)
        answer = self.api("GET", f"/cancel-requests/{request.id}").json()
        self.assertEqual(answer["status"], "approved")

    def test_reject_keeps_the_order(self):
        request = self._request({"reason": "late", "lines": [{"sku": "WS-B"}]})
        self.assertEqual(request.line_refs, {"L2": None})
        request.answer = "Already packed"
        request.action_reject()
        self.assertEqual(self.sale_order.state, "sale")
        answer = self.api("GET", f"/cancel-requests/{request.id}").json()
        self.assertEqual(
            (answer["status"], answer["answer"]), ("rejected", "Already packed")
        )
        self.assertError(self.api("GET", "/cancel-requests/999999"), 404, "not_found")

    def test_approved_line_request_cancels_the_line(self):
        request = self._request({"reason": "late", "lines": [{"sku": "WS-B"}]})
        request.action_approve()
        self.assertEqual(self.sale_order.state, "sale")
        line = self.sale_order.order_line.filtered(
            lambda li: li.oms_external_id == "L2"
        )
        self.assertEqual(line.product_uom_qty, 0)

    def test_oms_user_approves(self):
        user = new_test_user(
            self.env,
            login="ws_approver",
            groups="base.group_user,oms_base.group_oms_user",
        )
        request = self._request()
        request.with_user(user).action_approve()
        self.assertEqual(self.sale_order.state, "cancel")
        self.assertEqual(request.decided_by_id, user)

    def test_approval_refused_once_shipped(self):
        request = self._request()
        picking = self.sale_order.picking_ids
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        with self.assertRaisesRegex(UserError, "has shipped"):
            request.action_approve()
        self.assertEqual(request.state, "requested")
