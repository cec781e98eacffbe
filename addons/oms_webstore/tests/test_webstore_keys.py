import hashlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.users import role_users


@tagged("post_install", "-at_install")
class TestWebstoreKeys(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel = cls.env["oms.channel"].create(
            {"name": "Key Store", "platform": "webstore"}
        )
        users = role_users(
            cls.env,
            "wskey",
            user="base.group_user,oms_base.group_oms_user",
            manager="base.group_user,oms_base.group_oms_manager",
        )
        cls.user, cls.manager = users["user"], users["manager"]

    def test_manager_makes_a_key_shown_once_stored_hashed(self):
        wizard = (
            self.env["oms.webstore.key.wizard"]
            .with_user(self.manager)
            .create({"channel_id": self.channel.id, "name": "shop front"})
        )
        wizard.action_generate()
        key = wizard.key
        self.assertTrue(key.startswith("omsk_"))
        record = wizard.key_id
        self.assertEqual(record.key_hash, hashlib.sha256(key.encode()).hexdigest())
        self.assertNotIn(key, record.key_hint)
        self.assertEqual(self.channel.state, "connected")
        self.assertEqual(self.env["oms.webstore.key"]._find(key), record)

    def test_oms_user_neither_makes_nor_reads_keys(self):
        with self.assertRaises(UserError):
            self.env["oms.webstore.key"].with_user(self.user)._generate(
                self.channel, "nope"
            )
        self.env["oms.webstore.key"]._generate(self.channel, "real")
        with self.assertRaises(AccessError):
            self.env["oms.webstore.key"].with_user(self.user).search([]).mapped("name")
        with self.assertRaises(AccessError):
            self.channel.with_user(self.user).webstore_webhook_secret  # noqa: B018

    def test_revoked_key_stays_revoked(self):
        record, key = self.env["oms.webstore.key"]._generate(self.channel, "old")
        record.with_user(self.manager).action_revoke()
        self.assertFalse(record.active)
        self.assertTrue(record.revoked_at)
        self.assertEqual(self.env["oms.webstore.key"]._find(key), record)
        with self.assertRaises(UserError):
            record.active = True

    def test_keys_only_for_web_stores(self):
        other = self.env["oms.channel"].create({"name": "Not a store"})
        with self.assertRaises(UserError):
            self.env["oms.webstore.key"]._generate(other, "x")
