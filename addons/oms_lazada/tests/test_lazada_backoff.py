"""A marketplace throttling for a long time, in simulated (marketplace) time.

The sandbox answers every call with Lazada's ``ApiCallLimit`` and a ban of
``BAN`` seconds; ``run_jobs(now=...)`` runs the sync job whenever its ETA is
due, as the queue_job runner would, honouring the job's retry pattern.
"""

from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged

from .common import LazadaSandboxMixin, run_jobs

BAN = 30
FOREVER = 10**6


@tagged("post_install", "-at_install")
class TestLazadaBackoff(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["BO-A", "BO-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=500)
        cls.make_products(cls.skus, quantity=1000)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()
        self.addCleanup(self.sandbox.faults.reset)
        self.sandbox.faults.rate_limit_ban = BAN
        self.now = datetime.now()
        self.started = self.now

    def _sales(self):
        return self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])

    def _queue_sync(self):
        """The shop's pending sync job (as the 5-minute cron queues it)."""
        self.shop._oms_enqueue("_oms_sync_orders", key="sync_orders")
        return self._sync_jobs()

    def _sync_jobs(self, state="pending"):
        jobs = self.env["queue.job"].search(
            [("method_name", "=", "_oms_sync_orders"), ("state", "=", state)]
        )
        return jobs.filtered(lambda job: self.shop in job.records)

    def _run_until_settled(self, record, throttled_minutes):
        """Run the job at each of its ETAs until it is done or failed.

        The sandbox throttles for ``throttled_minutes`` of marketplace time.
        Return the delays (seconds) the job was postponed by.
        """
        delays = []
        while True:
            elapsed = self.now - self.started
            if elapsed >= timedelta(minutes=throttled_minutes):
                self.sandbox.faults.rate_limited = 0
            run_jobs(self.env, [("uuid", "=", record.uuid)], now=self.now)
            record.invalidate_recordset()
            if record.state != "pending":
                return delays
            delays.append((record.eta - self.now).total_seconds())
            self.now = record.eta

    def test_retries_ride_out_an_hour_of_429(self):
        order_ids = self.sandbox.generate_orders(3, self.skus, seed=11)
        self.sandbox.faults.rate_limit_burst(FOREVER)
        record = self._queue_sync()
        delays = self._run_until_settled(record, throttled_minutes=60)
        self.assertEqual(record.state, "done", record.exc_message)
        self.assertGreaterEqual(self.now - self.started, timedelta(minutes=60))
        # never sooner than the ban Lazada announced
        self.assertGreaterEqual(min(delays), BAN)
        # the pattern spaces the retries out instead of one per ban
        self.assertLess(len(delays), 14)
        self.assertEqual(
            set(self._sales().mapped("oms_external_id")), {str(i) for i in order_ids}
        )
        self.assertEqual(self.shop.state, "connected")

    def test_429_beyond_the_horizon_parks_the_shop(self):
        self.sandbox.faults.rate_limit_burst(FOREVER)
        record = self._queue_sync()
        delays = self._run_until_settled(record, throttled_minutes=24 * 60)
        self.assertEqual(record.state, "failed")
        self.assertEqual(len(delays), record.max_retries - 1)
        self.assertGreater(self.now - self.started, timedelta(minutes=90))
        # the job says what happened, in words
        self.assertIn("Max. retries (15) reached", record.exc_message)
        self.assertIn("limits the call rate", record.exc_message)
        self.assertNotIn("Traceback", record.exc_message)
        # the shop is parked with the reason, and a person is asked to look
        self.assertEqual(self.shop.state, "error")
        self.assertIn("gave up after 15 tries", self.shop.state_reason)
        self.assertIn("limits the call rate", self.shop.state_reason)
        activity = self.shop.activity_ids.filtered(
            lambda a: "stopped syncing" in (a.summary or "")
        )
        self.assertEqual(len(activity), 1)
        # the 5-minute cron leaves a parked shop alone...
        self.env["oms.channel"]._cron_sync_orders()
        self.assertFalse(self._sync_jobs())
        # ...and the first call the marketplace answers again resumes it
        self.sandbox.faults.reset()
        self.shop._oms_call("_oms_test_connection")
        self.assertEqual(self.shop.state, "connected")
        self.assertFalse(self.shop.state_reason)

    def test_ban_longer_than_the_pattern_is_waited_out_by_the_queue(self):
        self.sandbox.faults.rate_limit_ban = 1800
        self.sandbox.faults.rate_limit_burst(FOREVER)
        record = self._queue_sync()
        calls = self.api_calls("/orders/get")
        run_jobs(self.env, [("uuid", "=", record.uuid)], now=self.now)
        self.assertEqual(record.state, "pending")
        self.assertGreaterEqual(record.eta, self.now + timedelta(seconds=1800))
        # no worker slept through the ban calling again
        self.assertEqual(self.api_calls("/orders/get"), calls + 1)

    def test_sync_now_pulls_while_a_sync_waits_out_a_back_off(self):
        order_ids = self.sandbox.generate_orders(2, self.skus, seed=12)
        self.sandbox.faults.rate_limit_burst(FOREVER)
        record = self._queue_sync()
        while record.state == "pending" and (
            not record.eta or record.eta - self.now < timedelta(minutes=10)
        ):
            self.now = max(self.now, record.eta or self.now)
            run_jobs(self.env, [("uuid", "=", record.uuid)], now=self.now)
        self.assertEqual(record.state, "pending")
        # the marketplace answers again; a person does not wait 15 minutes
        self.sandbox.faults.rate_limited = 0
        self.shop.action_sync_orders()
        self.assertEqual(
            self._sync_jobs(), record, "still one pull: nothing imported twice"
        )
        self.assertEqual(record.retry, 0, "a person's request gets fresh retries")
        run_jobs(self.env, [("uuid", "=", record.uuid)], now=self.now)
        self.assertEqual(record.state, "done")
        self.assertEqual(
            set(self._sales().mapped("oms_external_id")), {str(i) for i in order_ids}
        )
