from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.features import FeatureFlagsMixin


@tagged("post_install", "-at_install")
class TestLazadaFeatures(FeatureFlagsMixin, TransactionCase):
    """Lazada cancels items one by one and has no content update."""

    offered = (
        "support_listing_import",
        "support_listing_create",
        "support_listing_delete",
        "support_listing_activation",
        "support_price_push",
        "support_order_cancel",
        "support_partial_cancel",
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
                {"name": "Lazada flags", "platform": "lazada", "state": "connected"}
            )
        )
