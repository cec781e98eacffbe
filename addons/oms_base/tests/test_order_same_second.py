"""An order update stamped in the same second as the stored one, against
the TikTok Shop sandbox over real HTTP: applied when it says something new
(here TikTok splits the package), ignored when it repeats; an older one is
never applied."""

import time

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_tiktok.tests.common import TikTokSandboxMixin


@tagged("post_install", "-at_install")
class TestOrderSameSecond(TikTokSandboxMixin, HttpCase):
    listed_skus = ("SS-MUG", "SS-LAMP")

    def setUp(self):
        super().setUp()
        # TikTok stamps every change of this test within one second
        self.second = int(time.time())
        self.sandbox.shop.clock = lambda: self.second
        self.ref = self.sandbox.place_order([("SS-MUG", 1), ("SS-LAMP", 1)])
        self.pull()
        self.sale = self.sales([self.ref])
        self.order = self.sandbox.shop.orders[self.ref]

    def packages(self):
        return {line["package_id"] for line in self.order["lines"]}

    def deliveries(self):
        return self.sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )

    def import_now(self, payload=None):
        payload = payload or self.shop._oms_fetch_order(self.ref)
        return self.shop._oms_import_payload(payload)

    def test_same_second_package_split_is_applied(self):
        before = self.shop._oms_fetch_order(self.ref)
        self.assertEqual(len(self.deliveries()), 1)
        lines = {line["seller_sku"]: [line["id"]] for line in self.order["lines"]}
        self.shop._oms_client().split_order(self.ref, lines)
        self.assertEqual(self.order["update_time"], self.second, "same second")
        self.assertEqual(len(self.packages()), 2)
        result = self.import_now()
        self.assertEqual(result.updated, self.sale.ids)
        self.assertEqual(
            set(self.deliveries().mapped("oms_package_ref")), self.packages()
        )
        self.assertEqual(len(self.deliveries()), 2)
        # the same answer again (poll and push): a duplicate, nothing done
        result = self.import_now()
        self.assertEqual(result.unchanged, self.sale.ids)
        self.assertEqual(len(self.deliveries()), 2)
        # the answer of a second before, late: never applied
        stale = dict(before["orders"][0], update_time=self.second - 1)
        result = self.import_now({"orders": [stale]})
        self.assertEqual(result.unchanged, self.sale.ids)
        self.assertEqual(
            set(self.deliveries().mapped("oms_package_ref")), self.packages()
        )

    def test_same_second_line_cancellation_is_applied(self):
        lamp = self.sale.order_line.filtered(lambda li: li.oms_sku == "SS-LAMP")
        self.shop._oms_client().cancel_order(
            self.ref,
            "seller_cancel_reason_out_of_stock",
            order_line_item_ids=[lamp.oms_external_id],
        )
        self.assertEqual(self.order["update_time"], self.second, "same second")
        result = self.import_now()
        self.assertEqual(result.updated, self.sale.ids)
        self.assertEqual(lamp.product_uom_qty, 0, "the cancelled line leaves")
        self.assertEqual(
            self.deliveries().move_ids.filtered(lambda m: m.product_uom_qty).product_id,
            self.sale.order_line.filtered(lambda li: li.oms_sku == "SS-MUG").product_id,
        )
