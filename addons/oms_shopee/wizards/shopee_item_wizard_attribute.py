from odoo import _, fields, models
from odoo.exceptions import UserError

# Shopee attribute input types that take a value outside the listed ones.
FREE_INPUT_TYPES = (2, 3)  # combo box, free text


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
    value = fields.Char()

    def _shopee_value(self):
        """The ``attribute_list`` entry Shopee expects for this value."""
        self.ensure_one()
        value_id = (self.option_ids or {}).get(self.value)
        if value_id is None:
            if self.input_type not in FREE_INPUT_TYPES:
                raise UserError(
                    _(
                        "%(attribute)s must be one of: %(options)s",
                        attribute=self.name,
                        options=self.options,
                    )
                )
            entry = {"value_id": 0, "original_value_name": self.value}
        else:
            entry = {"value_id": value_id}
        return {"attribute_id": self.attribute_id, "attribute_value_list": [entry]}
