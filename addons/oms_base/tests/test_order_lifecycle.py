from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.oms_base import normalized

from .common import OmsCase

PHISHING = '<a href="http://evil.example/login">Confirm your payment</a>'
TRACKER = '<img src="http://track.example/pixel.gif">'


@tagged("post_install", "-at_install")
class TestBuyerText(OmsCase):
    def assertNoMarkup(self, html):
        self.assertNotIn("<a", html)
        self.assertNotIn("<img", html)

    def test_buyer_note_is_escaped_text(self):
        self.import_orders(
            self.make_order(buyer_note=f"Leave at door {PHISHING} {TRACKER}")
        )
        sale = self.find_sale("ORD-1")
        self.assertNoMarkup(sale.note)
        self.assertIn("&lt;a href=", sale.note)
        self.assertIn("&lt;img src=", sale.note)
        self.assertIn("Leave at door", sale.note)

    def test_marketplace_text_in_activities_is_escaped(self):
        lines = [
            normalized.OrderLine(
                external_id="H1",
                sku="SKU-HTML",
                name=f"Gift {TRACKER}",
                quantity=1,
                unit_price=5.0,
            )
        ]
        self.import_orders(self.make_order("ORD-H1", lines=lines))
        flagged = self.find_sale("ORD-H1")
        self.assertTrue(flagged.oms_needs_attention)
        note = flagged.activity_ids.note
        self.assertNoMarkup(note)
        self.assertIn("&lt;img src=", note)
        # a buyer's cancel reason after shipping lands in an activity too
        self.import_orders(self.make_order("ORD-H2"))
        self.import_orders(self.make_order("ORD-H2", normalized.SHIPPED, minutes=5))
        self.import_orders(
            self.make_order(
                "ORD-H2",
                normalized.CANCELLED,
                minutes=10,
                cancel_reason=f"Scam {PHISHING}",
            )
        )
        sale = self.find_sale("ORD-H2")
        self.assertIn("after it was shipped", sale.oms_attention_reason)
        self.assertIn("&lt;a href=", sale.activity_ids.note)
        self.assertNoMarkup(sale.activity_ids.note)
        for body in sale.message_ids.mapped("body"):
            self.assertNoMarkup(body)


@tagged("post_install", "-at_install")
class TestBuyerCompany(OmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.channel_b = cls.env["oms.channel"].create(
            {
                "name": "Shop of B",
                "company_id": cls.company_b.id,
                "country_id": cls.country_th.id,
                "state": "connected",
            }
        )
        cls.user_b = new_test_user(
            cls.env,
            login="oms_user_b",
            groups="oms_base.group_oms_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )

    def test_buyers_belong_to_the_shop_company(self):
        # the same buyer (id and phone) buys in a shop of each company
        self.import_orders(self.make_order("ORD-CA"))
        self.import_orders(self.make_order("ORD-CB"), channel=self.channel_b)
        sale_a = self.find_sale("ORD-CA")
        sale_b = self.find_sale("ORD-CB", channel=self.channel_b)
        buyer_a, buyer_b = sale_a.partner_id, sale_b.partner_id
        self.assertNotEqual(buyer_a, buyer_b, "no buyer shared across companies")
        self.assertEqual(buyer_a.company_id, self.company)
        self.assertEqual(buyer_b.company_id, self.company_b)
        # within a company, a returning buyer is still one contact
        self.import_orders(self.make_order("ORD-CA2"))
        self.assertEqual(self.find_sale("ORD-CA2").partner_id, buyer_a)
        visible = (
            self.env["res.partner"]
            .with_user(self.user_b)
            .search([("oms_buyer_ref", "!=", False)])
        )
        self.assertIn(buyer_b, visible)
        self.assertNotIn(buyer_a, visible)

    def test_delivery_address_in_the_buyer_company(self):
        self.import_orders(self.make_order("ORD-CD0"), channel=self.channel_b)
        moved = self.make_order("ORD-CD")
        moved.shipping_address = normalized.Address(
            name="Somchai Jaidee", street="1 Silom Rd", zip="10500", country_code="TH"
        )
        self.import_orders(moved, channel=self.channel_b)
        shipping = self.find_sale("ORD-CD", channel=self.channel_b).partner_shipping_id
        self.assertEqual(shipping.type, "delivery")
        self.assertEqual(shipping.company_id, self.company_b)


@tagged("post_install", "-at_install")
class TestMarketplaceShipped(OmsCase):
    def on_hand(self, product):
        product = product.with_context(location=self.stock_location.id)
        product.invalidate_recordset(["qty_available", "free_qty"])
        return product.qty_available

    def test_shipped_validates_the_delivery(self):
        # the delivery mail must not stop the validation (buyers have no email)
        self.company.stock_move_email_validation = True
        on_hand_a, on_hand_b = (
            self.on_hand(self.product_a),
            self.on_hand(self.product_b),
        )
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.assertFalse(sale.partner_id.email)
        picking = sale.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.import_orders(self.make_order(status=normalized.SHIPPED, minutes=30))
        self.assertEqual(sale.oms_status, "shipped")
        self.assertEqual(picking.state, "done")
        self.assertEqual(len(sale.picking_ids), 1, "no backorder")
        self.assertEqual(self.on_hand(self.product_a), on_hand_a - 2)
        self.assertEqual(self.on_hand(self.product_b), on_hand_b - 1)
        self.assertFalse(sale.oms_needs_attention)
        # delivered afterwards changes nothing more
        self.import_orders(self.make_order(status=normalized.DELIVERED, minutes=60))
        self.assertEqual(sale.oms_status, "delivered")
        self.assertEqual(self.on_hand(self.product_a), on_hand_a - 2)

    def test_delivered_without_shipped_validates_the_delivery(self):
        on_hand_a = self.on_hand(self.product_a)
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.import_orders(self.make_order(status=normalized.DELIVERED, minutes=60))
        self.assertEqual(sale.picking_ids.state, "done")
        self.assertEqual(self.on_hand(self.product_a), on_hand_a - 2)
        self.assertEqual(sale.order_line.filtered("oms_sku")[0].qty_delivered, 2)

    def test_imported_shipped_is_delivered(self):
        on_hand_b = self.on_hand(self.product_b)
        self.import_orders(self.make_order(status=normalized.SHIPPED))
        sale = self.find_sale("ORD-1")
        self.assertEqual(sale.state, "sale")
        self.assertEqual(sale.picking_ids.state, "done")
        self.assertEqual(self.on_hand(self.product_b), on_hand_b - 1)

    def test_shipped_short_of_stock_delivers_what_is_reserved(self):
        lines = [
            normalized.OrderLine(
                external_id="S-1",
                sku="SKU-B",
                external_sku_id="1002",
                name="Widget B",
                quantity=25,  # 20 in stock
                unit_price=1.0,
            ),
            normalized.OrderLine(
                external_id="S-2",
                sku="SKU-A",
                external_sku_id="1001",
                name="Widget A",
                quantity=1,
                unit_price=1.0,
            ),
        ]
        self.import_orders(self.make_order("ORD-S", lines=lines))
        sale = self.find_sale("ORD-S")
        picking = sale.picking_ids
        self.import_orders(
            self.make_order("ORD-S", normalized.SHIPPED, minutes=5, lines=lines)
        )
        self.assertEqual(sale.oms_status, "shipped", "the status is never lost")
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.on_hand(self.product_b), 0)
        backorder = picking.backorder_ids
        self.assertEqual(backorder.move_ids.product_id, self.product_b)
        self.assertEqual(backorder.move_ids.product_uom_qty, 5)
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("not in stock", sale.oms_attention_reason)
        self.assertIn(backorder.name, sale.oms_attention_reason)
        activity = self.env.ref("oms_base.mail_activity_oms_attention")
        self.assertIn(activity, sale.activity_ids.activity_type_id)

    def test_shipped_without_any_stock_keeps_the_status(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product_a, self.stock_location, -50
        )
        lines = [
            normalized.OrderLine(
                external_id="Z-1", sku="SKU-A", external_sku_id="1001", quantity=1
            )
        ]
        self.import_orders(self.make_order("ORD-Z", lines=lines))
        self.import_orders(
            self.make_order("ORD-Z", normalized.SHIPPED, minutes=5, lines=lines)
        )
        sale = self.find_sale("ORD-Z")
        self.assertEqual(sale.oms_status, "shipped")
        self.assertNotEqual(sale.picking_ids.state, "done")
        self.assertIn("nothing is reserved", sale.oms_attention_reason)

    def test_orders_shipped_in_one_batch_are_validated_together(self):
        """A batch of "shipped" statuses validates its deliveries in one go;
        when one of them cannot be validated (Odoo asks for a lot), each is
        validated on its own and only that one is left to a person."""
        self.env.user.groups_id |= self.env.ref("stock.group_production_lot")
        lotted = self.env["product.product"].create(
            {
                "name": "Widget L",
                "default_code": "SKU-L",
                "is_storable": True,
                "tracking": "lot",
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            lotted, self.stock_location, 5
        )
        lotted_lines = [
            normalized.OrderLine(external_id="L-1", sku="SKU-L", quantity=1)
        ]
        orders = [
            self.make_order("ORD-1"),
            self.make_order("ORD-2"),
            self.make_order("ORD-L", lines=lotted_lines),
        ]
        self.import_orders(*orders)
        sales = [self.find_sale(ref) for ref in ("ORD-1", "ORD-2", "ORD-L")]
        self.assertEqual({s.picking_ids.state for s in sales}, {"assigned"})
        shipped = [
            self.make_order("ORD-1", normalized.SHIPPED, minutes=5),
            self.make_order("ORD-2", normalized.SHIPPED, minutes=5),
            self.make_order("ORD-L", normalized.SHIPPED, minutes=5, lines=lotted_lines),
        ]
        self.import_orders(*shipped)
        first, second, lotted_sale = sales
        for sale in (first, second):
            self.assertEqual(sale.picking_ids.state, "done")
            self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(lotted_sale.oms_status, "shipped", "the status is kept")
        self.assertNotEqual(lotted_sale.picking_ids.state, "done")
        self.assertIn(lotted_sale.picking_ids.name, lotted_sale.oms_attention_reason)
        self.assertIn("Lot", lotted_sale.oms_attention_reason)

    def test_batch_of_shipped_orders_short_of_stock_keeps_each_backorder(self):
        lines = [
            normalized.OrderLine(
                external_id="S-1", sku="SKU-B", external_sku_id="1002", quantity=25
            )
        ]
        self.import_orders(self.make_order())  # reserves 1 of the 20 B
        self.import_orders(self.make_order("ORD-S", lines=lines))  # 19 of 25
        short, full = self.find_sale("ORD-S"), self.find_sale("ORD-1")
        self.import_orders(
            self.make_order("ORD-S", normalized.SHIPPED, minutes=5, lines=lines),
            self.make_order("ORD-1", normalized.SHIPPED, minutes=5),
        )
        self.assertEqual(full.picking_ids.state, "done")
        self.assertFalse(full.oms_needs_attention)
        self.assertEqual(
            short.picking_ids.filtered(lambda p: p.state == "done").move_ids.quantity,
            19,
        )
        backorder = short.picking_ids.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertIn(backorder.name, short.oms_attention_reason)

    def test_two_step_delivery_validates_pick_then_ship(self):
        self.warehouse.delivery_steps = "pick_ship"
        on_hand_a = self.on_hand(self.product_a)
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.assertEqual(sale.picking_ids.picking_type_code, "internal")
        self.import_orders(self.make_order(status=normalized.SHIPPED, minutes=5))
        self.assertEqual(
            set(sale.picking_ids.mapped("picking_type_code")), {"internal", "outgoing"}
        )
        self.assertEqual(set(sale.picking_ids.mapped("state")), {"done"})
        self.assertFalse(sale.oms_needs_attention)
        self.assertEqual(self.on_hand(self.product_a), on_hand_a - 2)


@tagged("post_install", "-at_install")
class TestItemCancellation(OmsCase):
    def test_item_cancelled_after_import_reduces_the_line(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        line_b = sale.order_line.filtered(lambda li: li.oms_sku == "SKU-B")
        product_b = self.product_b.with_context(location=self.stock_location.id)
        self.assertEqual(product_b.free_qty, 19)
        self.env["oms.stock.change"].search([]).unlink()
        # the marketplace cancels the B line, the A line goes on
        order = self.make_order(minutes=5)
        order.lines = order.lines[:1]
        order.cancelled_line_ids = [line_b.oms_external_id]
        order.cancel_reason = "Out of stock"
        self.import_orders(order)
        self.assertEqual(sale.state, "sale")
        self.assertEqual(line_b.product_uom_qty, 0)
        move_b = sale.picking_ids.move_ids.filtered(
            lambda m: m.product_id == self.product_b and m.state != "cancel"
        )
        self.assertFalse(move_b.product_uom_qty, "the delivery no longer has B")
        product_b.invalidate_recordset(["free_qty"])
        self.assertEqual(product_b.free_qty, 20, "reservation released")
        changes = self.env["oms.stock.change"].search(
            [("channel_id", "=", self.channel.id), ("force", "=", True)]
        )
        self.assertEqual(changes.product_id, self.product_b)
        # the B line's seller discount (5) is gone, the voucher (2) stays
        discount = sale.order_line.filtered(
            lambda li: li.product_id == self.env.ref("oms_base.product_oms_discount")
        )
        self.assertEqual(discount.price_unit, -2.0)
        self.assertAlmostEqual(sale.amount_total, 20.0 + 3.0 - 2.0)
        self.assertAlmostEqual(sale.oms_buyer_total, 20.0 + 3.0 - 2.0 - 4.0)
        self.assertIn("Out of stock", " ".join(sale.message_ids.mapped("body")))
        # the same state again changes nothing
        self.import_orders(order)
        self.assertEqual(line_b.product_uom_qty, 0)


@tagged("post_install", "-at_install")
class TestCancelFromOdoo(OmsCase):
    def test_odoo_cancel_goes_through_the_marketplace(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        # a platform without cancellation refuses it with the reason (the
        # connectors' tests open the wizard and cancel on the marketplace)
        with self.assertRaisesRegex(
            UserError, "Order Cancellation is not available for unconnected shops"
        ):
            sale.action_cancel()
        self.assertEqual(sale.state, "sale", "not cancelled only here")
        self.assertEqual(sale.picking_ids.state, "assigned")

    def test_odoo_cancel_of_a_shipped_order_is_refused(self):
        self.import_orders(self.make_order())
        self.import_orders(self.make_order(status=normalized.SHIPPED, minutes=5))
        sale = self.find_sale("ORD-1")
        with self.assertRaisesRegex(UserError, "already Shipped on the marketplace"):
            sale.action_cancel()
        self.assertEqual(sale.state, "sale")

    def test_odoo_cancel_of_several_marketplace_orders_is_refused(self):
        self.import_orders(self.make_order("ORD-1"), self.make_order("ORD-2"))
        sales = self.find_sale("ORD-1") | self.find_sale("ORD-2")
        with self.assertRaisesRegex(UserError, "one at a time"):
            sales.action_cancel()
        self.assertEqual(set(sales.mapped("state")), {"sale"})

    def test_order_cancelled_on_the_marketplace_cancels_here(self):
        # after shipping, the marketplace's cancellation is left to a person,
        # who may then cancel in Odoo: the marketplace did already
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        sale._oms_marketplace_writer().oms_status = normalized.CANCELLED
        sale.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(sale.state, "cancel")

    def test_other_orders_cancel_as_usual(self):
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("base.res_partner_2").id,
                "order_line": [(0, 0, {"product_id": self.product_a.id})],
            }
        )
        sale.action_confirm()
        sale.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(sale.state, "cancel")
