from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import ShopeeSandboxMixin


@tagged("post_install", "-at_install")
class TestShopeeBulkActionsReport(ShopeeSandboxMixin, TransactionCase):
    """A bulk action that partly fails does the rest and names the others."""

    skus = ["BR-A", "BR-B"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_shopee()

    def setUp(self):
        super().setUp()
        self.shop._oms_import_listings()
        self.sandbox.generate_orders(2, self.skus, cod_ratio=0, seed=41)
        self.shop._oms_sync_orders()
        self.pickings = self.sales().picking_ids.sorted("id")
        self.assertEqual(len(self.pickings), 2)

    def test_pack_says_what_it_did(self):
        action = self.pickings.action_oms_pack()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("2 transfer(s) packed", action["params"]["message"])

    def test_labels_of_the_ready_ones_and_the_others_named(self):
        ready, not_ready = self.pickings
        self.pickings.action_oms_pack()
        ready.action_oms_ready_to_ship()
        self.assertTrue(ready.carrier_tracking_ref)
        self.assertFalse(not_ready.carrier_tracking_ref)

        action = self.pickings.action_oms_print_labels()

        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertTrue(params["sticky"])
        self.assertIn("1 label(s) in the PDF", params["message"])
        self.assertIn(not_ready.display_name, params["message"])
        self.assertIn("Ready to Ship it first", params["message"])
        self.assertNotIn(ready.display_name, params["message"])
        self.assertEqual(params["next"]["type"], "ir.actions.act_url")
        self.assertTrue(ready.oms_label_id)
        self.assertFalse(not_ready.oms_label_id)

    def test_nothing_done_is_an_error_naming_each(self):
        with self.assertRaises(UserError) as caught:
            self.pickings.action_oms_ready_to_ship()
        for picking in self.pickings:
            self.assertIn(picking.display_name, str(caught.exception))
