from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.oms_base.models.oms_channel import FEATURES

from .common import OmsCase
from .views import shown


@tagged("post_install", "-at_install")
class TestFeatureFlags(OmsCase):
    """A shop shows only what its platform offers; one without a connector
    offers nothing beyond pulling and pushing stock."""

    def test_a_shop_without_connector_offers_nothing(self):
        self.assertEqual(self.channel.platform, "none")
        self.assertFalse(any(self.channel[feature] for feature in FEATURES))
        view = shown(self.channel)
        self.assertTrue(view["button", "action_sync_orders"])
        self.assertTrue(view["button", "action_push_stock"])
        self.assertFalse(view["button", "action_import_listings"])
        self.assertFalse(view["button", "action_create_listing"])
        self.assertFalse(view["button", "action_sync_finance"])
        self.assertFalse(view["button", "action_view_settlements"])
        self.assertFalse(view["page", "accounting"])
        binding_view = shown(self.binding_a)
        self.assertTrue(binding_view["button", "action_push_stock"])
        for action in (
            "action_push_price",
            "action_activate",
            "action_deactivate",
            "action_update_listing",
            "action_edit_listing",
            "action_delete_listing",
        ):
            self.assertFalse(binding_view["button", action], action)
        rows = shown(self.binding_a, "list")
        for action in ("action_activate", "action_deactivate", "action_delete_listing"):
            self.assertFalse(rows["button", action], action)

    def test_order_and_transfer_buttons_follow_the_platform(self):
        self.import_orders(self.make_order())
        sale = self.find_sale("ORD-1")
        self.assertFalse(shown(sale)["button", "action_oms_cancel"])
        picking = sale.picking_ids
        view = shown(picking)
        self.assertFalse(view["button", "action_oms_pack"])
        self.assertFalse(view["button", "action_oms_print_labels"])

    def test_bulk_action_names_what_the_platform_does_not_offer(self):
        # the list's Pack action cannot be hidden: it says why, per transfer
        self.import_orders(self.make_order())
        picking = self.find_sale("ORD-1").picking_ids
        with self.assertRaisesRegex(
            UserError,
            "Marketplace Fulfilment is not available for unconnected shops "
            r"\(Test Shop TH\)",
        ) as caught:
            picking.action_oms_pack()
        self.assertNotIn("This platform", str(caught.exception))

    def test_listing_wizard_follows_the_platform(self):
        with self.assertRaisesRegex(UserError, "Listing Creation is not available"):
            self.channel.action_create_listing()
        with self.assertRaisesRegex(UserError, "Listing Update is not available"):
            self.binding_a.action_edit_listing()
        with self.assertRaisesRegex(UserError, "Listing Activation is not available"):
            self.binding_a.action_deactivate()

    def test_order_pull_flag_on_by_default_and_cron_pulls(self):
        """Every shop pulls its orders unless its platform only pushes them:
        the 5-minute cron queues the pull of a shop with the flag on."""
        self.assertTrue(self.channel.support_order_pull)
        self.env["oms.channel"]._cron_sync_orders()
        pulls = self.env["queue.job"].search(
            [
                ("method_name", "=", "_oms_sync_orders"),
                ("records", "like", f"[{self.channel.id}]"),
            ]
        )
        self.assertEqual(len(pulls), 1)
