"""Each role logs in and does its job through the web client's own calls.

The users get exactly the groups Odoo's user form gives that role; every
menu, list, form and button is the JSON-RPC request the browser sends, with
the field specification the client builds from the view the user got.
"""

from lxml import etree

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.oms_base import normalized

from .common import OmsCase
from .finance import statement
from .jobs import run_jobs
from .webclient import WebClientMixin

SECRETS = ("access_token", "refresh_token")

OMS_USER = "oms_base.group_oms_user,sales_team.group_sale_salesman"
WAREHOUSE = "stock.group_stock_user,oms_base.group_oms_user"
INVENTORY_USER = "stock.group_stock_user"
SALESPERSON = "sales_team.group_sale_salesman_all_leads"
OMS_MANAGER = "oms_base.group_oms_manager"
ACCOUNTANT = "account.group_account_invoice"

PICKING_ACTIONS = {
    "Print Marketplace Labels",
    "Pack on Marketplace",
    "Ready to Ship on Marketplace",
}


class RolesCase(WebClientMixin, HttpCase, OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = {"company_id": cls.company.id, "company_ids": cls.company.ids}
        # notified in Odoo (not by e-mail): a failed job lands in their inbox
        cls.operator = new_test_user(
            cls.env,
            login="role_operator",
            groups=OMS_USER,
            notification_type="inbox",
            **company,
        )
        cls.warehouse_user = new_test_user(
            cls.env, login="role_warehouse", groups=WAREHOUSE, **company
        )
        cls.inventory_user = new_test_user(
            cls.env, login="role_inventory", groups=INVENTORY_USER, **company
        )
        cls.salesperson = new_test_user(
            cls.env, login="role_salesperson", groups=SALESPERSON, **company
        )
        cls.manager = new_test_user(
            cls.env, login="role_manager", groups=OMS_MANAGER, **company
        )
        cls.channel.sudo().write(
            {"access_token": "secret-access", "refresh_token": "secret-refresh"}
        )

    def login(self, user):
        self.authenticate(user.login, user.login)

    def marketplace_sale(self, external_id="ORD-1", **kw):
        self.import_orders(self.make_order(external_id, **kw))
        return self.find_sale(external_id)

    def shop_form(self):
        action = self.open_menu("oms_base.menu_oms_shops")
        records, _views = self.open_list(action)
        self.assertIn(self.channel.id, [r["id"] for r in records])
        return action, *self.open_action_form(action, self.channel.id)


@tagged("post_install", "-at_install")
class TestOperatorRole(RolesCase):
    """OMS User: the shops read-only, the orders, cancel, reprocess."""

    def test_operator_menus(self):
        self.login(self.operator)
        menus = self.menus()
        for xmlid in (
            "oms_base.menu_oms_root",
            "oms_base.menu_oms_orders_all",
            "oms_base.menu_oms_orders_attention",
            "oms_base.menu_oms_pickings",
            "oms_base.menu_oms_shops",
            "oms_base.menu_oms_bindings",
            "oms_base.menu_oms_events",
        ):
            self.assertIn(xmlid, menus)
        for xmlid in (
            "oms_base.menu_oms_config",
            "oms_base.menu_oms_config_jobs",
            "oms_base.menu_oms_money",
        ):
            self.assertNotIn(xmlid, menus)

    def test_operator_opens_shops_read_only(self):
        self.login(self.operator)
        _action, values, view = self.shop_form()
        self.assertEqual(values["name"], "Test Shop TH")
        for secret in SECRETS:
            self.assertNotIn(secret, view.spec)
            self.assertNotIn(secret, values)
        self.assertNotIn("oms_settlement_count", view.spec)
        self.assertEqual(view.root.get("edit"), "False")
        self.assertIn("action_push_stock", view.buttons(values))
        self.assertNotIn("action_sync_finance", view.buttons(values))
        self.assertAccessError(
            self.save, "oms.channel", self.channel.id, {"stock_buffer": 7}, view
        )
        self.assertAccessError(
            self.call_kw, "oms.channel", "read", [self.channel.id], ["access_token"]
        )
        self.assertEqual(self.channel.stock_buffer, 0)

    def test_operator_push_stock_failure_reaches_them(self):
        self.login(self.operator)
        _action, values, view = self.shop_form()
        self.assertIn("action_push_stock", view.buttons(values))
        self.click("oms.channel", "action_push_stock", [self.channel.id])
        job = self.env["queue.job"].search(
            [("channel", "=", self.channel.job_channel_name)]
        )
        self.assertEqual(job.user_id, self.company.oms_bot_user_id)
        self.assertEqual(job.oms_requested_by_id, self.operator)
        # a shop without connector cannot receive stock: the job fails
        self.assertEqual(run_jobs(self.env), {job.uuid: "failed"})
        inbox = self.rpc("/mail/inbox/messages")
        bodies = [
            message["body"]
            for message in inbox["data"]["mail.message"]
            if message["id"] in inbox["messages"]
        ]
        self.assertTrue(any("cannot receive stock" in body for body in bodies), bodies)

    def test_operator_opens_orders_and_reprocesses(self):
        self.marketplace_sale("ORD-1")
        unknown = self.marketplace_sale(
            "ORD-2",
            lines=[
                normalized.OrderLine(
                    external_id="ORD-2-1",
                    sku="SKU-C",
                    name="Widget C",
                    quantity=1,
                    unit_price=9.0,
                )
            ],
        )
        self.assertTrue(unknown.oms_needs_attention)
        self.assertEqual(unknown.state, "draft")
        self.login(self.operator)
        action = self.open_menu("oms_base.menu_oms_orders_all")
        records, _views = self.open_list(action)
        self.assertEqual(
            {r["oms_external_id"] for r in records}, {"ORD-1", "ORD-2"}, records
        )
        sale = self.find_sale("ORD-1")
        values, view = self.open_action_form(action, sale.id)
        self.assertEqual(values["oms_channel_id"]["display_name"], "Test Shop TH")
        self.assertNotIn("oms_settlement_line_count", view.spec)
        # a shop without a connector offers no marketplace cancel (the
        # connectors' role tests cancel through it)
        self.assertNotIn("action_oms_cancel", view.buttons(values))
        # the SKU gets a product (an admin's job): the operator reprocesses
        product = self.env["product.product"].create(
            {"name": "Widget C", "default_code": "SKU-C", "is_storable": True}
        )
        action = self.open_menu("oms_base.menu_oms_orders_attention")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], unknown.ids)
        values, view = self.open_action_form(action, unknown.id)
        self.assertIn("action_oms_reprocess", view.buttons(values))
        self.click("sale.order", "action_oms_reprocess", unknown.ids)
        self.assertFalse(unknown.oms_needs_attention)
        self.assertEqual(unknown.state, "sale")
        line = unknown.order_line.filtered(lambda li: li.oms_sku == "SKU-C")
        self.assertEqual(line.product_id, product)
        self.assertEqual(line.oms_binding_id.seller_sku, "SKU-C")

    def test_operator_cannot_cancel_without_a_connector(self):
        sale = self.marketplace_sale()
        self.login(self.operator)
        action = self.open_menu("oms_base.menu_oms_orders_all")
        values, view = self.open_action_form(action, sale.id)
        # not offered by a shop without a connector; called anyway over RPC,
        # the wizard refuses with the reason
        self.assertNotIn("action_oms_cancel", view.buttons(values))
        message = self.assertRpcError(
            "odoo.exceptions.UserError",
            self.click,
            "sale.order",
            "action_oms_cancel",
            sale.ids,
        )
        self.assertIn("not available", message)
        self.assertEqual(sale.state, "sale")


@tagged("post_install", "-at_install")
class TestWarehouseRole(RolesCase):
    """Inventory user and OMS User: the pickings to ship, never secrets."""

    def test_warehouse_opens_pickings_never_secrets(self):
        sale = self.marketplace_sale()
        picking = sale.picking_ids
        self.login(self.warehouse_user)
        menus = self.menus()
        self.assertIn("stock.menu_stock_root", menus)
        self.assertNotIn("oms_base.menu_oms_config", menus)
        action = self.open_menu("oms_base.menu_oms_pickings")
        records, views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], picking.ids)
        self.assertIn("Pack on Marketplace", views["list"].toolbar_actions())
        values, view = self.open_action_form(action, picking.id)
        self.assertEqual(values["oms_channel_id"]["id"], self.channel.id)
        # packing is the connector's (the connectors' role tests pack)
        self.assertNotIn("action_oms_pack", view.buttons(values))
        # the shop, as its link on the picking opens it
        values, view = self.open_form("oms.channel", self.channel.id)
        for secret in SECRETS:
            self.assertNotIn(secret, view.spec)
            self.assertNotIn(secret, values)
        fields = self.call_kw("oms.channel", "fields_get", attributes=["type"])
        self.assertFalse(set(SECRETS) & set(fields))
        for secret in SECRETS:
            self.assertAccessError(
                self.call_kw, "oms.channel", "read", [self.channel.id], [secret]
            )
            self.assertAccessError(
                self.call_kw,
                "oms.channel",
                "web_search_read",
                [(secret, "!=", False)],
                {"name": {}},
            )


@tagged("post_install", "-at_install")
class TestInventoryUserRole(RolesCase):
    """An Inventory user without OMS group ships like any other delivery."""

    def test_inventory_user_opens_a_marketplace_picking(self):
        sale = self.marketplace_sale()
        picking = sale.picking_ids
        self.login(self.inventory_user)
        menus = self.menus()
        self.assertNotIn("oms_base.menu_oms_root", menus)
        action = self.open_menu("stock.menu_stock_root")
        self.assertEqual(action["res_model"], "stock.picking.type")
        action = self.load_action("stock.action_picking_tree_all")
        records, views = self.open_list(action)
        self.assertIn(picking.id, [r["id"] for r in records])
        self.assertFalse(PICKING_ACTIONS & views["list"].toolbar_actions())
        search = etree_fields(views["search"])
        self.assertNotIn("oms_channel_id", search)
        values, view = self.open_action_form(action, picking.id)
        self.assertEqual(values["name"], picking.name)
        self.assertEqual(values["oms_channel_id"]["display_name"], "Test Shop TH")
        buttons = oms_buttons(self.env, "stock.picking")
        self.assertTrue({"action_oms_pack", "action_oms_print_labels"} <= buttons)
        self.assertFalse(buttons & set(view.buttons()))
        self.assertFalse(PICKING_ACTIONS & view.toolbar_actions())
        assert_shop_not_linked(self, view)
        # their job: validate the delivery
        self.click("stock.picking", "button_validate", picking.ids)
        self.assertEqual(picking.state, "done")


def oms_buttons(env, model):
    """The object buttons the OMS modules (base and connectors) add to the
    views of ``model``."""
    views = env["ir.ui.view"].search([("model", "=", model)])
    xmlids = views._get_external_ids()
    names = set()
    for view in views:
        if any(xmlid.startswith("oms_") for xmlid in xmlids.get(view.id, [])):
            names |= {
                button.get("name")
                for button in etree.fromstring(view.arch_db).iter("button")
                if button.get("type") == "object"
            }
    return names


def etree_fields(view):
    return {node.get("name") for node in view.root.iter("field")}


def assert_shop_not_linked(case, view):
    """The shop is named, not a link to a form its reader may not open."""
    (node,) = view.root.xpath("//field[@name='oms_channel_id'][not(@invisible)]")
    case.assertIn("no_open", node.get("options", ""))


@tagged("post_install", "-at_install")
class TestSalespersonRole(RolesCase):
    """A Sales user (all documents) without OMS group reads marketplace
    orders in the Sales app, without the marketplace's buttons."""

    def test_salesperson_opens_a_marketplace_order(self):
        sale = self.marketplace_sale()
        self.login(self.salesperson)
        self.assertNotIn("oms_base.menu_oms_root", self.menus())
        action = self.open_menu("sale.menu_sale_order")
        records, views = self.open_list(action)
        self.assertIn(sale.id, [r["id"] for r in records])
        self.assertNotIn("Reprocess Marketplace Order", views["list"].toolbar_actions())
        self.assertNotIn("oms_channel_id", etree_fields(views["search"]))
        values, view = self.open_action_form(action, sale.id)
        self.assertEqual(values["oms_external_id"], "ORD-1")
        buttons = oms_buttons(self.env, "sale.order")
        self.assertTrue({"action_oms_cancel", "action_oms_reprocess"} <= buttons)
        self.assertFalse(buttons & set(view.buttons()))
        self.assertNotIn("action_cancel", view.buttons(values))
        assert_shop_not_linked(self, view)


@tagged("post_install", "-at_install")
class TestManagerRole(RolesCase):
    """OMS Manager: shop configuration, replays, jobs."""

    def test_manager_configures_a_shop(self):
        self.login(self.manager)
        action = self.open_menu("oms_base.menu_oms_config_shops")
        records, _views = self.open_list(action)
        self.assertIn(self.channel.id, [r["id"] for r in records])
        values, view = self.open_action_form(action, self.channel.id)
        self.assertEqual(values["access_token"], "secret-access")
        # no connector, no finance to fetch (see the connectors' role tests)
        self.assertNotIn("action_sync_finance", view.buttons(values))
        self.assertIn("action_test_connection", view.buttons(values))
        saved = self.save("oms.channel", self.channel.id, {"stock_buffer": 3}, view)
        self.assertEqual(saved["stock_buffer"], 3)
        self.assertEqual(self.channel.stock_buffer, 3)

    def test_manager_replays_a_failed_event_and_opens_jobs(self):
        event = self.env["oms.event"]._store(
            [{"channel_id": self.channel.id, "kind": "order", "payload": {}}]
        )
        event.write({"state": "failed", "error": "Boom"})
        self.login(self.manager)
        action = self.open_menu("oms_base.menu_oms_events")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], event.ids, "failed ones")
        values, view = self.open_action_form(action, event.id)
        self.assertEqual(values["error"], "Boom")
        self.assertIn("action_replay", view.buttons(values))
        self.click("oms.event", "action_replay", event.ids)
        self.assertEqual(event.state, "new")
        job = self.env["queue.job"].search(
            [("channel", "=", self.channel.job_channel_name)]
        )
        self.assertEqual(job.method_name, "_oms_process_events")
        self.assertEqual(job.oms_requested_by_id, self.manager)
        job.write({"state": "failed", "exc_info": "Traceback", "exc_message": "x"})
        action = self.open_menu("oms_base.menu_oms_config_jobs")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], job.ids)
        values, _view = self.open_action_form(action, job.id)
        self.assertEqual(values["oms_requested_by_id"]["id"], self.manager.id)
        self.assertEqual(values["state"], "failed")


@tagged("post_install", "-at_install")
class TestAccountantRole(WebClientMixin, AccountTestInvoicingCommon, HttpCase):
    """Invoicing user without OMS group: settlements from the Invoicing app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test's admin creates the shop, as an OMS manager does
        cls.env.user.groups_id |= cls.env.ref("oms_base.group_oms_manager")
        company = cls.env.company
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        product = cls.env["product.product"].create(
            {
                "name": "Item RL",
                "default_code": "RL-A",
                "is_storable": True,
                "invoice_policy": "order",
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 10
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Role shop",
                "state": "connected",
                "warehouse_ids": [(6, 0, warehouse.ids)],
            }
        )
        cls.env["oms.product.binding"].create(
            {
                "channel_id": cls.channel.id,
                "product_id": product.id,
                "seller_sku": "RL-A",
                "external_id": "RL-A",
            }
        )
        cls.accountant = new_test_user(
            cls.env,
            login="role_accountant",
            groups=ACCOUNTANT,
            company_id=company.id,
            company_ids=company.ids,
        )

    def test_accountant_posts_settlements_from_invoicing(self):
        currency = self.env.company.currency_id
        self.env["oms.order.importer"]._import_orders(
            self.channel,
            [
                normalized.Order(
                    external_id="RL-1",
                    status=normalized.TO_SHIP,
                    currency=currency.name,
                    buyer=normalized.Buyer(external_id="b-rl", name="Buyer RL"),
                    lines=[
                        normalized.OrderLine(
                            external_id="RL-1-1", sku="RL-A", quantity=2, unit_price=10
                        )
                    ],
                )
            ],
        )
        order = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.channel.id)]
        )
        lines = [("sale", 20.0), ("commission", -1.0)]
        settlement = self.env["oms.settlement"]._import_settlement(
            self.channel,
            statement(
                "RL-STMT",
                [("RL-1", kind, amount) for kind, amount in lines],
                19.0,
                currency=currency.name,
            ),
        )
        self.assertEqual(settlement.state, "draft")
        self.authenticate("role_accountant", "role_accountant")
        menus = self.menus()
        self.assertIn("account.menu_finance", menus)
        self.assertNotIn("oms_base.menu_oms_root", menus)
        action = self.open_menu("oms_base.menu_account_oms_settlements")
        records, _views = self.open_list(action)
        self.assertEqual([r["id"] for r in records], settlement.ids)
        self.assertEqual(records[0]["channel_id"]["display_name"], "Role shop")
        values, view = self.open_action_form(action, settlement.id)
        self.assertIn("action_post", view.buttons(values))
        result = self.click("oms.settlement", "action_post", settlement.ids)
        self.assertEqual(result["params"]["type"], "success", result)
        self.assertEqual(settlement.state, "reconciled")
        self.assertEqual(order.invoice_ids.payment_state, "paid")
        values, view = self.open_action_form(action, settlement.id)
        items = values["move_line_ids"]
        self.assertEqual(
            {item["id"] for item in items}, set(settlement.move_id.line_ids.ids)
        )
        self.assertAlmostEqual(
            sum(item["debit"] for item in items), sum(item["credit"] for item in items)
        )
        move_action = self.click("oms.settlement", "action_open_move", settlement.ids)
        values, _view = self.open_form("account.move", move_action["res_id"])
        self.assertEqual(values["state"], "posted")
        # the shop, as the settlement's link opens it: its accounting only
        values, view = self.open_form("oms.channel", self.channel.id)
        self.assertEqual(
            values["oms_settlement_journal_id"]["id"],
            self.channel.oms_settlement_journal_id.id,
        )
        self.assertNotIn("action_view_bindings", view.buttons(values))
        self.assertEqual(view.root.get("edit"), "False")
        self.assertAccessError(
            self.save, "oms.channel", self.channel.id, {"stock_buffer": 7}, view
        )
