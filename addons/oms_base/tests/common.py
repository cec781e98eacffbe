from datetime import datetime, timedelta

from odoo.tests import TransactionCase

from odoo.addons.oms_base import normalized


def setup_shop_accounting(channels):
    """Give the company a chart of accounts (the generic one, if it has
    none) and the shops their settlement journal and fee accounts, so that
    settlements really post."""
    company = channels.company_id[:1] or channels.env.company
    if not company.chart_template:
        channels.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    channels._oms_setup_accounting()


def make_stocked_products(env, warehouse, skus, quantity=10.0):
    """Storable products with these SKUs, ``quantity`` of each in stock."""
    products = env["product.product"].create(
        [{"name": sku, "default_code": sku, "is_storable": True} for sku in skus]
    )
    location = warehouse.lot_stock_id
    for product in products:
        env["stock.quant"]._update_available_quantity(product, location, quantity)
    return products


class OmsCase(TransactionCase):
    """Shop, warehouse and products every OMS test starts from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.country_th = cls.env.ref("base.th")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Test Shop TH",
                "country_id": cls.country_th.id,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
                "state": "connected",
            }
        )
        Product = cls.env["product.product"]
        cls.product_a, cls.product_b = Product.create(
            [
                {"name": "Widget A", "default_code": "SKU-A", "is_storable": True},
                {"name": "Widget B", "default_code": "SKU-B", "is_storable": True},
            ]
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_a, cls.stock_location, 50
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product_b, cls.stock_location, 20
        )
        cls.binding_a, cls.binding_b = cls.env["oms.product.binding"].create(
            [
                {
                    "channel_id": cls.channel.id,
                    "product_id": cls.product_a.id,
                    "seller_sku": "SKU-A",
                    "external_id": "1001",
                    "external_product_id": "500",
                },
                {
                    "channel_id": cls.channel.id,
                    "product_id": cls.product_b.id,
                    "seller_sku": "SKU-B",
                    "external_id": "1002",
                    "external_product_id": "500",
                },
            ]
        )
        cls.base_time = datetime(2026, 11, 11, 0, 0, 0)
        cls.env.flush_all()
        cls.env.cr.precommit.clear()

    def setUp(self):
        super().setUp()
        # Stock changes register a pre-commit hook; tests never commit, so
        # each test starts (and ends) without leftovers from another one.
        self.env.cr.precommit.clear()
        self.addCleanup(self.env.cr.precommit.clear)

    def make_order(self, external_id="ORD-1", status=normalized.TO_SHIP, **kw):
        lines = (
            kw.pop("lines")
            if "lines" in kw
            else [
                normalized.OrderLine(
                    external_id=f"{external_id}-1",
                    sku="SKU-A",
                    external_sku_id="1001",
                    name="Widget A",
                    quantity=2,
                    unit_price=10.0,
                ),
                normalized.OrderLine(
                    external_id=f"{external_id}-2",
                    sku="SKU-B",
                    external_sku_id="1002",
                    name="Widget B",
                    quantity=1,
                    unit_price=25.0,
                    seller_discount=5.0,
                ),
            ]
        )
        values = {
            "external_id": external_id,
            "status": status,
            "platform_status": status,
            "name": external_id,
            "currency": self.company.currency_id.name,
            "created_at": self.base_time,
            "updated_at": self.base_time + timedelta(minutes=kw.pop("minutes", 0)),
            "buyer": normalized.Buyer(
                external_id=kw.pop("buyer_id", "B-1"),
                name="Somchai Jaidee",
                phone=kw.pop("phone", "081 234 5678"),
            ),
            "shipping_address": normalized.Address(
                name="Somchai Jaidee",
                phone="081 234 5678",
                street="99 Sukhumvit Rd",
                city="Bangkok",
                zip="10110",
                country_code="TH",
            ),
            "lines": lines,
            "shipping_fee": 3.0,
            "seller_voucher": 2.0,
            "platform_voucher": 4.0,
        }
        values.update(kw)
        return normalized.Order(**values)

    def import_orders(self, *orders, channel=None):
        return self.env["oms.order.importer"]._import_orders(
            channel or self.channel, list(orders)
        )

    def find_sale(self, external_id, channel=None):
        return self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", (channel or self.channel).id),
                ("oms_external_id", "=", external_id),
            ]
        )
