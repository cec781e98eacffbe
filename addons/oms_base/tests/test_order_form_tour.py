from odoo.tests import tagged

from .common import OmsCase
from .tours import TourCase


@tagged("post_install", "-at_install")
class TestMarketplaceOrderForm(TourCase, OmsCase):
    def test_marketplace_order_form(self):
        self.import_orders(self.make_order("TOUR-1"))
        order = self.find_sale("TOUR-1")
        self.assertEqual(order.state, "sale")
        self.start_tour(
            "/odoo/action-oms_base.action_oms_sale_order",
            "oms_marketplace_order_form",
            login="admin",
        )
