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
        region = (country_code or "").upper() or None
        digits = "".join(ch for ch in phone if ch.isdigit())
        # Marketplaces write the same number as 0812345678, +66 81 234 5678
        # or 66812345678 (country code without the plus).
        candidates = [phone]
        if digits and not phone.strip().startswith("+"):
            candidates.append("+" + digits)
        for candidate in candidates:
            try:
                number = phonenumbers.parse(candidate, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                )
        return False
