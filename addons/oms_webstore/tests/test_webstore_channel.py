from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestWebstoreChannel(TransactionCase):
    """What a web store shop is among the others: its orders come pushed
    (no order pull), and only it has a webhook secret."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Channel = cls.env["oms.channel"]
        cls.store = Channel.create(
            {"name": "Store", "platform": "webstore", "state": "connected"}
        )
        cls.marketplace = Channel.create({"name": "Other Shop", "state": "connected"})

    def pull_jobs(self, channel):
        return self.env["queue.job"].search(
            [
                ("method_name", "=", "_oms_sync_orders"),
                ("records", "like", f"[{channel.id}]"),
            ]
        )

    def test_cron_flag_no_order_pull_for_a_web_store(self):
        self.assertFalse(self.store.support_order_pull)
        self.assertTrue(self.marketplace.support_order_pull)
        self.assertTrue(self.store.order_sync_enabled)  # the shop's own switch
        self.env["oms.channel"]._cron_sync_orders()
        self.assertFalse(self.pull_jobs(self.store))
        self.assertEqual(len(self.pull_jobs(self.marketplace)), 1)

    def test_flag_no_order_pull_on_request_nor_as_a_job(self):
        with self.assertRaisesRegex(UserError, "Order Pull is not available"):
            self.store.action_sync_orders()
        self.assertFalse(self.pull_jobs(self.store))
        # a pull queued before (or by hand) does nothing
        self.assertIn("nothing to pull", self.store._oms_sync_orders())
        self.assertFalse(self.store.last_order_sync)
        self.store._oms_after_reconnect()
        self.assertFalse(self.pull_jobs(self.store))

    def test_webhook_secret_only_for_web_stores(self):
        secret = self.store.webstore_webhook_secret
        self.assertEqual(len(secret), 64)
        self.assertFalse(self.marketplace.webstore_webhook_secret)
        other = self.env["oms.channel"].create(
            {"name": "Second Store", "platform": "webstore"}
        )
        self.assertNotEqual(other.webstore_webhook_secret, secret)
        self.marketplace.platform = "webstore"
        self.assertEqual(len(self.marketplace.webstore_webhook_secret), 64)
        # a secret set by hand is kept
        given = self.env["oms.channel"].create(
            {"name": "Given", "platform": "webstore", "webstore_webhook_secret": "s"}
        )
        self.assertEqual(given.webstore_webhook_secret, "s")
