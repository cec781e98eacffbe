from odoo.tests import new_test_user

from odoo.addons.oms_base.tests.common import OmsCase

WAREHOUSE = "stock.group_stock_user,oms_base.group_oms_user"


class FloorCase(OmsCase):
    """OMS shop, products with barcodes, a warehouse user, and helpers
    that drive the pack station as its screen does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_a.barcode = "FLR-A-0001"
        cls.product_b.barcode = "FLR-B-0002"
        cls.product_c = cls.env["product.product"].create(
            {"name": "Widget C", "default_code": "SKU-C", "barcode": "FLR-C-0003"}
        )
        cls.packer = new_test_user(
            cls.env,
            login="floor_packer",
            groups=WAREHOUSE,
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.station = cls.env["oms.pack.station"].with_user(cls.packer)

    def order_picking(self, external_id, **kw):
        self.import_orders(self.make_order(external_id, **kw))
        picking = self.find_sale(external_id).picking_ids
        self.assertEqual(picking.state, "assigned")
        return picking

    def scan(self, code, picking=None):
        return self.station.oms_scan(code, picking.id if picking else False)

    def scan_all(self, picking, codes):
        state = None
        for code in codes:
            state = self.scan(code, picking)
            self.assertIn(state["result"], ("ok", "complete"), state["message"])
        return state

    @staticmethod
    def quantities(state):
        return {
            line["name"]: (line["expected"], line["scanned"]) for line in state["lines"]
        }
