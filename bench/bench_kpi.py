"""KPI queries over many marketplace orders, against a plain read_group.

    python -m bench.bench_kpi [--small] [--orders 100000] [--repeat 7] [--db NAME]

Orders are generated in SQL from one order made through the ORM (one
``INSERT ... SELECT generate_series``), spread over 4 shops, 2 warehouses
and 90 days, with deadlines, shipments (80 %, 85 % of them on time),
cancellations (5 %), deliveries and returns. Each KPI is the read_group a
pivot of *OMS > Cockpit > KPIs* makes (by shop, and by shop and the stored
order month); the baseline is ``sale.order.read_group`` of the orders' total
by shop, in the same run on the same rows (for the by-month KPIs the ratio
to the same by shop and ``date_order:month`` is printed too). ``oms_returns``
is installed: the return rate reads its stored count of returns per order;
lead times, settled costs and the open orders' ages (bucketed against the
clock at query time) come from generated timestamps and costs.
Each figure is the median of ``--repeat`` runs, KPI and baseline in turn.
The target is a ratio below 3 for every KPI.
"""

import argparse
import statistics
import time

from .common import (
    create_database,
    drop_database,
    environment,
    machine,
    registry,
    table,
)

KPIS = [
    ("orders and GMV", ["order_count:sum", "gmv:sum"]),
    ("on-time shipment", ["on_time_rate:avg"]),
    ("OTIF", ["otif_rate:avg"]),
    (
        "cancellation rates",
        ["cancel_rate:avg", "seller_cancel_rate:avg", "buyer_cancel_rate:avg"],
    ),
    ("return rate", ["return_rate:avg"]),
    ("order to shipment (h)", ["ship_hours:avg"]),
    (
        "lead times (h)",
        [
            "paid_ready_hours:avg",
            "ready_handover_hours:avg",
            "handover_delivered_hours:avg",
            "paid_delivered_hours:avg",
        ],
    ),
    ("cost per order", ["cost:sum", "cost_per_order:avg", "cost_share:avg"]),
    ("open orders", ["open_count:sum"]),
    ("open orders aging", ["open_count:sum", "open_age_hours:avg"], ["open_age"]),
]
# Columns set per generated order; every other column is the template's.
# The bench's shops have no time zone: their order month is the UTC one.
GENERATED = """
    name, oms_external_id, oms_channel_id, warehouse_id, date_order,
    state, oms_status, oms_amount_company, oms_ship_by, oms_shipped_at, oms_in_full,
    oms_paid_at, oms_ready_at, oms_handed_over_at, oms_delivered_at,
    oms_cost_settled, oms_cost, oms_return_count, oms_order_month
"""
SELECT_GENERATED = """
    'BENCH-' || g, 'BENCH-' || g, (%(channels)s)[1 + g %% 4],
    (%(warehouses)s)[1 + g %% 2], d.day,
    CASE WHEN g %% 20 = 0 THEN 'cancel' ELSE 'sale' END,
    CASE WHEN g %% 20 = 0 THEN 'cancelled'
         WHEN g %% 10 < 2 THEN 'to_ship'
         WHEN g %% 10 < 4 THEN 'shipped'
         WHEN g %% 50 = 7 THEN 'returned'
         ELSE 'delivered' END,
    10 + g %% 90, d.day + interval '2 days',
    CASE WHEN g %% 20 = 0 OR g %% 10 < 2 THEN NULL
         WHEN g %% 7 = 0 THEN d.day + interval '3 days'
         ELSE d.day + interval '1 day' END,
    g %% 33 <> 0,
    d.day + interval '1 hour',
    CASE WHEN g %% 20 = 0 OR g %% 10 < 2 THEN NULL
         WHEN g %% 7 = 0 THEN d.day + interval '3 days'
         ELSE d.day + interval '20 hours' END,
    CASE WHEN g %% 20 = 0 OR g %% 10 < 2 THEN NULL
         ELSE d.day + interval '4 days' END,
    CASE WHEN g %% 20 = 0 OR g %% 10 < 4 THEN NULL
         ELSE d.day + interval '6 days' END,
    g %% 20 <> 0 AND g %% 10 >= 4,
    CASE WHEN g %% 20 = 0 OR g %% 10 < 4 THEN 0 ELSE 1 + g %% 9 END,
    CASE WHEN g %% 50 = 7 OR g %% 97 = 0 THEN 1 ELSE 0 END,
    date_trunc('month', d.day)::date
"""


def setup(env, count):
    """Shops, warehouses and ``count`` orders; returns the channel ids."""
    company = env.company
    warehouses = env["stock.warehouse"].search([("company_id", "=", company.id)])
    if len(warehouses) < 2:
        warehouses |= env["stock.warehouse"].create({"name": "Bench 2", "code": "BW2"})
    channels = env["oms.channel"].create(
        [
            {"name": f"Bench shop {i}", "warehouse_ids": [(6, 0, warehouses.ids)]}
            for i in range(4)
        ]
    )
    partner = env["res.partner"].create({"name": "Bench buyer"})
    template = env["sale.order"].create({"partner_id": partner.id})
    env.flush_all()
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'sale_order' AND column_name <> 'id'"
    )
    generated = [c.strip() for c in GENERATED.split(",")]
    copied = [c for (c,) in cr.fetchall() if c not in generated]
    started = time.monotonic()
    # Columns come from the catalogue and the constant above, values are
    # parameters: nothing of the query is user input.
    cr.execute(
        f"""
        INSERT INTO sale_order ({", ".join(generated + copied)})
        SELECT {SELECT_GENERATED}, {", ".join("t." + c for c in copied)}
          FROM generate_series(1, %(count)s) g
          CROSS JOIN LATERAL (
              SELECT now()::date - (g %% 90) * interval '1 day' AS day
          ) d
          JOIN sale_order t ON t.id = %(template)s
        """,
        {
            "count": count,
            "template": template.id,
            "channels": channels.ids,
            "warehouses": warehouses[:2].ids,
        },
    )
    cr.execute("ANALYZE sale_order")
    print(
        f"# {count} orders generated in {time.monotonic() - started:.1f}s", flush=True
    )
    return channels


def interleaved(first, second, repeat):
    """Medians of ``first`` and ``second`` run in turn, so that a machine
    busy with other work slows both alike."""
    runs = ([], [])
    for _i in range(repeat):
        for func, times in zip((first, second), runs, strict=True):
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
    return statistics.median(runs[0]), statistics.median(runs[1])


def measure(env, channels, repeat):
    orders = env["sale.order"]
    kpi = env["oms.kpi.order"]
    domain = [("oms_channel_id", "in", channels.ids)]
    kpi_domain = [("channel_id", "in", channels.ids)]

    def baseline(groupby=("oms_channel_id",)):
        orders.read_group(domain, ["amount_total:sum"], list(groupby), lazy=False)
        env.invalidate_all()

    rows = []
    worst = 0.0
    for label, measures, *extra in KPIS:
        by = extra[0] if extra else []
        for groupby in (["channel_id", *by], ["channel_id", "order_month:month", *by]):

            def query(measures=measures, groupby=groupby):
                kpi.read_group(kpi_domain, measures, groupby, lazy=False)
                env.invalidate_all()

            seconds, base = interleaved(query, baseline, repeat)
            same, same_label = base, "same grouping"
            if "order_month:month" in groupby:
                # The plain orders have no stored month: their month is
                # date_order's, as a pivot of sale orders groups them.
                same_label = "plain by shop and date_order:month"
                seconds, same = interleaved(
                    query,
                    lambda: baseline(("oms_channel_id", "date_order:month")),
                    repeat,
                )
            ratio = seconds / base
            worst = max(worst, ratio)
            rows.append(
                (
                    f"{label} by {' and '.join(groupby)}",
                    (
                        f"{seconds * 1000:.1f} ms, baseline {base * 1000:.1f} ms: "
                        f"x{ratio:.2f} ({same_label} x{seconds / same:.2f})"
                    ),
                )
            )
    rows.append(("worst ratio to the by-shop baseline (target < 3)", f"x{worst:.2f}"))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--orders", type=int)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--db", help="name of the database to create")
    args = parser.parse_args(argv)
    args.orders = args.orders or (5000 if args.small else 100_000)
    name = create_database(["oms_cockpit", "oms_returns"], name=args.db)
    try:
        reg = registry(name)
        with environment(reg) as env:
            channels = setup(env, args.orders)
            env.cr.commit()
            rows = measure(env, channels, args.repeat)
        rows.append(("command", f"python -m bench.bench_kpi --orders {args.orders}"))
        table(f"KPI queries, {args.orders} orders ({machine()})", rows)
    finally:
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
