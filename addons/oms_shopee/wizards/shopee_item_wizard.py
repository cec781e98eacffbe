import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .shopee_item_wizard_attribute import SINGLE_DROP_DOWN, wizard_value


class ShopeeItemWizard(models.TransientModel):
    """Publish an Odoo product as a Shopee item, or update a listed one.

    The category comes from Shopee's tree; the category's mandatory
    attributes are asked for and checked before anything is sent. Price and
    stock keep their own push paths: an update sends the rest.

    An item is created without variations (one model, the product's SKU):
    each variant of a product can be listed as its own item.
    """

    _name = "oms.shopee.item.wizard"
    _description = "Create or Update a Shopee Item"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        domain=[("platform", "=", "shopee"), ("state", "=", "connected")],
    )
    product_id = fields.Many2one(
        "product.product", domain=[("default_code", "!=", False)]
    )
    image = fields.Image(related="product_id.image_128")
    binding_id = fields.Many2one(
        "oms.product.binding",
        string="Listing",
        readonly=True,
        help="Set when updating an item already on Shopee.",
    )
    category_id = fields.Many2one(
        "oms.marketplace.category",
        domain="[('channel_id', '=', channel_id), ('leaf', '=', True)]",
    )
    name = fields.Char(required=True)
    description = fields.Text(required=True)
    price = fields.Float(digits="Product Price")
    quantity = fields.Integer(
        string="Initial Stock",
        help="The product's free quantity in the shop's warehouses, after the "
        "shop's stock rules.",
    )
    weight = fields.Float(string="Weight (kg)")
    package_length = fields.Integer(string="Length (cm)", default=10)
    package_width = fields.Integer(string="Width (cm)", default=10)
    package_height = fields.Integer(string="Height (cm)", default=10)
    send_image = fields.Boolean(
        string="Replace Images",
        help="Replace the item's images on Shopee with the product's image.",
    )
    attribute_ids = fields.One2many(
        "oms.shopee.item.wizard.attribute", "wizard_id", string="Attributes"
    )
    attributes_category_id = fields.Many2one(
        "oms.marketplace.category", help="The category the attributes were loaded for."
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        binding = self.env["oms.product.binding"].browse(res.get("binding_id"))
        if binding:
            if binding.channel_id.platform != "shopee":
                raise UserError(_("This listing is not on a Shopee shop."))
            res.update(
                channel_id=binding.channel_id.id, product_id=binding.product_id.id
            )
            # Not again when the wizard is saved (the form sends these).
            if {"name", "category_id", "attribute_ids"} & set(fields_list):
                res.update(self._item_defaults(binding))
        elif not res.get("channel_id"):
            shops = self.env["oms.channel"].search(
                [("platform", "=", "shopee"), ("state", "=", "connected")], limit=2
            )
            if len(shops) == 1:
                res["channel_id"] = shops.id
        product = self.env["product.product"].browse(res.get("product_id"))
        if product:
            res.update(self._product_defaults(product, res))
        channel = self.env["oms.channel"].browse(res.get("channel_id"))
        if product and channel and not binding:
            res.setdefault("quantity", self._free_quantity(channel, product))
        return res

    @api.model
    def _product_defaults(self, product, res):
        defaults = {
            "name": product.with_context(display_default_code=False).display_name,
            "price": product.lst_price,
            "description": product.description_sale or product.name,
            "weight": product.weight or 0.5,
        }
        return {key: value for key, value in defaults.items() if not res.get(key)}

    @api.model
    def _free_quantity(self, channel, product):
        free = channel._oms_free_quantities(product).get(product.id, 0.0)
        return channel._oms_publishable_quantity(free)

    @api.model
    def _item_defaults(self, binding):
        """The item as Shopee shows it now: what an update starts from."""
        channel = binding.channel_id
        item = self._shopee_item(channel, binding.external_product_id)
        res = {
            "name": item.get("item_name") or binding.name,
            "description": item.get("description") or "",
            "weight": float(item.get("weight") or 0.0),
        }
        dimension = item.get("dimension") or {}
        for key in ("package_length", "package_width", "package_height"):
            if dimension.get(key):
                res[key] = int(dimension[key])
        category = self._category(channel, item.get("category_id"))
        if category:
            res["category_id"] = res["attributes_category_id"] = category.id
            res["attribute_ids"] = self._attribute_commands(channel, category, item)
        return res

    @api.model
    def _category(self, channel, external_id):
        """The category record, loading Shopee's tree if it is not cached."""
        if not external_id:
            return self.env["oms.marketplace.category"]
        domain = [
            ("channel_id", "=", channel.id),
            ("external_id", "=", str(external_id)),
        ]
        categories = self.env["oms.marketplace.category"]
        if not categories.search_count([("channel_id", "=", channel.id)], limit=1):
            channel._oms_call_for_user("_oms_load_categories")
        return categories.search(domain, limit=1)

    @api.onchange("product_id")
    def _onchange_product(self):
        if self.binding_id or not self.product_id:
            return
        self.update(self._product_defaults(self.product_id, {}))
        if self.channel_id:
            self.quantity = self._free_quantity(self.channel_id, self.product_id)

    @api.onchange("channel_id")
    def _onchange_channel(self):
        if self.binding_id or not self.channel_id:
            return
        if self.product_id:
            self.quantity = self._free_quantity(self.channel_id, self.product_id)
        if self.category_id.channel_id != self.channel_id:
            self.category_id = False

    @api.onchange("category_id")
    def _onchange_category(self):
        # Attributes belong to one category: list the new one's.
        if self.category_id != self.attributes_category_id:
            self._load_attributes()

    def action_load_categories(self):
        self.ensure_one()
        self.channel_id._oms_call_for_user("_oms_load_categories")
        return self._reopen()

    def action_load_attributes(self):
        """List the category's attributes, with the item's values on update."""
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a Shopee category first."))
        self._load_attributes()
        return self._reopen()

    def _load_attributes(self):
        commands = [(5, 0, 0)]
        if self.category_id:
            item = None
            if self.binding_id:
                item = self._shopee_item(
                    self.channel_id, self.binding_id.external_product_id
                )
            commands = self._attribute_commands(self.channel_id, self.category_id, item)
        self.attribute_ids = commands
        self.attributes_category_id = self.category_id

    @api.model
    def _attribute_commands(self, channel, category, item=None):
        """One line per attribute of ``category``, valued as in ``item``."""
        tree = channel._oms_call_for_user(
            "_oms_api", "get_attributes", category.external_id
        )
        current = {
            attribute["attribute_id"]: attribute.get("attribute_value_list") or []
            for attribute in (item or {}).get("attribute_list") or []
        }
        commands = [(5, 0, 0)]
        for attribute in tree:
            options = {
                value["name"]: value["value_id"]
                for value in attribute.get("attribute_value_list") or []
            }
            commands.append(
                (
                    0,
                    0,
                    {
                        "attribute_id": attribute["attribute_id"],
                        "name": attribute.get("display_attribute_name")
                        or attribute.get("name")
                        or str(attribute["attribute_id"]),
                        "mandatory": bool(attribute.get("mandatory")),
                        "input_type": (attribute.get("attribute_info") or {}).get(
                            "input_type", SINGLE_DROP_DOWN
                        ),
                        "options": ", ".join(options),
                        "option_ids": options,
                        "value": wizard_value(
                            options, current.get(attribute["attribute_id"]) or []
                        )
                        or False,
                    },
                )
            )
        return commands

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Calls to Shopee
    # ------------------------------------------------------------------

    @api.model
    def _shopee_item(self, channel, item_id):
        items = channel._oms_call_for_user(
            "_oms_api", "get_item_base_info", [int(item_id)]
        )
        if not items:
            raise UserError(_("Shopee does not know item %s.", item_id))
        return items[0]

    # ------------------------------------------------------------------
    # Create and update
    # ------------------------------------------------------------------

    def _attribute_list(self):
        if self.category_id != self.attributes_category_id:
            raise UserError(
                _(
                    "Load the attributes of category %s and fill the mandatory ones.",
                    self.category_id.display_name,
                )
            )
        missing = self.attribute_ids.filtered(lambda a: a.mandatory and not a.value)
        if missing:
            raise UserError(
                _(
                    "Shopee requires these attributes for this category: %s",
                    ", ".join(missing.mapped("name")),
                )
            )
        return [
            attribute._shopee_value()
            for attribute in self.attribute_ids
            if attribute.value
        ]

    def _upload_images(self):
        image = self.product_id.image_1920
        if not image:
            return []
        info = self.channel_id._oms_call_for_user(
            "_oms_api",
            "upload_image",
            base64.b64decode(image),
            f"{self.product_id.default_code or self.product_id.id}.png",
        )
        return [info["image_id"]]

    def _dimension(self):
        return {
            "package_length": self.package_length,
            "package_width": self.package_width,
            "package_height": self.package_height,
        }

    def _check_create(self):
        """What Shopee would refuse, checked before anything is sent."""
        if not self.product_id:
            raise UserError(_("Choose the product to list."))
        if not self.category_id:
            raise UserError(_("Choose a Shopee category."))
        if not self.product_id.default_code:
            raise UserError(_("The product needs an internal reference (seller SKU)."))
        if not self.product_id.image_1920:
            raise UserError(_("Shopee lists an item only with an image: add one."))
        listed = self.env["oms.product.binding"].search(
            [
                ("channel_id", "=", self.channel_id.id),
                ("product_id", "=", self.product_id.id),
            ],
            limit=1,
        )
        if listed:
            raise UserError(
                _(
                    "%(product)s is already listed on %(shop)s (item %(item)s): "
                    "use Update on Shopee from that listing.",
                    product=self.product_id.display_name,
                    shop=self.channel_id.name,
                    item=listed.external_product_id,
                )
            )
        return self._attribute_list()

    def _logistic_info(self):
        channels = self.channel_id._oms_call_for_user("_oms_api", "get_channel_list")
        logistic_info = [
            {"logistic_id": channel["logistics_channel_id"], "enabled": True}
            for channel in channels
            if channel.get("enabled")
        ]
        if not logistic_info:
            raise UserError(
                _("Enable a logistics channel of the shop in Shopee Seller Centre.")
            )
        return logistic_info

    def action_create(self):
        self.ensure_one()
        attribute_list = self._check_create()  # before any call
        logistic_info = self._logistic_info()
        image_ids = self._upload_images()
        item = {
            "item_name": self.name,
            "description": self.description,
            "original_price": round(self.price, 2),
            "weight": self.weight,
            "dimension": self._dimension(),
            "category_id": int(self.category_id.external_id),
            "item_sku": self.product_id.default_code,
            "item_status": "NORMAL",
            "condition": "NEW",
            "brand": {"brand_id": 0, "original_brand_name": "NoBrand"},
            "seller_stock": [{"stock": max(self.quantity, 0)}],
            "image": {"image_id_list": image_ids},
            "logistic_info": logistic_info,
            "attribute_list": attribute_list,
        }
        created = self.channel_id._oms_call_for_user("_oms_api", "add_item", item)
        bindings = self.channel_id._oms_call_for_user(
            "_shopee_bind_items", [created["item_id"]]
        )
        bindings.filtered(lambda b: not b.product_id).product_id = self.product_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.product.binding",
            "view_mode": "list,form",
            "domain": [("id", "in", bindings.ids)],
            "name": _("Shopee listing"),
        }

    def action_update(self):
        self.ensure_one()
        if not self.binding_id:
            raise UserError(_("Open this from a Shopee listing to update it."))
        changes = {
            "item_name": self.name,
            "description": self.description,
            "weight": self.weight,
            "dimension": self._dimension(),
        }
        if self.category_id:
            changes["category_id"] = int(self.category_id.external_id)
            changes["attribute_list"] = self._attribute_list()
        if self.send_image:
            if not self.product_id.image_1920:
                raise UserError(_("The product has no image to send."))
            changes["image"] = {"image_id_list": self._upload_images()}
        self.channel_id._oms_call_for_user(
            "_oms_listing_update", self.binding_id, changes
        )
        self.binding_id.message_post(
            body=_("Name, description and attributes updated on Shopee.")
        )
        return {"type": "ir.actions.act_window_close"}
