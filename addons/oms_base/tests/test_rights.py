from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.oms_base import normalized

from .common import OmsCase
from .jobs import run_jobs


class RightsCase(OmsCase):
    """The three people of a shop: an operator, a manager and the admin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oms_user = new_test_user(
            cls.env, login="rights_user", groups="oms_base.group_oms_user"
        )
        cls.oms_manager = new_test_user(
            cls.env, login="rights_manager", groups="oms_base.group_oms_manager"
        )
        cls.admin = cls.env.ref("base.user_admin")
        cls.bot = cls.company.oms_bot_user_id

    def jobs(self, method=None):
        """The jobs queued for the test shop (demo shops may have theirs)."""
        domain = [("model_name", "=", "oms.channel")]
        if method:
            domain.append(("method_name", "=", method))
        return (
            self.env["queue.job"]
            .search(domain)
            .filtered(lambda job: job.records == self.channel)
        )


@tagged("post_install", "-at_install")
class TestMarketplaceBot(RightsCase):
    def test_one_bot_per_company_that_cannot_log_in(self):
        bot = self.bot
        self.assertTrue(bot, "the main company got its bot at install")
        self.assertFalse(bot.active, "archived: nobody logs in as the bot")
        self.assertFalse(bot.share)
        self.assertTrue(bot.has_group("oms_base.group_oms_user"))
        self.assertTrue(bot.has_group("base.group_partner_manager"))
        self.assertTrue(bot.has_group("account.group_account_invoice"))
        self.assertFalse(bot.has_group("oms_base.group_oms_manager"))
        self.assertFalse(bot.has_group("base.group_system"))
        self.assertEqual(self.company._oms_get_bot(), bot)
        other = self.env["res.company"].create({"name": "Other Co"})
        self.assertTrue(other.oms_bot_user_id)
        self.assertNotEqual(other.oms_bot_user_id, bot)
        self.assertEqual(other.oms_bot_user_id.company_ids, other)

    def test_jobs_run_as_the_bot_and_remember_who_asked(self):
        self.channel.with_user(self.oms_user).action_push_stock()
        job = self.jobs("_oms_push_stock")
        self.assertEqual(job.user_id, self.bot)
        self.assertEqual(job.oms_requested_by_id, self.oms_user)
        self.assertEqual(job.company_id, self.company)
        self.assertEqual(job.records.env.user, self.bot)

    def test_webhook_and_cron_jobs_are_nobody_s(self):
        public = self.env.ref("base.public_user")
        event = self.env["oms.event"]._store(
            [{"channel_id": self.channel.id, "kind": "order", "payload": {}}]
        )
        # as the webhook controller does: public user, sudo
        event.with_user(public).sudo()._enqueue_processing()
        job = self.jobs("_oms_process_events")
        self.assertEqual(job.user_id, self.bot)
        self.assertFalse(job.oms_requested_by_id)
        self.env["oms.channel"]._cron_sync_orders()
        job = self.jobs("_oms_sync_orders")
        self.assertEqual(job.user_id, self.bot)
        self.assertFalse(job.oms_requested_by_id)

    def test_follow_up_jobs_keep_who_asked(self):
        self.channel.with_user(self.oms_manager).action_sync_orders()
        job = self.jobs("_oms_sync_orders")
        # what the job queues in turn (as the bot) is still the manager's
        job.records._oms_enqueue("_oms_push_stock", key="push_stock")
        self.assertEqual(
            self.jobs("_oms_push_stock").oms_requested_by_id, self.oms_manager
        )

    def test_orders_created_by_the_bot_attention_to_the_responsible(self):
        def import_unknown_sku(external_id):
            order = self.make_order(
                external_id,
                lines=[
                    normalized.OrderLine(
                        external_id=f"{external_id}-1", sku="NOPE", name="?", quantity=1
                    )
                ],
            )
            # as the processing job does
            self.env["oms.order.importer"].with_user(self.bot)._import_orders(
                self.channel.with_user(self.bot), [order]
            )
            sale = self.find_sale(external_id)
            self.assertEqual(sale.create_uid, self.bot)
            self.assertTrue(sale.oms_needs_attention)
            self.assertEqual(sale.activity_ids.create_uid, self.bot)
            return sale

        # no responsible on the shop: a manager gets the to-do, not the bot
        sale = import_unknown_sku("ORD-1")
        self.assertFalse(sale.user_id, "the bot is nobody's salesperson")
        assignee = sale.activity_ids.user_id
        self.assertTrue(assignee.active)
        self.assertTrue(assignee.has_group("oms_base.group_oms_manager"))
        self.channel.user_id = self.oms_user
        sale = import_unknown_sku("ORD-2")
        self.assertEqual(sale.user_id, self.oms_user)
        self.assertEqual(sale.activity_ids.user_id, self.oms_user)

    def test_responsible_defaults_to_the_creator_else_a_manager(self):
        shop = (
            self.env["oms.channel"]
            .with_user(self.oms_manager)
            .create({"name": "Manager's shop"})
        )
        self.assertEqual(shop.user_id, self.oms_manager)
        self.assertFalse(self.channel.user_id, "created by the superuser")
        responsible = self.channel.with_user(self.bot)._oms_responsible()
        self.assertTrue(responsible.has_group("oms_base.group_oms_manager"))
        self.assertTrue(responsible.active)
        self.channel.with_user(self.bot)._oms_schedule_activity("Check", "note")
        self.assertEqual(self.channel.activity_ids.user_id, responsible)

    def test_cancelled_order_imported_by_the_admin(self):
        # any user importing or cancelling adds the pending stock changes
        order = self.make_order(status=normalized.CANCELLED)
        self.env["oms.order.importer"].with_user(self.admin)._import_orders(
            self.channel.with_user(self.admin), [order]
        )
        sale = self.find_sale("ORD-1")
        self.assertEqual(sale.state, "cancel")
        changes = self.env["oms.stock.change"].search(
            [("channel_id", "=", self.channel.id), ("force", "=", True)]
        )
        self.assertEqual(changes.product_id, self.product_a | self.product_b)


@tagged("post_install", "-at_install")
class TestJobFailures(RightsCase):
    def test_failed_job_tells_who_asked_and_managers(self):
        # no connector: the push fails for good (not a marketplace blip)
        self.channel.with_user(self.oms_user).action_push_stock()
        job = self.jobs("_oms_push_stock")
        self.assertEqual(run_jobs(self.env), {job.uuid: "failed"})
        message = self.channel.message_ids.filtered(
            lambda m: self.oms_user.partner_id in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn("cannot receive stock", message.body)
        self.assertIn(self.oms_user.partner_id, message.notification_ids.res_partner_id)
        self.assertIn(self.oms_manager.partner_id, job.message_partner_ids)
        # the manager finds it in the Jobs menu and reads it as the form does
        Job = self.env["queue.job"].with_user(self.oms_manager)
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.oms_manager)
            ._for_xml_id("oms_base.action_oms_queue_job")
        )
        found = Job.search(safe_eval(action["domain"]) + [("state", "=", "failed")])
        self.assertEqual(found, job)
        spec = {
            "name": {},
            "state": {},
            "exc_message": {},
            "exc_info": {},
            "user_id": {"fields": {"display_name": {}}},
            "oms_requested_by_id": {"fields": {"display_name": {}}},
            "job_function_id": {"fields": {"display_name": {}}},
            "company_id": {"fields": {"display_name": {}}},
        }
        (values,) = found.web_read(spec)
        self.assertEqual(values["oms_requested_by_id"]["id"], self.oms_user.id)
        self.assertEqual(values["state"], "failed")
        menus = self.env["ir.ui.menu"].with_user(self.oms_manager)._visible_menu_ids()
        self.assertIn(self.env.ref("oms_base.menu_oms_config_jobs").id, menus)
        self.assertNotIn(
            self.env.ref("oms_base.menu_oms_config_jobs").id,
            self.env["ir.ui.menu"].with_user(self.oms_user)._visible_menu_ids(),
        )

    def test_retried_job_tells_nobody_yet(self):
        self.channel.state = "auth_expired"
        self.channel.with_user(self.oms_user).action_push_stock()
        job = self.jobs("_oms_push_stock")
        self.assertEqual(run_jobs(self.env), {job.uuid: "retry"})
        self.assertFalse(
            self.channel.message_ids.filtered(
                lambda m: self.oms_user.partner_id in m.partner_ids
            )
        )

    def test_managers_see_only_the_shops_jobs(self):
        self.channel.with_user(self.oms_user).action_push_stock()
        other = self.env["queue.job"].with_delay()._test_job()
        other_record = other.db_record()
        Job = self.env["queue.job"].with_user(self.oms_manager)
        visible = Job.search([])
        self.assertIn(self.jobs("_oms_push_stock"), visible)
        self.assertNotIn(other_record, visible)
        self.assertTrue(all(job.channel.startswith("root.oms.") for job in visible))
        with self.assertRaises(AccessError):
            Job.browse(other_record.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["queue.job"].with_user(self.oms_user).search([])
        # job queue managers (the admin) still see every job
        admin_jobs = self.env["queue.job"].with_user(self.admin).search([])
        self.assertIn(other_record, admin_jobs)


@tagged("post_install", "-at_install")
class TestOperatorRights(RightsCase):
    def test_fetch_finance_is_for_managers(self):
        with self.assertRaises(UserError):
            self.channel.with_user(self.oms_user).action_sync_finance()
        self.assertFalse(self.jobs("_oms_sync_finance"))
        self.channel.with_user(self.oms_manager).action_sync_finance()
        self.assertEqual(self.jobs("_oms_sync_finance").user_id, self.bot)

    def test_listing_changes_are_for_managers(self):
        binding = self.binding_a.with_user(self.oms_user)
        for action in (
            binding.action_delete_listing,
            binding.action_update_listing,
            binding.action_activate,
            binding.action_deactivate,
        ):
            with self.assertRaises(UserError):
                action()
        self.assertFalse(self.jobs())
        # pushing stock and price stays an operator's job
        binding.action_push_stock()
        binding.action_push_price()
        self.assertEqual(len(self.jobs()), 2)
        self.binding_a.with_user(self.oms_manager).action_delete_listing()
        self.assertEqual(len(self.jobs("_oms_run_listing_hook")), 2)

    def test_settlement_events_are_for_managers(self):
        Event = self.env["oms.event"]
        order_event, settlement = Event._store(
            [
                {"channel_id": self.channel.id, "kind": "order", "payload": {}},
                {
                    "channel_id": self.channel.id,
                    "kind": "finance",
                    "payload": {"reference": "S-1", "payout_amount": 1234.5},
                },
            ]
        )
        as_user = Event.with_user(self.oms_user)
        self.assertEqual(as_user.search([]), order_event)
        with self.assertRaises(AccessError):
            as_user.browse(settlement.id).read(["payload"])
        self.assertEqual(
            Event.with_user(self.oms_manager).search([]), order_event | settlement
        )

    def test_marketplace_fields_are_read_only(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        other = self.env["oms.channel"].create({"name": "Other shop"})
        forged = {
            "oms_external_id": "FAKE-1",
            "oms_channel_id": other.id,
            "oms_status": normalized.DELIVERED,
            "oms_buyer_total": 1.0,
            "oms_cancel_reason": "forged",
            "oms_platform_status": "delivered",
            "oms_is_cod": True,
        }
        for user in (self.oms_user, self.oms_manager, self.admin):
            for field, value in forged.items():
                with self.assertRaises(UserError):
                    sale.with_user(user).write({field: value})
                # a context flag, which RPC can send, opens nothing
                with self.assertRaises(UserError):
                    sale.with_user(user).with_context(oms_marketplace_write=True).write(
                        {field: value}
                    )
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.oms_user).create(
                {"partner_id": sale.partner_id.id, "oms_external_id": "FAKE-2"}
            )
        self.assertEqual(sale.oms_external_id, "ORD-1")
        self.assertEqual(sale.oms_channel_id, self.channel)
        # what an operator handles stays writable
        sale.with_user(self.oms_user).write(
            {"oms_needs_attention": False, "note": "Gift wrap"}
        )
        # the marketplace's own updates still come through, whoever imports
        self.env["oms.order.importer"].with_user(self.oms_manager)._import_orders(
            self.channel.with_user(self.oms_manager),
            [self.make_order(status=normalized.SHIPPED, minutes=5)],
        )
        self.assertEqual(sale.oms_status, normalized.SHIPPED)
