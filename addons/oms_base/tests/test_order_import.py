from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import OmsCase


@tagged("post_install", "-at_install")
class TestOrderImport(OmsCase):
    def test_import_creates_confirmed_order_with_amounts(self):
        result = self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.assertEqual(len(result.created), 1)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.oms_status, "to_ship")
        self.assertEqual(sale.warehouse_id, self.warehouse)
        # items 2*10 + 25, shipping 3, seller discount 5 + voucher 2
        self.assertAlmostEqual(sale.amount_total, 45.0 + 3.0 - 7.0)
        # the buyer paid that minus the platform voucher
        self.assertAlmostEqual(sale.oms_buyer_total, 45.0 + 3.0 - 7.0 - 4.0)
        self.assertAlmostEqual(sale.oms_platform_discount, 4.0)
        product_lines = sale.order_line.filtered(lambda li: li.oms_sku)
        self.assertEqual(product_lines.product_id, self.product_a | self.product_b)
        picking = sale.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.state, "assigned", "stock must be reserved")
        self.assertEqual(picking.oms_channel_id, self.channel)

    def test_same_order_twice_is_one_sale_order(self):
        order = self.make_order()
        self.import_orders(order)
        result = self.import_orders(self.make_order())
        self.assertEqual(len(self.find_sale("ORD-1")), 1)
        self.assertEqual(result.unchanged, self.find_sale("ORD-1").ids)
        # the same order twice in one page is one order too
        result = self.import_orders(self.make_order("ORD-2"), self.make_order("ORD-2"))
        self.assertEqual(len(result.created), 1)
        self.assertEqual(len(self.find_sale("ORD-2")), 1)

    def test_unpaid_then_paid_confirms(self):
        self.import_orders(self.make_order(status=normalized.UNPAID))
        sale = self.find_sale("ORD-1")
        self.assertEqual(sale.state, "draft")
        self.assertFalse(sale.picking_ids)
        self.import_orders(self.make_order(status=normalized.TO_SHIP, minutes=5))
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.picking_ids.state, "assigned")

    def test_buyer_cancel_releases_reservation(self):
        free_before = self.product_a.with_context(
            location=self.stock_location.id
        ).free_qty
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        product = self.product_a.with_context(location=self.stock_location.id)
        product.invalidate_recordset(["free_qty"])
        self.assertEqual(product.free_qty, free_before - 2)
        self.import_orders(
            self.make_order(
                status=normalized.CANCELLED,
                minutes=10,
                cancel_reason="Buyer changed mind",
            )
        )
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.picking_ids.state, "cancel")
        self.assertEqual(sale.oms_cancel_reason, "Buyer changed mind")
        product.invalidate_recordset(["free_qty"])
        self.assertEqual(product.free_qty, free_before)

    def test_cancel_after_shipping_needs_attention(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        picking = sale.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(picking.state, "done")
        self.import_orders(self.make_order(status=normalized.CANCELLED, minutes=10))
        self.assertNotEqual(sale.state, "cancel")
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("after it was shipped", sale.oms_attention_reason)

    def test_status_flow_and_stale_messages(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.import_orders(self.make_order(status=normalized.SHIPPED, minutes=30))
        self.assertEqual(sale.oms_status, "shipped")
        self.import_orders(self.make_order(status=normalized.DELIVERED, minutes=60))
        self.assertEqual(sale.oms_status, "delivered")
        # a late push of an older state changes nothing
        result = self.import_orders(
            self.make_order(status=normalized.TO_SHIP, minutes=1)
        )
        self.assertEqual(sale.oms_status, "delivered")
        self.assertEqual(result.unchanged, sale.ids)
        self.import_orders(self.make_order(status=normalized.RETURNED, minutes=90))
        self.assertEqual(sale.oms_status, "returned")
        self.assertIn("delivered → returned", " ".join(sale.message_ids.mapped("body")))

    def test_unknown_sku_flagged_then_reprocessed(self):
        lines = [
            normalized.OrderLine(
                external_id="L1",
                sku="SKU-NEW",
                external_sku_id="9999",
                name="Brand new thing",
                quantity=3,
                unit_price=7.0,
            )
        ]
        result = self.import_orders(self.make_order("ORD-9", lines=lines))
        sale = self.find_sale("ORD-9")
        self.assertTrue(sale, "an unknown SKU must not lose the order")
        self.assertEqual(result.attention, sale.ids)
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("SKU-NEW", sale.oms_attention_reason)
        self.assertEqual(sale.state, "draft", "not confirmed with an unknown product")
        activity_type = self.env.ref("oms_base.mail_activity_oms_attention")
        self.assertIn(activity_type, sale.activity_ids.activity_type_id)
        # reprocessing before the fix keeps it flagged, and says why
        action = sale.action_oms_reprocess()
        self.assertTrue(sale.oms_needs_attention)
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("0 order(s) reprocessed", action["params"]["message"])
        self.assertIn("SKU-NEW", action["params"]["message"])
        # the fix: a product with that SKU is bound
        product = self.env["product.product"].create(
            {"name": "New thing", "default_code": "NEW", "is_storable": True}
        )
        self.env["oms.product.binding"].create(
            {
                "channel_id": self.channel.id,
                "product_id": product.id,
                "seller_sku": "SKU-NEW",
                "external_id": "9999",
            }
        )
        action = sale.action_oms_reprocess()
        self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("1 order(s) reprocessed", action["params"]["message"])
        line = sale.order_line.filtered(lambda li: li.oms_sku == "SKU-NEW")
        self.assertEqual(line.product_id, product)
        self.assertEqual(line.price_unit, 7.0)
        self.assertEqual(line.product_uom_qty, 3)
        self.assertNotIn(activity_type, sale.activity_ids.activity_type_id)

    def test_sku_matched_by_internal_reference_creates_binding(self):
        product = self.env["product.product"].create(
            {"name": "Gadget", "default_code": "GADGET-1", "is_storable": True}
        )
        lines = [
            normalized.OrderLine(
                external_id="L1",
                sku="GADGET-1",
                external_sku_id="777",
                quantity=1,
                unit_price=5.0,
            )
        ]
        self.import_orders(self.make_order("ORD-7", lines=lines))
        sale = self.find_sale("ORD-7")
        self.assertFalse(sale.oms_needs_attention)
        binding = self.env["oms.product.binding"].search(
            [("channel_id", "=", self.channel.id), ("external_id", "=", "777")]
        )
        self.assertEqual(binding.product_id, product)

    def test_order_without_lines_is_kept_and_flagged(self):
        self.import_orders(self.make_order("ORD-EMPTY", lines=[]))
        sale = self.find_sale("ORD-EMPTY")
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("without any line", sale.oms_attention_reason)

    def test_partner_dedup_by_normalized_phone(self):
        self.import_orders(
            self.make_order("ORD-P1", buyer_id="B-1", phone="081 234 5678"),
            self.make_order("ORD-P2", buyer_id="B-2", phone="+66 81 234 5678"),
        )
        other_shop = self.channel.copy({"name": "Second shop"})
        self.import_orders(
            self.make_order("ORD-P3", buyer_id="", phone="66812345678"),
            channel=other_shop,
        )
        partners = (
            self.find_sale("ORD-P1")
            | self.find_sale("ORD-P2")
            | self.find_sale("ORD-P3", channel=other_shop)
        ).partner_id
        self.assertEqual(len(partners), 1)
        self.assertEqual(partners.oms_phone_normalized, "+66812345678")

    def test_partner_matched_by_buyer_id_when_phone_masked(self):
        self.import_orders(
            self.make_order("ORD-M1", buyer_id="B-77", phone="66****5678")
        )
        self.import_orders(
            self.make_order("ORD-M2", buyer_id="B-77", phone="66****5678")
        )
        partners = (self.find_sale("ORD-M1") | self.find_sale("ORD-M2")).partner_id
        self.assertEqual(len(partners), 1)
        self.assertEqual(partners.oms_buyer_ref, "none:B-77")

    def test_new_delivery_address_becomes_child_contact(self):
        self.import_orders(self.make_order("ORD-A1"))
        moved = self.make_order("ORD-A2")
        moved.shipping_address = normalized.Address(
            name="Somchai Jaidee",
            phone="081 234 5678",
            street="1 Silom Rd",
            city="Bangkok",
            zip="10500",
            country_code="TH",
        )
        self.import_orders(moved)
        first, second = self.find_sale("ORD-A1"), self.find_sale("ORD-A2")
        self.assertEqual(first.partner_id, second.partner_id)
        self.assertEqual(second.partner_shipping_id.parent_id, second.partner_id)
        self.assertEqual(second.partner_shipping_id.street, "1 Silom Rd")
        self.assertEqual(second.partner_shipping_id.type, "delivery")

    def test_route_defaults_to_the_shops_first_warehouse(self):
        orders = [self.make_order("ORD-R1"), self.make_order("ORD-R2")]
        routes = self.env["oms.order.importer"]._oms_route(self.channel, orders)
        self.assertEqual(routes, {"ORD-R1": self.warehouse, "ORD-R2": self.warehouse})
        self.import_orders(*orders)
        sales = self.find_sale("ORD-R1") | self.find_sale("ORD-R2")
        self.assertEqual(sales.warehouse_id, self.warehouse)

    def test_warehouse_listed_first_ships_new_orders(self):
        near = self.env["stock.warehouse"].create(
            {"name": "Near WH", "code": "NEAR", "sequence": self.warehouse.sequence - 1}
        )
        self.channel.warehouse_ids = self.warehouse | near
        self.import_orders(self.make_order("ORD-R3"))
        sale = self.find_sale("ORD-R3")
        self.assertEqual(sale.warehouse_id, near)
        self.assertEqual(sale.picking_ids.picking_type_id, near.out_type_id)

    def test_after_import_gets_the_batch_orders(self):
        self.import_orders(self.make_order("ORD-H1"), self.make_order("ORD-H2"))
        # one batch: a new order, a newer state of one, a repeat of another
        result = self.import_orders(
            self.make_order("ORD-H3"),
            self.make_order("ORD-H1", status=normalized.SHIPPED, minutes=5),
            self.make_order("ORD-H2"),
        )
        created, updated = self.find_sale("ORD-H3"), self.find_sale("ORD-H1")
        self.assertEqual(result.sale_orders(self.env), created | updated)
        self.assertEqual(result.unchanged, self.find_sale("ORD-H2").ids)
        # an empty page is a batch too, with no order
        empty = self.import_orders()
        self.assertFalse(empty.sale_orders(self.env))

    def test_packages_written_on_picking(self):
        order = self.make_order()
        order.packages = [
            normalized.Package(
                external_id="FP001", tracking_number="TRK123", carrier="Flash"
            )
        ]
        self.import_orders(order)
        picking = self.find_sale("ORD-1").picking_ids
        self.assertEqual(picking.oms_package_ref, "FP001")
        self.assertEqual(picking.carrier_tracking_ref, "TRK123")
        self.assertEqual(picking.oms_shipment_provider, "Flash")

    def test_two_packages_make_two_deliveries(self):
        order = self.make_order()
        order.packages = [
            normalized.Package(
                external_id="PKG-B",
                tracking_number="TRK-B",
                carrier="Flash",
                line_external_ids=["ORD-1-2"],
            ),
            normalized.Package(
                external_id="PKG-A",
                tracking_number="TRK-A",
                carrier="Kerry",
                line_external_ids=["ORD-1-1"],
            ),
        ]
        self.import_orders(order)
        pickings = self.find_sale("ORD-1").picking_ids
        self.assertEqual(len(pickings), 2, "one delivery per package")
        by_ref = {p.oms_package_ref: p for p in pickings}
        self.assertEqual(set(by_ref), {"PKG-A", "PKG-B"})
        self.assertEqual(by_ref["PKG-A"].move_ids.product_id, self.product_a)
        self.assertEqual(by_ref["PKG-A"].carrier_tracking_ref, "TRK-A")
        self.assertEqual(by_ref["PKG-A"].oms_shipment_provider, "Kerry")
        self.assertEqual(by_ref["PKG-B"].move_ids.product_id, self.product_b)
        self.assertEqual(by_ref["PKG-B"].carrier_tracking_ref, "TRK-B")
        self.assertEqual(by_ref["PKG-B"].oms_shipment_provider, "Flash")
        self.assertEqual(set(pickings.mapped("state")), {"assigned"})
        # the same packages again change nothing
        again = self.make_order(minutes=1, status=normalized.TO_SHIP)
        again.platform_status = "packed"
        again.packages = order.packages
        self.import_orders(again)
        self.assertEqual(self.find_sale("ORD-1").picking_ids, pickings)
        self.assertEqual(by_ref["PKG-A"].carrier_tracking_ref, "TRK-A")

    def test_package_of_later_lines_splits_their_delivery(self):
        self.import_orders(self.make_order())
        picking = self.find_sale("ORD-1").picking_ids
        order = self.make_order(minutes=1)
        order.platform_status = "packed"
        order.packages = [
            normalized.Package(
                external_id="PKG-A",
                tracking_number="TRK-A",
                line_external_ids=["ORD-1-1"],
            )
        ]
        self.import_orders(order)
        pickings = self.find_sale("ORD-1").picking_ids
        self.assertEqual(len(pickings), 2)
        packed = pickings.filtered("oms_package_ref")
        self.assertEqual(packed.move_ids.product_id, self.product_a)
        self.assertEqual(packed.carrier_tracking_ref, "TRK-A")
        self.assertEqual(picking.move_ids.product_id, self.product_b)
        self.assertFalse(picking.oms_package_ref, "the unpacked line waits")
