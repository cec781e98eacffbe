import base64
import copy
import io
import json
from datetime import timedelta

from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.exceptions import OmsAwaitingAuthorization
from odoo.addons.oms_base.tests.fulfilment import failures_since, lose_fulfilment
from odoo.addons.queue_job.exception import RetryableJobError

from .common import LazadaSandboxMixin


@tagged("post_install", "-at_install")
class TestLazadaConnect(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()

    def test_connected_with_tokens_and_seller(self):
        shop = self.shop.sudo()
        self.assertEqual(shop.state, "connected")
        self.assertTrue(shop.access_token)
        self.assertTrue(shop.refresh_token)
        self.assertGreater(shop.token_expires_at, fields.Datetime.now())
        self.assertTrue(shop.lazada_seller_id)
        self.assertIn("Connected to", self.shop._oms_test_connection())

    def test_code_cannot_be_reused(self):
        code = self.connect_shop()
        with self.assertRaises(Exception) as caught:
            self.shop._oms_exchange_code(code)
        self.assertIn("InvalidCode", str(caught.exception))

    def test_expired_token_is_refreshed_transparently(self):
        old_token = self.shop.sudo().access_token
        self.sandbox.expire_access_token(old_token)
        message = self.shop._oms_call("_oms_test_connection")
        self.assertIn("Connected to", message)
        self.assertNotEqual(self.shop.sudo().access_token, old_token)
        self.assertEqual(self.shop.state, "connected")

    def test_token_refreshed_before_expiry(self):
        old_token = self.shop.sudo().access_token
        self.shop.token_expires_at = fields.Datetime.now() + timedelta(minutes=5)
        self.shop._oms_call("_oms_test_connection")
        self.assertNotEqual(self.shop.sudo().access_token, old_token)
        self.assertGreater(
            self.shop.token_expires_at, fields.Datetime.now() + timedelta(days=1)
        )

    def test_lost_authorization_parks_the_shop(self):
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        self.shop.sudo().refresh_token = "revoked-refresh-token"
        result = self.shop._oms_sync_orders()
        self.assertIn("Waiting for a new authorization", result)
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertIn("IllegalAccessToken", self.shop.state_reason)
        self.assertFalse(self.shop.order_sync_cursor, "the pull did not happen")
        activity = self.env.ref("oms_base.mail_activity_oms_attention")
        self.assertIn(activity, self.shop.activity_ids.activity_type_id)
        # further jobs wait instead of calling Lazada in a loop
        calls = self.sandbox.call_count()
        with self.assertRaises(OmsAwaitingAuthorization):
            self.shop._oms_call("_oms_test_connection")
        with self.assertRaises(RetryableJobError) as waiting:
            self.shop._oms_sync_orders()
        self.assertTrue(waiting.exception.ignore_retry)
        self.assertEqual(self.sandbox.call_count(), calls)
        # re-authorizing reconnects the shop and queues the missed pull
        self.connect_shop()
        self.assertEqual(self.shop.state, "connected")
        jobs = self.env["queue.job"].search(
            [
                ("model_name", "=", "oms.channel"),
                ("method_name", "=", "_oms_sync_orders"),
            ]
        )
        self.assertTrue(jobs.filtered(lambda j: self.shop in j.records))


@tagged("post_install", "-at_install")
class TestLazadaListingsAndStock(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = [f"LZ-SKU-{i:03d}" for i in range(120)]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=10.0, quantity=1)
        cls.sandbox.add_product("NOT-IN-ODOO", price=5.0, quantity=3)
        cls.products = cls.make_products(cls.skus, quantity=30)
        cls.env.cr.precommit.clear()

    def test_import_listings_binds_by_seller_sku(self):
        result = self.shop._oms_import_listings()
        bindings = self.shop.binding_ids
        self.assertEqual(len(bindings), 121)
        self.assertIn("1 without a product", result)
        bound = bindings.filtered("product_id")
        self.assertEqual(set(bound.mapped("seller_sku")), set(self.skus))
        for binding in bound[:5]:
            self.assertEqual(binding.product_id.default_code, binding.seller_sku)
        # importing again updates, never duplicates
        self.shop._oms_import_listings()
        self.assertEqual(len(self.shop.binding_ids), 121)

    def test_stock_push_batches_and_skips_unchanged(self):
        self.shop.write({"stock_buffer": 2, "stock_percentage": 50})
        self.shop._oms_import_listings()
        path = "/product/stock/sellable/update"
        before = self.api_calls(path)
        result = self.shop._oms_push_stock()
        # 120 bound SKUs, at most 50 per call: 3 calls
        self.assertEqual(self.api_calls(path) - before, 3)
        self.assertIn("120 pushed", result)
        # (30 free - 2 buffer) * 50% = 14 on Lazada
        self.assertEqual(self.sandbox.sellable_quantity(self.skus[0]), 14)
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == self.skus[0])
        self.assertEqual(binding.last_pushed_qty, 14)
        self.assertEqual(binding.sync_state, "synced")
        # nothing changed: no call at all
        self.shop.binding_ids.stock_dirty = True
        before = self.api_calls(path)
        result = self.shop._oms_push_stock()
        self.assertEqual(self.api_calls(path), before)
        self.assertIn("120 unchanged", result)
        # one product moves: one call with one SKU
        location = self.warehouse.lot_stock_id
        self.env["stock.quant"]._update_available_quantity(
            self.products[0], location, -10
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.shop._oms_push_stock()
        self.assertEqual(self.api_calls(path) - before, 1)
        self.assertEqual(self.sandbox.sellable_quantity(self.skus[0]), 9)


@tagged("post_install", "-at_install")
class TestLazadaOrders(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["LZ-A", "LZ-B", "LZ-C"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=500)
        cls.products = cls.make_products(cls.skus, quantity=1000)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        self.sandbox.reset_orders()

    def _sales(self):
        return self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])

    def test_pull_paginates_without_duplicates(self):
        order_ids = self.sandbox.generate_orders(230, self.skus, seed=7)
        self.shop._oms_sync_orders()
        sales = self._sales()
        self.assertEqual(len(sales), 230)
        self.assertEqual(
            set(sales.mapped("oms_external_id")), {str(i) for i in order_ids}
        )
        self.assertFalse(sales.filtered("oms_needs_attention"))
        self.assertTrue(all(s.state == "sale" for s in sales))
        events = self.env["oms.event"].search([("channel_id", "=", self.shop.id)])
        self.assertEqual(len(events), 3, "one stored event per pulled page")
        self.assertEqual(set(events.mapped("state")), {"done"})
        # the next pull overlaps the previous window: nothing is doubled
        self.shop._oms_sync_orders()
        self.assertEqual(len(self._sales()), 230)

    def test_cancel_from_odoo_with_lazada_reason(self):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, seed=11)
        self.shop._oms_sync_orders()
        sale = self._sales()
        wizard = (
            self.env["oms.cancel.order"]
            .with_context(default_order_id=sale.id)
            .create({})
        )
        self.assertTrue(wizard.reason_id, "reasons fetched from Lazada")
        reasons = self.env["oms.cancel.reason"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertGreater(len(reasons), 1)
        wizard.action_confirm()
        self.assertEqual(sale.state, "cancel")
        statuses = {item["status"] for item in self.sandbox.orders[order_id]["items"]}
        self.assertEqual(statuses, {"canceled"})

    def test_pack_rts_and_awb_labels(self):
        self.sandbox.generate_orders(2, self.skus, seed=21)
        self.shop._oms_sync_orders()
        pickings = self._sales().picking_ids
        self.assertEqual(len(pickings), 2)
        pickings.action_oms_pack()
        for picking in pickings:
            self.assertEqual(picking.oms_fulfilment_state, "packed")
            self.assertTrue(picking.oms_package_ref.startswith("FP"))
            self.assertTrue(picking.carrier_tracking_ref)
            self.assertTrue(picking.oms_shipment_provider)
        pickings.action_oms_ready_to_ship()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"ready"})
        action = pickings.action_oms_print_labels()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0])
        )
        reader = PdfFileReader(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertGreaterEqual(reader.getNumPages(), 2)
        self.assertTrue(all(pickings.mapped("oms_label_id")))

    def test_pack_done_on_lazada_but_lost_in_odoo_is_taken_back(self):
        self.sandbox.generate_orders(2, self.skus, seed=23)
        self.shop._oms_sync_orders()
        pickings = self._sales().picking_ids
        pickings.action_oms_pack()
        made = {p.id: (p.oms_package_ref, p.carrier_tracking_ref) for p in pickings}
        # the job's transaction after Lazada packed is lost, the job retried
        notes = lose_fulfilment(pickings, "oms_package_ref", "carrier_tracking_ref")
        pickings.action_oms_pack()
        for picking in pickings:
            self.assertEqual(
                (picking.oms_package_ref, picking.carrier_tracking_ref),
                made[picking.id],
            )
            self.assertEqual(picking.oms_fulfilment_state, "packed")
            self.assertTrue(picking.oms_shipment_provider)
        self.assertFalse(failures_since(pickings, notes, "Packing failed"))
        self.assertEqual(len(self.sandbox.packages), 2, "no second package")
        # the same for ready to ship
        pickings.action_oms_ready_to_ship()
        pickings.oms_fulfilment_state = "packed"
        notes = pickings.message_ids
        pickings.action_oms_ready_to_ship()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"ready"})
        self.assertFalse(failures_since(pickings, notes))

    def test_items_packed_in_two_packages_make_two_deliveries(self):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, units=2, seed=41)
        self.shop._oms_sync_orders()
        sale = self._sales()
        self.assertEqual(len(sale.picking_ids), 1)
        first, second = (
            str(item["order_item_id"])
            for item in self.sandbox.orders[order_id]["items"]
        )
        # the seller packs each item in its own parcel in the Seller Center
        packages = {
            self.sandbox.pack_items(order_id, [first]): first,
            self.sandbox.pack_items(order_id, [second]): second,
        }
        self.shop._oms_import_payload(self.shop._oms_fetch_order(str(order_id)))
        pickings = sale.picking_ids
        self.assertEqual(len(pickings), 2, "one delivery per package")
        self.assertEqual(set(pickings.mapped("oms_package_ref")), set(packages))
        for picking in pickings:
            package = self.sandbox.packages[picking.oms_package_ref]
            self.assertEqual(picking.carrier_tracking_ref, package["tracking_number"])
            self.assertEqual(
                picking.oms_shipment_provider, package["shipment_provider"]
            )
            self.assertEqual(
                picking.move_ids.sale_line_id.mapped("oms_external_id"),
                [packages[picking.oms_package_ref]],
            )

    def test_buyer_cancel_status_applied(self):
        (order_id,) = self.sandbox.generate_orders(1, self.skus, seed=31)
        self.shop._oms_sync_orders()
        sale = self._sales()
        self.assertEqual(sale.state, "sale")
        self.sandbox.set_order_status(order_id, "canceled", reason="Change of mind")
        payload = self.shop._oms_fetch_order(str(order_id))
        self.shop._oms_import_payload(payload)
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, "cancelled")
        self.assertIn("Change of mind", sale.oms_cancel_reason)
        # the stored payload round-trips through JSON, as events store it
        self.assertEqual(json.loads(json.dumps(payload)), payload)


@tagged("post_install", "-at_install")
class TestLazadaReturns(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("RET-SKU", price=15.0, quantity=10)
        cls.make_products(["RET-SKU"], quantity=10)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def test_reverse_orders_and_reasons_stored(self):
        self.sandbox.reset_orders()
        (order_id,) = self.sandbox.generate_orders(1, ["RET-SKU"], seed=9)
        self.sandbox.set_order_status(order_id, "delivered")
        self.sandbox.set_order_status(order_id, "returned", reason="Damaged item")
        result = self.shop._oms_sync_returns()
        self.assertIn("1 return(s) stored", result)
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        self.assertEqual(event.state, "done")
        payload = event._get_payload()
        self.assertEqual(payload["order_external_id"], str(order_id))
        self.assertEqual(payload["state"], "requested")
        self.assertEqual(payload["buyer_note"], "Damaged item")
        self.assertTrue(payload["extra"]["reasons"], "refusal reasons fetched")
        self.assertEqual(
            str(payload["raw"]["trade_order_id"]), str(order_id), "raw kept"
        )
        # fetching again stores nothing new
        self.shop.returns_sync_cursor = False
        self.shop._oms_sync_returns()
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "return")]
        )
        self.assertEqual(len(events.filtered(lambda e: e.state != "ignored")), 1)


@tagged("post_install", "-at_install")
class TestLazadaFinance(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.sandbox.add_product("FIN-SKU", price=20.0, quantity=50)
        cls.make_products(["FIN-SKU"], quantity=50)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def test_transactions_stored_per_statement(self):
        self.sandbox.reset_orders()
        order_ids = self.sandbox.generate_orders(3, ["FIN-SKU"], seed=5)
        self.shop._oms_sync_orders()
        for order_id in order_ids:
            self.sandbox.set_order_status(order_id, "delivered")
        today = fields.Date.context_today(self.shop)
        result = self.shop._oms_sync_finance(str(today - timedelta(days=7)), str(today))
        self.assertIn("1 new", result)
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "finance")]
        )
        self.assertEqual(event.state, "done")
        statement = event._get_payload()
        self.assertEqual(statement["currency"], "SGD")
        kinds = {line["kind"] for line in statement["lines"]}
        self.assertTrue(
            {"sale", "commission", "payment_fee", "shipping_seller"} <= kinds
        )
        for order_id in order_ids:
            lines = [
                line
                for line in statement["lines"]
                if line["external_order_ref"] == str(order_id)
            ]
            self.assertAlmostEqual(
                round(sum(line["amount"] for line in lines), 2),
                self.sandbox.payout(order_id),
            )
        self.assertAlmostEqual(
            statement["payout_amount"],
            round(sum(self.sandbox.payout(o) for o in order_ids), 2),
        )
        # the statement became a settlement matched to the Odoo orders...
        settlement = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(len(settlement), 1)
        self.assertEqual(
            set(settlement.line_ids.sale_order_id.mapped("oms_external_id")),
            {str(o) for o in order_ids},
        )
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        # ...that posts and pays the orders' invoices
        if self.env.company.chart_template:
            settlement.action_post()
            self.assertEqual(settlement.state, "reconciled")
            invoices = settlement.line_ids.sale_order_id.invoice_ids
            self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        # fetching the same period again stores no new statement
        self.shop._oms_sync_finance(str(today - timedelta(days=7)), str(today))
        events = self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id), ("kind", "=", "finance")]
        )
        self.assertEqual(len(events.filtered(lambda e: e.state != "ignored")), 1)

    def test_one_buyer_two_orders_settled(self):
        self.sandbox.reset_orders()
        first, second = self.sandbox.generate_orders(2, ["FIN-SKU"], seed=7)
        # the same buyer orders twice in the week
        buyer_order, repeat = self.sandbox.orders[first], self.sandbox.orders[second]
        for key in ("customer_first_name", "customer_last_name", "address_shipping"):
            repeat[key] = copy.deepcopy(buyer_order[key])
        for item in repeat["items"]:
            item["buyer_id"] = buyer_order["items"][0]["buyer_id"]
        self.shop._oms_sync_orders()
        sales = self.env["sale.order"].search([("oms_channel_id", "=", self.shop.id)])
        self.assertEqual(len(sales), 2)
        buyer = sales.partner_id
        self.assertEqual(len(buyer), 1)
        for order_id in (first, second):
            self.sandbox.set_order_status(order_id, "delivered")
        today = fields.Date.context_today(self.shop)
        self.shop._oms_sync_finance(str(today - timedelta(days=7)), str(today))
        settlement = self.env["oms.settlement"].search(
            [("channel_id", "=", self.shop.id)]
        )
        self.assertEqual(settlement.line_ids.sale_order_id, sales)
        settlement.action_post()
        self.assertEqual(settlement.state, "reconciled")
        self.assertFalse(
            settlement.discrepancy_count, settlement.line_ids.mapped("discrepancy")
        )
        invoices = sales.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(len(invoices), 2, "one invoice per marketplace order")
        self.assertEqual(set(invoices.mapped("payment_state")), {"paid"})
        self.assertFalse(
            settlement.move_id.line_ids.filtered(
                lambda li: li.name.startswith("Difference")
            )
        )
        receivable = self.env["account.move.line"].search(
            [
                ("partner_id", "=", buyer.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertTrue(receivable)
        self.assertAlmostEqual(sum(receivable.mapped("balance")), 0.0, places=2)
