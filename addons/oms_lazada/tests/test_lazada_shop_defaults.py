from odoo.tests import Form, TransactionCase


class TestLazadaShopDefaults(TransactionCase):
    def test_urls_and_country_follow_venture_and_environment(self):
        with Form(self.env["oms.channel"]) as form:
            form.name = "Lazada TH"
            form.platform = "lazada"
            form.lazada_region = "sg"
            self.assertEqual(form.api_url, "http://127.0.0.1:8801/rest")
            self.assertEqual(form.lazada_auth_url, "http://127.0.0.1:8801/auth/rest")
            self.assertEqual(form.country_id, self.env.ref("base.sg"))
            form.environment = "production"
            form.lazada_region = "th"
            self.assertEqual(form.api_url, "https://api.lazada.co.th/rest")
            self.assertEqual(form.lazada_auth_url, "https://auth.lazada.com/rest")
            self.assertEqual(form.country_id, self.env.ref("base.th"))
            form.lazada_app_key = "key"
            form.lazada_app_secret = "secret"
        shop = form.record
        shop.api_url = "https://proxy.example.com/rest"
        self.assertEqual(shop.api_url, "https://proxy.example.com/rest")

    def test_created_by_code_gets_the_same_defaults(self):
        shop = self.env["oms.channel"].create(
            {"name": "Lazada MY", "platform": "lazada", "lazada_region": "my"}
        )
        self.assertEqual(shop.country_id, self.env.ref("base.my"))
        self.assertEqual(shop.api_url, "http://127.0.0.1:8801/rest")
