from odoo.exceptions import AccessError
from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import new_test_user, tagged

from .common import OmsCase


@tagged("post_install", "-at_install")
class TestSecurity(OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel.sudo().write(
            {"access_token": "secret-access", "refresh_token": "secret-refresh"}
        )
        cls.oms_user = new_test_user(
            cls.env, login="oms_user", groups="oms_base.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            cls.env, login="oms_manager", groups="oms_base.group_oms_manager"
        )

    def test_user_cannot_read_secrets(self):
        channel = self.channel.with_user(self.oms_user)
        self.assertEqual(channel.name, "Test Shop TH")
        with self.assertRaises(AccessError):
            channel.read(["access_token"])
        with self.assertRaises(AccessError):
            channel.read(["refresh_token"])
        self.assertNotIn("access_token", channel.fields_get())

    def test_manager_reads_secrets(self):
        channel = self.channel.with_user(self.oms_manager)
        self.assertEqual(channel.access_token, "secret-access")

    def test_user_cannot_configure_shops(self):
        with self.assertRaises(AccessError):
            self.channel.with_user(self.oms_user).write({"stock_buffer": 5})
        with self.assertRaises(AccessError):
            self.env["oms.channel"].with_user(self.oms_user).create({"name": "x"})
        self.channel.with_user(self.oms_manager).write({"stock_buffer": 5})

    def test_user_sees_marketplace_orders(self):
        self.import_orders(self.make_order())
        orders = (
            self.env["sale.order"]
            .with_user(self.oms_user)
            .search([("oms_channel_id", "=", self.channel.id)])
        )
        self.assertEqual(len(orders), 1)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        other_channel = self.env["oms.channel"].create(
            {"name": "Other shop", "company_id": other_company.id}
        )
        user = new_test_user(
            self.env,
            login="oms_user_main",
            groups="oms_base.group_oms_user",
            company_id=self.company.id,
        )
        visible = self.env["oms.channel"].with_user(user).search([])
        self.assertIn(self.channel, visible)
        self.assertNotIn(other_channel, visible)

    def test_copy_does_not_copy_tokens(self):
        copy = self.channel.copy()
        self.assertFalse(copy.sudo().access_token)
        self.assertEqual(copy.state, "draft")

    def test_neutralize_blanks_credentials(self):
        self.env.flush_all()
        for query in get_neutralization_queries(["oms_base"]):
            self.env.cr.execute(query)
        self.channel.invalidate_recordset()
        self.assertFalse(self.channel.sudo().access_token)
        self.assertEqual(self.channel.state, "draft")
