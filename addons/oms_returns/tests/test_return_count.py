from odoo.tests import tagged

from .common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnCount(ReturnsCase):
    def test_orders_count_their_returns_in_a_stored_column(self):
        returned = self.ship_order("ORD-1")
        kept = self.ship_order("ORD-2", buyer_id="B-2")
        self.assertEqual((returned.oms_return_count, kept.oms_return_count), (0, 0))
        self.import_returns(self.make_return("RET-1", order="ORD-1"))
        self.assertEqual(returned.oms_return_count, 1)
        self.env["oms.return"].create(
            {
                "channel_id": self.channel.id,
                "sale_order_id": returned.id,
                "kind": "failed_delivery",
            }
        )
        self.assertEqual(returned.oms_return_count, 2)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE oms_return_count > 0 AND id IN %s",
            [tuple((returned | kept).ids)],
        )
        self.assertEqual([row[0] for row in self.env.cr.fetchall()], returned.ids)
