"""Shared checks of a connector's feature flags (``support_*``): what its
shops offer, and what their views show."""

from odoo.addons.oms_base.models.oms_channel import FEATURES

from .views import shown


class FeatureFlagsMixin:
    """Set ``platform`` and ``offered`` (the ``support_*`` fields on) and
    create ``cls.channel`` on that platform; the tests need no marketplace."""

    platform = None
    offered = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_records(
            cls.env["oms.channel"].create(
                {
                    "name": f"{cls.platform} flags",
                    "platform": cls.platform,
                    "state": "connected",
                }
            )
        )

    @classmethod
    def setup_records(cls, channel):
        cls.channel = channel
        cls.binding = cls.env["oms.product.binding"].create(
            {"channel_id": channel.id, "seller_sku": "FLAG-1", "external_id": "9001"}
        )
        # as superuser: the marketplace fields are written by imports only
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "Buyer"}).id,
                "oms_channel_id": channel.id,
                "oms_external_id": "FLAG-ORDER",
                "oms_status": "to_ship",
            }
        )

    def test_shop_offers_what_its_platform_does(self):
        offered = {f for f in FEATURES if self.channel[f]}
        self.assertEqual(offered, set(self.offered))

    def test_views_show_only_what_the_shop_offers(self):
        def visible(feature):
            return feature in self.offered

        shop = shown(self.channel)
        self.assertEqual(
            shop["button", "action_import_listings"], visible("support_listing_import")
        )
        self.assertEqual(
            shop["button", "action_sync_finance"], visible("support_finance")
        )
        self.assertEqual(shop["page", "accounting"], visible("support_finance"))
        self.assertEqual(
            shop["button", "action_sync_logistics_channels"],
            visible("support_logistics_channels"),
        )
        self.assertEqual(
            shop["button", "action_create_listing"], visible("support_listing_create")
        )
        binding = shown(self.binding)
        self.assertEqual(
            binding["button", "action_push_price"], visible("support_price_push")
        )
        self.assertEqual(
            binding["button", "action_deactivate"],
            visible("support_listing_activation"),
        )
        self.assertEqual(
            binding["button", "action_update_listing"],
            visible("support_listing_update"),
        )
        self.assertEqual(
            binding["button", "action_edit_listing"],
            visible("support_listing_update"),
        )
        rows = shown(self.binding, "list")
        self.assertEqual(
            rows["button", "action_deactivate"], visible("support_listing_activation")
        )
        self.assertEqual(
            rows["button", "action_delete_listing"], visible("support_listing_delete")
        )
        self.assertEqual(
            binding["button", "action_delete_listing"],
            visible("support_listing_delete"),
        )
        self.assertEqual(
            shown(self.order)["button", "action_oms_cancel"],
            visible("support_order_cancel"),
        )
        wizard = self.env["oms.cancel.order"].new({"order_id": self.order.id})
        self.assertEqual(
            shown(wizard)["group", "partial"], visible("support_partial_cancel")
        )
