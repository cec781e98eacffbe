from datetime import datetime

from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.queue_job.exception import RetryableJobError

from .committed import CommittedShopCase


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
class TestConcurrentImport(CommittedShopCase):
    """Two workers importing the same order at once make one sale order.

    Real concurrent transactions are needed (see ``CommittedShopCase``).
    """

    shop_name = "Concurrency shop"

    def _cleanup_shop_data(self, env):
        self._unlink_shop_orders(env)

    def _import(self, env):
        return env["oms.order.importer"]._import_orders(self.shop(env), [_order()])

    def test_two_workers_same_order(self):
        # a race handled as designed is no error for whoever reads the log
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            outcome = self.race(self._import, self._import)
        self.assertEqual(len(outcome["first"].created), 1)
        self.assertIsInstance(
            outcome["second"], RetryableJobError, "the second insert must conflict"
        )
        # what queue_job does: run the job again in a new transaction
        with self.transaction() as env:
            self.assertEqual(len(self._import(env).created), 0)
        with self.transaction() as env:
            count = env["sale.order"].search_count(
                [
                    ("oms_channel_id", "=", self.channel_id),
                    ("oms_external_id", "=", "CONC-1"),
                ]
            )
        self.assertEqual(count, 1)
