"""Shared checks of a connector's post-init and uninstall hooks, called
directly on the test cursor (as Odoo's payment tests do)."""


class PlatformHooksMixin:
    """Set ``platform``, ``platform_name`` and the connector's hook
    functions ``post_init_hook`` and ``uninstall_hook`` (as staticmethods)."""

    platform = None
    platform_name = None

    def _shop(self, name, **values):
        return self.env["oms.channel"].create(
            dict(
                {
                    "name": name,
                    "platform": self.platform,
                    "state": "connected",
                    "external_shop_id": f"{name}-ID",
                },
                **values,
            )
        )

    def test_uninstall_leaves_shops_archived_and_disconnected(self):
        shop = self._shop("Uninstalled")
        shop.sudo().write({"access_token": "TOKEN", "refresh_token": "REFRESH"})
        archived = self._shop("Already archived", active=False)
        other = self.env["oms.channel"].create({"name": "Other", "state": "connected"})
        job = shop._oms_enqueue("_oms_sync_orders", key="sync_orders").db_record()
        other_job = other._oms_enqueue("_oms_sync_orders").db_record()

        self.uninstall_hook(self.env)

        for channel in shop | archived:
            self.assertFalse(channel.active)
            self.assertEqual(channel.platform, "none")
            self.assertEqual(channel.state, "draft", "not connected on no platform")
            self.assertIn(
                f"The {self.platform_name} connector was uninstalled",
                channel.state_reason,
            )
            self.assertEqual(channel.uninstalled_platform, self.platform)
        self.assertFalse(shop.sudo().access_token)
        self.assertFalse(shop.sudo().refresh_token)
        self.assertEqual(shop.external_shop_id, "Uninstalled-ID", "kept")
        self.assertEqual(job.state, "cancelled", "its waiting jobs do not run")
        self.assertEqual((other.active, other.state), (True, "connected"))
        self.assertEqual(other_job.state, "pending")

        # installed again: the shops are the connector's again, still to
        # configure and authorize
        self.post_init_hook(self.env)
        self.assertEqual(shop.platform, self.platform)
        self.assertFalse(shop.uninstalled_platform)
        self.assertEqual((shop.active, shop.state), (False, "draft"))
        self.assertIn(
            f"The {self.platform_name} connector is installed again", shop.state_reason
        )
        self.assertEqual(other.platform, "none")

    def test_install_without_earlier_shops_changes_nothing(self):
        shop = self._shop("Live")
        self.post_init_hook(self.env)
        self.assertEqual((shop.active, shop.state), (True, "connected"))
