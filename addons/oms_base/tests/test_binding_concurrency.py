from datetime import datetime

from odoo.tests import tagged

from odoo.addons.oms_base import normalized
from odoo.addons.queue_job.exception import RetryableJobError

from .committed import CommittedShopCase

SKU = "RACE-SKU"


def _listing():
    return {
        "external_id": "RACE-SKU-ID",
        "external_product_id": "RACE-ITEM",
        "seller_sku": SKU,
        "name": "Raced listing",
        "price": 12.0,
        "quantity": 3,
        "state": "active",
        "data": {},
    }


def _order(external_id):
    return normalized.Order(
        external_id=external_id,
        status=normalized.UNPAID,
        updated_at=datetime(2026, 11, 11, 1, 0),
        buyer=normalized.Buyer(external_id="RB-1", name="Race Buyer"),
        lines=[
            normalized.OrderLine(
                external_id=f"{external_id}-1",
                sku=SKU,
                external_sku_id="RACE-SKU-ID",
                external_product_id="RACE-ITEM",
                quantity=1,
                unit_price=12.0,
            )
        ],
    )


@tagged("post_install", "-at_install")
class TestConcurrentBinding(CommittedShopCase):
    """Two workers binding the same new SKU at once make one binding, and
    the one that loses the race runs again, with no SQL error in the log
    (a listing import and a webhook's order import at a shop's first hour).
    """

    shop_name = "Binding race shop"

    def _create_shop(self, env):
        self.product_id = (
            env["product.product"]
            .create({"name": "Raced product", "default_code": SKU, "type": "consu"})
            .id
        )
        return super()._create_shop(env)

    def _cleanup_shop_data(self, env):
        self._unlink_shop_orders(env)
        env["oms.product.binding"].with_context(active_test=False).search(
            [("channel_id", "=", self.channel_id)]
        ).unlink()
        env["product.product"].browse(self.product_id).unlink()

    def _bindings(self, env):
        return env["oms.product.binding"].search(
            [("channel_id", "=", self.channel_id), ("external_id", "=", "RACE-SKU-ID")]
        )

    def _bind(self, env):
        bindings = env["oms.product.binding"]._bind_by_sku(self.shop(env), [_listing()])
        return bindings.product_id.ids

    def test_two_listing_imports_bind_the_sku_once(self):
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            outcome = self.race(self._bind, self._bind)
        self.assertEqual(outcome["first"], [self.product_id])
        self.assertIsInstance(outcome["second"], RetryableJobError)
        # queue_job runs the job again, in a transaction that sees the binding
        with self.transaction() as env:
            self.assertEqual(self._bind(env), [self.product_id])
            self.assertEqual(len(self._bindings(env)), 1)

    def test_listing_import_and_order_import_bind_the_sku_once(self):
        def import_order(env):
            env["oms.order.importer"]._import_orders(self.shop(env), [_order("RACE-1")])
            return (
                env["sale.order"]
                .search([("oms_channel_id", "=", self.channel_id)])
                .order_line.product_id.ids
            )

        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            outcome = self.race(self._bind, import_order)
        self.assertEqual(outcome["first"], [self.product_id])
        self.assertIsInstance(outcome["second"], RetryableJobError)
        # run again, the order is made with the binding the listing import made
        with self.transaction() as env:
            self.assertEqual(import_order(env), [self.product_id])
            self.assertEqual(len(self._bindings(env)), 1)
