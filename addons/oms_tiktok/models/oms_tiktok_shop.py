from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .oms_channel import REGIONS


class OmsTiktokShop(models.Model):
    """A shop the seller's TikTok authorization covers.

    One app and one authorization reach every shop of the seller; each
    Odoo shop talks to one of them, named by its cipher.
    """

    _name = "oms.tiktok.shop"
    _description = "TikTok Authorized Shop"
    _order = "name, id"

    channel_id = fields.Many2one(
        "oms.channel", required=True, ondelete="cascade", index=True
    )
    shop_id = fields.Char(string="Shop ID", required=True)
    name = fields.Char()
    region = fields.Char()
    code = fields.Char()
    cipher = fields.Char(required=True)
    selected = fields.Boolean(compute="_compute_selected")
    used_by_id = fields.Many2one(
        "oms.channel",
        compute="_compute_selected",
        help="The Odoo shop talking to this TikTok shop.",
    )

    @api.depends("cipher", "channel_id.tiktok_shop_cipher")
    def _compute_selected(self):
        channels = self.env["oms.channel"].search(
            [
                ("platform", "=", "tiktok"),
                ("tiktok_shop_cipher", "in", self.mapped("cipher")),
            ]
        )
        by_cipher = {channel.tiktok_shop_cipher: channel for channel in channels}
        for shop in self:
            shop.selected = shop.cipher == shop.channel_id.tiktok_shop_cipher
            shop.used_by_id = by_cipher.get(shop.cipher, False)

    def _compute_display_name(self):
        for shop in self:
            shop.display_name = f"{shop.name or shop.shop_id} ({shop.shop_id})"

    def action_select(self):
        """This Odoo shop is that TikTok shop."""
        self.ensure_one()
        self.env["oms.channel"]._check_manager()
        channel = self.channel_id
        values = {
            "tiktok_shop_cipher": self.cipher,
            "external_shop_id": self.shop_id,
        }
        if self.region in dict(REGIONS):
            values["tiktok_region"] = self.region
        channel.write(values)
        return True

    def action_create_channel(self):
        """Run another TikTok shop of the same seller from Odoo: a new shop
        with the same app and authorization."""
        self.ensure_one()
        self.env["oms.channel"]._check_manager()
        # another Odoo shop may have taken it since this one was read
        self.invalidate_recordset(["used_by_id", "selected"])
        if self.used_by_id:
            raise UserError(
                _(
                    "%(shop)s is run by %(channel)s already.",
                    shop=self.display_name,
                    channel=self.used_by_id.display_name,
                )
            )
        # Credentials are manager-only fields (checked above).
        source = self.channel_id.sudo()
        channel = source.copy(
            {
                "name": self.name or self.shop_id,
                "tiktok_app_key": source.tiktok_app_key,
                "tiktok_app_secret": source.tiktok_app_secret,
                "tiktok_shop_cipher": self.cipher,
                "external_shop_id": self.shop_id,
                # the seller's authorization covers all its shops
                "access_token": source.access_token,
                "refresh_token": source.refresh_token,
                "token_expires_at": source.token_expires_at,
                "refresh_expires_at": source.refresh_expires_at,
                "state": source.state,
            }
        )
        channel._tiktok_update_shops(
            [
                {
                    "id": s.shop_id,
                    "name": s.name,
                    "region": s.region,
                    "cipher": s.cipher,
                    "code": s.code,
                }
                for s in self.channel_id.tiktok_shop_ids
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.channel",
            "res_id": channel.id,
            "view_mode": "form",
        }
