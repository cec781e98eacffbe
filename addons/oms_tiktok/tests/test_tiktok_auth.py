import time

from oms_api_common import errors as api_errors

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import TikTokSandboxMixin, authorize


@tagged("post_install", "-at_install")
class TestTikTokAuthorization(TikTokSandboxMixin, TransactionCase):
    """Consent link, code exchange, refresh, one app for many shops."""

    authorize_in_setup = False

    def test_code_exchange_stores_tokens_with_absolute_expiries(self):
        authorize(self.shop)
        shop = self.shop.sudo()
        self.assertEqual(shop.state, "connected")
        self.assertTrue(shop.access_token and shop.refresh_token)
        entry = self.sandbox.auth.access_tokens[shop.access_token]
        expected = entry["expire"] - time.time()
        left = (shop.token_expires_at - shop.write_date).total_seconds()
        self.assertAlmostEqual(left, expected, delta=5)
        refresh_entry = self.sandbox.auth.refresh_tokens[shop.refresh_token]
        refresh_left = (shop.refresh_expires_at - shop.write_date).total_seconds()
        self.assertAlmostEqual(
            refresh_left, refresh_entry["expire"] - time.time(), delta=5
        )
        # the shop named by its id is selected among the seller's two
        self.assertEqual(len(shop.tiktok_shop_ids), 2)
        self.assertEqual(shop.tiktok_shop_cipher, self.sandbox.shop.cipher)
        self.assertTrue(shop.tiktok_shop_ids.filtered("selected"))

    def test_refresh_gives_a_new_access_token(self):
        authorize(self.shop)
        old = self.shop.sudo().access_token
        self.sandbox.expire_access_token(old)
        self.shop._oms_refresh_token()
        new = self.shop.sudo().access_token
        self.assertNotEqual(old, new)
        self.assertIn(new, self.sandbox.auth.access_tokens)
        self.assertEqual(self.shop.state, "connected")

    def test_revoked_authorization_parks_the_shop(self):
        authorize(self.shop)
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        self.sandbox.expire_refresh_token(self.shop.sudo().refresh_token)
        self.shop._oms_sync_orders()
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertTrue(self.shop.state_reason)
        self.assertTrue(self.shop.activity_ids, "the responsible is told")

    def test_new_shop_takes_the_only_shop_or_waits_for_a_pick(self):
        shop = self.shop.copy(
            {
                "name": "Unbound",
                "external_shop_id": False,
                "tiktok_app_key": self.shop.sudo().tiktok_app_key,
                "tiktok_app_secret": self.shop.sudo().tiktok_app_secret,
            }
        )
        authorize(shop)
        self.assertFalse(shop.tiktok_shop_cipher, "two shops: the manager picks")
        with self.assertRaises(UserError):
            shop._oms_fetch_order("1")
        second = shop.tiktok_shop_ids.filtered(
            lambda s: s.shop_id == self.sandbox.shops[1].id
        )
        second.action_select()
        self.assertEqual(shop.tiktok_shop_cipher, self.sandbox.shops[1].cipher)
        self.assertEqual(shop.external_shop_id, self.sandbox.shops[1].id)
        message = shop._oms_test_connection()
        self.assertIn(self.sandbox.shops[1].id, message)
        self.assertEqual(
            len(shop.tiktok_warehouse_ids), len(self.sandbox.shops[1].warehouses)
        )

    def test_another_shop_of_the_seller_runs_in_odoo_too(self):
        authorize(self.shop)
        other = self.shop.tiktok_shop_ids.filtered(lambda s: not s.selected)
        action = other.action_create_channel()
        channel = self.env["oms.channel"].browse(action["res_id"])
        self.assertEqual(channel.tiktok_shop_cipher, self.sandbox.shops[1].cipher)
        self.assertEqual(channel.state, "connected")
        # it talks to its own shop with the seller's authorization
        self.sandbox.add_product(
            "Other",
            [{"seller_sku": "OTHER-1", "price": "5.00", "stock": 3}],
            shop=self.sandbox.shops[1].id,
        )
        channel._oms_import_listings()
        self.assertEqual(channel.binding_ids.mapped("seller_sku"), ["OTHER-1"])
        other.invalidate_recordset(["used_by_id"])
        self.assertEqual(other.used_by_id, channel)
        with self.assertRaises(UserError):
            other.action_create_channel()

    def test_authorization_of_another_account_is_refused(self):
        self.shop.external_shop_id = "999"
        with self.assertRaises(UserError):
            authorize(self.shop)

    def test_expired_code_is_refused(self):
        with self.assertRaises(api_errors.ApiAuthError):
            self.shop._oms_exchange_code("not-a-code")
