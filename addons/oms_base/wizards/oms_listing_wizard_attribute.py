from odoo import _, fields, models
from odoo.exceptions import UserError

from .. import normalized


class OmsListingWizardAttribute(models.TransientModel):
    """One attribute of the listing's marketplace category, with its value
    (``normalized.ListingAttribute`` of the platform)."""

    _name = "oms.listing.wizard.attribute"
    _description = "Listing Attribute Value"

    wizard_id = fields.Many2one("oms.listing.wizard", required=True, ondelete="cascade")
    code = fields.Char(
        required=True, readonly=True, help="The marketplace's key of the attribute."
    )
    name = fields.Char(required=True, readonly=True)
    mandatory = fields.Boolean(readonly=True)
    variant = fields.Boolean(
        string="Variant Attribute",
        readonly=True,
        help="A property of the SKU (size, colour), not of the whole listing.",
    )
    free_input = fields.Boolean(
        readonly=True, help="Values other than the allowed ones are accepted."
    )
    multi_value = fields.Boolean(readonly=True)
    options = fields.Char(string="Allowed Values", readonly=True)
    option_ids = fields.Json(
        readonly=True, help="Value name -> the marketplace's id of the value."
    )
    value = fields.Char(help="Several values, where the marketplace takes them: a, b")

    def _listing_value(self):
        """The value as a ``normalized.ListingValue``; refuses a value the
        marketplace does not offer (checked before any call)."""
        self.ensure_one()
        if self.multi_value:
            names = [name.strip() for name in self.value.split(",") if name.strip()]
        else:
            names = [self.value.strip()]
        options = self.option_ids or {}
        values = []
        for name in names:
            if name in options:
                values.append((name, options[name]))
            elif self.free_input:
                values.append((name, None))
            else:
                raise UserError(
                    _(
                        "%(attribute)s must be one of: %(options)s",
                        attribute=self.name,
                        options=self.options,
                    )
                )
        return normalized.ListingValue(
            code=self.code, values=values, variant=self.variant
        )
