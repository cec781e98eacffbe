"""The 11.11 scenario: a peak-day burst with faults, then the books checked.

Runs against real sandboxes and a real Odoo database, at any size: the test
suite runs it small (``tests/test_sim_1111.py``), ``python -m bench.sim_1111``
runs it at full size. Pushes go through the HTTP webhook route; jobs are run
as the queue_job runner would run them (``run_jobs``).

What it checks, and prints:
- every sandbox order exists exactly once in Odoo, in the right status;
- no SKU was published above the quantity that can ship;
- no event is left unprocessed, except orders flagged needing attention
  (listed with their reasons);
- how long (in marketplace minutes) the backlog took to drain;
- p50/p95 of "order created on the marketplace -> confirmed and reserved
  in Odoo", and of "stock move in Odoo -> quantity visible on each
  marketplace" (for ``restock_skus``, listed everywhere and never ordered,
  whose on-hand quantity the warehouse changes every marketplace minute),
  in marketplace seconds: wall time spent working plus the minutes the
  clock skips, as if the hour ran in real time.
- after the peak, returns (5% of delivered orders) and failed deliveries
  (2% of shipped ones): every return exists once, returned units are back in
  stock or scrapped as inspected, the marketplace stock is published again,
  and each refund has exactly one credit note.
"""

import math
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.jobs import run_jobs


@dataclass
class Adapter:
    """What the scenario needs to know of one platform's sandbox."""

    name: str
    sandbox: object
    shop: object
    skus: list
    # The sandbox plays the return flows (fail_delivery, deliver,
    # request_return, return_step, return_ids) of the returns phase.
    plays_returns = False

    def generate(self, count, seed):
        return self.sandbox.generate_orders(count, self.skus, seed=seed)

    def buyer_cancel(self, order_id):
        raise NotImplementedError

    def expected_status(self, order_id):
        raise NotImplementedError

    def order_ids(self):
        return {str(order_id) for order_id in self.sandbox.orders}

    def published(self, sku):
        return self.sandbox.sellable_quantity(sku)

    def pending_pushes(self):
        return len(self.sandbox.pending_pushes)


class LazadaAdapter(Adapter):
    plays_returns = True

    def buyer_cancel(self, order_id):
        self.sandbox.set_order_status(order_id, "canceled", reason="Buyer changed mind")

    def deliver(self, order_id):
        self.sandbox.set_order_status(order_id, "delivered")

    def fail_delivery(self, order_id):
        self.sandbox.set_order_status(order_id, "shipped")
        self.sandbox.set_order_status(order_id, "failed_delivery")

    def request_return(self, order_id):
        self.sandbox.set_order_status(order_id, "returned", reason="Damaged item")
        return next(
            str(reverse_id)
            for reverse_id, reverse in self.sandbox.reverse_orders.items()
            if str(reverse["trade_order_id"]) == str(order_id)
        )

    def return_step(self, return_id, step):
        self.sandbox.advance_reverse(int(return_id), step)

    def return_ids(self):
        return {str(reverse_id) for reverse_id in self.sandbox.reverse_orders}

    def expected_status(self, order_id):
        from odoo.addons.oms_lazada import mapping

        order = self.sandbox.orders[int(order_id)]
        return mapping.order_status([item["status"] for item in order["items"]])


class ShopeeAdapter(Adapter):
    plays_returns = True

    def buyer_cancel(self, order_id):
        self.sandbox.set_order_status(order_id, "CANCELLED", reason="Buyer request")

    def expected_status(self, order_id):
        from odoo.addons.oms_shopee import mapping

        status = self.sandbox.order(order_id)["order_status"]
        return mapping.STATUS_MAP.get(status, normalized.TO_SHIP)

    def order_ids(self):
        return set(self.sandbox.shop.orders)

    def deliver(self, order_id):
        self.sandbox.set_order_status(order_id, "SHIPPED")
        self.sandbox.set_order_status(order_id, "TO_CONFIRM_RECEIVE")

    def fail_delivery(self, order_id):
        self.sandbox.set_order_status(order_id, "SHIPPED")
        with self.sandbox.lock:
            self.sandbox.shop.fail_delivery(order_id)

    def request_return(self, order_id):
        self.sandbox.set_order_status(order_id, "TO_RETURN", reason="ITEM_DAMAGED")
        return self.sandbox.order(order_id)["_return_sn"]

    def return_step(self, return_id, step):
        with self.sandbox.lock:
            self.sandbox.shop.advance_return(return_id, step)

    def return_ids(self):
        return set(self.sandbox.shop.returns)

    def pending_pushes(self):
        return len(self.sandbox.shop.pending_pushes)


class TikTokAdapter(Adapter):
    plays_returns = True

    def generate(self, count, seed):
        return self.sandbox.generate_orders(count, seed=seed, seller_skus=self.skus)

    def buyer_cancel(self, order_id):
        self.sandbox.set_order_status(order_id, "CANCELLED")

    def expected_status(self, order_id):
        from odoo.addons.oms_tiktok import mapping

        return mapping.STATUS_MAP[self.sandbox.order(order_id)["status"]]

    def order_ids(self):
        return set(self.sandbox.shop.orders)

    def published(self, sku):
        return sum(self.sandbox.stock(sku).values())

    def deliver(self, order_id):
        self.sandbox.ship_and_deliver(order_id)

    def fail_delivery(self, order_id):
        self.sandbox.ship_order(order_id)
        self.sandbox.fail_delivery(order_id)

    def request_return(self, order_id):
        return str(self.sandbox.request_return(order_id))

    def return_step(self, return_id, step):
        self.sandbox.advance_return(return_id, step)
        if step == "ship":  # the parcel reaches the warehouse that receives it
            self.sandbox.advance_return(return_id, "arrive")

    def return_ids(self):
        return {str(r) for shop in self.sandbox.shops for r in shop.returns}

    def pending_pushes(self):
        return self.sandbox.pending_push_count()


@dataclass
class Report:
    counts: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    attention: list = field(default_factory=list)
    latencies: dict = field(default_factory=dict)

    def lines(self):
        out = [f"{key:<38} {value}" for key, value in self.counts.items()]
        out += [f"attention: {line}" for line in self.attention[:20]]
        out += [f"PROBLEM: {line}" for line in self.problems[:50]]
        return out


class SimClock:
    """Marketplace time, compressed: jobs run when their ETA is due in it."""

    def __init__(self):
        self.start = datetime.now()
        self.now = self.start
        self.set_at = time.monotonic()
        self.last_cron = None

    def advance(self, minutes):
        self.now = max(self.now, datetime.now()) + timedelta(minutes=minutes)
        self.set_at = time.monotonic()

    def seconds(self):
        """Marketplace seconds since the start, to the wall clock's precision
        between two steps."""
        elapsed = (self.now - self.start).total_seconds()
        return elapsed + time.monotonic() - self.set_at

    def cron_due(self, every=5):
        """True once per ``every`` marketplace minutes (the 5-minute cron)."""
        if self.last_cron and self.now - self.last_cron < timedelta(minutes=every):
            return False
        self.last_cron = self.now
        return True

    def minutes(self):
        return round((self.now - self.start).total_seconds() / 60)


def percentile(values, share):
    """Nearest-rank percentile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(max(math.ceil(share * len(ordered)), 1), len(ordered))
    return ordered[rank - 1]


class Latencies:
    """Marketplace orders waiting to be confirmed and reserved in Odoo, and
    stock moves waiting to be visible on each marketplace: stamped when they
    happen, resolved when a step finds them done."""

    def __init__(self, adapters, clock):
        self.adapters = adapters
        self.clock = clock
        self.orders = {adapter.name: {} for adapter in adapters}  # ref: created
        self.order_latency = {adapter.name: [] for adapter in adapters}
        self.moves = {}  # (adapter name, sku): ([moved], product)
        self.move_latency = {adapter.name: [] for adapter in adapters}
        self.overtaken = 0

    def created(self, adapter, order_ids):
        now = self.clock.seconds()
        for order_id in order_ids:
            self.orders[adapter.name][str(order_id)] = now

    def moved(self, product):
        """A move is visible once the marketplace shows a quantity that
        includes it: one overtaken by a later move of the same SKU becomes
        visible with that one."""
        now = self.clock.seconds()
        for adapter in self.adapters:
            key = (adapter.name, product.default_code)
            stamps = self.moves.pop(key, ([], None))[0]
            self.overtaken += bool(stamps)
            self.moves[key] = ([*stamps, now], product)

    def check(self, env):
        now = self.clock.seconds()
        for adapter in self.adapters:
            waiting = self.orders[adapter.name]
            if not waiting:
                continue
            sales = env["sale.order"].search(
                [
                    ("oms_channel_id", "=", adapter.shop.id),
                    ("oms_external_id", "in", list(waiting)),
                    ("state", "=", "sale"),
                ]
            )
            for sale in sales:
                deliveries = sale.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
                )
                if deliveries and all(p.state == "assigned" for p in deliveries):
                    created = waiting.pop(sale.oms_external_id)
                    self.order_latency[adapter.name].append(now - created)
        for adapter in self.adapters:
            pending = [key for key in self.moves if key[0] == adapter.name]
            if not pending:
                continue
            shop = adapter.shop
            products = env["product.product"].concat(
                *(self.moves[key][1] for key in pending)
            )
            free = shop._oms_free_quantities(products)
            for key in pending:
                stamps, product = self.moves[key]
                expected = shop._oms_publishable_quantity(free[product.id])
                if adapter.published(product.default_code) == expected:
                    del self.moves[key]
                    self.move_latency[adapter.name] += [now - t for t in stamps]

    def report(self, report):
        def figure(values):
            if not values:
                return "none measured"
            return (
                f"{percentile(values, 0.5):.1f} s / {percentile(values, 0.95):.1f} s"
                f" (n={len(values)})"
            )

        for adapter in self.adapters:
            name = adapter.name
            report.counts[f"{name}: order -> confirmed+reserved p50/p95"] = figure(
                self.order_latency[name]
            )
            report.counts[f"{name}: stock move -> visible p50/p95"] = figure(
                self.move_latency[name]
            )
        report.counts["order -> confirmed+reserved p50/p95 (all)"] = figure(
            [v for values in self.order_latency.values() for v in values]
        )
        report.counts["stock move -> visible p50/p95 (all)"] = figure(
            [v for values in self.move_latency.values() for v in values]
        )
        report.counts["orders never reserved (stock short, cancelled)"] = sum(
            len(waiting) for waiting in self.orders.values()
        )
        report.counts["stock moves never visible / overtaken"] = (
            f"{sum(len(stamps) for stamps, _p in self.moves.values())} / "
            f"{self.overtaken}"
        )
        report.latencies = {
            "order": self.order_latency,
            "stock": self.move_latency,
        }


def _restock(env, latencies, product, rng):
    """A real stock move: the warehouse counts a new on-hand quantity."""
    location = latencies.adapters[0].shop.warehouse_ids[:1].lot_stock_id
    quantity = rng.randint(50, 500)
    quant = (
        env["stock.quant"]
        .with_context(inventory_mode=True)
        .create(
            {
                "product_id": product.id,
                "location_id": location.id,
                "inventory_quantity": quantity,
            }
        )
    )
    quant._apply_inventory()
    latencies.moved(product)


def _work(env, clock, shops, commit=None, latencies=None):
    if commit:
        # outside a test, see what the HTTP server stored meanwhile
        commit()
    if clock.cron_due():
        # the 5-minute cron: pull, and sweep what waits without a job
        shops._oms_queue_periodic_work()
    outcome = run_jobs(env, now=clock.now)
    env.flush_all()
    env.cr.precommit.run()
    outcome.update(run_jobs(env, now=clock.now))
    if commit:
        commit()
    if latencies:
        latencies.check(env)
    return outcome


def _shops(adapters):
    return adapters[0].shop.concat(*(adapter.shop for adapter in adapters))


def _drain(env, adapters, clock, max_minutes=30, commit=None, latencies=None):
    """Deliver pushes and run due jobs, a minute at a time, until idle.

    Return the marketplace minutes it took.
    """
    started = clock.now
    while (clock.now - started) < timedelta(minutes=max_minutes):
        delivered = sum(len(a.sandbox.flush_pushes()) for a in adapters)
        outcome = _work(env, clock, _shops(adapters), commit, latencies)
        pending = env["queue.job"].search_count([("state", "=", "pending")])
        waiting = env["oms.event"].search_count([("state", "=", "new")])
        if not delivered and not outcome and not pending and not waiting:
            break
        clock.advance(1)
    return round((clock.now - started).total_seconds() / 60)


def run(
    env,
    adapters,
    orders=200,
    duplicate_ratio=0.1,
    rate_limit_ratio=0.02,
    seed=1111,
    commit=None,
    restock_skus=(),
):
    """Play the scenario over ``adapters``; return a ``Report``.

    ``commit`` (outside tests only) ends each step's transaction, so that
    pushes stored by a separate Odoo server become visible.
    ``restock_skus``: products listed in every shop and never ordered; one
    of them is counted anew every marketplace minute.
    """
    rng = random.Random(seed)
    report = Report()
    clock = SimClock()
    latencies = Latencies(adapters, clock)
    restock = env["product.product"].search(
        [("default_code", "in", list(restock_skus))], order="default_code"
    )
    started = time.monotonic()
    per_shop = max(orders // len(adapters), 2)
    waves = 4  # a compressed hour: one wave every 15 marketplace minutes
    for index, adapter in enumerate(adapters):
        adapter.sandbox.faults.rate_limit_share(rate_limit_ratio, seed=seed + index)

    for wave in range(waves):
        for index, adapter in enumerate(adapters):
            created = adapter.generate(per_shop // waves, seed=seed + wave * 10 + index)
            latencies.created(adapter, created)
            # a few buyers cancel while the wave is still arriving
            for order_id in rng.sample(created, max(1, len(created) // 20)):
                adapter.buyer_cancel(order_id)
        if wave == 1:
            # one platform goes down (for 15 marketplace minutes)...
            adapters[0].sandbox.faults.outage(3600)
        if wave == 2 and len(adapters) > 1:
            # ...and another shop's token expires mid-run
            token = adapters[1].shop.sudo().access_token
            adapters[1].sandbox.expire_access_token(token)
        for adapter in adapters:
            duplicates = int(adapter.pending_pushes() * duplicate_ratio)
            adapter.sandbox.flush_pushes(
                duplicates=duplicates, shuffle=True, seed=seed + wave
            )
        for minute in range(15):
            if restock:
                _restock(
                    env, latencies, restock[(wave * 15 + minute) % len(restock)], rng
                )
            _work(env, clock, _shops(adapters), commit, latencies)
            clock.advance(1)
        if wave == 1:
            adapters[0].sandbox.faults.end_outage()

    drain_started = time.monotonic()
    minutes = _drain(env, adapters, clock, commit=commit, latencies=latencies)
    # the periodic pull catches whatever a push did not bring
    for adapter in adapters:
        adapter.shop._oms_sync_orders()
    minutes += _drain(env, adapters, clock, commit=commit, latencies=latencies)
    for adapter in adapters:
        adapter.sandbox.faults.rate_limit_share(0.0)
        injected = adapter.sandbox.faults.injected
        report.counts[f"{adapter.name}: 429s / outage refusals"] = (
            f"{injected['rate_limit']} / {injected['outage']}"
        )
    report.counts["backlog drained after (minutes)"] = minutes
    report.counts["drain seconds (wall)"] = round(time.monotonic() - drain_started, 1)
    latencies.report(report)
    _check(env, adapters, report)
    if "oms.return" in env:
        returns_started = time.monotonic()
        _returns(env, adapters, rng, clock, report, commit)
        report.counts["returns phase seconds (wall)"] = round(
            time.monotonic() - returns_started, 1
        )
    report.counts["total seconds (wall)"] = round(time.monotonic() - started, 1)
    return report


def _shippable(env, adapter):
    """Refs of the shop's confirmed orders Odoo can ship in full."""
    sales = env["sale.order"].search(
        [
            ("oms_channel_id", "=", adapter.shop.id),
            ("state", "=", "sale"),
            ("oms_needs_attention", "=", False),
        ]
    )
    return sorted(
        sale.oms_external_id
        for sale in sales
        if sale.picking_ids and all(p.state == "assigned" for p in sale.picking_ids)
    )


def _returns(env, adapters, rng, clock, report, commit=None):
    """After the peak: parcels delivered or back undelivered, buyers return
    some; the warehouse receives and inspects, the marketplace refunds."""
    Return = env["oms.return"]
    adapters = [adapter for adapter in adapters if adapter.plays_returns]
    report.counts["returns phase on"] = ", ".join(a.name for a in adapters)
    for adapter in adapters:
        refs = _shippable(env, adapter)
        failed = rng.sample(refs, max(1, len(refs) // 50))
        delivered = [ref for ref in refs if ref not in failed]
        for ref in failed:
            adapter.fail_delivery(ref)
        for ref in delivered:
            adapter.deliver(ref)
        adapter.shop._oms_sync_orders()
        adapter.expected_returns = {}
        for ref in rng.sample(delivered, max(1, len(delivered) // 20)):
            return_id = adapter.request_return(ref)
            for step in ("approve", "ship"):
                adapter.return_step(return_id, step)
            adapter.expected_returns[return_id] = ref
        adapter.failed_refs = failed
    _drain(env, adapters, clock, commit=commit)
    for adapter in adapters:
        adapter.shop.returns_sync_cursor = False
        adapter.shop._oms_sync_returns()
    returns = Return.search([("channel_id", "in", [a.shop.id for a in adapters])])
    # the warehouse: every other parcel restocked, the rest scrapped
    for index, ret in enumerate(
        returns.filtered(lambda r: r.receipt_state == "expected")
    ):
        ret.action_receive()
        ret.line_ids.inspection = "restock" if index % 2 == 0 else "damaged"
        ret.action_inspect()
    for adapter in adapters:
        for return_id in adapter.expected_returns:
            adapter.return_step(return_id, "refund")
        adapter.shop.returns_sync_cursor = False
        adapter.shop._oms_sync_returns()
    _drain(env, adapters, clock, commit=commit)
    _check_returns(env, adapters, report)


def _check_returns(env, adapters, report):
    for adapter in adapters:
        name = adapter.name
        returns = env["oms.return"].search([("channel_id", "=", adapter.shop.id)])
        buyer = returns.filtered(lambda r: r.kind != "failed_delivery")
        failed = returns - buyer
        by_ref = {}
        for ret in buyer:
            by_ref.setdefault(ret.external_id, []).append(ret)
        expected = set(adapter.expected_returns)
        missing = expected - set(by_ref)
        doubled = [ref for ref, found in by_ref.items() if len(found) > 1]
        report.counts[f"{name}: returns (marketplace / Odoo)"] = (
            f"{len(adapter.return_ids())} / {len(buyer)}"
        )
        report.counts[f"{name}: failed deliveries (shipped / Odoo)"] = (
            f"{len(adapter.failed_refs)} / {len(failed)}"
        )
        report.problems += [f"{name} return missing {ref}" for ref in sorted(missing)]
        report.problems += [f"{name} return duplicated {ref}" for ref in doubled]
        failed_refs = set(failed.mapped("order_external_id"))
        report.problems += [
            f"{name} failed delivery missing for {ref}"
            for ref in adapter.failed_refs
            if ref not in failed_refs
        ]
        for ret in returns:
            for line in ret.line_ids:
                steps = line.move_ids.filtered(lambda m: m.state == "done")
                moved = sum(
                    steps.filtered(
                        lambda m, line=line: (
                            m.oms_return_step
                            == {"restock": "restock", "damaged": "scrap"}.get(
                                line.inspection
                            )
                        )
                    ).mapped("quantity")
                )
                if line.received_qty != line.quantity or moved != line.quantity:
                    report.problems.append(
                        f"{name} {ret.name} {line.sku}: {line.quantity} returned, "
                        f"{line.received_qty} received, {moved} {line.inspection}"
                    )
        refunded = buyer.filtered("refunded")
        notes = env["account.move"].search_count(
            [("oms_return_id", "in", refunded.ids), ("move_type", "=", "out_refund")]
        )
        report.counts[f"{name}: refunds / credit notes"] = f"{len(refunded)} / {notes}"
        if len(refunded) != len(expected) or notes != len(refunded):
            report.problems.append(
                f"{name}: {len(expected)} refunds, {len(refunded)} refunded returns, "
                f"{notes} credit notes"
            )
    # restocked units published again: nothing above what can ship
    _check_published(env, adapters, report, "after returns")


def _check(env, adapters, report):
    SaleOrder = env["sale.order"]
    for adapter in adapters:
        expected = adapter.order_ids()
        sales = SaleOrder.search([("oms_channel_id", "=", adapter.shop.id)])
        by_ref = {}
        for sale in sales:
            by_ref.setdefault(sale.oms_external_id, []).append(sale)
        missing = expected - set(by_ref)
        doubled = [ref for ref, found in by_ref.items() if len(found) > 1]
        wrong = []
        for ref in expected & set(by_ref):
            sale = by_ref[ref][0]
            status = adapter.expected_status(ref)
            in_odoo = sale.oms_status
            if status != in_odoo or (
                status == normalized.CANCELLED and sale.state != "cancel"
            ):
                wrong.append(
                    f"{ref}: marketplace {status}, Odoo {in_odoo}/{sale.state}"
                )
        name = adapter.name
        report.counts[f"{name}: marketplace orders"] = len(expected)
        report.counts[f"{name}: Odoo orders"] = len(sales)
        report.counts[f"{name}: missing"] = len(missing)
        report.counts[f"{name}: duplicated"] = len(doubled)
        report.counts[f"{name}: wrong status"] = len(wrong)
        report.problems += [f"{name} missing {ref}" for ref in sorted(missing)]
        report.problems += [f"{name} duplicated {ref}" for ref in doubled]
        report.problems += wrong
        attention = sales.filtered("oms_needs_attention")
        report.counts[f"{name}: needing attention"] = len(attention)
        report.attention += [
            f"{s.oms_external_id}: {s.oms_attention_reason}" for s in attention
        ]
    _check_published(env, adapters, report)
    events = env["oms.event"].search(
        [("channel_id", "in", [a.shop.id for a in adapters])]
    )
    by_state = {}
    for event in events:
        by_state[event.state] = by_state.get(event.state, 0) + 1
    report.counts["events by state"] = dict(sorted(by_state.items()))
    left = events.filtered(lambda e: e.state in ("new", "failed"))
    report.counts["events left unprocessed"] = len(left)
    report.problems += [f"event {e.id} {e.kind} {e.state}: {e.error}" for e in left]
    jobs = env["queue.job"].search([("state", "in", ("pending", "enqueued", "failed"))])
    report.counts["jobs left"] = len(jobs)
    report.problems += [
        f"job {j.name}: {j.state} retry {j.retry}/{j.max_retries} since "
        f"{j.date_created} {(j.exc_info or '')[-120:]}"
        for j in jobs
    ]


def _check_published(env, adapters, report, when=""):
    """Nothing published above what can ship; after returns, no stock
    change (restocked units) is left unpublished."""
    for adapter in adapters:
        over = []
        free = adapter.shop._oms_free_quantities(adapter.shop.binding_ids.product_id)
        for binding in adapter.shop.binding_ids.filtered("product_id"):
            published = adapter.published(binding.seller_sku)
            can_ship = adapter.shop._oms_publishable_quantity(
                free[binding.product_id.id]
            )
            if published is not None and published > can_ship:
                over.append(f"{binding.seller_sku}: published {published} > {can_ship}")
        suffix = f" {when}" if when else ""
        report.counts[f"{adapter.name}: SKUs published above stock{suffix}"] = len(over)
        report.problems += over
        if when:
            pending = (
                env["oms.stock.change"]
                .search([("channel_id", "=", adapter.shop.id)])
                .product_id
            )
            unpublished = adapter.shop.binding_ids.filtered(
                lambda b, pending=pending: b.stock_dirty or b.product_id in pending
            )
            report.counts[f"{adapter.name}: stock left unpublished{suffix}"] = len(
                unpublished
            )
            report.problems += [
                f"{adapter.name}: {b.seller_sku} not republished" for b in unpublished
            ]
