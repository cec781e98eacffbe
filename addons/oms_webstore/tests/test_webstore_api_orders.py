from .common import WebstoreHttpCase, order_payload


class TestWebstoreApiOrders(WebstoreHttpCase):
    def test_create_order_confirms_and_reserves(self):
        response = self.api("POST", "/orders", order_payload("W-1"))
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertEqual(body["order_no"], "W-1")
        self.assertEqual(body["status"], "to_ship")
        self.assertFalse(body["needs_attention"])
        sale = self.sale("W-1")
        self.assertEqual(sale.state, "sale")
        self.assertEqual(body["reference"], sale.name)
        self.assertEqual(len(body["parcels"]), 1)
        self.assertEqual(
            sale.picking_ids.move_ids.mapped("product_uom_qty"), [2.0, 1.0]
        )
        event = self.env["oms.event"].search(
            [("channel_id", "=", self.channel.id), ("external_ref", "=", "W-1")]
        )
        self.assertEqual(event.state, "done")
        self.assertEqual(event.direction, "in")

    def test_same_order_again_is_the_same_order(self):
        first = self.api("POST", "/orders", order_payload("W-2"))
        self.assertEqual(first.status_code, 201, first.text)
        # same content, keys in another order: a retry
        payload = order_payload("W-2")
        again = self.api("POST", "/orders", dict(reversed(list(payload.items()))))
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["reference"], first.json()["reference"])
        self.assertEqual(len(self.sale("W-2")), 1)

    def test_same_number_other_content_conflicts(self):
        self.api("POST", "/orders", order_payload("W-3"))
        other = order_payload("W-3", shipping_fee=9.0)
        response = self.api("POST", "/orders", other)
        self.assertError(response, 409, "duplicate_order_no", "order_no")
        self.assertEqual(
            self.sale("W-3").order_line.filtered("is_delivery"),
            self.env["sale.order.line"],
        )

    def test_unknown_sku_is_kept_and_flagged(self):
        payload = order_payload(
            "W-4",
            lines=[{"line_id": "L1", "sku": "NOPE-1", "quantity": 1, "unit_price": 10}],
        )
        response = self.api("POST", "/orders", payload)
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertTrue(body["needs_attention"])
        self.assertIn("NOPE-1", body["attention_reason"])
        self.assertFalse(body["lines"][0]["known_sku"])
        sale = self.sale("W-4")
        self.assertEqual(sale.state, "draft")
        self.assertTrue(sale.oms_needs_attention)

    def test_get_orders_filters_and_pages(self):
        for number in ("P-1", "P-2", "P-3"):
            self.api("POST", "/orders", order_payload(number))
        unpaid = order_payload("P-4", payment={"method": "prepaid", "paid": False})
        self.api("POST", "/orders", unpaid)
        response = self.api("GET", "/orders?status=to_ship&page_size=2")
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["total"], 3)
        self.assertEqual(len(body["items"]), 2)
        second = self.api("GET", "/orders?status=to_ship&page_size=2&page=2").json()
        numbers = {o["order_no"] for o in body["items"] + second["items"]}
        self.assertEqual(numbers, {"P-1", "P-2", "P-3"})
        waiting = self.api("GET", "/orders?status=unpaid").json()
        self.assertEqual([o["order_no"] for o in waiting["items"]], ["P-4"])
        later = self.api("GET", "/orders?updated_since=2999-01-01T00:00:00Z").json()
        self.assertEqual(later["total"], 0)
        one = self.api("GET", "/orders/P-2")
        self.assertEqual(one.json()["order_no"], "P-2")
        self.assertError(self.api("GET", "/orders/NOPE"), 404, "not_found")
        self.assertError(
            self.api("GET", "/orders?status=bogus"), 422, "validation_error"
        )

    def test_cancel_whole_order_releases_stock(self):
        self.api("POST", "/orders", order_payload("C-1"))
        response = self.api("POST", "/orders/C-1/cancel", {"reason": "changed mind"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], "cancelled")
        sale = self.sale("C-1")
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(set(sale.picking_ids.mapped("state")), {"cancel"})
        again = self.api("POST", "/orders/C-1/cancel", {})
        self.assertError(again, 409, "already_cancelled")

    def test_cancel_one_line_and_some_units(self):
        self.api("POST", "/orders", order_payload("C-2"))
        response = self.api(
            "POST",
            "/orders/C-2/cancel",
            {
                "reason": "out of stock",
                "lines": [{"sku": "WS-B"}, {"line_id": "L1", "quantity": 1}],
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["status"], "to_ship")
        quantities = {line["line_id"]: line["quantity"] for line in body["lines"]}
        self.assertEqual(quantities, {"L1": 1.0, "L2": 0.0})
        sale = self.sale("C-2")
        moves = sale.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 1.0)
        unknown = self.api("POST", "/orders/C-2/cancel", {"lines": [{"line_id": "L9"}]})
        self.assertError(unknown, 422, "unknown_line")

    def test_cancel_refused_once_shipped(self):
        self.api("POST", "/orders", order_payload("C-3"))
        picking = self.sale("C-3").picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 0
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.sale("C-3").oms_status, "shipped")
        response = self.api("POST", "/orders/C-3/cancel", {"reason": "late"})
        self.assertError(response, 409, "already_shipped")
        self.assertEqual(self.sale("C-3").state, "sale")
