from datetime import timedelta

from odoo import fields

from .common import OmsCase


class TestMoneyInOneCurrency(OmsCase):
    """Shops sell in their own currencies; reports never add them up raw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sgd = cls.env.ref("base.SGD")
        cls.sgd.active = True
        if cls.sgd == cls.company.currency_id:
            cls.sgd = cls.env.ref("base.EUR")
            cls.sgd.active = True
        # 1 company unit = 2 foreign units: the foreign order is worth half.
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.sgd.id,
                "company_id": cls.company.id,
                "name": "2020-01-01",
                "rate": 2.0,
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Foreign shop", "currency_id": cls.sgd.id}
        )
        cls.foreign_channel = cls.channel.copy(
            {"name": "Foreign Shop", "pricelist_id": cls.pricelist.id}
        )

    def test_order_total_in_company_currency(self):
        self.import_orders(self.make_order("LOCAL-1"))
        self.import_orders(
            self.make_order("FOREIGN-1", currency=self.sgd.name),
            channel=self.foreign_channel,
        )
        local = self.find_sale("LOCAL-1")
        foreign = self.find_sale("FOREIGN-1", channel=self.foreign_channel)
        self.assertEqual(foreign.currency_id, self.sgd)
        self.assertAlmostEqual(local.oms_amount_company, local.amount_total)
        self.assertAlmostEqual(foreign.oms_amount_company, foreign.amount_total / 2)
        totals = self.env["sale.order"]._read_group(
            [("id", "in", (local | foreign).ids)], [], ["oms_amount_company:sum"]
        )
        self.assertAlmostEqual(
            totals[0][0], local.amount_total + foreign.amount_total / 2
        )

    def test_reports_measure_the_company_currency(self):
        for model, view, measure in (
            ("sale.order", "oms_base.sale_order_view_pivot_oms", "oms_amount_company"),
            (
                "oms.settlement.line",
                "oms_base.oms_settlement_line_view_pivot",
                "amount_company",
            ),
        ):
            arch = self.env[model].get_view(self.env.ref(view).id, "pivot")["arch"]
            self.assertIn(f'name="{measure}" type="measure"', arch)
            self.assertNotIn('name="amount_total" type="measure"', arch)

    def test_settlement_line_in_company_currency(self):
        settlement = self.env["oms.settlement"].create(
            {
                "name": "ST-1",
                "channel_id": self.foreign_channel.id,
                "currency_id": self.sgd.id,
                "payout_date": fields.Date.today(),
                "line_ids": [
                    (0, 0, {"kind": "sale", "amount": 100.0, "transaction_ref": "T1"}),
                    (
                        0,
                        0,
                        {"kind": "commission", "amount": -8.0, "transaction_ref": "T2"},
                    ),
                ],
            }
        )
        self.assertEqual(settlement.line_ids.mapped("amount_company"), [50.0, -4.0])

    def test_order_date_is_the_buyers(self):
        created = self.base_time - timedelta(days=2)
        self.import_orders(self.make_order("DATED-1", created_at=created))
        order = self.find_sale("DATED-1")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.date_order, created)
