from odoo.modules.neutralize import neutralize_database
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.leaks import (
    UNRESOLVABLE_URL,
    LeakCheckMixin,
    closed_port_url,
)

from .common import TikTokSandboxMixin


@tagged("post_install", "-at_install")
class TestTikTokSecretsStayHidden(LeakCheckMixin, TikTokSandboxMixin, TransactionCase):
    """A shop that cannot reach TikTok Shop says so without its token, app
    secret or request signatures, wherever the failure is shown."""

    def point_shop_at(self, base_url):
        self.shop.api_url = base_url

    def shop_secrets(self):
        shop = self.shop.sudo()
        return [shop.access_token, shop.refresh_token, shop.tiktok_app_secret]

    def test_refused_connection_shows_no_secret(self):
        self.assert_failure_shows_no_secret(closed_port_url(), "connection refused")

    def test_unresolvable_host_shows_no_secret(self):
        self.assert_failure_shows_no_secret(UNRESOLVABLE_URL, "host name not found")

    def test_credentials_are_for_managers_only(self):
        for name in ("tiktok_app_key", "tiktok_app_secret"):
            self.assertEqual(
                self.shop._fields[name].groups, "oms_base.group_oms_manager"
            )

    def test_neutralize_blanks_tiktok_credentials(self):
        self.env.flush_all()
        neutralize_database(self.env.cr)
        self.env.invalidate_all()
        shop = self.shop.sudo()
        self.assertFalse(shop.tiktok_app_key)
        self.assertFalse(shop.tiktok_app_secret)
        self.assertFalse(shop.access_token)
        self.assertFalse(shop.refresh_token)
        self.assertEqual(shop.state, "draft")
