import threading
from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name

from odoo.addons.oms_base import normalized
from odoo.addons.queue_job.exception import RetryableJobError


def _order():
    return normalized.Order(
        external_id="CONC-1",
        status=normalized.UNPAID,
        updated_at=datetime(2026, 11, 11, 1, 0),
        buyer=normalized.Buyer(external_id="CB-1", name="Concurrent Buyer"),
        lines=[
            normalized.OrderLine(
                external_id="CONC-1-1", sku="CONC-SKU", quantity=1, unit_price=9.0
            )
        ],
    )


@tagged("post_install", "-at_install")
class TestConcurrentImport(BaseCase):
    """Two workers importing the same order at once make one sale order.

    Real concurrent transactions are needed, so this test commits through
    its own cursors and removes what it created.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.channel_id = env["oms.channel"].create({"name": "Concurrency shop"}).id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search(
                [("oms_channel_id", "=", self.channel_id)]
            )
            partners = orders.partner_id
            orders._action_cancel()
            orders.unlink()
            partners.unlink()
            env["oms.channel"].browse(self.channel_id).unlink()

    def _import(self, env):
        channel = env["oms.channel"].browse(self.channel_id)
        return env["oms.order.importer"]._import_orders(channel, [_order()])

    def test_two_workers_same_order(self):
        first_inserted = threading.Event()
        release_first = threading.Event()
        outcome = {}

        def first_worker():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                outcome["first"] = self._import(env)
                env.flush_all()
                first_inserted.set()
                release_first.wait(10)
                # leaving the block commits

        def second_worker():
            first_inserted.wait(10)
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    outcome["second"] = self._import(env)
            except RetryableJobError as err:
                outcome["second_conflict"] = err
                # what queue_job does: run the job again in a new transaction
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    outcome["second_retry"] = self._import(env)

        threads = [
            threading.Thread(target=first_worker),
            threading.Thread(target=second_worker),
        ]
        # a race handled as designed is no error for whoever reads the log
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            for thread in threads:
                thread.start()
            first_inserted.wait(10)
            # give the second worker time to block on the unique index
            threading.Event().wait(1.0)
            release_first.set()
            for thread in threads:
                thread.join(30)

        self.assertEqual(len(outcome["first"].created), 1)
        self.assertIn("second_conflict", outcome, "the second insert must conflict")
        self.assertEqual(len(outcome["second_retry"].created), 0)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            count = env["sale.order"].search_count(
                [
                    ("oms_channel_id", "=", self.channel_id),
                    ("oms_external_id", "=", "CONC-1"),
                ]
            )
        self.assertEqual(count, 1)
