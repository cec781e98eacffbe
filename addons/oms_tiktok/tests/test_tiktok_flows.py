import base64
import json
import time

from oms_api_common import errors as api_errors

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.fulfilment import failures_since, lose_fulfilment
from odoo.addons.oms_base.tests.views import shown
from odoo.addons.queue_job.exception import RetryableJobError

from ..tiktok_api import const, signing
from .common import APP_KEY, APP_SECRET, TikTokSandboxMixin

SKUS = ["TT-RED", "TT-BLUE"]


@tagged("post_install", "-at_install")
class TestTikTokFlows(TikTokSandboxMixin, HttpCase):
    """Orders, holds, webhooks, stock, cancellations and shipping against
    the sandbox over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.make_products(SKUS, quantity=40)

    def setUp(self):
        super().setUp()
        self.product_id = self.list_skus(SKUS, stock=30)
        self.shop._oms_import_listings()

    def webhook_path(self):
        return f"/oms/webhook/tiktok/{self.shop.id}"

    def post_webhook(self, message, secret=APP_SECRET):
        body = json.dumps(message).encode()
        headers = {
            "Authorization": signing.sign_webhook(secret, APP_KEY, body),
            "Content-Type": "application/json",
        }
        self.env.flush_all()
        return self.url_open(self.webhook_path(), data=body, headers=headers)

    def events(self):
        return self.env["oms.event"].search([("channel_id", "=", self.shop.id)])

    # Orders -----------------------------------------------------------------

    def test_order_maps_lines_per_unit_and_packages_by_line_ids(self):
        ref = self.sandbox.place_order([("TT-RED", 2), ("TT-BLUE", 1)])
        self.pull()
        sale = self.sales([ref])
        self.assertEqual(sale.state, "sale")
        raw = self.sandbox.order(ref)
        self.assertEqual(
            sorted(
                sale.order_line.filtered("oms_external_id").mapped("oms_external_id")
            ),
            sorted(item["id"] for item in raw["line_items"]),
        )
        self.assertEqual(sale.oms_platform_status, const.AWAITING_SHIPMENT)
        picking = sale.picking_ids
        self.assertEqual(picking.oms_package_ref, raw["line_items"][0]["package_id"])
        self.assertEqual(sale.amount_total, float(raw["payment"]["total_amount"]))

    def test_on_hold_order_waits_out_of_the_warehouse(self):
        self.sandbox.shop.on_hold_seconds = 3600
        ref = self.sandbox.place_order([("TT-RED", 1)])
        self.pull()
        sale = self.sales([ref])
        self.assertEqual(sale.oms_platform_status, const.ON_HOLD)
        # paid: confirmed and its stock reserved, but held from the warehouse
        self.assertEqual(sale.oms_status, "to_ship")
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.picking_ids.move_ids.state, "assigned")
        self.assertIn("ON_HOLD", sale.oms_hold_reason)
        self.assertEqual(sale.oms_hold_source, "platform")
        # webhooks are duplicated and reordered; the hold ends
        self.sandbox.configure_push(f"{self.base_url()}{self.webhook_path()}")
        self.env.flush_all()
        self.sandbox.release_hold(ref)
        self.sandbox.flush_pushes(duplicates=2, shuffle=True, seed=3)
        self.run_jobs()
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.oms_platform_status, const.AWAITING_SHIPMENT)
        self.assertEqual(sale.picking_ids.move_ids.state, "assigned")
        self.assertFalse(sale.oms_hold_reason, "released to the warehouse")
        self.assertEqual(len(sale.picking_ids), 1)

    def test_unknown_sku_and_malformed_order_lose_nothing(self):
        self.sandbox.add_product(
            "Unbound", [{"seller_sku": "TT-NOPE", "price": "9.00", "stock": 5}]
        )
        ref = self.sandbox.place_order([("TT-NOPE", 1)])
        self.pull()
        sale = self.sales([ref])
        self.assertTrue(sale.oms_needs_attention, "kept and flagged")
        self.assertEqual(sale.state, "draft")
        # an order without status is refused with a clear error, kept
        with self.assertRaisesRegex(ValueError, "without id or status"):
            self.shop._oms_map_orders({"orders": [{"id": "1"}]})

    # Webhooks ---------------------------------------------------------------

    def order_message(self, ref, shop_id=None, stamp=None):
        now = int(stamp or time.time())
        return {
            "type": const.WEBHOOK_ORDER_STATUS_CHANGE,
            "tts_notification_id": f"n-{ref}-{now}",
            "shop_id": shop_id or self.sandbox.shop.id,
            "timestamp": now,
            "data": {
                "order_id": ref,
                "order_status": "AWAITING_SHIPMENT",
                "update_time": now,
            },
        }

    def test_webhooks_forged_stale_duplicate_other_shop(self):
        ref = self.sandbox.place_order([("TT-RED", 1)])
        forged = self.post_webhook(self.order_message(ref), secret="wrong")
        self.assertEqual(forged.status_code, 401)
        stale = self.post_webhook(
            self.order_message(ref, stamp=time.time() - 3 * 86400)
        )
        self.assertEqual(stale.status_code, 200)
        self.assertEqual(set(self.events().mapped("state")), {"refused"})
        message = self.order_message(ref)
        self.assertEqual(self.post_webhook(message).status_code, 200)
        self.assertEqual(self.post_webhook(message).status_code, 200)
        self.run_jobs()
        self.assertEqual(len(self.sales([ref])), 1)
        first, second = self.events().filtered(lambda e: e.kind == "order")
        self.assertEqual({first.state, second.state}, {"done", "ignored"})
        # a shop of another seller's app: refused, not processed
        unknown = self.post_webhook(self.order_message(ref, shop_id="123"))
        self.assertEqual(unknown.status_code, 200)
        refused = self.events().filtered(lambda e: "123" in (e.error or ""))
        self.assertEqual(refused.state, "refused")
        malformed = self.post_webhook({"type": "x"})
        self.assertEqual(malformed.status_code, 200)
        self.assertIn("failed", self.events().mapped("state"))

    def test_webhook_for_the_sellers_other_shop_goes_to_it(self):
        self.shop.tiktok_shop_ids.filtered(
            lambda s: not s.selected
        ).action_create_channel()
        other = self.env["oms.channel"].search(
            [("external_shop_id", "=", self.sandbox.shops[1].id)]
        )
        self.sandbox.add_product(
            "Other",
            [{"seller_sku": "TT-RED", "price": "5.00", "stock": 3}],
            shop=self.sandbox.shops[1].id,
        )
        ref = self.sandbox.place_order([("TT-RED", 1)], shop=self.sandbox.shops[1].id)
        self.post_webhook(self.order_message(ref, shop_id=self.sandbox.shops[1].id))
        self.run_jobs()
        self.assertEqual(
            self.env["sale.order"]
            .search([("oms_external_id", "=", str(ref))])
            .oms_channel_id,
            other,
        )

    def test_deauthorization_and_expiry_webhooks(self):
        self.sandbox.configure_push(f"{self.base_url()}{self.webhook_path()}")
        self.sandbox.notify_authorization_expiry(days=10)
        self.env.flush_all()
        self.sandbox.flush_pushes()
        self.run_jobs()
        self.assertIn("ends soon", " ".join(self.shop.activity_ids.mapped("summary")))
        self.assertEqual(self.shop.state, "connected")
        self.sandbox.deauthorize()
        self.sandbox.flush_pushes()
        self.run_jobs()
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertIn(
            "revoked the authorization on TikTok Shop", self.shop.state_reason
        )

    # Stock ------------------------------------------------------------------

    def test_stock_goes_to_the_linked_tiktok_warehouses(self):
        main, second = self.shop.tiktok_warehouse_ids.sorted(lambda w: not w.is_default)
        other_wh = self.env["stock.warehouse"].create({"name": "KL", "code": "KL"})
        self.env["stock.quant"]._update_available_quantity(
            self.products[0], other_wh.lot_stock_id, 7
        )
        binding = self.shop.binding_ids.filtered(lambda b: b.seller_sku == "TT-RED")
        # the SKU is in both TikTok warehouses on the marketplace
        sku = self.sandbox.shop.find_sku("TT-RED")[1]
        sku["inventory"] = {main.warehouse_ref: 30, second.warehouse_ref: 4}
        self.shop._oms_import_listings()
        main.warehouse_id = self.warehouse
        second.warehouse_id = other_wh
        self.shop.warehouse_ids = self.warehouse | other_wh
        binding.action_push_stock()
        self.run_jobs()
        self.assertEqual(
            self.sandbox.stock("TT-RED"),
            {main.warehouse_ref: 40, second.warehouse_ref: 7},
        )
        self.assertEqual(binding.sync_state, "synced")

    # Cancellation -----------------------------------------------------------

    def cancel_wizard(self, sale, lines=None):
        action = sale.action_oms_cancel()
        wizard = (
            self.env["oms.cancel.order"]
            .with_context(**action["context"])
            .create({"line_ids": [(6, 0, lines.ids)] if lines else []})
        )
        return wizard

    def test_cancel_whole_order_and_lines_with_tiktok_reasons(self):
        ref = self.sandbox.place_order([("TT-RED", 1), ("TT-BLUE", 1)])
        self.pull()
        sale = self.sales([ref])
        wizard = self.cancel_wizard(
            sale, sale.order_line.filtered("oms_external_id")[:1]
        )
        self.assertIn(wizard.reason_id.code, const.SELLER_CANCEL_REASONS_PAID)
        wizard.action_confirm()
        raw = self.sandbox.order(ref)
        self.assertEqual(
            sorted(item["display_status"] for item in raw["line_items"]),
            sorted([const.CANCELLED, const.AWAITING_SHIPMENT]),
        )
        self.pull()
        self.assertEqual(sale.state, "sale")
        self.cancel_wizard(sale).action_confirm()
        self.assertEqual(self.sandbox.order(ref)["status"], const.CANCELLED)
        self.assertEqual(sale.state, "cancel")

    def test_cancellation_racing_shipment_says_why(self):
        ref = self.sandbox.place_order([("TT-RED", 1)])
        self.pull()
        sale = self.sales([ref])
        wizard = self.cancel_wizard(sale)
        self.sandbox.ship_and_deliver(ref)  # shipped meanwhile on TikTok
        with self.assertRaisesRegex(UserError, "TikTok Shop refused.*25001051"):
            wizard.action_confirm()
        self.assertEqual(sale.state, "sale", "nothing changed in Odoo")

    def test_buyer_cancellation_request_approve_and_reject(self):
        first = self.sandbox.place_order([("TT-RED", 1)])
        second = self.sandbox.place_order([("TT-BLUE", 1)])
        self.pull()
        self.sandbox.buyer_cancel(first)
        self.sandbox.buyer_cancel(second)
        self.pull()
        sale_first, sale_second = self.sales([first]), self.sales([second])
        self.assertTrue(sale_first.tiktok_cancel_requested)
        self.assertTrue(sale_first.oms_needs_attention)
        view = shown(sale_first)
        self.assertTrue(view["button", "action_tiktok_approve_cancellation"])
        sale_first.action_tiktok_approve_cancellation()
        self.assertEqual(sale_first.state, "cancel")
        self.assertFalse(sale_first.oms_needs_attention)
        with self.assertRaisesRegex(UserError, "reason"):
            sale_second.action_tiktok_reject_cancellation()
        sale_second.tiktok_reject_reason = const.CANCEL_REJECT_REASONS[0]
        sale_second.action_tiktok_reject_cancellation()
        self.assertEqual(sale_second.state, "sale")
        self.assertFalse(sale_second.tiktok_cancel_requested)
        self.assertFalse(self.sandbox.order(second)["is_buyer_request_cancel"])

    # Shipping ---------------------------------------------------------------

    def test_ship_and_print_labels_in_bulk(self):
        refs = [self.sandbox.place_order([("TT-RED", 1)]) for _i in range(2)]
        self.pull()
        pickings = self.sales(refs).picking_ids
        pickings.action_oms_pack()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"packed"})
        self.assertTrue(all(pickings.mapped("carrier_tracking_ref")))
        pickings.action_oms_ready_to_ship()
        action = pickings.action_oms_print_labels()
        self.assertEqual(action["type"], "ir.actions.act_url")
        for picking in pickings:
            self.assertTrue(
                base64.b64decode(picking.oms_label_id.datas).startswith(b"%PDF")
            )
        self.assertEqual(
            self.sandbox.order(refs[0])["status"], const.AWAITING_COLLECTION
        )

    def test_shipment_done_on_tiktok_but_lost_in_odoo_is_taken_back(self):
        refs = [self.sandbox.place_order([("TT-RED", 1)]) for _i in range(2)]
        self.pull()
        pickings = self.sales(refs).picking_ids
        pickings.action_oms_pack()
        made = {p.id: p.carrier_tracking_ref for p in pickings}
        # the job's transaction after TikTok shipped is lost, the job retried
        notes = lose_fulfilment(pickings, "carrier_tracking_ref")
        pickings.action_oms_pack()
        for picking in pickings:
            self.assertEqual(picking.carrier_tracking_ref, made[picking.id])
            self.assertTrue(picking.carrier_tracking_ref)
            self.assertEqual(picking.oms_fulfilment_state, "packed")
            self.assertTrue(picking.oms_shipment_provider)
        self.assertFalse(failures_since(pickings, notes))

    def test_package_not_shippable_is_still_refused(self):
        ref = self.sandbox.place_order([("TT-RED", 1)])
        self.pull()
        picking = self.sales([ref]).picking_ids
        self.sandbox.buyer_cancel(ref)  # not in Odoo yet: no pull since
        with self.assertRaisesRegex(UserError, "after-sale request"):
            picking.action_oms_pack()
        self.assertFalse(picking.oms_fulfilment_state)

    # Faults -----------------------------------------------------------------

    def test_rate_limit_and_timeout_are_retried_not_lost(self):
        ref = self.sandbox.place_order([("TT-RED", 1)])
        self.sandbox.faults.rate_limit_burst(50)
        with self.assertRaisesRegex(RetryableJobError, "limits the call rate"):
            self.shop._oms_sync_orders()
        self.assertFalse(self.sales([ref]))
        self.sandbox.faults.reset()
        self.pull()
        self.assertEqual(len(self.sales([ref])), 1)

    def test_timeout_is_transient(self):
        client = self.shop._oms_client().for_shop(self.shop.tiktok_shop_cipher)
        client.timeout = (2, 0.2)
        client.max_retries = 0
        self.sandbox.faults.latency = 0.5
        try:
            with self.assertRaises(api_errors.ApiError) as raised:
                client.get_warehouses()
        finally:
            self.sandbox.faults.latency = 0
        self.assertTrue(raised.exception.transient, "retried later, not dropped")

    def test_expired_token_is_refreshed_on_the_fly(self):
        self.sandbox.expire_access_token(self.shop.sudo().access_token)
        ref = self.sandbox.place_order([("TT-RED", 1)])
        self.pull()
        self.assertEqual(len(self.sales([ref])), 1)
        self.assertEqual(self.shop.state, "connected")
