"""The routing decision: which rule, which warehouse(s), and why.

Requests are plain objects built from marketplace orders (at import) or
from sale orders (re-route, dry-run), so both go through the same code.
A whole batch costs one search of rules and one grouped read of free
stock, however many orders it holds.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from odoo import api, models
from odoo.tools import float_compare

from .oms_routing_rule import by_sequence


@dataclass
class Address:
    country: object  # res.country, possibly empty
    state: str = ""
    city: str = ""
    zip: str = ""


@dataclass
class Line:
    key: str  # marketplace line id, or sale order line id
    product: object  # product.product
    quantity: float


@dataclass
class Request:
    key: str
    channel: object  # oms.channel, possibly empty
    company: object
    address: Address
    lines: list
    amount: float = 0.0
    is_cod: bool = False
    delivery_type: str = ""

    @cached_property
    def weight(self):
        return sum(line.product.weight * line.quantity for line in self.lines)


@dataclass
class Decision:
    warehouse: object  # stock.warehouse: the order's own
    rule: object  # oms.routing.rule, possibly empty
    reason: str
    # Lines shipping from another warehouse than the order's: {key: warehouse}
    line_warehouses: dict = field(default_factory=dict)
    # Why a person must look at the order, or "".
    attention: str = ""
    # False when no rule covers the order's shop: routing is not set up
    # there, and the order goes where oms_base sends it, unexplained.
    configured: bool = True

    @property
    def warehouses(self):
        return self.warehouse | self.warehouse.browse(
            {w.id for w in self.line_warehouses.values()}
        )

    @property
    def is_split(self):
        return len(self.warehouses) > 1


class OmsRoutingEngine(models.AbstractModel):
    _name = "oms.routing.engine"
    _description = "OMS Routing Engine"

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------

    @api.model
    def _oms_requests_from_marketplace(self, channel, orders, products):
        """Requests for ``normalized.Order`` items of ``channel``
        (``products``: the importer's ``{sku id or sku: binding}``)."""
        codes = {o.shipping_address.country_code.upper() for o in orders} - {""}
        countries = {
            c.code: c
            for c in self.env["res.country"].search([("code", "in", list(codes))])
        }
        no_country = self.env["res.country"]
        requests = []
        for order in orders:
            address = order.shipping_address
            lines = []
            for line in order.lines:
                binding = products.get(line.external_sku_id) or products.get(line.sku)
                if binding:
                    lines.append(
                        Line(line.external_id, binding.product_id, line.quantity)
                    )
            requests.append(
                Request(
                    key=order.external_id,
                    channel=channel,
                    company=channel.company_id,
                    address=Address(
                        country=countries.get(address.country_code.upper(), no_country)
                        or channel.country_id,
                        state=address.state,
                        city=address.city,
                        zip=address.zip,
                    ),
                    lines=lines,
                    amount=order.items_total,
                    is_cod=order.is_cod,
                    delivery_type=order.delivery_type,
                )
            )
        return requests

    @api.model
    def _oms_requests_from_sales(self, sales):
        requests = []
        for sale in sales:
            partner = sale.partner_shipping_id
            lines = [
                Line(str(line.id), line.product_id, line.product_uom_qty)
                for line in sale.order_line
                if line.product_id and not line.display_type and line.product_uom_qty
            ]
            requests.append(
                Request(
                    key=sale.id,
                    channel=sale.oms_channel_id,
                    company=sale.company_id,
                    address=Address(
                        country=partner.country_id,
                        state=partner.state_id.name or "",
                        city=partner.city or "",
                        zip=partner.zip or "",
                    ),
                    lines=lines,
                    amount=sum(
                        li.price_unit * li.product_uom_qty
                        for li in sale.order_line
                        if li.product_id.type == "consu"
                    ),
                    is_cod=sale.oms_is_cod,
                    delivery_type=sale.oms_delivery_type or "",
                )
            )
        return requests

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------

    @api.model
    def _oms_route(self, requests, credit=None):
        """Return ``{request key: Decision}``.

        Orders of the batch take stock in turn: two orders never count the
        same free unit. ``credit`` adds ``{(product id, warehouse id):
        quantity}`` to the free stock (an order's own reservation when it
        is routed again).
        """
        companies = {r.company.id for r in requests}
        rules = self.env["oms.routing.rule"].search(
            [("company_id", "in", list(companies))]
        )
        matched = {}
        candidates = {}
        unconfigured = set()
        for request in requests:
            if not any(
                rule.company_id == request.company
                and (not rule.channel_ids or request.channel in rule.channel_ids)
                for rule in rules
            ):
                unconfigured.add(request.key)
            rule = next(
                (
                    rule
                    for rule in rules
                    if rule.company_id == request.company and rule._oms_matches(request)
                ),
                rules.browse(),
            )
            matched[request.key] = rule
            warehouses = rule._oms_warehouses(request) if rule else rule.browse()
            candidates[request.key] = warehouses or self._oms_default_warehouses(
                request
            )
        all_warehouses = self.env["stock.warehouse"].union(*candidates.values())
        products = self.env["product.product"].union(
            *(line.product for r in requests for line in r.lines)
        )
        free = self._oms_free_quantities(products, all_warehouses)
        for key, quantity in (credit or {}).items():
            free[key] += quantity
        decisions = {}
        for request in requests:
            if request.key in unconfigured:
                warehouse = candidates[request.key][:1]
                decisions[request.key] = Decision(
                    warehouse=warehouse,
                    rule=matched[request.key],
                    reason=self.env._(
                        "No routing rule covers this shop: its warehouse %s.",
                        warehouse.name,
                    ),
                    configured=False,
                )
                continue
            decisions[request.key] = self._oms_decide(
                request, matched[request.key], candidates[request.key], free
            )
        return decisions

    @api.model
    def _oms_default_warehouses(self, request):
        if request.channel:
            return request.channel.warehouse_ids.sorted(by_sequence)
        return self.env["stock.warehouse"].search(
            [("company_id", "=", request.company.id)], limit=1
        )

    @api.model
    def _oms_free_quantities(self, products, warehouses):
        """``{(product id, warehouse id): free quantity}`` in one grouped
        read: on hand minus reserved, in the warehouses' internal
        locations."""
        free = defaultdict(float)
        storable = products.filtered("is_storable")
        if not storable or not warehouses:
            return free
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", storable.ids),
                ("location_id.usage", "=", "internal"),
                ("location_id.warehouse_id", "in", warehouses.ids),
            ],
            ["product_id", "location_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        for product, location, quantity, reserved in groups:
            free[product.id, location.warehouse_id.id] += quantity - reserved
        return free

    @api.model
    def _oms_decide(self, request, rule, warehouses, free):
        env = self.env
        if not warehouses:
            return Decision(
                warehouse=env["stock.warehouse"],
                rule=rule,
                reason=env._("No warehouse ships this order."),
                attention=env._(
                    "No warehouse ships this order: give the shop a warehouse."
                ),
            )
        lines = [line for line in request.lines if line.product.is_storable]
        label = rule.display_name if rule else env._("No routing rule")
        whole = next(
            (w for w in warehouses if self._oms_can_ship(lines, w, free)), None
        )
        if whole is not None and not rule:
            self._oms_take(lines, whole, free)
            return Decision(
                warehouse=whole,
                rule=rule,
                reason=env._(
                    "No routing rule matches: the shop's warehouse %s.", whole.name
                ),
                attention=env._(
                    "No routing rule matches this order: it ships from the "
                    "shop's warehouse %s. Check it, or add a rule.",
                    whole.name,
                ),
            )
        if whole is not None:
            self._oms_take(lines, whole, free)
            return Decision(
                warehouse=whole,
                rule=rule,
                reason=env._(
                    "%(rule)s: %(warehouse)s ships every line from free stock.",
                    rule=label,
                    warehouse=whole.name,
                ),
            )
        no_split = ""
        if rule.allow_split:
            no_split = self._oms_split_refusal(request)
            plan = None if no_split else self._oms_plan_split(lines, warehouses, free)
            if plan:
                main = plan[0][0]
                line_warehouses = {}
                parts = []
                for warehouse, part in plan:
                    self._oms_take(part, warehouse, free)
                    if warehouse != main:
                        line_warehouses.update({line.key: warehouse for line in part})
                    names = ", ".join(li.product.display_name for li in part)
                    parts.append(f"{warehouse.name} ({names})")
                return Decision(
                    warehouse=main,
                    rule=rule,
                    reason=env._(
                        "%(rule)s: no warehouse has every line; split into "
                        "%(count)s shipments: %(parts)s.",
                        rule=label,
                        count=len(plan),
                        parts="; ".join(parts),
                    ),
                    line_warehouses=line_warehouses,
                )
        preferred = warehouses[0]
        shortage = self._oms_shortage(lines, preferred, free)
        self._oms_take(lines, preferred, free)
        reason = env._(
            "%(rule)s: no warehouse can ship every line from free stock; "
            "%(warehouse)s (preferred) ships it, short of %(shortage)s.",
            rule=label,
            warehouse=preferred.name,
            shortage=shortage,
        )
        if no_split:
            reason = f"{reason} {no_split}"
        return Decision(
            warehouse=preferred,
            rule=rule,
            reason=reason,
            attention=env._(
                "Not enough free stock to ship this order: %(reason)s "
                "Move stock, re-route the order once stock arrived, or "
                "contact the buyer.",
                reason=reason,
            ),
        )

    @api.model
    def _oms_split_refusal(self, request):
        """Why the order of ``request`` cannot be split, or ""."""
        channel = request.channel
        if not channel or channel.platform == "none" or channel.support_order_split:
            return ""
        return channel._oms_unsupported_message("support_order_split") or ""

    @api.model
    def _oms_needs(self, lines):
        needs = defaultdict(float)
        for line in lines:
            needs[line.product.id] += line.quantity
        return needs

    @api.model
    def _oms_can_ship(self, lines, warehouse, free):
        return all(
            float_compare(free[product_id, warehouse.id], quantity, 2) >= 0
            for product_id, quantity in self._oms_needs(lines).items()
        )

    @api.model
    def _oms_take(self, lines, warehouse, free):
        for product_id, quantity in self._oms_needs(lines).items():
            free[product_id, warehouse.id] -= quantity

    @api.model
    def _oms_shortage(self, lines, warehouse, free):
        names = {line.product.id: line.product.display_name for line in lines}
        missing = [
            f"{names[product_id]} × "
            f"{quantity - max(free[product_id, warehouse.id], 0):g}"
            for product_id, quantity in self._oms_needs(lines).items()
            if float_compare(free[product_id, warehouse.id], quantity, 2) < 0
        ]
        return ", ".join(missing)

    @api.model
    def _oms_plan_split(self, lines, warehouses, free):
        """``[(warehouse, lines)]`` shipping every line whole with as few
        shipments as we can find (greedy: the warehouse covering most of
        what is left first, the preferred one on a tie), or None."""
        left = list(lines)
        available = dict(free)
        plan = []
        while left:
            best, best_part = None, []
            for warehouse in warehouses:
                part = []
                taken = defaultdict(float)
                for line in left:
                    have = available.get((line.product.id, warehouse.id), 0.0)
                    if (
                        float_compare(have - taken[line.product.id], line.quantity, 2)
                        >= 0
                    ):
                        part.append(line)
                        taken[line.product.id] += line.quantity
                if len(part) > len(best_part):
                    best, best_part = warehouse, part
            if not best_part:
                return None
            for line in best_part:
                available[line.product.id, best.id] = (
                    available.get((line.product.id, best.id), 0.0) - line.quantity
                )
            plan.append((best, best_part))
            left = [line for line in left if line not in best_part]
        return plan
