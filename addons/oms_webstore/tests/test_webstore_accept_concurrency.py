from odoo.tests import tagged

from odoo.addons.oms_base.tests.committed import CommittedShopCase

from ..errors import WebstoreApiError
from ..schemas import OrderIn
from .common import order_payload


@tagged("post_install", "-at_install")
class TestConcurrentAccepts(CommittedShopCase):
    """Two identical ``Prefer: respond-async`` requests at the same instant
    store one message: the store is told once. Real concurrent transactions
    (see ``CommittedShopCase``)."""

    shop_name = "Concurrent web store"

    def _create_shop(self, env):
        return env["oms.channel"].create(
            {"name": self.shop_name, "platform": "webstore"}
        )

    def _cleanup_shop_data(self, env):
        shop = self.shop(env)
        env["queue.job"].search([("channel", "=", shop.job_channel_name)]).unlink()
        env["oms.event"].search([("channel_id", "=", shop.id)]).unlink()

    def _accept(self, env):
        data = OrderIn.model_validate(order_payload("RACE-1"))
        return self.shop(env)._webstore_accept_order(data)

    def test_two_identical_accepts_at_once(self):
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            outcome = self.race(
                lambda env: self._accept(env)[1].id,
                lambda env: self._accept(env)[1].id,
            )
        first, refused = outcome["first"], outcome["second"]
        self.assertIsInstance(refused, WebstoreApiError)
        self.assertEqual((refused.code, refused.api_code), (409, "in_progress"))
        self.assertEqual(refused.headers, {"Retry-After": "1"})
        # The store's retry, while the job has not run, answers with the
        # message the first one stored.
        with self.transaction() as env:
            sale, event = self._accept(env)
            self.assertFalse(sale)
            self.assertEqual(event.id, first)
            events = env["oms.event"].search(
                [("channel_id", "=", self.channel_id), ("direction", "=", "in")]
            )
            self.assertEqual(events.ids, [first])
