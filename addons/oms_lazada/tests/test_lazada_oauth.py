"""Seller authorization over HTTP: a manager clicks Authorize Shop, the
sandbox's consent page sends the browser back to our callback."""

import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_lazada_shop

CALLBACK = "/oms/oauth/lazada/callback"


@tagged("post_install", "-at_install")
class TestLazadaOauth(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox, cls.shop = make_lazada_shop(cls)
        cls.other_shop = cls.env["oms.channel"].create(
            {
                "name": "Other Lazada shop",
                "platform": "lazada",
                "lazada_region": "sg",
                "api_url": cls.shop.api_url,
                "lazada_auth_url": cls.shop.lazada_auth_url,
                "lazada_app_key": cls.shop.lazada_app_key,
                "lazada_app_secret": cls.shop.lazada_app_secret,
            }
        )
        cls.manager = new_test_user(
            cls.env, login="oauth_manager", groups="oms_base.group_oms_manager"
        )
        cls.other_manager = new_test_user(
            cls.env, login="oauth_manager2", groups="oms_base.group_oms_manager"
        )

    def setUp(self):
        super().setUp()
        self.addCleanup(self.sandbox.faults.reset)
        self.authenticate("oauth_manager", "oauth_manager")

    # helpers

    def authorize(self, shop=None):
        """Click Authorize Shop, consent on the sandbox; return the query of
        the callback the marketplace sends the browser to."""
        action = self.make_jsonrpc_request(
            "/web/dataset/call_button",
            {
                "model": "oms.channel",
                "method": "action_authorize",
                "args": [[(shop or self.shop).id]],
                "kwargs": {},
            },
        )
        consent = requests.get(action["url"], allow_redirects=False, timeout=10)
        self.assertEqual(consent.status_code, 302, consent.text)
        location = urlsplit(consent.headers["Location"])
        self.assertEqual(location.path, CALLBACK)
        return {key: values[0] for key, values in parse_qs(location.query).items()}

    def callback(self, query, platform="lazada"):
        response = self.url_open(
            f"/oms/oauth/{platform}/callback?{urlencode(query)}",
            allow_redirects=False,
        )
        self.assertNotEqual(response.status_code, 500, response.text)
        return response

    def assertRefused(self, response, message, status=400, shop=None):
        self.assertEqual(response.status_code, status, response.text)
        self.assertIn("Shop not authorized", response.text)
        self.assertIn(message, response.text)
        back = (
            f"/odoo/action-oms_base.action_oms_channel/{shop.id}"
            if shop
            else ("/odoo/action-oms_base.action_oms_channel")
        )
        self.assertIn(f'href="{back}"', response.text)
        for secret in filter(None, self.shop.sudo().mapped("access_token")):
            self.assertNotIn(secret, response.text)

    def tokens(self, shop=None):
        shop = (shop or self.shop).sudo()
        return shop.access_token, shop.refresh_token

    # the good case

    def test_authorization_connects_the_shop(self):
        query = self.authorize()
        self.assertEqual(set(query), {"code", "state"})
        # random, not the shop id with a signature
        self.assertGreaterEqual(len(query["state"]), 32)
        self.assertFalse(query["state"].startswith(f"{self.shop.id}."))
        response = self.callback(query)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/odoo/action-oms_base.action_oms_channel/{self.shop.id}"
            )
        )
        self.assertEqual(self.shop.state, "connected")
        access, refresh = self.tokens()
        self.assertTrue(access and refresh)
        self.assertEqual(self.tokens(self.other_shop), (False, False))

    def test_states_are_random_and_single_use(self):
        first, second = self.authorize(), self.authorize()
        self.assertNotEqual(first["state"], second["state"])
        self.assertEqual(self.callback(first).status_code, 303)
        tokens = self.tokens()
        # the same link again: refused, the shop keeps its tokens
        self.assertRefused(self.callback(first), "already used", shop=self.shop)
        self.assertEqual(self.tokens(), tokens)

    # refused states

    def test_missing_unknown_and_malformed_states(self):
        code = self.authorize()["code"]
        self.assertRefused(self.callback({"code": code}), "no authorization state")
        unknown = {"code": code, "state": secrets.token_urlsafe(32)}
        self.assertRefused(self.callback(unknown), "unknown")
        for state in ("42", f"{self.shop.id}.abcdef", "x" * 5000, "a b" * 20):
            self.assertRefused(
                self.callback({"code": code, "state": state}), "malformed"
            )
        self.assertEqual(self.tokens(), (False, False))
        self.assertEqual(self.shop.state, "draft")

    def test_expired_state(self):
        query = self.authorize()
        self.env["oms.oauth.state"].sudo().search([]).write(
            {"expires_at": fields.Datetime.now() - timedelta(seconds=1)}
        )
        self.assertRefused(self.callback(query), "expired", shop=self.shop)
        self.assertEqual(self.tokens(), (False, False))

    def test_state_of_another_user_or_session(self):
        query = self.authorize()
        self.authenticate("oauth_manager2", "oauth_manager2")
        self.assertRefused(self.callback(query), "another user", status=403)
        # the same manager, logged in again (another browser session)
        self.authenticate("oauth_manager", "oauth_manager")
        self.assertRefused(
            self.callback(query), "another session", status=403, shop=self.shop
        )
        self.assertEqual(self.tokens(), (False, False))

    def test_state_of_one_shop_never_reaches_another(self):
        query = self.authorize(self.other_shop)
        self.assertEqual(self.callback(query).status_code, 303)
        self.assertEqual(self.other_shop.state, "connected")
        self.assertEqual(self.shop.state, "draft")
        self.assertEqual(self.tokens(), (False, False))
        # nor is it good for another platform's callback
        query = self.authorize()
        self.assertRefused(
            self.callback(query, platform="shopee"),
            "another marketplace",
            shop=self.shop,
        )

    def test_another_sellers_tokens_are_refused(self):
        self.assertEqual(self.callback(self.authorize()).status_code, 303)
        tokens, seller = self.tokens(), self.shop.external_shop_id
        self.addCleanup(setattr, self.sandbox, "seller_id", self.sandbox.seller_id)
        self.sandbox.seller_id = "999777"  # another seller logs in to consent
        self.assertRefused(self.callback(self.authorize()), "SG999777", shop=self.shop)
        self.assertEqual(self.tokens(), tokens)
        self.assertEqual(self.shop.external_shop_id, seller)

    def test_declined_authorization_leaves_the_shop_alone(self):
        self.assertEqual(self.callback(self.authorize()).status_code, 303)
        state = self.authorize()["state"]
        declined = {"state": state, "error": "access_denied"}
        self.assertRefused(self.callback(declined), "access_denied", shop=self.shop)
        self.assertEqual(self.shop.state, "connected")

    # refused codes and a marketplace that is down

    def test_reused_unknown_and_malformed_codes(self):
        used = self.authorize()
        self.assertEqual(self.callback(used).status_code, 303)
        tokens = self.tokens()
        reused = dict(self.authorize(), code=used["code"])
        response = self.callback(reused)
        self.assertRefused(response, "refused the authorization code", shop=self.shop)
        self.assertNotIn(used["code"], response.text)
        unknown = dict(self.authorize(), code="0_" + secrets.token_hex(16))
        self.assertRefused(
            self.callback(unknown), "refused the authorization code", shop=self.shop
        )
        for code in ("a code with spaces", "x" * 600):
            malformed = dict(self.authorize(), code=code)
            self.assertRefused(self.callback(malformed), "malformed", shop=self.shop)
        self.assertEqual(self.tokens(), tokens)

    def test_marketplace_down(self):
        query = self.authorize()
        self.sandbox.faults.outage(60)
        response = self.callback(query)
        self.assertRefused(response, "could not be reached", status=503, shop=self.shop)
        self.assertEqual(self.tokens(), (False, False))
