from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.features import FeatureFlagsMixin
from odoo.addons.oms_base.tests.views import shown


@tagged("post_install", "-at_install")
class TestShopeeFeatures(FeatureFlagsMixin, TransactionCase):
    """Shopee cancels whole orders only; its buyers ask to cancel."""

    offered = (
        "support_listing_import",
        "support_listing_create",
        "support_listing_update",
        "support_listing_delete",
        "support_listing_activation",
        "support_price_push",
        "support_order_cancel",
        "support_buyer_cancellation",
        "support_returns",
        "support_finance",
        "support_fulfilment",
        "support_labels",
        "support_order_split",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_records(
            cls.env["oms.channel"].create(
                {"name": "Shopee flags", "platform": "shopee", "state": "connected"}
            )
        )

    def test_create_item_button_on_the_shop(self):
        self.assertTrue(shown(self.channel)["button", "action_shopee_create_item"])
