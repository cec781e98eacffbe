import base64
import io
from datetime import timedelta

from oms_api_common.errors import ApiError
from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.exceptions import OmsAwaitingAuthorization
from odoo.addons.oms_base.tests.fulfilment import failures_since, lose_fulfilment
from odoo.addons.oms_shopee.shopee_api import const
from odoo.addons.queue_job.exception import RetryableJobError

from .common import SHOP_ID, ShopeeSandboxMixin, connect_shop


@tagged("post_install", "-at_install")
class TestShopeeConnect(ShopeeSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def test_connected_with_tokens_and_shop(self):
        shop = self.shop.sudo()
        self.assertEqual(shop.state, "connected")
        self.assertTrue(shop.access_token)
        self.assertTrue(shop.refresh_token)
        self.assertEqual(shop.external_shop_id, str(SHOP_ID))
        self.assertGreater(shop.token_expires_at, fields.Datetime.now())
        self.assertIn("Connected to OMS Sandbox Shop", self.shop._oms_test_connection())

    def test_code_cannot_be_reused(self):
        code, shop_id = connect_shop(self.shop)
        with self.assertRaises(Exception) as caught:
            self.shop._oms_exchange_code(code, shop_id=shop_id)
        self.assertIn("invalid_code", str(caught.exception))

    def test_refresh_token_is_single_use(self):
        old_access = self.shop.sudo().access_token
        old_refresh = self.shop.sudo().refresh_token
        self.shop._oms_refresh_token()
        self.assertNotEqual(self.shop.sudo().access_token, old_access)
        self.assertNotEqual(self.shop.sudo().refresh_token, old_refresh)
        # the new pair works
        self.assertIn("Connected", self.shop._oms_call("_oms_test_connection"))
        # the old refresh token was used up: the shop must be authorized again
        self.shop.sudo().refresh_token = old_refresh
        result = self.shop._oms_refresh_job()
        self.assertIn("Invalid refresh_token", result)
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertIn("Invalid refresh_token", self.shop.state_reason)
        activity = self.env.ref("oms_base.mail_activity_oms_attention")
        self.assertIn(activity, self.shop.activity_ids.activity_type_id)

    def test_expired_access_token_is_refreshed_transparently(self):
        old_token = self.shop.sudo().access_token
        self.sandbox.expire_access_token(old_token)
        self.assertIn("Connected", self.shop._oms_call("_oms_test_connection"))
        self.assertNotEqual(self.shop.sudo().access_token, old_token)
        self.assertEqual(self.shop.state, "connected")

    def test_lost_authorization_parks_the_shop(self):
        self.sandbox.expire_access_token()
        self.sandbox.expire_refresh_token()
        result = self.shop._oms_sync_orders()
        self.assertIn("Waiting for a new authorization", result)
        self.assertEqual(self.shop.state, "auth_expired")
        calls = self.api_calls()
        with self.assertRaises(OmsAwaitingAuthorization):
            self.shop._oms_call("_oms_test_connection")
        # a job waits for the authorization without using up its tries
        with self.assertRaises(RetryableJobError) as waiting:
            self.shop._oms_sync_orders()
        self.assertTrue(waiting.exception.ignore_retry)
        self.assertEqual(self.api_calls(), calls)
        connect_shop(self.shop)
        self.assertEqual(self.shop.state, "connected")


@tagged("post_install", "-at_install")
class TestShopeeListingsAndStock(ShopeeSandboxMixin, TransactionCase):
    skus = [f"TEE-{i:03d}" for i in range(60)]
    item_skus = ["MUG-1", "MUG-2"]
    stock = 30.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def seed_items(self):
        res = super().seed_items()
        self.sandbox.add_item("Not in Odoo", sku="NOT-IN-ODOO", price=5.0, stock=3)
        return res

    def _binding(self, sku):
        return self.shop.binding_ids.filtered(lambda b: b.seller_sku == sku)

    def test_import_binds_models_and_items_by_sku(self):
        result = self.shop._oms_import_listings()
        bindings = self.shop.binding_ids
        self.assertEqual(len(bindings), 63)
        self.assertIn("1 without a product", result)
        tee_item, model = self.sandbox.shop.find_model("TEE-007")
        binding = self._binding("TEE-007")
        self.assertEqual(
            binding.external_id, f"{tee_item['item_id']}:{model['model_id']}"
        )
        self.assertEqual(binding.external_product_id, str(tee_item["item_id"]))
        self.assertEqual(binding.product_id.default_code, "TEE-007")
        self.assertEqual(binding.marketplace_price, 12.0)
        mug_item, _model = self.sandbox.shop.find_model("MUG-1")
        self.assertEqual(self._binding("MUG-1").external_id, f"{mug_item['item_id']}:0")
        self.assertEqual(self._binding("MUG-1").marketplace_quantity, 100)
        self.assertEqual(
            len(
                bindings.filtered(
                    lambda b: b.external_product_id == str(tee_item["item_id"])
                )
            ),
            60,
        )
        # importing again updates, never duplicates
        self.shop._oms_import_listings()
        self.assertEqual(len(self.shop.binding_ids), 63)

    def test_stock_push_batches_per_item_and_skips_unchanged(self):
        self.shop.write({"stock_buffer": 2, "stock_percentage": 50})
        self.shop._oms_import_listings()
        path = const.PATH_UPDATE_STOCK
        before = self.api_calls(path)
        result = self.shop._oms_push_stock()
        # 50 models of the tee, then 10 more tee models and two single items:
        # one item per call and at most 50 models per call.
        self.assertEqual(self.api_calls(path) - before, 4)
        self.assertIn("62 pushed", result)
        # (30 free - 2 buffer) * 50% = 14 on Shopee
        self.assertEqual(self.sandbox.sellable_quantity("TEE-000"), 14)
        self.assertEqual(self.sandbox.sellable_quantity("TEE-059"), 14)
        self.assertEqual(self.sandbox.sellable_quantity("MUG-2"), 14)
        self.assertEqual(self.sandbox.sellable_quantity("NOT-IN-ODOO"), 3)
        binding = self._binding("TEE-000")
        self.assertEqual(binding.last_pushed_qty, 14)
        self.assertEqual(binding.sync_state, "synced")
        # nothing changed: no call at all
        self.shop.binding_ids.stock_dirty = True
        before = self.api_calls(path)
        result = self.shop._oms_push_stock()
        self.assertEqual(self.api_calls(path), before)
        self.assertIn("62 unchanged", result)
        # one product moves: one call for its item
        self.env["stock.quant"]._update_available_quantity(
            self.products[0], self.warehouse.lot_stock_id, -10
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.shop._oms_push_stock()
        self.assertEqual(self.api_calls(path) - before, 1)
        self.assertEqual(self.sandbox.sellable_quantity("TEE-000"), 9)

    def test_refused_model_is_reported_without_failing_the_batch(self):
        self.shop._oms_import_listings()
        tee = self._binding("TEE-000")
        ghost = self.make_products(["GHOST"], quantity=5)
        self.env["oms.product.binding"].create(
            {
                "channel_id": self.shop.id,
                "product_id": ghost.id,
                "seller_sku": "GHOST",
                "external_id": f"{tee.external_product_id}:999",
                "external_product_id": tee.external_product_id,
                "stock_dirty": True,
            }
        )
        result = self.shop._oms_push_stock()
        self.assertIn("62 pushed, 1 failed", result)
        ghost_binding = self._binding("GHOST")
        self.assertEqual(ghost_binding.sync_state, "error")
        self.assertIn("Wrong model_id", ghost_binding.last_error)
        self.assertEqual(self._binding("TEE-001").sync_state, "synced")

    def test_price_push(self):
        self.shop._oms_import_listings()
        products = self.products.filtered(
            lambda p: p.default_code in ("TEE-003", "MUG-1")
        )
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": product.id,
                    "compute_price": "fixed",
                    "fixed_price": 15.5,
                }
                for product in products
            ]
        )
        bindings = self._binding("TEE-003") | self._binding("MUG-1")
        result = self.shop._oms_push_prices(bindings.ids)
        self.assertIn("2 price(s) pushed, 0 refused", result)
        self.assertEqual(self.sandbox.model_price("TEE-003"), 15.5)
        self.assertEqual(self.sandbox.model_price("MUG-1"), 15.5)
        self.assertEqual(self.sandbox.model_price("TEE-004"), 12.0)
        self.assertEqual(bindings.mapped("marketplace_price"), [15.5, 15.5])
        self.assertEqual(set(bindings.mapped("sync_state")), {"synced"})
        self.assertEqual(self.api_calls(const.PATH_UPDATE_PRICE), 2)

    def test_price_push_results_per_binding(self):
        self.shop._oms_import_listings()
        refused, accepted = self._binding("TEE-003"), self._binding("TEE-004")
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": binding.product_id.id,
                    "compute_price": "fixed",
                    "fixed_price": price,
                }
                for binding, price in ((refused, 0.0), (accepted, 14.0))
            ]
        )
        (refused | accepted).write({"sync_state": "error", "last_error": "older"})
        (refused | accepted).action_push_price()
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        job = self.env["queue.job"].search([("uuid", "in", list(outcome))])
        self.assertEqual(job.method_name, "_oms_push_prices")
        self.assertIn("1 price(s) pushed, 1 refused", job.result)
        self.assertEqual(accepted.sync_state, "synced")
        self.assertFalse(accepted.last_error)
        self.assertEqual(self.sandbox.model_price("TEE-004"), 14.0)
        self.assertEqual(refused.sync_state, "error")
        self.assertIn("Invalid price", refused.last_error, "Shopee's reason")
        self.assertEqual(self.sandbox.model_price("TEE-003"), 12.0)

    def test_listing_buttons_call_shopee_and_say_its_refusal(self):
        self.shop._oms_import_listings()
        tee = self._binding("TEE-010").with_user(self.env.ref("base.user_admin"))
        item = self.sandbox.shop.items[int(tee.external_product_id)]
        tee.action_deactivate()
        self.assertEqual(item["item_status"], "UNLIST")
        self.assertEqual(tee.listing_state, "inactive")
        tee.action_activate()
        self.assertEqual(item["item_status"], "NORMAL")
        item["item_status"] = "BANNED"  # Shopee took it down meanwhile
        with self.assertRaisesRegex(UserError, "Shopee refused: Unlist item all"):
            tee.action_deactivate()
        self.assertEqual(tee.listing_state, "active")
        self.assertFalse(self.run_jobs(), "called at once, no job")

    def test_unlist_relist_and_delete(self):
        self.shop._oms_import_listings()
        tee = self._binding("TEE-010")
        item_id = int(tee.external_product_id)
        self.shop._oms_run_listing_hook("_oms_listing_set_active", tee.ids, False)
        self.assertEqual(self.sandbox.shop.items[item_id]["item_status"], "UNLIST")
        tee_bindings = self.shop.binding_ids.filtered(
            lambda b: b.external_product_id == tee.external_product_id
        )
        self.assertEqual(set(tee_bindings.mapped("listing_state")), {"inactive"})
        self.shop._oms_run_listing_hook("_oms_listing_set_active", tee.ids, True)
        self.assertEqual(self.sandbox.shop.items[item_id]["item_status"], "NORMAL")
        mug = self._binding("MUG-1")
        mug_item = int(mug.external_product_id)
        self.shop._oms_run_listing_hook("_oms_listing_delete", mug.ids)
        self.assertEqual(
            self.sandbox.shop.items[mug_item]["item_status"], "SELLER_DELETE"
        )
        self.assertFalse(mug.active)
        self.assertEqual(mug.listing_state, "deleted")


@tagged("post_install", "-at_install")
class TestShopeeOrders(ShopeeSandboxMixin, TransactionCase):
    skus = ["SP-A", "SP-B", "SP-C"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()

    def _sale(self, order_sn):
        return self.sales().filtered(lambda s: s.oms_external_id == order_sn)

    def _one_order(self, seed=11, **kwargs):
        (order_sn,) = self.sandbox.generate_orders(
            1, self.skus, cod_ratio=0, seed=seed, **kwargs
        )
        return order_sn

    def test_pull_across_long_window_paginates_without_duplicates(self):
        now = fields.Datetime.now().timestamp()
        order_sns = self.sandbox.generate_orders(
            230, self.skus, seed=7, created_from=now - 40 * 86400, created_to=now - 60
        )
        self.shop.order_sync_initial_days = 45
        self.shop._oms_sync_orders()
        # 45 days + overlap: four 15-day windows, two pages of 100 in some
        self.assertGreaterEqual(self.api_calls(const.PATH_ORDER_LIST), 4)
        self.assertEqual(self.api_calls(const.PATH_ORDER_DETAIL), 5)
        sales = self.sales()
        self.assertEqual(len(sales), 230)
        self.assertEqual(set(sales.mapped("oms_external_id")), set(order_sns))
        self.assertFalse(sales.filtered("oms_needs_attention"))
        unpaid = sales.filtered(lambda s: s.oms_status == "unpaid")
        self.assertEqual(set(unpaid.mapped("state")), {"draft"} if unpaid else set())
        self.assertEqual(set((sales - unpaid).mapped("state")), {"sale"})
        events = self.env["oms.event"].search([("channel_id", "=", self.shop.id)])
        self.assertEqual(len(events), 5, "one stored event per page of 50 details")
        self.assertEqual(set(events.mapped("state")), {"done"})
        # amounts: what the buyer paid is Shopee's total_amount
        for sale in sales[:20]:
            raw = self.sandbox.order(sale.oms_external_id)
            self.assertAlmostEqual(sale.oms_buyer_total, raw["total_amount"], 2)
            self.assertEqual(
                sale.partner_id.oms_buyer_ref, f"shopee:{raw['buyer_user_id']}"
            )
        # the next pull overlaps the previous window: nothing is doubled
        self.shop._oms_sync_orders()
        self.assertEqual(len(self.sales()), 230)

    def test_lines_discounts_and_packages(self):
        order_sn = self._one_order(seed=13, multi_item_ratio=1)
        self.shop._oms_sync_orders()
        sale = self._sale(order_sn)
        raw = self.sandbox.order(order_sn)
        lines = sale.order_line.filtered("oms_external_id")
        self.assertEqual(len(lines), len(raw["item_list"]))
        for item in raw["item_list"]:
            line = lines.filtered(
                lambda li, i=item: (
                    li.oms_external_id == f"{i['item_id']}:{i['model_id']}"
                )
            )
            self.assertEqual(line.product_uom_qty, item["model_quantity_purchased"])
            self.assertEqual(line.price_unit, item["model_original_price"])
            self.assertEqual(line.oms_binding_id.seller_sku, item["model_sku"])
        self.assertEqual(
            sale.picking_ids.oms_package_ref, raw["package_list"][0]["package_number"]
        )
        self.assertEqual(sale.currency_id.name, "MYR")

    def test_cancel_from_odoo_with_shopee_reason(self):
        order_sn = self._one_order()
        self.shop._oms_sync_orders()
        sale = self._sale(order_sn)
        wizard = (
            self.env["oms.cancel.order"]
            .with_context(default_order_id=sale.id)
            .create({})
        )
        reasons = self.env["oms.cancel.reason"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(
            set(reasons.mapped("code")),
            {"OUT_OF_STOCK", "CUSTOMER_REQUEST", "UNDELIVERABLE_AREA"},
            "COD_NOT_SUPPORTED only for COD orders",
        )
        self.assertEqual(wizard.reason_id.code, "OUT_OF_STOCK")
        wizard.action_confirm()
        self.assertEqual(sale.state, "cancel")
        raw = self.sandbox.order(order_sn)
        self.assertEqual(raw["order_status"], "CANCELLED")
        self.assertEqual(raw["cancel_by"], "seller")

    def test_order_imported_in_cancel_is_flagged(self):
        order_sn = self._one_order(seed=17)
        self.sandbox.set_order_status(order_sn, "IN_CANCEL", reason="Need to change")
        self.shop._oms_sync_orders()
        sale = self._sale(order_sn)
        self.assertEqual(sale.oms_platform_status, "IN_CANCEL")
        self.assertEqual(sale.state, "sale", "still to ship until answered")
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("Buyer requested cancellation", sale.oms_attention_reason)
        self.assertIn("Need to change", sale.oms_attention_reason)

    def _in_cancel_sale(self):
        order_sn = self._one_order(seed=19)
        self.shop._oms_sync_orders()
        sale = self._sale(order_sn)
        self.assertEqual(sale.state, "sale")
        self.sandbox.set_order_status(order_sn, "IN_CANCEL", reason="Change of mind")
        self.shop._oms_import_payload(self.shop._oms_fetch_order(order_sn))
        self.assertEqual(sale.oms_platform_status, "IN_CANCEL")
        self.assertTrue(sale.oms_needs_attention)
        return order_sn, sale

    def test_buyer_cancellation_accepted(self):
        order_sn, sale = self._in_cancel_sale()
        sale.action_shopee_accept_cancellation()
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")
        self.assertEqual(sale.oms_platform_status, "CANCELLED")
        self.assertIn("Change of mind", sale.oms_cancel_reason)
        self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "CANCELLED")

    def test_buyer_cancellation_rejected(self):
        order_sn, sale = self._in_cancel_sale()
        sale.action_shopee_reject_cancellation()
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.oms_status, "to_ship")
        self.assertEqual(sale.oms_platform_status, "READY_TO_SHIP")
        self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(self.sandbox.order(order_sn)["order_status"], "READY_TO_SHIP")
        # answering twice is refused clearly
        with self.assertRaises(UserError):
            sale.action_shopee_reject_cancellation()

    def test_buyer_withdrew_the_request_shopee_refusal_is_a_message(self):
        order_sn, sale = self._in_cancel_sale()
        # the buyer withdrew the request on Shopee since the last pull
        self.sandbox.set_order_status(order_sn, "READY_TO_SHIP")
        with self.assertRaises(UserError) as refused:
            sale.action_shopee_accept_cancellation()
        self.assertNotIsInstance(refused.exception, ApiError)
        message = refused.exception.args[0]
        self.assertIn(
            "Shopee refused: Invalid order_status.The order status should be "
            "IN_CANCEL. (code order.cancel_order_invalid_status",
            message,
        )
        self.assertEqual(sale.state, "sale")

    def test_ship_tracking_and_shipping_documents(self):
        order_sns = self.sandbox.generate_orders(2, self.skus, cod_ratio=0, seed=21)
        self.shop._oms_sync_orders()
        pickings = self.sales().picking_ids
        self.assertEqual(len(pickings), 2)
        pickings.action_oms_pack()
        self.assertEqual(self.api_calls(const.PATH_SHIP_ORDER), 2)
        for picking in pickings:
            self.assertEqual(picking.oms_fulfilment_state, "packed")
            self.assertTrue(picking.oms_package_ref.startswith("OFG"))
            self.assertTrue(picking.oms_shipment_provider)
        for order_sn in order_sns:
            self.assertEqual(self.sandbox.order(order_sn)["order_status"], "PROCESSED")
        # the tracking number appears after a delay: polled, bounded
        pickings.action_oms_ready_to_ship()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"ready"})
        for picking in pickings:
            self.assertTrue(picking.carrier_tracking_ref.startswith("SPXMY"))
        self.assertGreater(self.api_calls(const.PATH_TRACKING_NUMBER), 2)
        # documents: created in bulk, PROCESSING twice, then READY
        action = pickings.action_oms_print_labels()
        self.assertEqual(self.api_calls(const.PATH_CREATE_SHIPPING_DOCUMENT), 1)
        self.assertEqual(self.api_calls(const.PATH_SHIPPING_DOCUMENT_RESULT), 3)
        self.assertEqual(self.api_calls(const.PATH_DOWNLOAD_SHIPPING_DOCUMENT), 2)
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0])
        )
        reader = PdfFileReader(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertGreaterEqual(reader.getNumPages(), 2)
        self.assertTrue(all(pickings.mapped("oms_label_id")))

    def test_shipment_arranged_on_shopee_but_lost_in_odoo_is_taken_back(self):
        self.sandbox.generate_orders(2, self.skus, cod_ratio=0, seed=22)
        self.shop._oms_sync_orders()
        pickings = self.sales().picking_ids
        pickings.action_oms_pack()
        made = {p.id: (p.oms_package_ref, p.oms_shipment_provider) for p in pickings}
        # the job's transaction after Shopee arranged it is lost, the job retried
        notes = lose_fulfilment(pickings, "oms_package_ref")
        pickings.action_oms_pack()
        self.assertEqual(self.api_calls(const.PATH_SHIP_ORDER), 4)
        for picking in pickings:
            self.assertEqual(
                (picking.oms_package_ref, picking.oms_shipment_provider),
                made[picking.id],
            )
            self.assertEqual(picking.oms_fulfilment_state, "packed")
        self.assertFalse(failures_since(pickings, notes))
        pickings.action_oms_ready_to_ship()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"ready"})

    def test_ready_to_ship_before_pack_is_refused(self):
        self._one_order()
        self.shop._oms_sync_orders()
        with self.assertRaises(Exception) as caught:
            self.sales().picking_ids.action_oms_ready_to_ship()
        self.assertIn("Pack", str(caught.exception))


@tagged("post_install", "-at_install")
class TestShopeeReturnsAndFinance(ShopeeSandboxMixin, TransactionCase):
    skus = ["RF-A"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def test_returns_stored(self):
        self.shop._oms_import_listings()
        (order_sn,) = self.sandbox.generate_orders(1, self.skus, cod_ratio=0, seed=9)
        self.sandbox.set_order_status(order_sn, "SHIPPED")
        self.sandbox.set_order_status(order_sn, "TO_RETURN", reason="DAMAGED")
        result = self.shop._oms_sync_returns()
        self.assertIn("1 return(s) stored", result)
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        self.assertEqual(event.state, "done")
        payload = event._get_payload()
        self.assertEqual(payload["order_external_id"], order_sn)
        self.assertEqual(payload["raw"]["order_sn"], order_sn)
        self.assertEqual(payload["state"], "requested")
        self.assertTrue(payload["lines"], "items of the return detail")
        # fetching again stores nothing new
        self.shop.returns_sync_cursor = False
        self.shop._oms_sync_returns()
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        self.assertEqual(len(events.filtered(lambda e: e.state != "ignored")), 1)

    def test_escrow_of_completed_orders_fetched(self):
        order_sns = self.sandbox.generate_orders(3, self.skus, cod_ratio=0, seed=5)
        for order_sn in order_sns:
            self.sandbox.set_order_status(order_sn, "COMPLETED")
        today = fields.Date.context_today(self.shop)
        rows = self.shop._oms_call(
            "_oms_fetch_settlements", today - timedelta(days=7), today
        )
        self.assertEqual({row["order_sn"] for row in rows}, set(order_sns))
        for row in rows:
            self.assertEqual(row["escrow_detail"]["order_sn"], row["order_sn"])
            self.assertIn("order_income", row["escrow_detail"])

    def test_escrow_becomes_a_settlement_that_pays_the_invoices(self):
        self.shop._oms_import_listings()
        order_sns = self.sandbox.generate_orders(
            3, self.skus, cod_ratio=0, voucher_ratio=0, seed=8
        )
        self.shop._oms_sync_orders()
        self.assertEqual(len(self.sales()), 3)
        for order_sn in order_sns:
            self.sandbox.set_order_status(order_sn, "SHIPPED")
            self.sandbox.set_order_status(order_sn, "COMPLETED")
        today = fields.Date.context_today(self.shop)
        result = self.shop._oms_sync_finance(str(today - timedelta(days=7)), str(today))
        self.assertIn("1 new", result)
        settlement = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.currency_id.name, "MYR")
        escrows = self.sandbox.shop.orders
        payouts = [
            self.sandbox.shop.escrow_detail(escrows[sn])["order_income"][
                "escrow_amount"
            ]
            for sn in order_sns
        ]
        self.assertAlmostEqual(settlement.payout_amount, round(sum(payouts), 2))
        self.assertEqual(
            set(settlement.line_ids.sale_order_id.mapped("oms_external_id")),
            set(order_sns),
        )
        kinds = set(settlement.line_ids.mapped("kind"))
        self.assertTrue({"sale", "commission", "payment_fee"} <= kinds, kinds)
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        if self.env.company.chart_template:
            settlement.action_post()
            self.assertEqual(settlement.state, "reconciled")
            invoices = settlement.line_ids.sale_order_id.invoice_ids
            self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        # the same period again adds no settlement and changes no line
        lines = len(settlement.line_ids)
        self.shop._oms_sync_finance(str(today - timedelta(days=7)), str(today))
        self.assertEqual(
            self.env["oms.settlement"].search_count(
                [("channel_id", "=", self.shop.id)]
            ),
            1,
        )
        self.assertEqual(len(settlement.line_ids), lines)


@tagged("post_install", "-at_install")
class TestShopeeScarceStock(ShopeeSandboxMixin, TransactionCase):
    item_skus = ["LAST-1"]
    stock = 1.0  # one unit in the warehouse, plenty on Shopee at first

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def test_cancelled_order_units_are_taken_back_off_sale(self):
        self.shop._oms_import_listings()
        _first, second = self.sandbox.generate_orders(
            2, self.item_skus, cod_ratio=0, multi_item_ratio=0, seed=4
        )
        self.shop._oms_sync_orders()
        self.run_jobs()
        # one unit, reserved by the first order: nothing left to sell
        self.assertEqual(self.sandbox.sellable_quantity("LAST-1"), 0)
        # the buyer of the unreserved second order cancels: Shopee puts its
        # units back on sale, while Odoo still has nothing to sell
        self.sandbox.set_order_status(second, "CANCELLED", reason="Buyer request")
        self.assertGreater(self.sandbox.sellable_quantity("LAST-1"), 0)
        self.shop._oms_sync_orders()
        self.assertEqual(
            self.sales().filtered(lambda s: s.oms_external_id == second).state,
            "cancel",
        )
        self.run_jobs()
        self.assertEqual(self.sandbox.sellable_quantity("LAST-1"), 0)
