import re

from odoo import _, api, fields, models

from odoo.addons.oms_base import normalized

RULE_TYPES = [
    ("cod_amount", "COD amount above"),
    ("buyer_history", "Buyer's failed deliveries and returns"),
    ("cancellations", "Buyer's cancelled orders"),
    ("address", "Address fails basic checks"),
]
# Marketplaces mask parts of the buyer's data (``****``, ``(+1)213-***-1234``).
MASKED = re.compile(r"\*")
MIN_STREET = 5


class OmsRiskRule(models.Model):
    """A check that holds a new marketplace order before it is packed."""

    _name = "oms.risk.rule"
    _description = "Order Risk Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    channel_ids = fields.Many2many(
        "oms.channel",
        string="Shops",
        check_company=True,
        help="Shops whose new orders this rule checks; empty: every shop of "
        "the company.",
    )
    rule_type = fields.Selection(RULE_TYPES, string="Check", required=True)
    amount = fields.Monetary(
        string="COD Above",
        currency_field="currency_id",
        help="Cash-on-delivery orders above this total (company currency).",
    )
    count = fields.Integer(
        string="At Least",
        default=1,
        help="How many earlier failed deliveries/returns or cancelled orders "
        "of the same buyer hold the order.",
    )

    _sql_constraints = [
        ("count_positive", "CHECK(count >= 1)", "A count starts at 1."),
    ]

    @api.model
    def _oms_rules_for(self, channel):
        return self.search(
            [
                ("company_id", "=", channel.company_id.id),
                "|",
                ("channel_ids", "=", False),
                ("channel_ids", "in", channel.ids),
            ]
        )

    def _oms_check(self, orders):
        """``{order: [reason, ...]}`` of the ``orders`` these rules hold.

        A rule whose data the platform does not send (no phone nor buyer id,
        a masked address) holds nothing: it cannot tell.
        """
        reasons = {}
        for rule in self:
            found = getattr(self, f"_oms_check_{rule.rule_type}")(rule, orders)
            for order, reason in found.items():
                reasons.setdefault(order, []).append(reason)
        return reasons

    def _oms_check_cod_amount(self, rule, orders):
        return {
            order: _(
                "COD order of %(amount)s, above %(limit)s",
                amount=order.oms_amount_company,
                limit=rule.amount,
            )
            for order in orders
            if order.oms_is_cod and order.oms_amount_company > rule.amount
        }

    def _oms_buyers(self, orders):
        """``{order: partners}``: every partner that is the order's buyer by
        marketplace buyer id or by normalized phone, found in one search."""
        buyers = orders.mapped("partner_id")
        refs = {p.oms_buyer_ref for p in buyers if p.oms_buyer_ref}
        phones = {p.oms_phone_normalized for p in buyers if p.oms_phone_normalized}
        if not refs and not phones:
            return {}
        known = (
            self.env["res.partner"].search(
                [
                    "|",
                    ("oms_buyer_ref", "in", list(refs)),
                    ("oms_phone_normalized", "in", list(phones)),
                ]
            )
            | buyers
        )
        result = {}
        for order in orders:
            me = order.partner_id
            if not (me.oms_buyer_ref or me.oms_phone_normalized):
                continue
            result[order] = known.filtered(
                lambda p, me=me: (
                    (me.oms_buyer_ref and p.oms_buyer_ref == me.oms_buyer_ref)
                    or (
                        me.oms_phone_normalized
                        and p.oms_phone_normalized == me.oms_phone_normalized
                    )
                )
            )
        return result

    def _oms_count_by_partner(self, model, domain, partners):
        groups = self.env[model]._read_group(
            [*domain, ("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
        )
        return {partner: count for partner, count in groups}

    def _oms_check_history(self, orders, counts_of, message, rule):
        buyers = self._oms_buyers(orders)
        everyone = self.env["res.partner"].union(*buyers.values())
        counts = counts_of(everyone, orders)
        found = {}
        for order, partners in buyers.items():
            total = sum(counts.get(p, 0) for p in partners)
            if total >= rule.count:
                found[order] = message(total)
        return found

    def _oms_check_buyer_history(self, rule, orders):
        def counts_of(partners, orders):
            counts = self._oms_count_by_partner(
                "sale.order",
                [
                    ("oms_status", "=", normalized.RETURNED),
                    ("id", "not in", orders.ids),
                ],
                partners,
            )
            # oms_returns is optional: its failed deliveries and returns
            # count when it is installed.
            if "oms.return" in self.env:
                for partner, count in self._oms_count_by_partner(
                    "oms.return", [("sale_order_id", "not in", orders.ids)], partners
                ).items():
                    counts[partner] = counts.get(partner, 0) + count
            return counts

        return self._oms_check_history(
            orders,
            counts_of,
            lambda total: _("buyer has %s earlier failed deliveries or returns", total),
            rule,
        )

    def _oms_check_cancellations(self, rule, orders):
        def counts_of(partners, orders):
            return self._oms_count_by_partner(
                "sale.order",
                [("state", "=", "cancel"), ("id", "not in", orders.ids)],
                partners,
            )

        return self._oms_check_history(
            orders,
            counts_of,
            lambda total: _("buyer has %s earlier cancelled orders", total),
            rule,
        )

    def _oms_check_address(self, rule, orders):
        found = {}
        for order in orders:
            problems = self._oms_address_problems(order.partner_shipping_id)
            if problems:
                found[order] = _("address: %s", ", ".join(problems))
        return found

    def _oms_address_problems(self, address):
        """What is wrong with a shipping address, ignoring masked parts."""
        problems = []
        street = " ".join(filter(None, [address.street, address.street2])).strip()
        if MASKED.search(street):
            return problems
        if len(street) < MIN_STREET:
            problems.append(_("no street"))
        if not (address.city or address.zip):
            problems.append(_("no city nor postcode"))
        if (
            address.zip
            and not MASKED.search(address.zip)
            and not address.zip.strip().isdigit()
        ):
            problems.append(_("postcode %s is not a number", address.zip))
        phone = address.phone or address.mobile or ""
        if not phone:
            problems.append(_("no phone"))
        elif not MASKED.search(phone) and not self.env[
            "res.partner"
        ]._oms_normalize_phone(phone, address.country_id.code):
            problems.append(_("phone %s is not valid", phone))
        return problems
