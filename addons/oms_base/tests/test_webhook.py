import hashlib
from datetime import timedelta

from oms_api_common import push

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged

# Bodies that broke the intake with a 500 (and, unsigned, left no record).
MALFORMED_BODIES = {
    "nul byte": b'{"a": "x\x00y"}',
    "invalid utf-8": b'{"a": "\xff\xfe"}',
    "escaped nul": b'{"a": "x\\u0000y"}',
    "lone surrogate": b'{"a": "\\ud800"}',
    "infinite number": b'{"a": 1e400}',
    "deep nesting": b"[" * 100000 + b"]" * 100000,
    "list": b'[{"a": 1}]',
    "not json": b"a=1&b=2",
}


@tagged("post_install", "-at_install")
def check_malformed_pushes_recorded(case, bodies, post, events):
    """Each of ``bodies`` (name: body), sent by ``post(body)`` as an
    authentic push, is acknowledged and kept as a failed, malformed event
    among ``events()``, storable whatever the body held."""
    for name, body in bodies.items():
        with case.subTest(name):
            count = len(events())
            response = post(body)
            # a marketplace resends what is not answered 200, and counts the
            # failure against the app: no use for a body that stays broken
            case.assertEqual(response.status_code, 200)
            recorded = events()
            case.assertEqual(len(recorded), count + 1)
            event = recorded[-1]
            case.assertEqual((event.state, event.refusal), ("failed", "malformed"))
            case.assertIn("Malformed", event.error)
            case.assertNotIn("\x00", event.payload)
            case.assertEqual(event.body_size, len(body))


class TestWebhookRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["oms.channel"].create({"name": "Webhook shop"})
        cls.params = cls.env["ir.config_parameter"].sudo()

    def _post(self, path=None, body=b'{"a": 1}', headers=None):
        return self.url_open(
            path or f"/oms/webhook/none/{self.channel.id}",
            data=body,
            headers=headers or {},
            timeout=20,
        )

    def _events(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.channel.id)], order="id"
        )

    def test_bad_signature_is_refused_and_stored_as_refused(self):
        response = self._post(
            headers={"Authorization": "forged", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 401)
        event = self._events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "refused")
        self.assertEqual(event.refusal, "signature")
        self.assertIn("Invalid signature", event.error)
        self.assertEqual(event.payload, '{"a": 1}')
        self.assertEqual(event.remote_addr, "127.0.0.1")
        # the signature is a secret of the sender's: not kept
        self.assertIn("Authorization: [hidden]", event.request_headers)
        self.assertNotIn("forged", event.request_headers)

    def test_refused_push_keeps_metadata_not_the_body(self):
        body = b'{"a": "' + b"x\x00\xff" * 4000 + b'"}'
        response = self._post(body=body, headers={"Authorization": "forged"})
        self.assertEqual(response.status_code, 401)
        event = self._events()
        self.assertEqual(event.body_size, len(body))
        self.assertEqual(event.body_sha256, hashlib.sha256(body).hexdigest())
        self.assertLessEqual(len(event.payload), push.EXCERPT_SIZE)
        self.assertTrue(event.payload.startswith('{"a": "x'))
        self.assertNotIn("\x00", event.payload)

    def test_oversized_push_is_refused_unread(self):
        body = b'{"a": "' + b"x" * (1024 * 1024) + b'"}'
        response = self._post(body=body, headers={"Authorization": "forged"})
        self.assertEqual(response.status_code, 413, "default limit: 1 MiB")
        self.params.set_param("oms_base.webhook_max_bytes", "1000")
        response = self._post(body=b"y" * 1001, headers={"Authorization": "forged"})
        self.assertEqual(response.status_code, 413)
        first, second = self._events()
        self.assertEqual(
            (first.state, first.refusal, first.body_size),
            ("refused", "too_large", len(body)),
        )
        self.assertEqual(second.body_size, 1001)
        # never read: nothing of the body is stored
        self.assertEqual(first.payload, "")
        self.assertFalse(first.body_sha256)
        self.assertIn("Content-Length: 1001", second.request_headers)
        # at the limit, it is read (and here refused for its signature)
        response = self._post(body=b"y" * 1000, headers={"Authorization": "forged"})
        self.assertEqual(response.status_code, 401)

    def test_push_without_length_is_refused_unread(self):
        response = self._post(body=(chunk for chunk in [b'{"a":', b" 1}"]))
        self.assertEqual(response.status_code, 411)
        event = self._events()
        self.assertEqual((event.state, event.refusal), ("refused", "no_length"))
        self.assertEqual(event.payload, "")

    def test_malformed_unsigned_bodies_are_refused_and_recorded(self):
        for name, body in MALFORMED_BODIES.items():
            with self.subTest(name):
                count = len(self._events())
                response = self._post(
                    body=body, headers={"Content-Type": "application/json"}
                )
                self.assertEqual(response.status_code, 401)
                events = self._events()
                self.assertEqual(len(events), count + 1)
                self.assertEqual(events[-1].state, "refused")
                self.assertEqual(events[-1].body_size, len(body))

    def test_refused_pushes_are_recorded_a_few_a_minute(self):
        self.params.set_param("oms_base.webhook_refused_per_minute", "3")
        for _attempt in range(7):
            response = self._post(headers={"Authorization": "forged"})
            self.assertEqual(response.status_code, 401)
        events = self._events()
        self.assertEqual(len(events), 3)
        self.assertEqual(events.mapped("unrecorded_count"), [0, 0, 4])
        # other shops have their own quota
        other = self.env["oms.channel"].create({"name": "Other shop"})
        self._post(f"/oms/webhook/none/{other.id}")
        self.assertEqual(
            self.env["oms.event"].search_count([("channel_id", "=", other.id)]), 1
        )

    def test_unknown_shop_or_platform_is_404(self):
        response = self._post("/oms/webhook/none/999999")
        self.assertEqual(response.status_code, 404)
        response = self._post(f"/oms/webhook/shopee/{self.channel.id}")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._events())

    def test_get_is_not_allowed(self):
        response = self.url_open(f"/oms/webhook/none/{self.channel.id}", timeout=20)
        self.assertEqual(response.status_code, 405)

    def test_webhook_url_of_several_shops(self):
        other = self.env["oms.channel"].create({"name": "Other shop"})
        shops = self.channel | other
        shops.invalidate_recordset(["webhook_url"])
        base_url = self.channel.get_base_url()
        self.assertEqual(
            shops.mapped("webhook_url"),
            [f"{base_url}/oms/webhook/none/{shop.id}" for shop in shops],
        )


class TestEventRetention(TransactionCase):
    """The daily cron deletes events past their state's retention only."""

    def test_old_events_are_deleted_by_state(self):
        channel = self.env["oms.channel"].create({"name": "Retention shop"})
        now = fields.Datetime.now()
        ages = {
            "refused": [1, 20],
            "done": [20, 100],
            "ignored": [100],
            "failed": [100, 200],
            "new": [400],
        }
        events = self.env["oms.event"]
        for state, days_list in ages.items():
            for days in days_list:
                event = self.env["oms.event"].create(
                    {
                        "channel_id": channel.id,
                        "kind": "webhook",
                        "payload": "{}",
                        "state": state,
                        "external_ref": f"{state}-{days}",
                    }
                )
                self.env.cr.execute(
                    "UPDATE oms_event SET create_date = %s WHERE id = %s",
                    [now - timedelta(days=days), event.id],
                )
                events |= event
        events.invalidate_recordset()
        self.env["oms.event"]._cron_clean_events()
        self.assertEqual(
            sorted(events.exists().mapped("external_ref")),
            ["done-20", "failed-100", "new-400", "refused-1"],
            "refused kept 14 days, done 90, failed 180, waiting forever",
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "oms_base.event_failed_retention_days", "30"
        )
        self.env["oms.event"]._cron_clean_events()
        self.assertEqual(
            sorted(events.exists().mapped("external_ref")),
            ["done-20", "new-400", "refused-1"],
        )
        cron = self.env.ref("oms_base.ir_cron_oms_clean_events")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
