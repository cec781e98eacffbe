from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.common import OmsCase


class RoutingCase(OmsCase):
    """Three warehouses of the test company, stock in each, a shop they
    all fulfil, no routing rule yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tests set up their own rules: demo rules would match first.
        cls.env["oms.routing.rule"].search([]).active = False
        Warehouse = cls.env["stock.warehouse"]
        cls.wh_main = cls.warehouse
        cls.wh_cebu, cls.wh_davao = Warehouse.create(
            [
                {"name": "Test Cebu", "code": "TCEB", "company_id": cls.company.id},
                {"name": "Test Davao", "code": "TDVO", "company_id": cls.company.id},
            ]
        )
        cls.channel.warehouse_ids = cls.wh_main | cls.wh_cebu | cls.wh_davao
        Quant = cls.env["stock.quant"]
        # product A: 50 in main (OmsCase), 5 in Cebu; product B: 20 in main,
        # 10 in Davao
        Quant._update_available_quantity(cls.product_a, cls.wh_cebu.lot_stock_id, 5)
        Quant._update_available_quantity(cls.product_b, cls.wh_davao.lot_stock_id, 10)
        cls.env.flush_all()
        cls.env.cr.precommit.clear()

    @classmethod
    def make_rule(cls, warehouses=(), **values):
        values.setdefault("name", "Test rule")
        values["warehouse_line_ids"] = [
            (0, 0, {"sequence": index, "warehouse_id": warehouse.id})
            for index, warehouse in enumerate(warehouses)
        ]
        return cls.env["oms.routing.rule"].create(values)

    def set_free(self, product, warehouse, quantity):
        """Make ``quantity`` the free stock of ``product`` in ``warehouse``."""
        location = warehouse.lot_stock_id
        Quant = self.env["stock.quant"]
        current = Quant._get_available_quantity(product, location)
        Quant._update_available_quantity(product, location, quantity - current)

    def order_lines(self, external_id, qty_a=2, qty_b=1):
        lines = []
        if qty_a:
            lines.append(
                normalized.OrderLine(
                    external_id=f"{external_id}-1",
                    sku="SKU-A",
                    external_sku_id="1001",
                    name="Widget A",
                    quantity=qty_a,
                    unit_price=10.0,
                )
            )
        if qty_b:
            lines.append(
                normalized.OrderLine(
                    external_id=f"{external_id}-2",
                    sku="SKU-B",
                    external_sku_id="1002",
                    name="Widget B",
                    quantity=qty_b,
                    unit_price=25.0,
                )
            )
        return lines

    def deliveries(self, sale):
        return sale.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
