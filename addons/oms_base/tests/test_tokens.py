from datetime import UTC, datetime, timedelta

from oms_api_common import errors as api_errors

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import OmsCase

NOW = datetime(2026, 11, 11, 8, 0, 0)


def test_pair_from_lifetimes_is_absolute():
    pair = normalized.TokenPair.from_lifetimes("A", "R", 14400, "2592000", now=NOW)
    assert pair.access_expires_at == NOW + timedelta(hours=4)
    assert pair.refresh_expires_at == NOW + timedelta(days=30)


def test_pair_without_lifetimes_says_nothing_of_expiry():
    pair = normalized.TokenPair.from_lifetimes("A", None, 0, None, now=NOW)
    assert (pair.refresh_token, pair.access_expires_at) == ("", None)
    assert pair.refresh_expires_at is None


def test_pair_from_unix_times_is_naive_utc():
    stamp = int(datetime(2026, 11, 18, 8, 0, tzinfo=UTC).timestamp())
    pair = normalized.TokenPair.from_timestamps("A", "R", stamp, None)
    assert pair.access_expires_at == datetime(2026, 11, 18, 8, 0)
    assert pair.refresh_expires_at is None


def test_pair_keeps_its_tokens_out_of_repr():
    pair = normalized.TokenPair("secret-access", "secret-refresh", account_id="42")
    assert "secret" not in repr(pair)
    assert "42" in repr(pair)


@tagged("post_install", "-at_install")
class TestTokenLifecycle(OmsCase):
    """oms_base stores the pair a connector's token hook produced."""

    def test_store_connects_the_shop_until_the_expiries_given(self):
        pair = normalized.TokenPair.from_lifetimes("A-1", "R-1", 3600, 86400, now=NOW)
        self.channel._oms_store_tokens(pair)
        shop = self.channel.sudo()
        self.assertEqual((shop.access_token, shop.refresh_token), ("A-1", "R-1"))
        self.assertEqual(shop.token_expires_at, NOW + timedelta(hours=1))
        self.assertEqual(shop.refresh_expires_at, NOW + timedelta(days=1))
        self.assertEqual(shop.state, "connected")

    def test_a_pair_without_access_token_changes_nothing(self):
        self.channel._oms_store_tokens(normalized.TokenPair("A-1", "R-1"))
        with self.assertRaises(api_errors.ApiAuthError):
            self.channel._oms_store_tokens(normalized.TokenPair("", "R-2"))
        self.assertEqual(self.channel.sudo().refresh_token, "R-1")

    def test_new_pair_of_a_parked_shop_redoes_what_waited(self):
        self.channel.write({"state": "auth_expired", "state_reason": "revoked"})
        self.channel._oms_store_tokens(normalized.TokenPair("A-2", "R-2"))
        self.assertEqual(self.channel.state, "connected")
        self.assertFalse(self.channel.state_reason)
        jobs = self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.channel"),
                ("records", "like", f"[{self.channel.id}]"),
            ]
        )
        methods = set(jobs.mapped("method_name"))
        self.assertEqual(methods, {"_oms_sync_orders", "_oms_push_stock"})

    def test_refresh_needs_a_stored_refresh_token(self):
        with self.assertRaisesRegex(UserError, "no refresh token"):
            self.channel._oms_stored_refresh_token()
        self.channel._oms_store_tokens(normalized.TokenPair("A-1", "R-1"))
        self.assertEqual(self.channel._oms_stored_refresh_token(), "R-1")
