from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestStampsAfterRefreshAside(BaseCase):
    """A job's transaction, then a token refresh committed on the shop's row
    from a transaction of its own (``_oms_refresh_committed``): the job's
    sync stamps are left for the next run instead of failing the job on a
    serialization conflict.

    Real concurrent transactions are needed, so this test commits through
    its own cursors and removes what it created.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.channel_id = env["oms.channel"].create({"name": "Stamps shop"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["oms.channel"].browse(
                self.channel_id
            ).unlink()

    def _refresh_aside(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["oms.channel"].browse(self.channel_id).access_token = "refreshed"

    def _read(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            channel = env["oms.channel"].browse(self.channel_id)
            return channel.access_token, channel.last_stock_push

    def test_stamp_left_when_the_row_changed_aside(self):
        now = fields.Datetime.now()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            channel = env["oms.channel"].browse(self.channel_id)
            self.assertFalse(channel.last_stock_push)  # the job's snapshot
            self._refresh_aside()
            # what a plain write of the stamp did: the whole job failed
            with (
                self.assertRaises(SerializationFailure),
                mute_logger("odoo.sql_db"),
                cr.savepoint(),
            ):
                channel.last_order_sync = now
            channel.invalidate_recordset(["last_order_sync"])
            self.assertFalse(channel._oms_write_stamps({"last_stock_push": now}))
            # the job goes on and commits what it did
        self.assertEqual(self._read(), ("refreshed", False))

    def test_stamp_written_when_nothing_changed(self):
        now = fields.Datetime.now().replace(microsecond=0)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            channel = env["oms.channel"].browse(self.channel_id)
            self.assertTrue(channel._oms_write_stamps({"last_stock_push": now}))
        self.assertEqual(self._read(), (False, now))
