from odoo.modules.neutralize import neutralize_database
from odoo.tests import tagged

from odoo.addons.oms_base.models.oms_channel import MANAGER_GROUP

from .common import OmsCase
from .leaks import channel_texts, find_leaks

LEAKY_TEXT = (
    "Cannot reach http://gw.example/rest/orders/get"
    "?access_token=TOKEN-123456&sign=ABCDEF123456&app_key=app "
    '{"refresh_token": "REFRESH-123456"}'
)


@tagged("post_install", "-at_install")
class TestNeutralize(OmsCase):
    """``odoo-bin neutralize`` leaves no credential of any installed
    connector, nor copies of tokens in what the shops' jobs recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.channel = cls.channel.with_env(cls.env)
        # Credentials are the text fields only OMS managers may read.
        cls.secret_fields = [
            name
            for name, field in cls.env["oms.channel"]._fields.items()
            if field.type in ("char", "text")
            and MANAGER_GROUP in (field.groups or "").split(",")
        ]

    def test_every_connector_credential_is_a_secret_field(self):
        expected = {"access_token", "refresh_token"}
        installed = set(
            self.env["ir.module.module"]
            .search([("state", "=", "installed"), ("name", "like", "oms_")])
            .mapped("name")
        )
        if "oms_lazada" in installed:
            expected |= {"lazada_app_key", "lazada_app_secret"}
        if "oms_shopee" in installed:
            expected |= {"shopee_partner_id", "shopee_partner_key"}
        self.assertLessEqual(expected, set(self.secret_fields))

    def test_neutralize_blanks_credentials_and_their_copies(self):
        self.channel.sudo().write(
            {name: f"SECRET-{name}-value" for name in self.secret_fields}
        )
        secrets = [f"SECRET-{name}-value" for name in self.secret_fields]
        secrets += ["TOKEN-123456", "ABCDEF123456", "REFRESH-123456"]
        # What an earlier version left: a failed job, its chatter and
        # tracked message, an event, an activity, the shop's state.
        job = self.channel._oms_enqueue("_oms_sync_orders", key="sync_orders")
        record = job.db_record()
        record.with_context(_job_edit_sentinel=record.EDIT_SENTINEL).write(
            {
                "state": "failed",
                "exc_info": f"Traceback ...\nApiTransportError: {LEAKY_TEXT}",
                "exc_message": LEAKY_TEXT,
                "result": LEAKY_TEXT,
            }
        )
        record.message_post(body=LEAKY_TEXT)
        self.channel.message_post(body=LEAKY_TEXT)
        self.channel._oms_schedule_activity("Shop lost", LEAKY_TEXT)
        self.env["oms.event"].create(
            {
                "channel_id": self.channel.id,
                "kind": "webhook",
                "payload": "{}",
                "state": "failed",
                "error": LEAKY_TEXT,
            }
        )
        self.channel.write({"state": "error", "state_reason": LEAKY_TEXT})
        texts, _jobs = channel_texts(self.channel)
        self.assertTrue(find_leaks(texts, secrets), "the records hold secrets")

        neutralize_database(self.env.cr)
        self.env.invalidate_all()

        channel = self.channel.sudo()
        for name in self.secret_fields:
            self.assertFalse(channel[name], f"{name} is blanked")
        self.assertEqual(channel.state, "draft")
        texts, _jobs = channel_texts(self.channel)
        self.assertEqual(find_leaks(texts, secrets), [])
        self.assertFalse(record.exc_info)
        self.assertIn("Cannot reach http://gw.example/rest/orders/get", record.result)
        self.assertIn("access_token=***", record.exc_message)
