import base64

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from .. import normalized


class OmsListingWizard(models.TransientModel):
    """Publish an Odoo product on a marketplace shop, or edit a listing.

    The category comes from the marketplace's tree (``oms.marketplace.
    category``); its attributes come from the platform
    (``_oms_listing_attributes``) and are checked, mandatory ones and values,
    before anything is sent. The listing goes to the platform as a
    ``normalized.Listing`` (``_oms_listing_create``, ``_oms_listing_update``),
    every call through the shop's call path for people. Price and stock keep
    their own pushes: an update sends the rest.

    A listing is created with one SKU, the product's: each variant of a
    product can be listed on its own.
    """

    _name = "oms.listing.wizard"
    _description = "Create or Edit a Marketplace Listing"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        domain=[("state", "=", "connected")],
    )
    platform = fields.Selection(related="channel_id.platform")
    product_id = fields.Many2one(
        "product.product", domain=[("default_code", "!=", False)]
    )
    image = fields.Image(related="product_id.image_128")
    binding_id = fields.Many2one(
        "oms.product.binding",
        string="Listing",
        readonly=True,
        help="Set when editing a listing already on the marketplace.",
    )
    category_id = fields.Many2one(
        "oms.marketplace.category",
        domain="[('channel_id', '=', channel_id), ('leaf', '=', True)]",
    )
    attributes_category_id = fields.Many2one(
        "oms.marketplace.category", help="The category the attributes were loaded for."
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
    package_length = fields.Float(string="Length (cm)", default=10)
    package_width = fields.Float(string="Width (cm)", default=10)
    package_height = fields.Float(string="Height (cm)", default=10)
    send_image = fields.Boolean(
        string="Replace Images",
        help="Replace the listing's images on the marketplace with the "
        "product's image.",
    )
    attribute_ids = fields.One2many(
        "oms.listing.wizard.attribute", "wizard_id", string="Attributes"
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        binding = self.env["oms.product.binding"].browse(res.get("binding_id"))
        if binding:
            binding.channel_id._oms_check_support("support_listing_update")
            res.update(
                channel_id=binding.channel_id.id, product_id=binding.product_id.id
            )
            # Not again when the wizard is saved (the form sends these).
            if {"name", "category_id", "attribute_ids"} & set(fields_list):
                res.update(self._listing_defaults(binding))
        elif not res.get("channel_id"):
            shops = (
                self.env["oms.channel"]
                .search([("state", "=", "connected")])
                .filtered("support_listing_create")
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
        """The initial stock: what the stock push would publish."""
        free = channel._oms_free_quantities(product).get(product.id, 0.0)
        return channel._oms_publishable_quantity(free)

    @api.model
    def _listing_defaults(self, binding):
        """The listing as the marketplace shows it now: what an edit starts
        from."""
        channel = binding.channel_id
        listing = channel._oms_call_for_user("_oms_listing_read", binding)
        res = {
            "name": listing.name or binding.name,
            "description": listing.description or "",
        }
        for key in ("weight", "package_length", "package_width", "package_height"):
            if getattr(listing, key):
                res[key] = getattr(listing, key)
        category = self._category(channel, listing.category_ref)
        if category:
            res["category_id"] = res["attributes_category_id"] = category.id
            res["attribute_ids"] = self._attribute_commands(channel, category, listing)
        return res

    @api.model
    def _category(self, channel, external_id):
        """The category record, loading the marketplace's tree if it is not
        cached."""
        categories = self.env["oms.marketplace.category"]
        if not external_id:
            return categories
        if not categories.search_count([("channel_id", "=", channel.id)], limit=1):
            channel._oms_call_for_user("_oms_load_categories")
        return categories.search(
            [("channel_id", "=", channel.id), ("external_id", "=", str(external_id))],
            limit=1,
        )

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
        """List the category's attributes, with the listing's values on edit."""
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a category first."))
        self._load_attributes()
        return self._reopen()

    def _load_attributes(self):
        commands = [Command.clear()]
        if self.category_id:
            listing = None
            if self.binding_id:
                listing = self.channel_id._oms_call_for_user(
                    "_oms_listing_read", self.binding_id
                )
            commands = self._attribute_commands(
                self.channel_id, self.category_id, listing
            )
        self.attribute_ids = commands
        self.attributes_category_id = self.category_id

    @api.model
    def _attribute_commands(self, channel, category, listing=None):
        """One line per attribute of ``category``, valued as in ``listing``."""
        specs = channel._oms_call_for_user(
            "_oms_listing_attributes", category.external_id
        )
        current = {
            value.code: value for value in (listing and listing.attributes) or []
        }
        commands = [Command.clear()]
        for spec in specs:
            value = current.get(spec.code)
            commands.append(
                Command.create(
                    {
                        "code": spec.code,
                        "name": spec.name or spec.code,
                        "mandatory": spec.mandatory,
                        "variant": spec.variant,
                        "free_input": spec.free_input,
                        "multi_value": spec.multi_value,
                        "options": ", ".join(spec.options),
                        "option_ids": spec.options,
                        "value": (self._value_text(spec, value) if value else "")
                        or spec.default
                        or False,
                    }
                )
            )
        return commands

    @api.model
    def _value_text(self, spec, value):
        """The wizard's text of a ``ListingValue`` read from the marketplace."""
        names = {value_id: name for name, value_id in spec.options.items()}
        return ", ".join(
            (value_id is not None and names.get(value_id)) or name or ""
            for name, value_id in value.values
            if name or value_id is not None
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Checks, made before any call
    # ------------------------------------------------------------------

    def _attribute_values(self):
        """The attributes as ``normalized.ListingValue``, once checked."""
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
                    "%(platform)s requires these attributes for this category: "
                    "%(attributes)s",
                    platform=self.channel_id._oms_platform_label(self.platform),
                    attributes=", ".join(missing.mapped("name")),
                )
            )
        return [a._listing_value() for a in self.attribute_ids if a.value]

    def _check_create(self):
        """What the marketplace would refuse; return the attribute values."""
        channel = self.channel_id
        channel._oms_check_support("support_listing_create")
        if not self.product_id:
            raise UserError(_("Choose the product to list."))
        if not self.category_id:
            raise UserError(_("Choose a category."))
        if not self.product_id.default_code:
            raise UserError(_("The product needs an internal reference (seller SKU)."))
        if not self.product_id.image_1920 and channel._oms_listing_image_required():
            raise UserError(
                _(
                    "%s lists a product only with an image: add one.",
                    channel._oms_platform_label(self.platform),
                )
            )
        listed = self.env["oms.product.binding"].search(
            [
                ("channel_id", "=", channel.id),
                "|",
                ("product_id", "=", self.product_id.id),
                ("seller_sku", "=", self.product_id.default_code),
            ],
            limit=1,
        )
        if listed:
            raise UserError(
                _(
                    "%(product)s is already listed on %(shop)s (listing "
                    "%(listing)s): edit that listing instead.",
                    product=self.product_id.display_name,
                    shop=channel.name,
                    listing=listed.external_product_id or listed.seller_sku,
                )
            )
        return self._attribute_values()

    # ------------------------------------------------------------------
    # Create and update
    # ------------------------------------------------------------------

    def _upload_images(self):
        image = self.product_id.image_1920
        if not image:
            return []
        reference = self.channel_id._oms_call_for_user(
            "_oms_listing_upload_image",
            base64.b64decode(image),
            f"{self.product_id.default_code or self.product_id.id}.png",
        )
        return [reference]

    def _listing(self, **values):
        return normalized.Listing(
            name=self.name,
            description=self.description,
            weight=self.weight,
            package_length=self.package_length,
            package_width=self.package_width,
            package_height=self.package_height,
            **values,
        )

    def action_create(self):
        self.ensure_one()
        attributes = self._check_create()  # before any call
        sku = self.product_id.default_code
        found = self.channel_id._oms_call_for_user("_oms_listing_find", sku)
        found = found.filtered(lambda binding: binding.seller_sku == sku)
        if found:
            return self._bind_found(found)
        listing = self._listing(
            seller_sku=self.product_id.default_code,
            price=self.price,
            quantity=max(self.quantity, 0),
            category_ref=self.category_id.external_id,
            attributes=attributes,
            images=self._upload_images(),
        )
        bindings = self.channel_id._oms_call_for_user("_oms_listing_create", listing)
        bindings.filtered(lambda b: not b.product_id).product_id = self.product_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.product.binding",
            "view_mode": "list,form",
            "domain": [("id", "in", bindings.ids)],
            "name": _("New listing"),
        }

    def _bind_found(self, bindings):
        """Bind what the marketplace has under the product's SKU already,
        instead of listing it a second time."""
        bindings.filtered(lambda b: not b.product_id).product_id = self.product_id
        platform = self.channel_id._oms_platform_label(self.platform)
        for binding in bindings:
            binding.message_post(
                body=_(
                    "%(platform)s already lists seller SKU %(sku)s: bound to "
                    "that listing instead of creating a second one.",
                    platform=platform,
                    sku=binding.seller_sku,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.product.binding",
            "view_mode": "list,form",
            "domain": [("id", "in", bindings.ids)],
            "name": _("Already on %s", platform),
        }

    def action_update(self):
        self.ensure_one()
        binding = self.binding_id
        if not binding:
            raise UserError(_("Open this from a listing to edit it."))
        self.channel_id._oms_check_support("support_listing_update")
        values = {"seller_sku": binding.seller_sku}
        if self.category_id:
            values["category_ref"] = self.category_id.external_id
            values["attributes"] = self._attribute_values()
        if self.send_image and not self.product_id.image_1920:
            raise UserError(_("The product has no image to send."))
        if self.send_image:
            values["images"] = self._upload_images()
        self.channel_id._oms_call_for_user(
            "_oms_listing_update", binding, self._listing(**values)
        )
        binding.message_post(
            body=_(
                "Name, description and attributes updated on %s.",
                self.channel_id._oms_platform_label(self.platform),
            )
        )
        return {"type": "ir.actions.act_window_close"}
