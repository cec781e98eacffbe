from odoo.modules.neutralize import neutralize_database
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.leaks import (
    UNRESOLVABLE_URL,
    LeakCheckMixin,
    closed_port_url,
)

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaSecretsStayHidden(LeakCheckMixin, LazadaSandboxMixin, TransactionCase):
    """A shop that cannot reach Lazada says so without its token, app
    secret or request signatures, wherever the failure is shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()

    def point_shop_at(self, base_url):
        self.shop.write(
            {"api_url": f"{base_url}/rest", "lazada_auth_url": f"{base_url}/auth/rest"}
        )

    def shop_secrets(self):
        shop = self.shop.sudo()
        return [shop.access_token, shop.refresh_token, shop.lazada_app_secret]

    def test_refused_connection_shows_no_secret(self):
        self.assert_failure_shows_no_secret(closed_port_url(), "connection refused")

    def test_unresolvable_host_shows_no_secret(self):
        self.assert_failure_shows_no_secret(UNRESOLVABLE_URL, "host name not found")

    def test_neutralize_blanks_lazada_credentials(self):
        self.env.flush_all()
        neutralize_database(self.env.cr)
        self.env.invalidate_all()
        shop = self.shop.sudo()
        self.assertFalse(shop.lazada_app_key)
        self.assertFalse(shop.lazada_app_secret)
        self.assertFalse(shop.access_token)
        self.assertFalse(shop.refresh_token)
        self.assertEqual(shop.state, "draft")
