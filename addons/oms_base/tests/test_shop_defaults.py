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

    def test_a_new_shop_has_its_job_channel(self):
        """Made with the shop: its first jobs, started together in several
        workers, would otherwise each create it."""
        shops = self.env["oms.channel"].create([{"name": "Shop A"}, {"name": "Shop B"}])
        channels = self.env["queue.job.channel"].search(
            [("complete_name", "in", shops.mapped("job_channel_name"))]
        )
        self.assertEqual(len(channels), 2)
        self.assertEqual(
            channels.parent_id, self.env.ref("oms_base.queue_job_channel_oms")
        )
        self.assertEqual(shops[0]._oms_job_channel(), shops[0].job_channel_name)
        self.assertEqual(
            self.env["queue.job.channel"].search_count(
                [("complete_name", "=", shops[0].job_channel_name)]
            ),
            1,
        )
