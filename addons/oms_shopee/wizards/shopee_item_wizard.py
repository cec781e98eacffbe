import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.api_common import errors as api_errors
from odoo.addons.queue_job.exception import RetryableJobError

from .. import mapping


class ShopeeItemWizard(models.TransientModel):
    """Publish an Odoo product as a Shopee item, or update a listed one.

    The category comes from Shopee's tree; the category's mandatory
    attributes are asked for and checked before anything is sent. Price and
    stock keep their own push paths: an update sends the rest.
    """

    _name = "oms.shopee.item.wizard"
    _description = "Create or Update a Shopee Item"

    channel_id = fields.Many2one(
        "oms.channel",
        string="Shop",
        required=True,
        domain=[("platform", "=", "shopee"), ("state", "=", "connected")],
    )
    product_id = fields.Many2one("product.product", required=True)
    binding_id = fields.Many2one(
        "oms.product.binding",
        string="Listing",
        readonly=True,
        help="Set when updating an item already on Shopee.",
    )
    category_id = fields.Many2one(
        "oms.shopee.category",
        domain="[('channel_id', '=', channel_id), ('leaf', '=', True)]",
    )
    name = fields.Char(required=True)
    description = fields.Text(required=True)
    price = fields.Float(required=True, digits="Product Price")
    quantity = fields.Integer(string="Initial Stock")
    weight = fields.Float(string="Weight (kg)", default=0.5)
    attribute_ids = fields.One2many(
        "oms.shopee.item.wizard.attribute", "wizard_id", string="Attributes"
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        binding = self.env["oms.product.binding"].browse(res.get("binding_id"))
        if binding:
            res.update(
                channel_id=binding.channel_id.id, product_id=binding.product_id.id
            )
            category = self.env["oms.shopee.category"].search(
                [
                    ("channel_id", "=", binding.channel_id.id),
                    ("external_id", "=", str((binding.data or {}).get("category_id"))),
                ],
                limit=1,
            )
            res.setdefault("category_id", category.id)
            res.setdefault("name", binding.name)
        product = self.env["product.product"].browse(res.get("product_id"))
        if product:
            res.setdefault("name", product.name)
            res.setdefault("price", product.lst_price)
            res.setdefault("description", product.description_sale or product.name)
            res.setdefault("weight", product.weight or 0.5)
        return res

    def action_load_categories(self):
        self.ensure_one()
        self._shopee_run(self.env["oms.shopee.category"]._sync_tree, self.channel_id)
        return self._reopen()

    def action_load_attributes(self):
        """List the category's attributes, with the item's values on update."""
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a Shopee category first."))
        client = self.channel_id._oms_client()
        tree = self._shopee_run(client.get_attributes, self.category_id.external_id)
        current = {}
        if self.binding_id:
            item = self._shopee_item(client, self.binding_id.external_product_id)
            for attribute in item.get("attribute_list") or []:
                values = attribute.get("attribute_value_list") or [{}]
                current[attribute["attribute_id"]] = values[0]
        commands = [(5, 0, 0)]
        for attribute in tree:
            options = {
                value["name"]: value["value_id"]
                for value in attribute.get("attribute_value_list") or []
            }
            names = {value_id: name for name, value_id in options.items()}
            value = current.get(attribute["attribute_id"]) or {}
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
                            "input_type", 1
                        ),
                        "options": ", ".join(options),
                        "option_ids": options,
                        "value": names.get(value.get("value_id"))
                        or value.get("original_value_name")
                        or False,
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

    def _shopee_run(self, func, *args):
        try:
            return func(*args)
        except api_errors.ApiError as err:
            raise UserError(_("Shopee refused: %s", err)) from err
        except RetryableJobError as err:
            raise UserError(_("Shopee could not be reached: %s", err)) from err

    def _shopee_item(self, client, item_id):
        items = self._shopee_run(client.get_item_base_info, [item_id])
        if not items:
            raise UserError(_("Shopee does not know item %s.", item_id))
        return items[0]

    def _attribute_list(self):
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

    def _upload_images(self, client):
        image = self.product_id.image_1920
        if not image:
            return []
        info = self._shopee_run(
            client.upload_image,
            base64.b64decode(image),
            f"{self.product_id.default_code or self.product_id.id}.png",
        )
        return [info["image_id"]]

    def _prepare_item(self, client, image_ids, attribute_list):
        sku = self.product_id.default_code
        if not sku:
            raise UserError(_("The product needs an internal reference (seller SKU)."))
        channels = self._shopee_run(client.get_channel_list)
        return {
            "item_name": self.name,
            "description": self.description,
            "original_price": round(self.price, 2),
            "weight": self.weight,
            "category_id": int(self.category_id.external_id),
            "item_sku": sku,
            "item_status": "NORMAL",
            "seller_stock": [{"stock": self.quantity}],
            "image": {"image_id_list": image_ids},
            "logistic_info": [
                {"logistic_id": channel["logistics_channel_id"], "enabled": True}
                for channel in channels
                if channel.get("enabled")
            ],
            "attribute_list": attribute_list,
        }

    def action_create(self):
        self.ensure_one()
        if not self.category_id:
            raise UserError(_("Choose a Shopee category."))
        attribute_list = self._attribute_list()  # before any call
        client = self.channel_id._oms_client()
        image_ids = self._upload_images(client)
        if not image_ids:
            raise UserError(_("Shopee lists an item only with an image: add one."))
        item = self._prepare_item(client, image_ids, attribute_list)
        created = self._shopee_run(client.add_item, item)
        bindings = self._bind(client, created["item_id"])
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
        values = {
            "item_id": int(self.binding_id.external_product_id),
            "item_name": self.name,
            "description": self.description,
            "weight": self.weight,
        }
        if self.attribute_ids:
            values["attribute_list"] = self._attribute_list()
        if self.category_id:
            values["category_id"] = int(self.category_id.external_id)
        client = self.channel_id._oms_client()
        image_ids = self._upload_images(client)
        if image_ids:
            values["image"] = {"image_id_list": image_ids}
        self._shopee_run(client.update_item, values)
        self._bind(client, values["item_id"])
        self.binding_id.message_post(
            body=_("Name, description and attributes updated on Shopee.")
        )
        return {"type": "ir.actions.act_window_close"}

    def _bind(self, client, item_id):
        """Bindings of the item as Shopee now shows it."""
        item = self._shopee_item(client, item_id)
        models = []
        if item.get("has_model"):
            models = self._shopee_run(client.get_model_list, item_id).get("model") or []
        return self.env["oms.product.binding"]._bind_by_sku(
            self.channel_id, mapping.listing_values(item, models)
        )
