from odoo.tests import Form, TransactionCase


class TestShopDefaults(TransactionCase):
    """A new shop is filled from what the user picks, not left blank."""

    def test_warehouse_defaults_to_the_company_one(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        with Form(self.env["oms.channel"]) as form:
            form.name = "New shop"
        self.assertEqual(form.record.warehouse_ids, warehouse)
