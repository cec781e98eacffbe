from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.oms_base import normalized

from .common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnImport(ReturnsCase):
    def test_one_return_per_marketplace_return_with_its_details(self):
        sale = self.ship_order()
        created, _updated = self.import_returns(self.make_return())
        ret = self.find_return()
        self.assertEqual(created, ret)
        self.assertEqual(ret.sale_order_id, sale)
        self.assertEqual(ret.state, "requested")
        self.assertEqual(ret.reason, "ITEM_DAMAGED")
        self.assertEqual(ret.buyer_note, "Broken on arrival")
        self.assertIn("https://img.example/1.jpg", ret.photo_urls)
        self.assertEqual(ret.refund_amount, 10.0)
        self.assertTrue(ret.respond_by)
        self.assertFalse(ret.needs_attention)
        (line,) = ret.line_ids
        self.assertEqual(line.product_id, self.product_a)
        self.assertEqual(line.sale_line_id.oms_external_id, "ORD-1-1")
        # the same message again, and through the event path: still one
        self.import_returns(self.make_return())
        self.channel._oms_import_returns([self.make_return()])
        self.assertEqual(len(self.find_return()), 1)

    def test_state_never_rolls_back(self):
        self.ship_order()
        refunded = self.make_return(
            state=normalized.RETURN_REFUNDED, refunded=True, hours=5
        )
        requested = self.make_return(hours=1)
        # out of order: the refund arrives first, the request afterwards
        self.import_returns(refunded)
        self.import_returns(requested)
        ret = self.find_return()
        self.assertEqual(ret.state, "refunded")
        self.assertTrue(ret.refunded)
        # a late "requested" stamped later still cannot undo the refund
        self.import_returns(self.make_return(hours=9))
        self.assertEqual(ret.state, "refunded")
        # both in one batch, in any order: the latest wins
        self.import_returns(
            self.make_return("RET-2", hours=1),
            self.make_return("RET-2", state=normalized.RETURN_APPROVED, hours=2),
        )
        self.assertEqual(self.find_return("RET-2").state, "approved")

    def test_dispute_opens_and_gives_way_to_the_outcome(self):
        self.ship_order()
        self.import_returns(self.make_return(state=normalized.RETURN_APPROVED))
        self.import_returns(self.make_return(state=normalized.RETURN_DISPUTED, hours=2))
        ret = self.find_return()
        self.assertEqual(ret.state, "disputed")
        self.import_returns(self.make_return(state=normalized.RETURN_APPROVED, hours=1))
        self.assertEqual(ret.state, "disputed", "an older message changes nothing")
        self.import_returns(self.make_return(state=normalized.RETURN_CLOSED, hours=3))
        self.assertEqual(ret.state, "closed")

    def test_unknown_order_kept_flagged_then_linked(self):
        self.import_returns(self.make_return(order="ORD-LATE"))
        ret = self.find_return()
        self.assertTrue(ret)
        self.assertFalse(ret.sale_order_id)
        self.assertTrue(ret.needs_attention)
        self.assertIn("ORD-LATE", ret.attention_reason)
        self.assertFalse(ret.line_ids.sale_line_id)
        # the order arrives: the return finds it and its line
        sale = self.ship_order("ORD-LATE")
        self.assertEqual(ret.sale_order_id, sale)
        self.assertEqual(ret.line_ids.product_id, self.product_a)
        self.assertFalse(ret.needs_attention)

    def test_quantity_above_shipped_is_refused(self):
        self.ship_order()
        too_many = self.make_return(
            lines=[
                normalized.ReturnLine(
                    external_id="L1",
                    order_line_external_id="ORD-1-1",
                    sku="SKU-A",
                    quantity=3,
                )
            ]
        )
        with self.assertRaises(ValidationError) as caught:
            self.import_returns(too_many)
        self.assertIn("only 2.0 shipped", str(caught.exception))
        self.assertFalse(self.find_return())
        # two returns together cannot take back more than shipped either
        self.import_returns(self.make_return("RET-A"))
        self.import_returns(self.make_return("RET-B"))
        with self.assertRaises(ValidationError) as caught:
            self.import_returns(self.make_return("RET-C"))
        self.assertIn("2.0 already in other returns", str(caught.exception))

    def test_partially_shipped_order_returns_only_shipped_units(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        picking = sale.picking_ids
        move_a = picking.move_ids.filtered(lambda m: m.product_id == self.product_a)
        move_b = picking.move_ids - move_a
        move_a.quantity = 1
        move_a.picked = True
        move_b.quantity = 0
        picking._action_done()
        self.assertTrue(sale.picking_ids.filtered(lambda p: p.state != "done"))
        self.assertEqual(sale.order_line[0].qty_delivered, 1)
        self.import_returns(
            self.make_return(
                lines=[
                    normalized.ReturnLine(
                        external_id="L1",
                        order_line_external_id="ORD-1-1",
                        sku="SKU-A",
                        quantity=2,
                    )
                ]
            )
        )
        ret = self.find_return()
        self.assertEqual(ret.line_ids.quantity, 1)
        self.assertTrue(ret.needs_attention)
        self.assertIn("shipped units only", ret.attention_reason)

    def test_line_matched_by_sku_without_line_id(self):
        self.ship_order()
        self.import_returns(
            self.make_return(
                lines=[normalized.ReturnLine(external_id="L9", sku="SKU-B")]
            )
        )
        self.assertEqual(self.find_return().line_ids.product_id, self.product_b)

    def test_stored_event_makes_the_return(self):
        self.ship_order()
        ret = self.make_return()
        event = self.env["oms.event"]._store(
            [
                {
                    "channel_id": self.channel.id,
                    "kind": "return",
                    "external_ref": ret.external_id,
                    "dedup_key": ret.dedup_key,
                    "payload": ret.to_payload(),
                }
            ]
        )
        event._process()
        self.assertEqual(event.state, "done")
        self.assertIn("1 return(s) created", event.result)
        self.assertEqual(self.find_return().respond_by, ret.respond_by)

    def test_rates_by_shop_and_sku(self):
        self.ship_order()
        self.import_returns(self.make_return())
        self.env.flush_all()
        row = self.env["oms.return.rate.report"].search(
            [
                ("channel_id", "=", self.channel.id),
                ("product_id", "=", self.product_a.id),
            ]
        )
        self.assertEqual(row.shipped_qty, 2)
        self.assertEqual(row.returned_qty, 1)
        self.assertEqual(row.return_rate, 50)
