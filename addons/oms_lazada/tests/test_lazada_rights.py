from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaRoles(LazadaSandboxMixin, TransactionCase):
    """What each person's buttons do against the sandbox, through the queue.

    Every job runs as the company's Marketplace Bot, so an operator's, a
    manager's and the admin's clicks import, push and fetch alike.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["LZR-A", "LZR-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=100)
        # deleted on the marketplace by one test (the sandbox outlives it)
        cls.sandbox.add_product("LZR-DEL", price=5.0, quantity=10)
        cls.products = cls.make_products([*cls.skus, "LZR-DEL"], quantity=100)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()
        cls.oms_user = new_test_user(
            cls.env, login="lz_rights_user", groups="oms_base.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            cls.env, login="lz_rights_manager", groups="oms_base.group_oms_manager"
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.bot = cls.env.company.oms_bot_user_id

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def _sales(self):
        return self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])

    def _pages(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "orders_page")]
        )

    def _sync_now(self, user):
        self.shop.with_user(user).action_sync_orders()
        outcome = self.run_jobs()
        self.assertTrue(outcome)
        self.assertEqual(set(outcome.values()), {"done"}, outcome)

    def test_manager_and_admin_sync_now_import_cancelled_orders(self):
        for user in (self.oms_manager, self.admin):
            order_ids = self.sandbox.generate_orders(4, self.skus)
            self.sandbox.set_order_status(order_ids[0], "canceled")
            cursor = fields.Datetime.now() - timedelta(hours=1)
            self.shop.order_sync_cursor = cursor
            self._sync_now(user)
            sales = self._sales().filtered(
                lambda s, ids=order_ids: s.oms_external_id in map(str, ids)
            )
            self.assertEqual(len(sales), 4, f"all orders of {user.login}'s pull")
            cancelled = sales.filtered(
                lambda s, i=order_ids[0]: s.oms_external_id == str(i)
            )
            self.assertEqual(cancelled.state, "cancel")
            self.assertEqual(set((sales - cancelled).mapped("state")), {"sale"})
            self.assertEqual(sales.create_uid, self.bot)
            self.assertEqual(sales.partner_id.create_uid, self.bot)
            self.assertGreater(self.shop.order_sync_cursor, cursor)
            self.assertEqual(set(self._pages().mapped("state")), {"done"})

    def test_operator_sync_and_push_stock_succeed(self):
        self.sandbox.generate_orders(3, self.skus)
        self._sync_now(self.oms_user)
        self.assertEqual(len(self._sales()), 3)
        self.shop.with_user(self.oms_user).action_push_stock()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        bindings = self.shop.binding_ids.filtered(lambda b: b.seller_sku in self.skus)
        self.assertEqual(set(bindings.mapped("sync_state")), {"synced"})
        self.assertTrue(self.shop.last_stock_push)

    def test_failed_page_keeps_the_cursor_and_replay_imports_it(self):
        cursor = fields.Datetime.now() - timedelta(hours=1)
        self.shop.order_sync_cursor = cursor
        self.sandbox.generate_orders(8, self.skus)
        # a rule an admin added keeps new contacts from being created: the
        # page cannot be imported
        rule = self.env["ir.rule"].create(
            {
                "name": "No new contacts",
                "model_id": self.env.ref("base.model_res_partner").id,
                "domain_force": "[(0, '=', 1)]",
                "perm_read": False,
                "perm_write": False,
                "perm_unlink": False,
            }
        )
        self._sync_now(self.oms_manager)
        failed = self._pages().filtered(lambda e: e.state == "failed")
        self.assertEqual(len(failed), 1)
        self.assertFalse(self._sales())
        self.assertEqual(self.shop.order_sync_cursor, cursor, "cursor not moved")
        # the cause is gone: a manager's replay imports the page (as the bot)
        rule.unlink()
        failed.with_user(self.oms_manager).action_replay()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertEqual(failed.state, "done")
        self.assertEqual(len(self._sales()), 8, "no order lost")
        self.assertEqual(self._sales().create_uid, self.bot)
        # and the next pull moves the cursor on
        self._sync_now(self.oms_manager)
        self.assertGreater(self.shop.order_sync_cursor, cursor)
        self.assertEqual(len(self._sales()), 8)

    def test_operator_cannot_delete_a_listing(self):
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "LZR-DEL")
        with self.assertRaises(UserError):
            binding.with_user(self.oms_user).action_delete_listing()
        self.assertFalse(self.run_jobs())
        self.assertTrue(
            self.sandbox._sku(seller_sku="LZR-DEL")[1], "still on the marketplace"
        )
        binding.with_user(self.oms_manager).action_delete_listing()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertFalse(self.sandbox._sku(seller_sku="LZR-DEL")[1])
        self.assertEqual(binding.listing_state, "deleted")

    def test_fetch_finance_by_a_manager_runs_as_the_bot(self):
        order_ids = self.sandbox.generate_orders(2, self.skus)
        self._sync_now(self.oms_user)
        for order_id in order_ids:
            self.sandbox.set_order_status(order_id, "delivered")
        with self.assertRaises(UserError):
            self.shop.with_user(self.oms_user).action_sync_finance()
        self.shop.with_user(self.oms_manager).action_sync_finance()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "finance")]
        )
        self.assertEqual(event.state, "done", event.error)
        settlement = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(settlement.create_uid, self.bot)
        self.assertEqual(
            set(settlement.line_ids.sale_order_id.mapped("oms_external_id")),
            {str(order_id) for order_id in order_ids},
        )
