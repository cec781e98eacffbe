"""Each role logs in and does its marketplace job on the Lazada sandbox
through the web client's own calls (see ``oms_base.tests.webclient``)."""

import base64
import io

from PyPDF2 import PdfReader

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.oms_base.tests.common import setup_shop_accounting
from odoo.addons.oms_base.tests.leaks import run_job_like_runner
from odoo.addons.oms_base.tests.test_roles import (
    ACCOUNTANT,
    OMS_MANAGER,
    OMS_USER,
    WAREHOUSE,
)
from odoo.addons.oms_base.tests.webclient import WebClientMixin, attachment_id

from .common import LazadaSandboxMixin

SECRETS = ("access_token", "refresh_token", "lazada_app_key", "lazada_app_secret")


@tagged("post_install", "-at_install")
class TestLazadaRoles(WebClientMixin, LazadaSandboxMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        setup_shop_accounting(cls.shop)
        company = cls.env.company
        cls.skus = ["LZROLE-A", "LZROLE-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=100)
        cls.sandbox.add_product("LZROLE-NEW", price=7.0, quantity=50)
        cls.products = cls.make_products(cls.skus, quantity=100)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()
        users = {"company_id": company.id, "company_ids": company.ids}
        cls.operator = new_test_user(
            cls.env, login="lz_role_operator", groups=OMS_USER, **users
        )
        cls.warehouse_user = new_test_user(
            cls.env, login="lz_role_warehouse", groups=WAREHOUSE, **users
        )
        cls.manager = new_test_user(
            cls.env, login="lz_role_manager", groups=OMS_MANAGER, **users
        )
        cls.accountant = new_test_user(
            cls.env, login="lz_role_accountant", groups=ACCOUNTANT, **users
        )

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()
        self.addCleanup(self.sandbox.faults.reset)

    def login(self, user):
        self.authenticate(user.login, user.login)

    def sales(self):
        return self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])

    def sync_from_the_shop_form(self):
        """Open the shop from the menu, click Sync Orders Now, let the queue
        run the job."""
        action = self.open_menu("oms_base.menu_oms_shops")
        values, view = self.open_action_form(action, self.shop.id)
        self.assertIn("action_sync_orders", view.buttons(values))
        self.click("oms.channel", "action_sync_orders", self.shop.ids)
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)

    def open_picking(self, picking):
        action = self.open_menu("oms_base.menu_oms_pickings")
        records, views = self.open_list(action)
        self.assertIn(picking.id, [r["id"] for r in records])
        return action, views, *self.open_action_form(action, picking.id)

    def pack_ship_and_print(self, picking, from_list=False):
        """Pack, Ready to Ship and Print Label, from the form's buttons or
        from the list's Action menu; check the sandbox and the PDF."""
        action, views, values, view = self.open_picking(picking)
        self.assertIn("action_oms_pack", view.buttons(values))
        if from_list:
            self.assertIn("Pack on Marketplace", views["list"].toolbar_actions())
            self.run_server_action(
                "oms_base.action_server_pack", picking.ids, "stock.picking"
            )
        else:
            self.click("stock.picking", "action_oms_pack", picking.ids)
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        package = self.sandbox.packages[picking.oms_package_ref]
        self.assertEqual(package["status"], "packed")
        self.assertTrue(picking.carrier_tracking_ref)
        values, view = self.open_action_form(action, picking.id)
        self.assertIn("action_oms_ready_to_ship", view.buttons(values))
        self.click("stock.picking", "action_oms_ready_to_ship", picking.ids)
        self.assertEqual(picking.oms_fulfilment_state, "ready")
        self.assertEqual(package["status"], "ready_to_ship")
        values, view = self.open_action_form(action, picking.id)
        self.assertIn("action_oms_print_labels", view.buttons(values))
        if from_list:
            download = self.run_server_action(
                "oms_base.action_server_print_labels", picking.ids, "stock.picking"
            )
        else:
            download = self.click(
                "stock.picking", "action_oms_print_labels", picking.ids
            )
        self.assertEqual(download["type"], "ir.actions.act_url", download)
        self.assertTrue(picking.oms_label_id)
        pdf = self.download(download["url"]).content
        self.assertGreaterEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)
        self.assertEqual(
            self.env["ir.attachment"].browse(attachment_id(download["url"])).datas,
            base64.b64encode(pdf),
        )

    def test_operator_syncs_cancels_reprocesses_packs_and_pushes(self):
        cancel_id, ship_id = self.sandbox.generate_orders(2, self.skus, seed=61)
        (new_id,) = self.sandbox.generate_orders(
            1, ["LZROLE-NEW"], multi_item_ratio=0, seed=62
        )
        self.login(self.operator)
        self.sync_from_the_shop_form()
        sales = self.sales()
        self.assertEqual(len(sales), 3)
        self.assertEqual(sales.create_uid, self.env.company.oms_bot_user_id)
        by_id = {sale.oms_external_id: sale for sale in sales}

        # cancel on Lazada, with a reason Lazada gives
        sale = by_id[str(cancel_id)]
        action = self.open_menu("oms_base.menu_oms_orders_all")
        values, view = self.open_action_form(action, sale.id)
        self.assertIn("action_oms_cancel", view.buttons(values))
        self.cancel_on_marketplace(sale)
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")
        statuses = {i["status"] for i in self.sandbox.orders[cancel_id]["items"]}
        self.assertEqual(statuses, {"canceled"})

        # an unknown SKU gets its product (an admin's job): reprocess
        unknown = by_id[str(new_id)]
        self.assertTrue(unknown.oms_needs_attention)
        product = self.env["product.product"].create(
            {"name": "Role new", "default_code": "LZROLE-NEW", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, 10
        )
        action = self.open_menu("oms_base.menu_oms_orders_attention")
        values, view = self.open_action_form(action, unknown.id)
        self.assertIn("action_oms_reprocess", view.buttons(values))
        self.click("sale.order", "action_oms_reprocess", unknown.ids)
        self.assertFalse(unknown.oms_needs_attention)
        self.assertEqual(unknown.state, "sale")
        line = unknown.order_line.filtered(lambda li: li.oms_sku == "LZROLE-NEW")
        self.assertEqual(line.product_id, product)

        # pack, ready to ship and print from the list's Action menu
        self.pack_ship_and_print(by_id[str(ship_id)].picking_ids, from_list=True)

        # push stock: the job runs as the bot, Lazada gets Odoo's quantity
        self.env["stock.quant"]._update_available_quantity(
            self.products[0], self.warehouse.lot_stock_id, -30
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.click("oms.channel", "action_push_stock", self.shop.ids)
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertEqual(
            self.sandbox.sellable_quantity(self.skus[0]),
            int(self.products[0].with_context(warehouse_id=self.warehouse.id).free_qty),
        )

    def test_warehouse_packs_prints_and_never_reads_secrets(self):
        self.sandbox.generate_orders(1, self.skus, seed=71)
        self.shop._oms_sync_orders()
        picking = self.sales().picking_ids
        self.login(self.warehouse_user)
        self.pack_ship_and_print(picking)
        values, view = self.open_form("oms.channel", self.shop.id)
        fields = self.call_kw("oms.channel", "fields_get", attributes=["type"])
        for secret in SECRETS:
            self.assertNotIn(secret, view.spec)
            self.assertNotIn(secret, values)
            self.assertNotIn(secret, fields)
            self.assertAccessError(
                self.call_kw, "oms.channel", "read", [self.shop.id], [secret]
            )

    def test_manager_replays_a_failed_page_and_follows_jobs(self):
        self.sandbox.generate_orders(3, self.skus, seed=81)
        # a rule an admin added keeps new contacts from being created
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
        self.login(self.manager)
        self.sync_from_the_shop_form()
        self.assertFalse(self.sales())
        rule.unlink()
        action = self.open_menu("oms_base.menu_oms_events")
        records, _views = self.open_list(action, [("channel_id", "=", self.shop.id)])
        self.assertEqual(len(records), 1, "the failed page")
        event = self.env["oms.event"].browse(records[0]["id"])
        values, view = self.open_action_form(action, event.id)
        self.assertEqual(values["state"], "failed")
        self.assertIn("action_replay", view.buttons(values))
        self.click("oms.event", "action_replay", event.ids)
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertEqual(event.state, "done")
        self.assertEqual(len(self.sales()), 3, "no order lost")

        # Lazada is down: the pull fails after its retries, the manager
        # finds the job in OMS > Configuration > Jobs
        self.sandbox.faults.outage(600)
        self.click("oms.channel", "action_sync_orders", self.shop.ids)
        job = self.env["queue.job"].search(
            [
                ("channel", "=", self.shop.job_channel_name),
                ("state", "=", "pending"),
            ]
        )
        self.assertEqual(
            [run_job_like_runner(self.env, job, max_retries=2) for _try in (1, 2)],
            ["retry", "failed"],
        )
        action = self.open_menu("oms_base.menu_oms_config_jobs")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], job.ids)
        values, _view = self.open_action_form(action, job.id)
        self.assertEqual(values["state"], "failed")
        self.assertEqual(values["oms_requested_by_id"]["id"], self.manager.id)
        self.assertIn("cannot be reached", values["result"])
        self.assertIn("HTTP 503", values["exc_info"])
        token = self.shop.sudo().access_token
        self.assertNotIn(token, str(values))
        self.assertNotIn(self.sandbox.app_secret, str(values))

    def test_accountant_posts_the_lazada_payout(self):
        order_ids = self.sandbox.generate_orders(2, self.skus, seed=91)
        self.shop._oms_sync_orders()
        for order_id in order_ids:
            self.sandbox.set_order_status(order_id, "delivered")
        self.login(self.manager)
        self.click("oms.channel", "action_sync_finance", self.shop.ids)
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        settlement = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(settlement.state, "draft")

        self.login(self.accountant)
        action = self.open_menu("oms_base.menu_account_oms_settlements")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], settlement.ids)
        values, view = self.open_action_form(action, settlement.id)
        self.assertIn("action_post", view.buttons(values))
        result = self.click("oms.settlement", "action_post", settlement.ids)
        self.assertEqual(result["params"]["type"], "success", result)
        self.assertEqual(settlement.state, "reconciled")
        invoices = self.sales().invoice_ids
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        values, view = self.open_action_form(action, settlement.id)
        self.assertEqual(
            {item["id"] for item in values["move_line_ids"]},
            set(settlement.move_id.line_ids.ids),
        )
        # the shop, as the settlement's link opens it: its accounting
        values, view = self.open_form("oms.channel", self.shop.id)
        self.assertEqual(
            values["oms_settlement_journal_id"]["id"],
            self.shop.oms_settlement_journal_id.id,
        )
        for secret in SECRETS:
            self.assertNotIn(secret, values)

    def test_manager_activates_and_deletes_from_the_listing_list(self):
        self.sandbox.add_product("LZROLE-BTN", price=5.0, quantity=5)
        self.shop._oms_import_listings()
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "LZROLE-BTN")
        self.login(self.manager)
        action = self.open_menu("oms_base.menu_oms_bindings")
        records, views = self.open_list(action, [("id", "=", binding.id)])
        (row,) = records
        row_buttons = views["list"].buttons(row)
        self.assertIn("action_deactivate", row_buttons)
        self.assertIn("action_delete_listing", row_buttons)
        self.assertNotIn("action_activate", row_buttons, "it is active")
        self.click("oms.product.binding", "action_deactivate", binding.ids)
        self.assertEqual(binding.listing_state, "inactive")
        self.assertEqual(
            self.sandbox._sku(seller_sku="LZROLE-BTN")[1]["Status"], "inactive"
        )
        # removed in Seller Center meanwhile: Lazada's refusal, as a warning
        del self.sandbox.products[int(binding.external_product_id)]
        message = self.assertUserErrorDialog(
            self.click, "oms.product.binding", "action_activate", binding.ids
        )
        self.assertIn("Lazada refused", message)
        self.assertNotIn("Traceback", message)
        self.assertEqual(binding.listing_state, "inactive")
        # the operator does not see these buttons
        self.login(self.operator)
        records, views = self.open_list(action, [("id", "=", binding.id)])
        self.assertNotIn("action_delete_listing", views["list"].buttons(records[0]))
