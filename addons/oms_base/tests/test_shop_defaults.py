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

    def test_a_deleted_job_channel_comes_back(self):
        """The known channel names are cached (every job asks); a channel
        deleted by an administrator is made again once the cache is reset,
        and jobs keep their shop's channel meanwhile."""
        shop = self.env["oms.channel"].create({"name": "Shop C"})
        name = shop.job_channel_name
        self.assertIn(name, shop._oms_known_job_channels())
        self.env["queue.job.channel"].search([("complete_name", "=", name)]).unlink()
        self.assertEqual(shop._oms_job_channel(), name)
        self.env.registry.clear_cache()
        self.assertNotIn(name, shop._oms_known_job_channels())
        self.assertEqual(shop._oms_job_channel(), name)
        self.assertIn(name, shop._oms_known_job_channels())
        self.assertEqual(
            self.env["queue.job.channel"].search_count([("complete_name", "=", name)]),
            1,
        )
