from odoo import _, api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    tiktok_package_combined = fields.Boolean(
        string="Combined Package",
        compute="_compute_tiktok_package_combined",
        help="TikTok Shop ships this delivery in one package with the "
        "deliveries of other orders of the buyer, not yet shipped.",
    )

    @api.depends("oms_package_ref", "carrier_tracking_ref", "state")
    def _compute_tiktok_package_combined(self):
        candidates = self.filtered(
            lambda p: (
                p.oms_platform == "tiktok"
                and p.oms_package_ref
                and not p.carrier_tracking_ref
                and p.state not in ("done", "cancel")
            )
        )
        # one grouped count for all: how many orders each package carries
        groups = self.env["stock.picking"]._read_group(
            [
                ("oms_channel_id", "in", candidates.oms_channel_id.ids),
                ("oms_package_ref", "in", candidates.mapped("oms_package_ref")),
                ("state", "not in", ("done", "cancel")),
            ],
            ["oms_channel_id", "oms_package_ref"],
            ["sale_id:count_distinct"],
        )
        combined = {(channel.id, ref) for channel, ref, orders in groups if orders > 1}
        for picking in self:
            picking.tiktok_package_combined = (
                picking in candidates
                and (picking.oms_channel_id.id, picking.oms_package_ref) in combined
            )

    def action_tiktok_update_tracking(self):
        """Give TikTok the corrected tracking number (and carrier) of
        seller-shipped packages already shipped."""
        done, failed = self._oms_run(
            "_tiktok_update_shipping_info", "support_fulfilment"
        )
        return self._oms_report(
            _("Update Tracking on TikTok Shop"),
            _("%s tracking number(s) given to TikTok Shop.", len(done)),
            done,
            failed,
        )

    def action_tiktok_uncombine(self):
        """Ship these deliveries in packages of their own again, apart
        from the other orders TikTok combined them with."""
        done, failed = self._oms_run("_tiktok_uncombine_packages", "support_fulfilment")
        return self._oms_report(
            _("Uncombine on TikTok Shop"),
            _("%s delivery(ies) in a package of their own.", len(done)),
            done,
            failed,
        )
