import json
import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.test_webhook import MALFORMED_BODIES
from odoo.addons.oms_lazada.lazada_api import signing

from .common import APP_KEY, APP_SECRET, LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaPush(LazadaSandboxMixin, HttpCase):
    """Lazada pushes to our webhook route over real HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["PUSH-A", "PUSH-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=8.0, quantity=100)
        cls.make_products(cls.skus, quantity=100)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()
        self.sandbox.configure_push(f"{self.base_url()}{self._webhook_path()}")

    def _webhook_path(self):
        return f"/oms/webhook/lazada/{self.shop.id}"

    def _events(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id)], order="id"
        )

    def test_duplicate_and_out_of_order_pushes_make_one_order(self):
        order_id, other_id = self.sandbox.generate_orders(2, self.skus, seed=42)
        self.sandbox.set_order_status(other_id, "canceled", reason="Buyer request")
        deliveries = self.sandbox.flush_pushes(duplicates=3, shuffle=True, seed=1)
        self.assertTrue(deliveries)
        self.assertEqual({d["status"] for d in deliveries}, {200})
        events = self._events()
        # every push was stored, the duplicates as ignored
        self.assertEqual(len(events), len(deliveries))
        self.assertTrue(events.filtered(lambda e: e.state == "ignored"))
        self.run_jobs()
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(
            sorted(sales.mapped("oms_external_id")),
            sorted([str(order_id), str(other_id)]),
        )
        cancelled = sales.filtered(lambda s: s.oms_external_id == str(other_id))
        self.assertEqual(cancelled.state, "cancel")
        live = sales - cancelled
        self.assertEqual(live.state, "sale")
        self.assertFalse(
            self._events().filtered(lambda e: e.state in ("new", "failed"))
        )
        # a pull arriving after the pushes changes nothing
        self.shop._oms_sync_orders()
        self.assertEqual(
            len(self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])),
            2,
        )

    def _message(self, seller_id=None, timestamp=None, **data):
        return json.dumps(
            {
                "seller_id": seller_id or self.sandbox.seller_id,
                "message_type": 0,
                "data": dict(
                    {"trade_order_id": "1", "order_status": "pending"}, **data
                ),
                "timestamp": timestamp or int(time.time() * 1000),
                "site": "lazada_sg",
            }
        ).encode()

    def _post_signed(self, body, content_type="application/json", path=None):
        return self.url_open(
            path or self._webhook_path(),
            data=body,
            headers={
                "Authorization": signing.sign_push(APP_KEY, APP_SECRET, body),
                "Content-Type": content_type,
            },
            timeout=20,
        )

    def test_malformed_push_is_stored_and_acknowledged(self):
        body = b"{not json"
        response = self.url_open(
            self._webhook_path(),
            data=body,
            headers={"Authorization": signing.sign_push(APP_KEY, APP_SECRET, body)},
            timeout=20,
        )
        self.assertEqual(response.status_code, 200)
        event = self._events()[-1]
        self.assertEqual(event.state, "failed")
        self.assertIn("Malformed", event.error)

    def test_product_push_updates_the_listing(self):
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "PUSH-A")
        self.assertEqual(binding.marketplace_price, 8.0)
        self.sandbox.change_price_in_seller_center("PUSH-A", 6.5)
        self.sandbox.flush_pushes()
        self.run_jobs()
        event = self._events().filtered(lambda e: e.kind == "product")
        self.assertEqual(event.state, "done")
        self.assertEqual(binding.marketplace_price, 6.5)

    def _push_order(self, order_id, status="pending"):
        self._push(
            0,
            {
                "trade_order_id": str(order_id),
                "order_status": status,
                "status_update_time": 1700000000,
            },
        )

    def _push(self, message_type, data):
        body = json.dumps(
            {
                "seller_id": self.sandbox.seller_id,
                "message_type": message_type,
                "data": data,
                "timestamp": int(time.time() * 1000),
                "site": "lazada_sg",
            }
        ).encode()
        response = self.url_open(
            self._webhook_path(),
            data=body,
            headers={
                "Authorization": signing.sign_push(APP_KEY, APP_SECRET, body),
                "Content-Type": "application/json",
            },
            timeout=20,
        )
        self.assertEqual(response.status_code, 200)

    def test_pushes_become_events_of_neutral_kinds(self):
        self._push(2, {"session_id": "S-1", "message_id": "M-1", "type": 1})
        self._push(
            10,
            {
                "reverse_order_id": "R-1",
                "reverse_order_line_id": "RL-1",
                "reverse_status": "REQUEST_INITIATE",
                "status_update_time": 1700000000,
            },
        )
        self._push(13, {"seller_status": "active"})  # seller status: no kind
        self.assertEqual(self._events().mapped("kind"), ["chat", "return", "other"])
        self.run_jobs()
        returned = self._events().filtered(lambda e: e.kind == "return")
        self.assertEqual(returned.external_ref, "R-1")
        self.assertEqual(returned.state, "done")

    def _processing_jobs(self):
        return self.env["queue.job"].search(
            [
                ("method_name", "=", "_oms_process_events"),
                ("state", "=", "pending"),
                ("records", "like", f"[{self.shop.id}]"),
            ]
        )

    def test_pushes_at_peak_share_one_job_and_one_items_call(self):
        order_ids = self.sandbox.generate_orders(6, self.skus, seed=11)
        self.sandbox.flush_pushes()
        self.assertEqual(len(self._processing_jobs()), 1, "one job for the burst")
        single = self.sandbox.call_count("/rest/order/items/get")
        multiple = self.sandbox.call_count("/rest/orders/items/get")
        self.run_jobs()
        self.assertEqual(self.sandbox.call_count("/rest/order/items/get"), single)
        self.assertEqual(
            self.sandbox.call_count("/rest/orders/items/get"), multiple + 1
        )
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(
            sorted(sales.mapped("oms_external_id")), sorted(map(str, order_ids))
        )
        events = self._events().filtered(
            lambda e: e.kind == "order" and not e.duplicate_of_id
        )
        self.assertEqual(set(events.mapped("state")), {"done"})
        self.assertIn("Batch of 6 orders: 6 created", events[0].result)

    def test_batch_with_a_bad_order_falls_back_event_by_event(self):
        order_ids = self.sandbox.generate_orders(2, self.skus, seed=12)
        self.sandbox.flush_pushes()
        self._push_order(987654321)  # unknown to Lazada
        self.run_jobs()
        events = self._events().filtered(
            lambda e: e.kind == "order" and not e.duplicate_of_id
        )
        failed = events.filtered(lambda e: e.state == "failed")
        self.assertEqual(failed.external_ref, "987654321")
        self.assertTrue(failed.error)
        self.assertEqual(set((events - failed).mapped("state")), {"done"})
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(
            sorted(sales.mapped("oms_external_id")), sorted(map(str, order_ids))
        )

    def test_malformed_signed_bodies_are_acknowledged_and_recorded(self):
        bodies = dict(
            MALFORMED_BODIES,
            data_list=b'{"seller_id": "1000123", "message_type": 0, "data": []}',
            type_infinite=b'{"seller_id": "1000123", "message_type": 1e400}',
            order_id_object=self._message(trade_order_id={"a": 1}),
            nul_in_order_id=self._message(trade_order_id="1\x002"),
            long_status=self._message(order_status="x" * 5000),
        )
        for name, body in bodies.items():
            with self.subTest(name):
                count = len(self._events())
                response = self._post_signed(body)
                # Lazada resends what is not answered 200: no use here
                self.assertEqual(response.status_code, 200)
                events = self._events()
                self.assertEqual(len(events), count + 1)
                event = events[-1]
                self.assertEqual((event.state, event.refusal), ("failed", "malformed"))
                self.assertIn("Malformed", event.error)
                self.assertNotIn("\x00", event.payload)
                self.assertEqual(event.body_size, len(body))

    def test_push_for_another_seller_is_refused(self):
        response = self._post_signed(self._message(seller_id="999999"))
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual((event.state, event.refusal), ("refused", "other_shop"))
        self.assertIn("999999", event.error)

    def test_push_for_another_shop_of_the_app_goes_to_that_shop(self):
        other = self.shop.copy(
            {
                "name": "Lazada SG second seller",
                "lazada_app_key": APP_KEY,
                "lazada_app_secret": APP_SECRET,
                "lazada_seller_id": "2000456",
            }
        )
        response = self._post_signed(self._message(seller_id="2000456"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._events())
        event = self.env["oms.event"].search([("channel_id", "=", other.id)])
        self.assertEqual((event.kind, event.state), ("order", "new"))
        # the same seller on an app with other credentials is not the same shop
        other.lazada_app_key = "another-app"
        self._post_signed(self._message(seller_id="2000456", trade_order_id="2"))
        self.assertEqual(self._events().refusal, "other_shop")

    def test_stale_or_future_push_is_refused(self):
        now = time.time()
        for name, sent in (("stale", now - 3 * 86400), ("future", now + 3600)):
            with self.subTest(name):
                body = self._message(timestamp=int(sent * 1000))
                response = self._post_signed(body)
                self.assertEqual(response.status_code, 200)
                event = self._events()[-1]
                self.assertEqual((event.state, event.refusal), ("refused", "stale"))
        # Lazada also stamps in seconds
        self._post_signed(self._message(timestamp=int(now)))
        self.assertEqual(self._events()[-1].state, "new")
        self.assertTrue(self._events()[-1].sent_at)

    def test_late_push_of_an_older_status_does_not_roll_the_order_back(self):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, seed=31)
        self.sandbox.set_order_status(order_id, "canceled", reason="Buyer request")
        self.sandbox.flush_pushes()
        self.run_jobs()
        sale = self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.shop.id),
                ("oms_external_id", "=", str(order_id)),
            ]
        )
        self.assertEqual(sale.state, "cancel")
        # the "pending" push, delivered hours late (a retry), inside the window
        late = self._message(
            trade_order_id=str(order_id),
            order_status="pending",
            status_update_time=int(time.time()) - 4 * 3600,
            timestamp=int((time.time() - 3 * 3600) * 1000),
        )
        self.assertEqual(self._post_signed(late).status_code, 200)
        self.assertEqual(self._events()[-1].state, "new")
        self.run_jobs()
        self.assertEqual(self._events()[-1].state, "done")
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")

    def test_push_sent_as_a_form_is_verified_on_its_raw_body(self):
        self.sandbox.generate_orders(1, self.skus, seed=32)
        ((body, _headers),) = self.sandbox.pending_pushes[:1]
        self.sandbox.pending_pushes.clear()
        response = self._post_signed(body, "application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual((event.kind, event.state), ("order", "new"))
        self.assertEqual(json.loads(event.payload), json.loads(body))
