from odoo.tests import Form, TransactionCase, tagged

from ..tiktok_api import const


@tagged("post_install", "-at_install")
class TestTikTokShopDefaults(TransactionCase):
    def test_url_and_country_follow_region_and_environment(self):
        with Form(self.env["oms.channel"]) as form:
            form.name = "TikTok TH"
            form.platform = "tiktok"
            form.tiktok_region = "SG"
            self.assertEqual(form.api_url, const.SANDBOX_URL)
            self.assertEqual(form.country_id, self.env.ref("base.sg"))
            form.environment = "production"
            form.tiktok_region = "TH"
            self.assertEqual(form.api_url, const.HOST_API)
            self.assertEqual(form.country_id, self.env.ref("base.th"))
            form.tiktok_app_key = "key"
            form.tiktok_app_secret = "secret"
        shop = form.record
        shop.api_url = "https://proxy.example.com"
        self.assertEqual(shop.api_url, "https://proxy.example.com")
        self.assertEqual(shop._oms_client().api_url, "https://proxy.example.com")
