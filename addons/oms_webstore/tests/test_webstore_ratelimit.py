from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

from odoo import sql_db
from odoo.tests import TransactionCase, tagged

from .. import ratelimit

# Key ids no key record has: the counts are committed for real, outside the
# test's transaction, and removed afterwards.
KEY = -101
SHARED_KEY = -102


@tagged("post_install", "-at_install")
class TestWebstoreRateLimit(TransactionCase):
    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        for key in (KEY, SHARED_KEY):
            ratelimit.reset(self.dbname, key)
            self.addCleanup(ratelimit.reset, self.dbname, key)

    def committed_hits(self, key):
        """The counts as another worker sees them (its own connection)."""
        with closing(sql_db.db_connect(self.dbname).cursor()) as cr:
            cr.execute(
                "SELECT sum(hits) FROM oms_webstore_rate WHERE key_id = %s", [key]
            )
            return cr.fetchone()[0] or 0

    def test_fixed_window_and_retry_after(self):
        start = 6000.0  # a window boundary (100 * 60)
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 10), 0)
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 20), 0)
        # refused until the window ends, and not counted
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 20), 40)
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 59.5), 1)
        self.assertEqual(self.committed_hits(KEY), 2)
        # the next window starts afresh; the one before the last is purged
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 60), 0)
        self.assertEqual(ratelimit.hit(self.dbname, KEY, 2, 60, now=start + 130), 0)
        self.assertEqual(self.committed_hits(KEY), 2)

    def test_limit_shared_by_concurrent_connections(self):
        """Requests counted from several connections at once (as several
        workers or nodes would): exactly the limit gets through, and the
        counts do not depend on the request's transaction."""
        now = 9000.0

        def hit(_index):
            return ratelimit.hit(self.dbname, SHARED_KEY, 25, 60, now=now)

        with ThreadPoolExecutor(4) as pool:
            waits = list(pool.map(hit, range(60)))
        self.assertEqual(waits.count(0), 25)
        self.assertEqual(sorted(set(waits) - {0}), [60])
        self.assertEqual(self.committed_hits(SHARED_KEY), 25)
        self.assertEqual(hit(0), 60)

    def test_last_use_noted_by_the_counter_once_a_window(self):
        """The key's last use is written by the counter's statements (in
        production in their own transaction: the request's would conflict
        with the key's other requests); here in the test's transaction,
        which sees the key."""
        channel = self.env["oms.channel"].create(
            {"name": "Store", "platform": "webstore"}
        )
        key, _token = self.env["oms.webstore.key"]._generate(channel, "counted")
        self.assertFalse(key.last_used_at)
        self.assertTrue(ratelimit.count(self.env.cr, key.id, 2, 200))
        key.invalidate_recordset(["last_used_at"])
        first = key.last_used_at
        self.assertTrue(first)
        self.env.cr.execute(
            "UPDATE oms_webstore_key SET last_used_at = %s WHERE id = %s",
            ["2020-01-01", key.id],
        )
        self.assertTrue(ratelimit.count(self.env.cr, key.id, 2, 200))
        self.assertFalse(ratelimit.count(self.env.cr, key.id, 2, 200))
        key.invalidate_recordset(["last_used_at"])
        self.assertEqual(str(key.last_used_at), "2020-01-01 00:00:00", "once a window")
        self.assertTrue(ratelimit.count(self.env.cr, key.id, 2, 201))
        key.invalidate_recordset(["last_used_at"])
        self.assertGreater(key.last_used_at.year, 2020, "a new window notes it")
