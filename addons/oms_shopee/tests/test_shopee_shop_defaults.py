from odoo.tests import Form, TransactionCase


class TestShopeeShopDefaults(TransactionCase):
    def test_url_and_country_follow_region_and_environment(self):
        with Form(self.env["oms.channel"]) as form:
            form.name = "Shopee SG"
            form.platform = "shopee"
            form.shopee_region = "SG"
            self.assertEqual(form.api_url, "http://127.0.0.1:8802")
            self.assertEqual(form.country_id, self.env.ref("base.sg"))
            form.environment = "production"
            self.assertEqual(form.api_url, "https://partner.shopeemobile.com")
            form.shopee_partner_id = "1"
            form.shopee_partner_key = "key"
