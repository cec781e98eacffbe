from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.tests.install import PlatformHooksMixin
from odoo.addons.oms_tiktok import post_init_hook, uninstall_hook


@tagged("post_install", "-at_install")
class TestTikTokInstallHooks(PlatformHooksMixin, TransactionCase):
    platform = "tiktok"
    platform_name = "TikTok Shop"
    post_init_hook = staticmethod(post_init_hook)
    uninstall_hook = staticmethod(uninstall_hook)
