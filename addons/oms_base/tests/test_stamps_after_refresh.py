from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .committed import CommittedShopCase


@tagged("post_install", "-at_install")
class TestStampsAfterRefreshAside(CommittedShopCase):
    """A job's transaction, then a token refresh committed on the shop's row
    from a transaction of its own (``_oms_refresh_committed``): the job's
    sync stamps are left for the next run instead of failing the job on a
    serialization conflict.

    Real concurrent transactions are needed (see ``CommittedShopCase``).
    """

    shop_name = "Stamps shop"

    def _refresh_aside(self):
        with self.transaction() as env:
            self.shop(env).access_token = "refreshed"

    def _read(self):
        with self.transaction() as env:
            channel = self.shop(env)
            return channel.access_token, channel.last_stock_push

    def test_stamp_left_when_the_row_changed_aside(self):
        now = fields.Datetime.now()
        with self.transaction() as env:
            cr = env.cr
            channel = self.shop(env)
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
        with self.transaction() as env:
            channel = self.shop(env)
            self.assertTrue(channel._oms_write_stamps({"last_stock_push": now}))
        self.assertEqual(self._read(), (False, now))
