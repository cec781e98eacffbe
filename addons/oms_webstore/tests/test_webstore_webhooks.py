import hashlib
import hmac
import json

from .. import const
from .common import WebstoreHttpCase, order_payload


class TestWebstoreWebhooks(WebstoreHttpCase):
    def setUp(self):
        super().setUp()
        self.start_store_inbox()

    def _outbound(self, webhook_type):
        return self.store_events("out", webhook_type=webhook_type)

    def _deliver(self, events):
        """Run the delivery job; return the delivery jobs it queued."""
        Job = self.env["queue.job"]
        domain = [("method_name", "=", "_webstore_deliver_webhooks")]
        before = Job.search(domain)
        self.channel._webstore_deliver_webhooks(events.ids)
        return Job.search(domain) - before

    def test_status_changes_are_signed_and_delivered(self):
        self.api("POST", "/orders", order_payload("H-1"))
        confirmed = self._outbound(const.WEBHOOK_ORDER_STATUS)
        self.assertEqual(len(confirmed), 1)
        self.assertEqual(confirmed.state, "new")
        self._deliver(confirmed)
        self.assertEqual(confirmed.state, "done")
        [(headers, body)] = self.inbox.received
        expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        self.assertEqual(headers[const.SIGNATURE_HEADER], f"sha256={expected}")
        self.assertEqual(headers[const.EVENT_HEADER], const.WEBHOOK_ORDER_STATUS)
        message = json.loads(body)
        self.assertEqual(message["data"]["order_no"], "H-1")
        self.assertEqual(message["data"]["status"], "to_ship")

        # the parcel leaves the warehouse: parcel and order webhooks
        picking = self.sale("H-1").picking_ids
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        parcel = self._outbound(const.WEBHOOK_PARCEL_STATUS)
        self.assertEqual(json.loads(parcel.payload)["data"]["status"], "shipped")
        shipped = self._outbound(const.WEBHOOK_ORDER_STATUS) - confirmed
        self.assertEqual(json.loads(shipped.payload)["data"]["status"], "shipped")

    def test_refused_delivery_is_retried_with_backoff_and_replayable(self):
        self.inbox.status = 500
        self.api("POST", "/orders", order_payload("H-2"))
        event = self._outbound(const.WEBHOOK_ORDER_STATUS)
        retry = self._deliver(event)
        self.assertEqual(event.state, "failed")
        self.assertIn("500", event.error)
        self.assertEqual(event.attempts, 1)
        self.assertEqual(len(retry), 1)
        self.assertEqual(retry.args, [event.ids])
        self.assertEqual(retry.kwargs, {"attempt": 2})
        self.assertTrue(retry.eta)

        # after the last try it stays failed, with no further job
        event.attempts = const.WEBHOOK_MAX_ATTEMPTS - 1
        self.assertFalse(self._deliver(event))
        self.assertEqual(event.state, "failed")

        # a manager replays it once the store is back
        self.inbox.status = 200
        event.with_user(self.env.ref("base.user_admin")).action_replay()
        self.channel._oms_process_events(event.ids)
        self.assertEqual(event.state, "done")
        self.assertEqual(
            self.inbox.received[-1][0][const.DELIVERY_HEADER], str(event.id)
        )

    def test_cancel_request_answer_goes_back(self):
        self.api("POST", "/orders", order_payload("H-3"))
        response = self.api("POST", "/orders/H-3/cancel-requests", {"reason": "dup"})
        request = self.env["oms.webstore.cancel.request"].browse(
            response.json()["request_id"]
        )
        request.action_reject()
        [answer] = self._outbound(const.WEBHOOK_CANCEL_REQUEST)
        data = json.loads(answer.payload)["data"]
        self.assertEqual((data["order_no"], data["status"]), ("H-3", "rejected"))

    def test_cancel_is_told_once(self):
        self.api("POST", "/orders", order_payload("H-5"))
        self.api("POST", "/orders/H-5/cancel", {"reason": "fraud"})
        sent = self._outbound(const.WEBHOOK_ORDER_STATUS).sorted("id")
        statuses = [json.loads(e.payload)["data"]["status"] for e in sent]
        self.assertEqual(statuses, ["to_ship", "cancelled"])

    def test_no_webhook_without_url(self):
        self.channel.webstore_webhook_url = False
        self.api("POST", "/orders", order_payload("H-4"))
        self.assertFalse(self._outbound(const.WEBHOOK_ORDER_STATUS))
