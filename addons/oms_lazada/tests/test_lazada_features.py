from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.features import FeatureFlagsMixin


@tagged("post_install", "-at_install")
class TestLazadaFeatures(FeatureFlagsMixin, TransactionCase):
    """Lazada cancels items one by one."""

    platform = "lazada"
    offered = (
        "support_listing_import",
        "support_listing_create",
        "support_listing_update",
        "support_listing_delete",
        "support_listing_activation",
        "support_price_push",
        "support_order_cancel",
        "support_partial_cancel",
        "support_returns",
        "support_return_decisions",
        "support_return_dispute",
        "support_finance",
        "support_fulfilment",
        "support_labels",
        "support_order_split",
        "support_scorecard",
    )
