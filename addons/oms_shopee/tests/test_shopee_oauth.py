"""Shopee's authorization callback over HTTP: the code comes with the
``shop_id`` the seller authorized, and our state inside the redirect URL."""

from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SHOP_ID, make_shopee_shop

CALLBACK = "/oms/oauth/shopee/callback"


@tagged("post_install", "-at_install")
class TestShopeeOauth(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox, cls.shop = make_shopee_shop(cls)
        new_test_user(
            cls.env, login="shopee_oauth", groups="oms_base.group_oms_manager"
        )

    def setUp(self):
        super().setUp()
        self.authenticate("shopee_oauth", "shopee_oauth")

    def authorize(self):
        action = self.make_jsonrpc_request(
            "/web/dataset/call_button",
            {
                "model": "oms.channel",
                "method": "action_authorize",
                "args": [[self.shop.id]],
                "kwargs": {},
            },
        )
        consent = requests.get(action["url"], allow_redirects=False, timeout=10)
        self.assertEqual(consent.status_code, 302, consent.text)
        location = urlsplit(consent.headers["Location"])
        self.assertEqual(location.path, CALLBACK)
        return {key: values[0] for key, values in parse_qs(location.query).items()}

    def callback(self, query):
        response = self.url_open(
            f"{CALLBACK}?{urlencode(query)}", allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 500, response.text)
        return response

    def test_authorization_connects_the_shop(self):
        query = self.authorize()
        self.assertEqual(query["shop_id"], str(SHOP_ID))
        self.assertEqual(self.callback(query).status_code, 303)
        self.assertEqual(self.shop.state, "connected")
        self.assertEqual(self.shop.external_shop_id, str(SHOP_ID))
        self.assertTrue(self.shop.sudo().access_token)

    def test_malformed_shop_id(self):
        query = dict(self.authorize(), shop_id="not-a-shop")
        response = self.callback(query)
        self.assertEqual(response.status_code, 400)
        self.assertIn("malformed authorization values", response.text)
        self.assertIn(
            f'href="/odoo/action-oms_base.action_oms_channel/{self.shop.id}"',
            response.text,
        )
        self.assertFalse(self.shop.sudo().access_token)
        self.assertEqual(self.shop.state, "draft")

    def test_another_shop_of_the_seller_is_refused(self):
        self.assertEqual(self.callback(self.authorize()).status_code, 303)
        token = self.shop.sudo().access_token
        # the seller logs in with another of their shops to consent
        self.addCleanup(self.sandbox.reset)
        self.addCleanup(setattr, self.sandbox, "shop_id", SHOP_ID)
        self.sandbox.shop_id = SHOP_ID + 1
        self.sandbox.reset()
        response = self.callback(self.authorize())
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"authorized marketplace shop {SHOP_ID + 1}", response.text)
        self.assertEqual(self.shop.sudo().access_token, token)
        self.assertEqual(self.shop.external_shop_id, str(SHOP_ID))
