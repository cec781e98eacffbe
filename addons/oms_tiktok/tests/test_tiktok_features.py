from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.features import FeatureFlagsMixin


@tagged("post_install", "-at_install")
class TestTikTokFeatures(FeatureFlagsMixin, TransactionCase):
    """TikTok creates listings (the shared wizard), cancels orders or lines,
    answers buyers' cancellation requests and returns."""

    platform = "tiktok"
    offered = (
        "support_listing_import",
        "support_listing_create",
        "support_listing_update",
        "support_listing_delete",
        "support_listing_activation",
        "support_price_push",
        "support_order_cancel",
        "support_partial_cancel",
        "support_buyer_cancellation",
        "support_returns",
        "support_return_decisions",
        "support_finance",
        "support_fulfilment",
        "support_labels",
        "support_order_split",
    )
