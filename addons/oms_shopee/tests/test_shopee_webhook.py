import json
import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.test_webhook import (
    MALFORMED_BODIES,
    check_malformed_pushes_recorded,
)
from odoo.addons.oms_shopee.shopee_api import signing

from .common import PARTNER_ID, PARTNER_KEY, SHOP_ID, ShopeeSandboxMixin


@tagged("post_install", "-at_install")
class TestShopeePush(ShopeeSandboxMixin, HttpCase):
    """Shopee pushes to our webhook route over real HTTP."""

    skus = ["PUSH-A", "PUSH-B"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()
        self.sandbox.configure_push(f"{self.base_url()}{self._webhook_path()}")
        # The route reads the shop (its Shopee shop id, set by the
        # authorization of reset_sandbox) from the database.
        self.env.flush_all()

    def _webhook_path(self):
        return f"/oms/webhook/shopee/{self.shop.id}"

    def _events(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id)], order="id"
        )

    def _post(self, body, key=PARTNER_KEY, content_type="application/json"):
        url = f"{self.base_url()}{self._webhook_path()}"
        return self.url_open(
            self._webhook_path(),
            data=body,
            headers={
                "Authorization": signing.sign_push(key, url, body),
                "Content-Type": content_type,
            },
            timeout=20,
        )

    def _message(self, shop_id=SHOP_ID, timestamp=None, **data):
        return json.dumps(
            {
                "msg_id": "m1",
                "shop_id": shop_id,
                "code": 3,
                "timestamp": timestamp or int(time.time()),
                "data": dict({"ordersn": "X1", "status": "READY_TO_SHIP"}, **data),
            }
        ).encode()

    def test_duplicate_and_out_of_order_pushes_make_one_order_each(self):
        order_sn, other_sn = self.sandbox.generate_orders(
            2, self.skus, cod_ratio=0, seed=42
        )
        self.sandbox.set_order_status(other_sn, "CANCELLED", reason="Buyer request")
        deliveries = self.sandbox.flush_pushes(duplicates=3, shuffle=True, seed=1)
        self.assertTrue(deliveries)
        self.assertEqual({d["status"] for d in deliveries}, {200})
        events = self._events()
        self.assertEqual(len(events), len(deliveries), "every push was stored")
        self.assertTrue(events.filtered(lambda e: e.state == "ignored"))
        self.run_jobs()
        sales = self.sales()
        self.assertEqual(
            sorted(sales.mapped("oms_external_id")), sorted([order_sn, other_sn])
        )
        cancelled = sales.filtered(lambda s: s.oms_external_id == other_sn)
        self.assertEqual(cancelled.state, "cancel")
        self.assertEqual((sales - cancelled).state, "sale")
        self.assertFalse(
            self._events().filtered(lambda e: e.state in ("new", "failed"))
        )
        # a pull arriving after the pushes changes nothing
        self.shop._oms_sync_orders()
        self.assertEqual(len(self.sales()), 2)

    def test_malformed_push_is_stored_and_acknowledged(self):
        response = self._post(b'{"no": "code"}')
        self.assertEqual(response.status_code, 200)
        event = self._events()[-1]
        self.assertEqual(event.state, "failed")
        self.assertIn("Malformed", event.error)

    def test_tracking_number_push_marks_the_picking_ready(self):
        (order_sn,) = self.sandbox.generate_orders(1, self.skus, cod_ratio=0, seed=8)
        self.shop._oms_sync_orders()
        picking = self.sales().picking_ids
        picking.action_oms_pack()
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        time.sleep(0.3)  # the 3PL assigns the tracking number
        self.sandbox.flush_pushes()
        self.run_jobs()
        tracking = [
            e
            for e in self._events()
            if e.kind == "package" and "tracking" in e.dedup_key
        ]
        self.assertTrue(tracking)
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertTrue(picking.carrier_tracking_ref.startswith("SPXMY"))
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "PROCESSED")

    def test_deauthorization_push_parks_the_shop(self):
        self.sandbox.deauthorize()
        self.sandbox.flush_pushes()
        self.run_jobs()
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertIn("revoked the authorization on Shopee", self.shop.state_reason)
        event = self._events().filtered(lambda e: e.kind == "auth_revoked")
        self.assertEqual(event.state, "done")

    def test_authorization_expiry_push_schedules_an_activity(self):
        self.sandbox.notify_authorization_expiry(days=5)
        self.sandbox.flush_pushes()
        self.run_jobs()
        event = self._events().filtered(lambda e: e.kind == "auth_expiring")
        self.assertEqual(event.state, "done")
        self.assertIn("ends soon", " ".join(self.shop.activity_ids.mapped("summary")))
        self.assertEqual(self.shop.state, "connected")

    def test_pushes_at_peak_share_one_detail_call(self):
        order_sns = self.sandbox.generate_orders(7, self.skus, cod_ratio=0, seed=43)
        self.sandbox.flush_pushes()
        detail = self.api_calls("/api/v2/order/get_order_detail")
        self.run_jobs()
        self.assertEqual(
            self.api_calls("/api/v2/order/get_order_detail"),
            detail + 1,
            "the 7 orders pushed together are fetched in one call",
        )
        self.assertEqual(
            sorted(self.sales().mapped("oms_external_id")), sorted(order_sns)
        )
        events = self._events().filtered(
            lambda e: e.kind == "order" and not e.duplicate_of_id
        )
        self.assertEqual(set(events.mapped("state")), {"done"})
        self.assertIn("Batch of 7 orders: 7 created", events[0].result)

    def test_malformed_signed_bodies_are_acknowledged_and_recorded(self):
        bodies = dict(
            MALFORMED_BODIES,
            data_list=b'{"shop_id": 2000777, "code": 3, "data": [1]}',
            code_infinite=b'{"shop_id": 2000777, "code": 1e400, "data": {}}',
            ordersn_list=self._message(ordersn=["X1"]),
            escaped_nul=self._message(ordersn="X\x001"),
            lone_surrogate=self._message(status="\ud800"),
        )
        check_malformed_pushes_recorded(self, bodies, self._post, self._events)

    def test_push_for_a_shop_not_of_the_app_is_refused(self):
        response = self._post(self._message(shop_id=999))
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual((event.state, event.refusal), ("refused", "other_shop"))

    def test_push_for_another_shop_of_the_app_goes_to_that_shop(self):
        other = self.shop.copy(
            {
                "name": "Shopee MY second shop",
                "shopee_partner_id": str(PARTNER_ID),
                "shopee_partner_key": PARTNER_KEY,
                "external_shop_id": "2000999",
            }
        )
        response = self._post(self._message(shop_id=2000999))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._events())
        event = self.env["oms.event"].search([("channel_id", "=", other.id)])
        self.assertEqual((event.kind, event.state), ("order", "new"))

    def test_stale_or_future_push_is_refused(self):
        now = int(time.time())
        for name, sent in (("stale", now - 3 * 86400), ("future", now + 3600)):
            with self.subTest(name):
                response = self._post(self._message(timestamp=sent))
                self.assertEqual(response.status_code, 200)
                event = self._events()[-1]
                self.assertEqual((event.state, event.refusal), ("refused", "stale"))

    def test_push_sent_as_a_form_is_verified_on_its_raw_body(self):
        body = self._message(ordersn="FORM1")
        response = self._post(body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 200)
        event = self._events()
        self.assertEqual((event.external_ref, event.state), ("FORM1", "new"))
