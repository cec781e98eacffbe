import json

from lxml import etree

from odoo.tools.safe_eval import safe_eval

from odoo.addons.oms_base.tests.jobs import run_jobs

from .. import const
from .common import WebstoreHttpCase, order_payload

ASYNC = {"Prefer": "respond-async"}


class TestWebstoreApiOrdersAsync(WebstoreHttpCase):
    """Create order with ``Prefer: respond-async``: 202 at once, a job
    makes the order, the store hears it by webhook."""

    def setUp(self):
        super().setUp()
        self.start_store_inbox()

    def accepted_events(self, order_no):
        return self.store_events("in", external_ref=order_no)

    def received(self, webhook_type):
        return [
            json.loads(body)["data"]
            for headers, body in self.inbox.received
            if headers[const.EVENT_HEADER] == webhook_type
        ]

    def test_accepted_at_once_then_made_by_a_job(self):
        response = self.api("POST", "/orders", order_payload("A-1"), headers=ASYNC)
        self.assertEqual(response.status_code, 202, response.text)
        self.assertEqual(response.headers["Preference-Applied"], "respond-async")
        self.assertEqual(response.headers["Location"], "/oms/api/v1/orders/A-1")
        body = response.json()
        self.assertEqual((body["order_no"], body["status"]), ("A-1", "pending"))
        self.assertFalse(self.sale("A-1"))
        event = self.accepted_events("A-1")
        self.assertEqual((event.state, event.webstore_accepted), ("new", True))
        # a person finds it among the Events and sees it was accepted for later
        Event = self.env["oms.event"]
        arch = Event.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="webstore_accepted"', arch)
        search = Event.get_views([(False, "search")])["views"]["search"]["arch"]
        (accepted,) = etree.fromstring(search).xpath("//filter[@name='accepted']")
        found = Event.search(safe_eval(accepted.get("domain")))
        self.assertEqual(found.filtered(lambda e: e.channel_id == self.channel), event)
        job = self.env["queue.job"].search(
            [("method_name", "=", "_oms_process_events"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1)

        pending = self.api("GET", "/orders/A-1")
        self.assertEqual(pending.status_code, 202, pending.text)
        self.assertEqual(pending.json()["status"], "pending")

        run_jobs(self.env)
        sale = self.sale("A-1")
        self.assertEqual(sale.state, "sale")
        self.assertEqual(
            sale.picking_ids.move_ids.mapped("product_uom_qty"), [2.0, 1.0]
        )
        self.assertEqual(event.state, "done")
        made = self.api("GET", "/orders/A-1")
        self.assertEqual(made.status_code, 200, made.text)
        self.assertEqual(made.json()["reference"], sale.name)
        [created] = self.received(const.WEBHOOK_ORDER_CREATED)
        self.assertEqual(created["order_no"], "A-1")
        self.assertEqual(created["reference"], sale.name)
        self.assertEqual(created["status"], "to_ship")

    def test_processing_job_leaves_webhooks_to_their_delivery_jobs(self):
        self.api("POST", "/orders", order_payload("A-7"))  # a webhook waits
        waiting = self.store_events("out", state="new")
        self.assertTrue(waiting)
        self.api("POST", "/orders", order_payload("A-8"), headers=ASYNC)
        self.channel._oms_as_bot()._oms_process_events()
        self.assertEqual(self.accepted_events("A-8").state, "done")
        self.assertEqual(set(waiting.mapped("state")), {"new"})
        self.assertFalse(self.inbox.received)

    def test_retry_while_pending_and_after(self):
        first = self.api("POST", "/orders", order_payload("A-2"), headers=ASYNC)
        again = self.api("POST", "/orders", order_payload("A-2"), headers=ASYNC)
        self.assertEqual(again.status_code, 202, again.text)
        self.assertEqual(again.json()["accepted_at"], first.json()["accepted_at"])
        self.assertEqual(len(self.accepted_events("A-2")), 1)
        run_jobs(self.env)
        done = self.api("POST", "/orders", order_payload("A-2"), headers=ASYNC)
        self.assertEqual(done.status_code, 200, done.text)
        self.assertEqual(done.json()["reference"], self.sale("A-2").name)
        self.assertEqual(len(self.sale("A-2")), 1)

    def test_other_content_while_pending_conflicts(self):
        self.api("POST", "/orders", order_payload("A-3"), headers=ASYNC)
        other = order_payload("A-3", shipping_fee=9.0)
        response = self.api("POST", "/orders", other, headers=ASYNC)
        self.assertError(response, 409, "duplicate_order_no", "order_no")
        response = self.api("POST", "/orders", other)
        self.assertError(response, 409, "duplicate_order_no", "order_no")
        self.assertEqual(len(self.accepted_events("A-3")), 1)

    def test_plain_create_does_the_pending_job_work(self):
        self.api("POST", "/orders", order_payload("A-4"), headers=ASYNC)
        response = self.api("POST", "/orders", order_payload("A-4"))
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["status"], "to_ship")
        event = self.accepted_events("A-4")
        self.assertEqual(event.state, "done")
        run_jobs(self.env)  # the queued job finds nothing left to do
        self.assertEqual(len(self.sale("A-4")), 1)
        self.assertEqual(len(self.received(const.WEBHOOK_ORDER_CREATED)), 1)

    def test_failed_order_is_told_and_a_resend_retries_it(self):
        self.api("POST", "/orders", order_payload("A-5"), headers=ASYNC)
        event = self.accepted_events("A-5")
        payload = event.payload
        # a stored message the importer cannot read
        event.payload = "{not json"
        run_jobs(self.env)
        self.assertEqual(event.state, "failed")
        self.assertFalse(self.sale("A-5"))
        [failed] = self.received(const.WEBHOOK_ORDER_FAILED)
        self.assertEqual(failed["order_no"], "A-5")
        self.assertIn("not valid JSON", failed["error"])
        self.assertNotIn("Traceback", failed["error"])
        status = self.api("GET", "/orders/A-5")
        self.assertEqual(status.status_code, 202, status.text)
        self.assertEqual(status.json()["status"], "failed")
        self.assertIn("not valid JSON", status.json()["error"])

        event.payload = payload
        resent = self.api("POST", "/orders", order_payload("A-5"), headers=ASYNC)
        self.assertEqual(resent.status_code, 202, resent.text)
        self.assertEqual(resent.json()["status"], "pending")
        self.assertEqual(event.state, "new")
        run_jobs(self.env)
        self.assertEqual(event.state, "done")
        self.assertEqual(self.sale("A-5").state, "sale")

    def test_prefer_header_forms(self):
        for number, prefer in enumerate(
            ["respond-async, wait=5", "RESPOND-ASYNC", "handling=lenient"]
        ):
            response = self.api(
                "POST",
                "/orders",
                order_payload(f"A-6{number}"),
                headers={"Prefer": prefer},
            )
            expected = 201 if prefer == "handling=lenient" else 202
            self.assertEqual(response.status_code, expected, (prefer, response.text))

    def test_openapi_documents_async_create(self):
        document = self.api("GET", "/openapi.json", key="").json()
        create = document["paths"]["/orders"]["post"]
        self.assertIn("202", create["responses"])
        self.assertIn("prefer", [p["name"].lower() for p in create["parameters"]])
        self.assertIn("OrderAcceptedOut", document["components"]["schemas"])
