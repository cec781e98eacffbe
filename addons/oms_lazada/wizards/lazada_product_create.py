import base64
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class LazadaProductCreate(models.TransientModel):
    """Publish an Odoo product on a Lazada shop.

    The category comes from Lazada's tree; Lazada's mandatory attributes of
    that category are asked for and checked before anything is sent.
    """

    _name = "oms.lazada.product.create"
    _description = "Create Product on Lazada"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        domain=[("platform", "=", "lazada"), ("state", "=", "connected")],
    )
    product_id = fields.Many2one("product.product", required=True)
    category_id = fields.Many2one(
        "oms.marketplace.category",
        domain="[('channel_id', '=', channel_id), ('leaf', '=', True)]",
    )
    name = fields.Char(required=True)
    description = fields.Html()
    brand_id = fields.Char(string="Lazada Brand ID", default="0")
    price = fields.Float(required=True, digits="Product Price")
    quantity = fields.Integer(string="Initial Stock")
    package_weight = fields.Float(string="Package Weight (kg)", default=0.5)
    package_length = fields.Float(string="Length (cm)", default=10)
    package_width = fields.Float(string="Width (cm)", default=10)
    package_height = fields.Float(string="Height (cm)", default=10)
    attribute_ids = fields.One2many(
        "oms.lazada.product.create.attribute", "wizard_id", string="Attributes"
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        product = self.env["product.product"].browse(res.get("product_id"))
        if product:
            res.setdefault("name", product.name)
            res.setdefault("price", product.lst_price)
            res.setdefault("description", product.description_sale or product.name)
            res.setdefault("package_weight", product.weight or 0.5)
        return res

    def action_load_categories(self):
        self.ensure_one()
        self.channel_id._oms_call_for_user("_oms_load_categories")
        return self._reopen()

    def action_load_attributes(self):
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a Lazada category first."))
        attributes = self.channel_id._oms_call_for_user(
            "_oms_api", "get_category_attributes", self.category_id.external_id
        )
        commands = [(5, 0, 0)]
        for attribute in attributes:
            if attribute.get("name") in ("name", "description", "brand", "brand_id"):
                continue
            if attribute.get("attribute_type") == "sku" and not int(
                attribute.get("is_mandatory") or 0
            ):
                continue
            commands.append(
                (
                    0,
                    0,
                    {
                        "name": attribute["name"],
                        "label": attribute.get("label") or attribute["name"],
                        "mandatory": bool(int(attribute.get("is_mandatory") or 0)),
                        "sale_prop": bool(int(attribute.get("is_sale_prop") or 0)),
                        "options": ", ".join(
                            opt.get("name", "")
                            for opt in attribute.get("options") or []
                        ),
                    },
                )
            )
        self.attribute_ids = commands
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _check_attributes(self):
        missing = self.attribute_ids.filtered(lambda a: a.mandatory and not a.value)
        if missing:
            raise UserError(
                _(
                    "Lazada requires these attributes for this category: %s",
                    ", ".join(missing.mapped("label")),
                )
            )
        for attribute in self.attribute_ids.filtered(lambda a: a.value and a.options):
            allowed = [o.strip() for o in attribute.options.split(",")]
            if attribute.value not in allowed:
                raise UserError(
                    _(
                        "%(attribute)s must be one of: %(options)s",
                        attribute=attribute.label,
                        options=attribute.options,
                    )
                )

    def _prepare_product(self, image_urls):
        sku = self.product_id.default_code
        if not sku:
            raise UserError(_("The product needs an internal reference (seller SKU)."))
        sku_values = {
            "SellerSku": sku,
            "quantity": str(self.quantity),
            "price": f"{self.price:.2f}",
            "package_weight": f"{self.package_weight:.2f}",
            "package_length": f"{self.package_length:.2f}",
            "package_width": f"{self.package_width:.2f}",
            "package_height": f"{self.package_height:.2f}",
        }
        attributes = {
            "name": self.name,
            "description": self.description or self.name,
            "brand_id": self.brand_id or "0",
        }
        for attribute in self.attribute_ids.filtered("value"):
            target = sku_values if attribute.sale_prop else attributes
            target[attribute.name] = attribute.value
        product = {
            "PrimaryCategory": self.category_id.external_id,
            "Attributes": attributes,
            "Skus": {"Sku": [sku_values]},
        }
        if image_urls:
            product["Images"] = {"Image": image_urls}
        return product

    def action_create(self):
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a Lazada category."))
        self._check_attributes()
        channel = self.channel_id
        image_urls = []
        if self.product_id.image_1920:
            image = channel._oms_call_for_user(
                "_oms_api",
                "upload_image",
                base64.b64decode(self.product_id.image_1920),
                f"{self.product_id.default_code or self.product_id.id}.png",
            )
            image_urls.append(image["url"])
        data = channel._oms_call_for_user(
            "_oms_api", "create_product", self._prepare_product(image_urls)
        )
        listings = [
            {
                "external_id": str(sku["sku_id"]),
                "external_product_id": str(data["item_id"]),
                "seller_sku": sku["seller_sku"],
                "name": self.name,
                "price": self.price,
                "quantity": self.quantity,
                "state": "pending"
                if (data.get("item_status") or "").lower().startswith("pending")
                else "active",
                "data": {
                    "item_id": str(data["item_id"]),
                    "primary_category": self.category_id.external_id,
                    "attributes": json.dumps(
                        {a.name: a.value for a in self.attribute_ids if a.value}
                    ),
                },
            }
            for sku in data.get("sku_list") or []
        ]
        bindings = self.env["oms.product.binding"]._bind_by_sku(
            self.channel_id, listings
        )
        bindings.filtered(lambda b: not b.product_id).product_id = self.product_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.product.binding",
            "view_mode": "list,form",
            "domain": [("id", "in", bindings.ids)],
            "name": _("Lazada listing"),
        }
