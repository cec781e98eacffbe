from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.notify import notification
from odoo.addons.oms_base.text import text_to_html


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_routing_rule_id = fields.Many2one(
        "oms.routing.rule",
        string="Routing Rule",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The rule that chose where this order ships from.",
    )
    oms_routing_reason = fields.Text(
        string="Routing", copy=False, readonly=True, help="Why it ships from there."
    )
    oms_routing_attention = fields.Text(
        string="Routing Problem",
        copy=False,
        readonly=True,
        help="Why a person must look at where this order ships from.",
    )
    oms_routing_flagged = fields.Boolean(
        string="Routing Flagged",
        compute="_compute_oms_routing_flagged",
        store=True,
        index=True,
    )
    oms_routing_split = fields.Boolean(
        string="Split Shipment",
        compute="_compute_oms_routing_split",
        store=True,
        help="Some lines ship from another warehouse than the order's.",
    )
    oms_can_reroute = fields.Boolean(compute="_compute_oms_can_reroute")

    @api.depends("oms_routing_attention")
    def _compute_oms_routing_flagged(self):
        for order in self:
            order.oms_routing_flagged = bool(order.oms_routing_attention)

    @api.depends("order_line.oms_warehouse_id", "warehouse_id")
    def _compute_oms_routing_split(self):
        for order in self:
            order.oms_routing_split = any(
                line.oms_warehouse_id and line.oms_warehouse_id != order.warehouse_id
                for line in order.order_line
            )

    @api.depends("state", "picking_ids.state", "picking_ids.move_ids.picked")
    def _compute_oms_can_reroute(self):
        for order in self:
            order.oms_can_reroute = order.state == "sale" and order._oms_unpicked()

    def _oms_deliveries(self):
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    def _oms_unpicked(self):
        """Whether nothing of this order was picked, packed or shipped."""
        self.ensure_one()
        deliveries = self._oms_deliveries()
        return (
            bool(deliveries)
            and not any(p.state == "done" or p.oms_fulfilment_state for p in deliveries)
            and not any(deliveries.move_ids.mapped("picked"))
        )

    # ------------------------------------------------------------------
    # After import
    # ------------------------------------------------------------------

    def _oms_routing_followup(self):
        """Explain, flag, choose carriers and split: newly routed orders."""
        routed = self.filtered("oms_routing_reason")
        if not routed:
            return
        routed._message_log_batch(
            bodies={
                order.id: Markup("%s<br/>%s")
                % (self.env._("Routing:"), order.oms_routing_reason)
                for order in routed
            }
        )
        routed.filtered("oms_routing_flagged")._oms_routing_schedule_activities()
        routed._oms_routing_set_carriers()
        routed._oms_routing_set_priorities()
        routed._oms_routing_split_on_marketplace()

    def _oms_routing_schedule_activities(self):
        if not self:
            return
        activity_type = self.env.ref("oms_routing.mail_activity_oms_routing")
        model_id = self.env["ir.model"]._get_id("sale.order")
        responsible = {}
        for channel in self.oms_channel_id:
            responsible[channel] = channel._oms_responsible()
        self.env["mail.activity"].create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "summary": self.env._("Check where this order ships from"),
                    "note": text_to_html(order.oms_routing_attention),
                    "user_id": (
                        responsible.get(order.oms_channel_id)
                        or order.user_id
                        or self.env.user
                    ).id,
                }
                for order in self
            ]
        )

    def _oms_routing_ships_itself(self):
        """Whether the seller ships this order with its own carrier: the
        marketplace says so, or it is an order of our own (store, phone)."""
        self.ensure_one()
        return self.oms_delivery_type == normalized.SELLER or not self.oms_channel_id

    def _oms_routing_set_carriers(self):
        by_carrier = defaultdict(lambda: self.browse())
        for order in self.filtered(
            lambda o: (
                o.oms_routing_rule_id.carrier_ids and o._oms_routing_ships_itself()
            )
        ):
            carrier = order._oms_routing_choose_carrier(order.oms_routing_rule_id)
            if carrier:
                by_carrier[carrier] |= order
        for carrier, orders in by_carrier.items():
            orders.write({"carrier_id": carrier.id})
            orders.picking_ids.filtered(
                lambda p: (
                    p.state not in ("done", "cancel")
                    and p.picking_type_code == "outgoing"
                )
            ).write({"carrier_id": carrier.id})
            orders._message_log_batch(
                bodies={
                    order.id: escape(
                        self.env._(
                            "Carrier %(carrier)s (rule %(rule)s).",
                            carrier=carrier.name,
                            rule=order.oms_routing_rule_id.name,
                        )
                    )
                    for order in orders
                }
            )

    def _oms_routing_choose_carrier(self, rule):
        """The rule's carrier for this order: the first that serves its
        address, weight and tags, the cheapest of those by their price
        rules, or the fastest by their transit days (then the cheapest)."""
        self.ensure_one()
        carriers = rule.carrier_ids.filtered(
            lambda c: c.company_id in (self.company_id, self.env["res.company"])
        ).available_carriers(self.partner_shipping_id, self)
        if rule.carrier_choice == "first" or len(carriers) < 2:
            return carriers[:1]
        if rule.carrier_choice == "fastest":
            # unknown transit time (0) after every known one
            fastest = min(c.oms_transit_days or float("inf") for c in carriers)
            carriers = carriers.filtered(
                lambda c: (c.oms_transit_days or float("inf")) == fastest
            )
            if len(carriers) < 2:
                return carriers
        prices = {}
        for carrier in carriers:
            rate = carrier.rate_shipment(self)
            if rate.get("success"):
                prices[carrier] = rate["price"]
        return min(prices, key=prices.get) if prices else carriers[:1]

    def _oms_routing_set_priorities(self):
        urgent = self.filtered(lambda o: o.oms_routing_rule_id.priority == "1")
        urgent._oms_deliveries().filtered(lambda p: p.state != "done").write(
            {"priority": "1"}
        )

    def _oms_routing_split_on_marketplace(self, resplit=None):
        """Queue the marketplace's own split of orders shipping from several
        warehouses, so that each delivery gets its package and label; and of
        the ``resplit`` orders, re-routed away from their packages (undone
        and made again to fit their deliveries)."""
        resplit = resplit or self.browse()
        split = self.filtered(
            lambda o: (
                o.state == "sale"
                and o.oms_channel_id.support_order_split
                and (
                    (o.oms_routing_split and len(o._oms_deliveries()) > 1)
                    or o in resplit
                )
            )
        )
        for channel in split.oms_channel_id:
            orders = split.filtered(lambda o, c=channel: o.oms_channel_id == c)
            channel._oms_enqueue("_oms_routing_split_orders", orders.ids)

    # ------------------------------------------------------------------
    # Re-route and dry-run
    # ------------------------------------------------------------------

    def action_oms_reroute(self):
        """Route these orders again (e.g. after stock arrived elsewhere):
        their deliveries are cancelled and procured again from where the
        rules say now. Only for orders nothing was picked of yet."""
        if not self.env.user.has_group("oms_base.group_oms_user"):
            raise UserError(self.env._("Only OMS users can re-route orders."))
        blocked = self.filtered(lambda o: not o.oms_can_reroute)
        if blocked:
            raise UserError(
                self.env._(
                    "These orders cannot be re-routed: they are not confirmed, "
                    "or some of them was already picked, packed or shipped: %s",
                    ", ".join(blocked.mapped("display_name")),
                )
            )
        engine = self.env["oms.routing.engine"]
        packages = self._oms_routing_packages()
        credit = defaultdict(float)
        moves = self._oms_deliveries().move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        for move in moves:
            # Their own reservation is theirs to take again.
            credit[
                move.product_id.id,
                move.warehouse_id.id or move.location_id.warehouse_id.id,
            ] += move.quantity
        decisions = engine._oms_route(engine._oms_requests_from_sales(self), credit)
        changed = resplit = self.browse()
        for order in self:
            decision = decisions[order.id]
            if not decision.warehouse:
                continue
            old = order._oms_current_warehouses()
            targets = {
                line: decision.line_warehouses.get(str(line.id), decision.warehouse)
                for line in order.order_line
            }
            same = old == decision.warehouses and all(
                line.warehouse_id == warehouse
                for line, warehouse in targets.items()
                if line.product_id.is_storable
            )
            order.write(
                {
                    "oms_routing_rule_id": decision.rule.id,
                    "oms_routing_reason": decision.reason,
                    "oms_routing_attention": decision.attention or False,
                }
            )
            if same:
                order.message_post(
                    body=self.env._("Re-routed: unchanged. %s", decision.reason)
                )
                continue
            order._oms_deliveries().filtered(
                lambda p: p.state != "done"
            ).action_cancel()
            order.warehouse_id = decision.warehouse
            for line, warehouse in targets.items():
                line.oms_warehouse_id = (
                    warehouse if warehouse != decision.warehouse else False
                )
            order.order_line._action_launch_stock_rule()
            if not order._oms_routing_keep_packages(packages):
                resplit |= order
            order.message_post(
                body=self.env._(
                    "Re-routed from %(old)s: %(reason)s",
                    old=", ".join(old.mapped("name")),
                    reason=decision.reason,
                )
            )
            changed |= order
        changed._oms_routing_set_carriers()
        changed._oms_routing_set_priorities()
        changed._oms_routing_split_on_marketplace(resplit=resplit)
        self.filtered("oms_routing_flagged")._oms_routing_schedule_activities()
        return notification(
            self.env._("Re-route"),
            self.env._(
                "%(changed)s of %(total)s order(s) ship from elsewhere now.",
                changed=len(changed),
                total=len(self),
            ),
            kind="success",
        )

    def _oms_routing_needs_marketplace_split(self):
        """Whether some delivery of this order has no marketplace package of
        its own (none, or shared with another delivery)."""
        self.ensure_one()
        refs = (
            self._oms_deliveries()
            .filtered(lambda p: p.state != "done")
            .mapped("oms_package_ref")
        )
        return not all(refs) or len(set(refs)) != len(refs)

    def _oms_routing_packages(self):
        """``{sale line: marketplace package}`` of these orders' deliveries."""
        return {
            move.sale_line_id: picking.oms_package_ref
            for picking in self._oms_deliveries().filtered("oms_package_ref")
            for move in picking.move_ids
            if move.sale_line_id
        }

    def _oms_routing_keep_packages(self, packages):
        """Give each new delivery of this re-routed order the marketplace
        package (``_oms_routing_packages`` from before) that holds exactly
        its lines. Return whether every delivery got one; if not, the
        marketplace's packages must be made again (split or undone)."""
        self.ensure_one()
        deliveries = self._oms_deliveries().filtered(lambda p: p.state != "done")
        old = {line: ref for line, ref in packages.items() if line.order_id == self}
        if not old:
            return True  # it had no package: nothing to keep
        lines_of_package = defaultdict(set)
        for line, ref in old.items():
            lines_of_package[ref].add(line)
        kept = True
        for delivery in deliveries:
            lines = set(delivery.move_ids.sale_line_id)
            refs = {old.get(line) for line in lines}
            ref = refs.pop() if len(refs) == 1 else None
            if ref and lines_of_package[ref] == lines:
                delivery.oms_package_ref = ref
            else:
                kept = False
        return kept

    def _oms_current_warehouses(self):
        self.ensure_one()
        return self._oms_deliveries().picking_type_id.warehouse_id

    def action_oms_routing_preview(self):
        """Dry-run: what routing would do with this draft order, nothing
        written."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("The routing preview is for quotations."))
        engine = self.env["oms.routing.engine"]
        decision = engine._oms_route(engine._oms_requests_from_sales(self))[self.id]
        message = decision.reason
        if decision.attention:
            message = f"{message}\n{decision.attention}"
        return notification(
            self.env._("Routing preview"),
            message,
            kind="warning" if decision.attention else "info",
            sticky=True,
        )
