from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebhookRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["oms.channel"].create({"name": "Webhook shop"})

    def _post(self, path, body=b'{"a": 1}', headers=None):
        return self.url_open(path, data=body, headers=headers or {}, timeout=20)

    def test_bad_signature_is_refused_and_stored_as_failed(self):
        response = self._post(
            f"/oms/webhook/none/{self.channel.id}",
            headers={"Authorization": "forged", "Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 401)
        event = self.env["oms.event"].search([("channel_id", "=", self.channel.id)])
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "failed")
        self.assertIn("Invalid signature", event.error)
        self.assertEqual(event.payload, '{"a": 1}')

    def test_unknown_shop_or_platform_is_404(self):
        response = self._post("/oms/webhook/none/999999")
        self.assertEqual(response.status_code, 404)
        response = self._post(f"/oms/webhook/shopee/{self.channel.id}")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["oms.event"].search([("channel_id", "=", self.channel.id)])
        )

    def test_get_is_not_allowed(self):
        response = self.url_open(f"/oms/webhook/none/{self.channel.id}", timeout=20)
        self.assertEqual(response.status_code, 405)
