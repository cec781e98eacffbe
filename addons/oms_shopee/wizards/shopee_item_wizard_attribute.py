from odoo import _, fields, models
from odoo.exceptions import UserError

# Shopee attribute input types (get_attribute_tree ``attribute_info``).
SINGLE_DROP_DOWN = 1
SINGLE_COMBO_BOX = 2
FREE_TEXT = 3
MULTI_DROP_DOWN = 4
MULTI_COMBO_BOX = 5
# Types that take a value outside the listed ones.
FREE_INPUT_TYPES = (SINGLE_COMBO_BOX, FREE_TEXT, MULTI_COMBO_BOX)
# Types that take several values (comma-separated in the wizard).
MULTI_VALUE_TYPES = (MULTI_DROP_DOWN, MULTI_COMBO_BOX)


def wizard_value(option_ids, values):
    """The wizard's text for Shopee's ``attribute_value_list``."""
    names = {value_id: name for name, value_id in (option_ids or {}).items()}
    return ", ".join(
        names.get(value.get("value_id")) or value.get("original_value_name") or ""
        for value in values
        if value.get("value_id") or value.get("original_value_name")
    )


class ShopeeItemWizardAttribute(models.TransientModel):
    _name = "oms.shopee.item.wizard.attribute"
    _description = "Shopee Category Attribute Value"

    wizard_id = fields.Many2one(
        "oms.shopee.item.wizard", required=True, ondelete="cascade"
    )
    attribute_id = fields.Integer(string="Attribute ID", readonly=True)
    name = fields.Char(required=True, readonly=True)
    mandatory = fields.Boolean(readonly=True)
    input_type = fields.Integer(readonly=True)
    options = fields.Char(string="Allowed Values", readonly=True)
    option_ids = fields.Json(readonly=True, help="Value name -> Shopee value id.")
    value = fields.Char(help="Several values, where Shopee takes them: a, b")

    def _shopee_value(self):
        """The ``attribute_list`` entry Shopee expects for this value."""
        self.ensure_one()
        if self.input_type in MULTI_VALUE_TYPES:
            names = [name.strip() for name in self.value.split(",") if name.strip()]
        else:
            names = [self.value.strip()]
        entries = []
        for name in names:
            value_id = (self.option_ids or {}).get(name)
            if value_id is None and self.input_type not in FREE_INPUT_TYPES:
                raise UserError(
                    _(
                        "%(attribute)s must be one of: %(options)s",
                        attribute=self.name,
                        options=self.options,
                    )
                )
            if value_id:
                entries.append({"value_id": value_id})
            else:  # a value of the seller's, or Shopee's own "No Brand" (id 0)
                entries.append({"value_id": 0, "original_value_name": name})
        return {"attribute_id": self.attribute_id, "attribute_value_list": entries}
