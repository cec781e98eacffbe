from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.features import FeatureFlagsMixin


@tagged("post_install", "-at_install")
class TestShopeeFeatures(FeatureFlagsMixin, TransactionCase):
    """Shopee cancels whole orders only; its buyers ask to cancel."""

    platform = "shopee"
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
        "support_return_decisions",
        "support_return_dispute",
        "support_return_partial_refund",
        "support_finance",
        "support_fulfilment",
        "support_labels",
        "support_order_split",
        "support_logistics_channels",
    )
