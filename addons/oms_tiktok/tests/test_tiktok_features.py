from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.models.oms_channel import FEATURES
from odoo.addons.oms_base.tests.features import FeatureFlagsMixin


@tagged("post_install", "-at_install")
class TestTikTokFeatures(FeatureFlagsMixin, TransactionCase):
    """TikTok cancels orders or lines, answers buyers' cancellation
    requests; creating listings is the shared wizard's (not offered here)."""

    # everything but creation (the shared listing wizard's)
    offered = tuple(
        feature for feature in FEATURES if feature != "support_listing_create"
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_records(
            cls.env["oms.channel"].create(
                {"name": "TikTok flags", "platform": "tiktok", "state": "connected"}
            )
        )
