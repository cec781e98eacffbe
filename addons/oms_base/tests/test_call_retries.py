"""Marketplace calls that get no answer, against the TikTok Shop sandbox over
real HTTP (its latency switch): a change is never sent twice, its unknown
outcome is said to the person or fails the job; a person waits seconds, a
job keeps the long timeouts."""

import time

from oms_api_common import call_limits

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.oms_tiktok.tests.common import TikTokSandboxMixin
from odoo.addons.oms_tiktok.tiktok_api import const

from ..exceptions import OmsMarketplaceError, OmsOutcomeUnknown


@tagged("post_install", "-at_install")
class TestCallRetries(TikTokSandboxMixin, HttpCase):
    listed_skus = ("RT-MUG", "RT-LAMP")

    def setUp(self):
        super().setUp()
        self.ref = self.sandbox.place_order([("RT-MUG", 1), ("RT-LAMP", 1)])
        self.pull()
        self.sale = self.sales([self.ref])
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("oms_base.user_call_timeout", "0.3")
        params.set_param("oms_base.user_call_retries", "1")
        self.addCleanup(self.sandbox.faults.reset)

    def slow_marketplace(self, seconds=0.8):
        self.sandbox.calls.clear()
        self.sandbox.faults.latency = seconds

    def let_slow_answers_end(self):
        self.sandbox.faults.latency = 0
        time.sleep(0.9)

    def two_deliveries(self):
        picking = self.sale.picking_ids
        lamp = picking.move_ids.filtered(
            lambda m: m.product_id.default_code == "RT-LAMP"
        )
        self.env["oms.order.importer"]._split_package_picking(picking, lamp)
        return self.sale.picking_ids

    def split_path(self):
        return const.PATH_ORDER_SPLIT.format(order_id=self.ref)

    def packages(self):
        return {
            line["package_id"] for line in self.sandbox.shop.orders[self.ref]["lines"]
        }

    def test_unanswered_split_is_sent_once_and_said(self):
        deliveries = self.two_deliveries()
        self.assertEqual(len(self.packages()), 1)
        self.slow_marketplace()
        started = time.monotonic()
        with self.assertRaises(OmsMarketplaceError) as caught:
            self.shop._oms_call_for_user("_oms_split_order", self.sale, deliveries)
        self.assertLess(time.monotonic() - started, 5, "a person waits seconds")
        self.let_slow_answers_end()
        message = str(caught.exception)
        self.assertIn("did not answer", message)
        self.assertIn("check on the marketplace before trying again", message)
        self.assertNotIn("Try again shortly", message)
        self.assertNotIn("access_token", message)
        self.assertTrue(caught.exception.outcome_unknown)
        self.assertFalse(caught.exception.transient)
        self.assertEqual(self.sandbox.call_count(self.split_path()), 1, "not resent")
        # TikTok did split it, once, after the client gave up waiting; the
        # next pull gives each delivery its package
        self.assertEqual(len(self.packages()), 2)
        self.shop.order_sync_cursor = False
        self.pull()
        self.assertEqual(set(deliveries.mapped("oms_package_ref")), self.packages())

    def test_a_person_waits_one_short_retry_of_a_read(self):
        self.slow_marketplace()
        started = time.monotonic()
        with self.assertRaisesRegex(OmsMarketplaceError, "Try again shortly"):
            self.shop._oms_call_for_user("_oms_fetch_order", self.ref)
        elapsed = time.monotonic() - started
        self.let_slow_answers_end()
        self.assertEqual(self.sandbox.call_count(const.PATH_ORDERS), 2, "one retry")
        self.assertLess(elapsed, 3)

    def test_a_job_keeps_its_long_timeout(self):
        self.slow_marketplace()
        payload = self.shop._oms_guarded(
            lambda: self.shop._oms_call("_oms_fetch_order", self.ref)
        )
        self.sandbox.faults.latency = 0
        self.assertEqual(payload["orders"][0]["id"], self.ref)
        self.assertEqual(self.sandbox.call_count(const.PATH_ORDERS), 1)

    def test_unanswered_change_fails_its_job_with_the_reason(self):
        deliveries = self.two_deliveries()
        self.slow_marketplace()
        # the job's client waits 0.3 s here instead of 30 (a real HTTP timeout)
        with call_limits(timeout=0.3), self.assertRaises(OmsOutcomeUnknown) as caught:
            self.shop._oms_guarded(
                lambda: self.shop._oms_call("_oms_split_order", self.sale, deliveries)
            )
        self.let_slow_answers_end()
        self.assertIn("may have done it already", str(caught.exception))
        self.assertEqual(self.sandbox.call_count(self.split_path()), 1)
        # queued and run as the runner does: failed, not retried, the shop told
        delayed = self.shop._oms_enqueue(
            "_oms_run_hook", "_oms_split_order", self.sale, deliveries
        )
        self.env.flush_all()
        self.slow_marketplace()
        with call_limits(timeout=0.3):
            outcome = run_jobs(self.env, [("uuid", "=", delayed.uuid)])
        self.let_slow_answers_end()
        self.assertEqual(outcome, {delayed.uuid: "failed"})
        self.assertEqual(self.sandbox.call_count(self.split_path()), 1)
        job = self.env["queue.job"].search([("uuid", "=", delayed.uuid)])
        self.assertIn("check on the marketplace", job.exc_message)
        self.assertIn("check on the marketplace", self.shop.message_ids[0].body)
