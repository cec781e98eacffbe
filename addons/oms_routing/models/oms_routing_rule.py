from fnmatch import fnmatchcase

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.oms_base import normalized

DELIVERY_TYPES = [
    (normalized.STANDARD, "Standard"),
    (normalized.EXPRESS, "Express"),
    (normalized.INSTANT, "Instant"),
    (normalized.SELLER, "Seller-Shipped"),
]


def by_sequence(record):
    """Sort key of records ordered by sequence: sorted() without a key
    would query the database for each recordset."""
    return (record.sequence, record.id)


def split_patterns(text):
    return [p.strip().casefold() for p in (text or "").split(",") if p.strip()]


def match_patterns(patterns, value):
    """Whether ``value`` matches one of the shell-style ``patterns``
    (``*`` and ``?``), ignoring case and surrounding spaces."""
    value = (value or "").strip().casefold()
    return bool(value) and any(fnmatchcase(value, p) for p in patterns)


def matches_state(states, text):
    """Whether the marketplace's state text names one of ``states``
    (by name or code, ignoring case)."""
    text = (text or "").strip().casefold()
    return bool(text) and any(
        text in (state.name.casefold(), state.code.casefold()) for state in states
    )


class OmsRoutingRule(models.Model):
    """Where an order ships from, and how: a condition and an action.

    The first active rule (by sequence) of the order's company whose
    condition the order meets routes it; empty conditions match anything.
    """

    _name = "oms.routing.rule"
    _description = "OMS Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    description = fields.Text(
        compute="_compute_description",
        string="Summary",
        help="What this rule matches and what it does, in words.",
    )

    # Conditions
    channel_ids = fields.Many2many(
        "oms.channel",
        string="Shops",
        check_company=True,
        help="Only orders of these shops; none means every shop.",
    )
    country_ids = fields.Many2many("res.country", string="Buyer Countries")
    state_ids = fields.Many2many("res.country.state", string="Buyer States")
    city_patterns = fields.Char(
        string="Buyer Cities", help="Comma-separated patterns, e.g. Cebu*, Manila."
    )
    zip_patterns = fields.Char(
        string="Buyer Postcodes", help="Comma-separated patterns, e.g. 10*, 6???."
    )
    zone_id = fields.Many2one(
        "oms.routing.zone",
        check_company=True,
        help="The buyer is in a region of this zone; the order ships from "
        "that region's warehouses, nearest first (instead of the list below).",
    )
    product_ids = fields.Many2many("product.product", string="Products")
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Their subcategories included.",
    )
    tag_ids = fields.Many2many("product.tag", string="Product Tags")
    amount_min = fields.Float(string="Order Amount From")
    amount_max = fields.Float(string="Order Amount To", help="0 means no maximum.")
    cod = fields.Selection(
        [("any", "Any Payment"), ("cod", "Cash on Delivery"), ("prepaid", "Prepaid")],
        string="Payment",
        default="any",
        required=True,
    )
    weight_min = fields.Float(string="Weight From (kg)")
    weight_max = fields.Float(string="Weight To (kg)", help="0 means no maximum.")
    delivery_type = fields.Selection(
        DELIVERY_TYPES,
        help="The marketplace's delivery type; empty means any.",
    )

    # Actions
    warehouse_line_ids = fields.One2many(
        "oms.routing.rule.warehouse",
        "rule_id",
        string="Warehouses",
        copy=True,
        help="In preference order: the first that can ship every line from "
        "free stock ships the order.",
    )
    allow_split = fields.Boolean(
        help="When no warehouse has everything, ship from several (as few as "
        "possible), one delivery and one package each.",
    )
    carrier_ids = fields.Many2many(
        "delivery.carrier",
        string="Carriers",
        check_company=True,
        help="For seller-shipped and own-store orders: the carrier among "
        "these that serves the buyer's address.",
    )
    carrier_choice = fields.Selection(
        [
            ("first", "First Available"),
            ("cheapest", "Cheapest"),
            ("fastest", "Fastest"),
        ],
        default="first",
        required=True,
        help="Cheapest: by the carriers' own price rules for this order. "
        "Fastest: the fewest transit days (set on each carrier), the "
        "cheapest of equally fast ones.",
    )
    logistics_channel = fields.Char(
        help="For marketplace logistics: the shop's logistics channel to use "
        "where the platform lets the seller choose.",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")],
        default="0",
        required=True,
        help="Priority of the deliveries of the orders this rule routes.",
    )
    order_count = fields.Integer(compute="_compute_order_count")

    @api.constrains("company_id", "warehouse_line_ids")
    def _check_warehouse_company(self):
        for rule in self:
            foreign = rule.warehouse_line_ids.warehouse_id.filtered(
                lambda w, r=rule: w.company_id != r.company_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s belongs to %(company)s: it cannot ship "
                        "from %(warehouses)s, of another company.",
                        rule=rule.display_name,
                        company=rule.company_id.display_name,
                        warehouses=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.constrains("allow_split", "channel_ids")
    def _check_split_supported(self):
        for rule in self.filtered("allow_split"):
            message = rule.channel_ids.filtered(
                lambda c: c.platform != "none"
            )._oms_unsupported_message("support_order_split")
            if message:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s cannot split orders: %(reason)s",
                        rule=rule.display_name,
                        reason=message,
                    )
                )

    @api.depends(
        "channel_ids",
        "country_ids",
        "state_ids",
        "city_patterns",
        "zip_patterns",
        "zone_id",
        "product_ids",
        "categ_ids",
        "tag_ids",
        "amount_min",
        "amount_max",
        "cod",
        "weight_min",
        "weight_max",
        "delivery_type",
        "warehouse_line_ids.warehouse_id",
        "allow_split",
    )
    def _compute_description(self):
        for rule in self:
            rule.description = rule._oms_describe()

    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("oms_routing_rule_id", "in", self.ids)],
                ["oms_routing_rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.order_count = counts.get(rule, 0)

    def _oms_describe(self):
        self.ensure_one()
        parts = []
        if self.channel_ids:
            parts.append(
                self.env._("shops %s", ", ".join(self.channel_ids.mapped("name")))
            )
        if self.country_ids:
            parts.append(
                self.env._("buyers in %s", ", ".join(self.country_ids.mapped("name")))
            )
        if self.state_ids:
            parts.append(
                self.env._("states %s", ", ".join(self.state_ids.mapped("name")))
            )
        if self.city_patterns:
            parts.append(self.env._("cities %s", self.city_patterns))
        if self.zip_patterns:
            parts.append(self.env._("postcodes %s", self.zip_patterns))
        if self.zone_id:
            parts.append(self.env._("zone %s", self.zone_id.name))
        if self.product_ids or self.categ_ids or self.tag_ids:
            names = (
                self.product_ids.mapped("display_name")
                + self.categ_ids.mapped("display_name")
                + self.tag_ids.mapped("name")
            )
            parts.append(self.env._("with %s", ", ".join(names)))
        if self.amount_min or self.amount_max:
            parts.append(
                self.env._(
                    "amount %(low)s–%(high)s",
                    low=self.amount_min,
                    high=self.amount_max or "∞",
                )
            )
        if self.cod != "any":
            parts.append(
                dict(self._fields["cod"]._description_selection(self.env))[self.cod]
            )
        if self.weight_min or self.weight_max:
            parts.append(
                self.env._(
                    "%(low)s–%(high)s kg",
                    low=self.weight_min,
                    high=self.weight_max or "∞",
                )
            )
        if self.delivery_type:
            labels = dict(
                self._fields["delivery_type"]._description_selection(self.env)
            )
            parts.append(labels[self.delivery_type])
        condition = "; ".join(parts) or self.env._("every order")
        if self.zone_id:
            action = self.env._("the buyer's region's warehouses, nearest first")
        else:
            action = ", ".join(
                self.warehouse_line_ids.sorted(by_sequence).warehouse_id.mapped("name")
            ) or self.env._("the shop's warehouses")
        if self.allow_split:
            action = self.env._("%s, split if needed", action)
        return self.env._(
            "If %(condition)s: ship from %(action)s.",
            condition=condition,
            action=action,
        )

    # ------------------------------------------------------------------
    # Matching (pure Python on prefetched rules: no query per order)
    # ------------------------------------------------------------------

    def _oms_matches(self, request):
        """Whether ``request`` (a routing ``Request``) meets this rule's
        condition; the reason it does not is not needed here."""
        self.ensure_one()
        address = request.address
        checks = (
            not self.channel_ids or request.channel in self.channel_ids,
            not self.country_ids or address.country in self.country_ids,
            not self.state_ids or matches_state(self.state_ids, address.state),
            not self.city_patterns
            or match_patterns(split_patterns(self.city_patterns), address.city),
            not self.zip_patterns
            or match_patterns(split_patterns(self.zip_patterns), address.zip),
            self.cod == "any" or (self.cod == "cod") == bool(request.is_cod),
            not self.delivery_type or self.delivery_type == request.delivery_type,
            request.amount >= self.amount_min
            and (not self.amount_max or request.amount <= self.amount_max),
            request.weight >= self.weight_min
            and (not self.weight_max or request.weight <= self.weight_max),
        )
        if not all(checks):
            return False
        wants_products = self.product_ids or self.categ_ids or self.tag_ids
        if wants_products and not any(
            self._oms_matches_product(line.product) for line in request.lines
        ):
            return False
        return not self.zone_id or bool(self.zone_id._oms_region_of(address))

    def _oms_matches_product(self, product):
        if product in self.product_ids:
            return True
        if self.tag_ids & (
            product.product_tag_ids | product.additional_product_tag_ids
        ):
            return True
        return bool(self.categ_ids) and any(
            product.categ_id.parent_path.startswith(categ.parent_path)
            for categ in self.categ_ids
        )

    def _oms_warehouses(self, request):
        """This rule's warehouses for ``request``, in preference order."""
        self.ensure_one()
        if self.zone_id:
            region = self.zone_id._oms_region_of(request.address)
            return region.rank_ids.sorted(by_sequence).warehouse_id
        return self.warehouse_line_ids.sorted(by_sequence).warehouse_id

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_routing.action_oms_routed_orders"
        )
        action["domain"] = [("oms_routing_rule_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_test(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Test Routing"),
            "res_model": "oms.routing.test",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_rule_id": self.id,
                "default_company_id": self.company_id.id,
            },
        }
