from datetime import datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base import normalized

from .. import mapping
from ..schemas import OrderIn
from .common import order_payload


@tagged("post_install", "-at_install")
class TestWebstoreMapping(TransactionCase):
    def test_order_round_trip(self):
        data = OrderIn.model_validate(
            order_payload("M-1", payment={"method": "cod"}, vouchers=[{"amount": 7}])
        )
        order = mapping.order_from_request(data, datetime(2026, 1, 1))
        self.assertEqual(order.status, normalized.TO_SHIP)
        self.assertTrue(order.is_cod)
        self.assertEqual(order.seller_voucher, 7)
        self.assertEqual([li.external_id for li in order.lines], ["L1", "L2"])
        again = mapping.order_from_payload(mapping.order_to_payload(order))
        self.assertEqual(again, order)

    def test_unpaid_prepaid_order_waits(self):
        data = OrderIn.model_validate(
            order_payload("M-2", payment={"method": "prepaid", "paid": False})
        )
        order = mapping.order_from_request(data, datetime(2026, 1, 1))
        self.assertEqual(order.status, normalized.UNPAID)

    def test_digest_ignores_key_order(self):
        first = {"a": 1, "b": [1, 2]}
        self.assertEqual(
            mapping.content_digest(first), mapping.content_digest({"b": [1, 2], "a": 1})
        )
        self.assertNotEqual(
            mapping.content_digest(first), mapping.content_digest({"a": 2, "b": [1, 2]})
        )

    def test_cancel_lines_partial_and_whole(self):
        data = OrderIn.model_validate(order_payload("M-3"))
        order = mapping.order_from_request(data, datetime(2026, 1, 1))
        mapping.cancel_lines(order, {"L1": 1, "L2": None})
        self.assertEqual(order.cancelled_line_ids, ["L2"])
        self.assertEqual(
            [(li.external_id, li.quantity) for li in order.lines], [("L1", 1)]
        )
