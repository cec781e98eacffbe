import logging

import phonenumbers

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    oms_buyer_ref = fields.Char(
        string="Marketplace Buyer",
        index="btree_not_null",
        copy=False,
        help="platform:buyer id of the marketplace account this contact is.",
    )
    oms_phone_normalized = fields.Char(
        string="Normalized Phone",
        index="btree_not_null",
        copy=False,
        help="E.164 phone used to recognise returning buyers across shops.",
    )

    @api.model
    def _oms_normalize_phone(self, phone, country_code):
        """Return ``phone`` in E.164, or False when it cannot be parsed.

        Marketplaces often mask phones (``+65****1234``); those do not parse
        and then only the buyer id identifies the buyer.
        """
        if not phone or "*" in phone:
            return False
        try:
            number = phonenumbers.parse(phone, (country_code or "").upper() or None)
        except phonenumbers.NumberParseException:
            return False
        if not phonenumbers.is_possible_number(number):
            return False
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
