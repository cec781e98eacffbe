"""Web store Open API: create-order requests at a fixed rate, against the
order importer alone.

    python -m bench.bench_webstore [--small] [--async [--jobs-in-api]] [--rate 50]
                                   [--duration 20]

Creates a database with ``oms_webstore`` (no demo), a web store shop with
50 stocked products bound by SKU and an API key, starts Odoo's HTTP server
(2 prefork workers, or the threaded server when prefork does not come up)
and POSTs ``/oms/api/v1/orders`` (2-4 lines, 30% COD) open loop at a fixed
rate: each request has its scheduled send time and latency counts from it.
Reported: p50/p99 latency, errors, orders confirmed per second (sale
orders of the run in state ``sale``, over the load's wall time), the
server's CPU per request. With ``--async`` the requests ask ``Prefer:
respond-async`` (answered 202, the orders made by jobs): the jobs run on a
second Odoo on the same database at a lower CPU priority (``nice 10``,
threaded, one job at a time), which runs queue_job's runner, the API's
server none (``--jobs-in-api``: the runner in the API's server, its jobs in
the API's workers); latency is the 202's, orders confirmed per second count
until the last accepted order is confirmed, and the servers' CPU per order
includes the jobs. Baseline in
the same run: the same orders, mapped
to ``normalized.Order`` as the API does, through
``oms.order.importer._import_orders`` in-process one order per transaction
(the unit of work of one request), and its ms per order next to the API's
server time per request. Targets (issue #20): p99 < 500 ms, the API adding
at most 20% over the importer.
"""

import argparse
import json
import random
import statistics
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from .bench_webhook import Load, Target, server_retries, start_server
from .common import (
    CpuMeter,
    create_database,
    drop_database,
    environment,
    http_server,
    machine,
    registry,
    table,
)

POOL = 64
PRODUCTS = 50
WARM_UP_FIRST = 10**6  # warm-up orders' indexes, under their own prefix


def order_body(run_id, index, rng):
    skus = rng.sample(range(PRODUCTS), rng.randint(2, 4))
    cod = rng.random() < 0.3
    return {
        "order_no": f"{run_id}-{index:06d}",
        "buyer": {"id": f"B{rng.randint(1, 5000)}", "name": "Bench Buyer"},
        "shipping_address": {
            "name": "Bench Buyer",
            "phone": f"+668{rng.randint(10000000, 99999999)}",
            "street": "1 Bench Road",
            "city": "Bangkok",
            "zip": "10110",
            "country_code": "TH",
        },
        "lines": [
            {
                "line_id": str(n),
                "sku": f"WSB-{sku:03d}",
                "quantity": rng.randint(1, 3),
                "unit_price": 10.0 + sku,
            }
            for n, sku in enumerate(skus, start=1)
        ],
        "payment": {"method": "cod" if cod else "prepaid"},
        "shipping_fee": 3.0,
    }


def setup_shop(reg):
    """A web store shop, its bound stocked products; return its API key."""
    with environment(reg) as env:
        warehouse = env["stock.warehouse"].search([], limit=1)
        products = env["product.product"].create(
            [
                {
                    "name": f"Bench {n}",
                    "default_code": f"WSB-{n:03d}",
                    "is_storable": True,
                }
                for n in range(PRODUCTS)
            ]
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1_000_000
            )
        channel = env["oms.channel"].create(
            {
                "name": "Bench Web Store",
                "platform": "webstore",
                "country_id": env.ref("base.th").id,
                "warehouse_ids": [(6, 0, warehouse.ids)],
                "stock_sync_enabled": False,
            }
        )
        env["oms.product.binding"].create(
            [
                {
                    "channel_id": channel.id,
                    "product_id": p.id,
                    "seller_sku": p.default_code,
                    "external_id": p.default_code,
                }
                for p in products
            ]
        )
        _record, key = env["oms.webstore.key"]._generate(
            channel, "bench", rate_limit=1_000_000
        )
        return channel.id, key


def api_target(server, key, run_id, respond_async=False):
    rng = random.Random(7)
    headers = {"Content-Type": "application/json", "X-Api-Key": key}
    if respond_async:
        headers["Prefer"] = "respond-async"

    def body_for(index):
        prefix = run_id if index < WARM_UP_FIRST else f"warm{run_id}"
        return json.dumps(order_body(prefix, index, rng)).encode()

    def headers_for(_body):
        return headers

    return Target(server, "/oms/api/v1/orders", body_for, headers_for)


def warm_up(target, workers):
    """Let every worker load its registry and the API app before measuring:
    concurrent rounds (sequential requests may all reach one worker, and
    the other would then load during the load, seconds of CPU and the p99)."""
    concurrency = max(2, 4 * workers)

    def send(index):
        try:
            return target.send(index)
        except OSError:  # a worker still loading on a busy machine
            return None

    with ThreadPoolExecutor(concurrency) as pool:
        for round_ in range(4):
            first = WARM_UP_FIRST + round_ * concurrency
            list(pool.map(send, range(first, first + concurrency)))
    return 4 * concurrency


def run_api(target, rate, duration, servers):
    from .bench_webhook import _timed_send

    load = Load()
    cpu = CpuMeter()
    total = int(rate * duration)
    server_cpu = sum(srv.cpu_seconds() for srv in servers)
    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(POOL) as pool:
        futures = [
            pool.submit(_timed_send, target, n, start + n / rate) for n in range(total)
        ]
        load.results = [f.result() for f in futures]
    load.seconds = time.perf_counter() - start
    load.server_cpu = sum(srv.cpu_seconds() for srv in servers) - server_cpu
    load.machine_busy = cpu.busy()
    load.started = start
    load.server_cpu_started = server_cpu
    # created: 201, accepted: 202 (Load.ok counts 200)
    load.results = [(200 if s in (201, 202) else s, lat) for s, lat in load.results]
    return load


def wait_confirmed(reg, channel_id, prefix, expected, timeout):
    """Wait until ``expected`` orders of the run are confirmed (or
    ``timeout`` seconds); return how many are."""
    deadline = time.monotonic() + timeout
    while True:
        count = confirmed(reg, channel_id, prefix)
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.5)


def database_exists(name):
    import psycopg2

    from .common import db_settings

    conn = psycopg2.connect(dbname="postgres", **db_settings())
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())
    finally:
        conn.close()


def confirmed(reg, channel_id, prefix):
    with environment(reg) as env:
        return env["sale.order"].search_count(
            [
                ("oms_channel_id", "=", channel_id),
                ("oms_external_id", "=like", f"{prefix}-%"),
                ("state", "=", "sale"),
            ]
        )


def run_importer(reg, channel_id, run_id, count):
    """The same orders through the importer, one per transaction."""
    from odoo import fields

    from odoo.addons.oms_webstore import mapping
    from odoo.addons.oms_webstore.schemas import OrderIn

    rng = random.Random(7)
    bodies = [order_body(run_id, n, rng) for n in range(count)]
    started = time.perf_counter()
    cpu_started = time.process_time()
    for body in bodies:
        with environment(reg) as env:
            channel = env["oms.channel"].browse(channel_id)
            bot = channel._oms_as_bot()
            order = mapping.order_from_request(
                OrderIn.model_validate(body), fields.Datetime.now()
            )
            bot.env["oms.order.importer"]._import_orders(bot, [order])
    return time.perf_counter() - started, time.process_time() - cpu_started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10/s for 5 s")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--async",
        dest="respond_async",
        action="store_true",
        help="ask Prefer: respond-async (202 at once, orders made by jobs)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=600,
        help="with --async, seconds to wait for the jobs after the load",
    )
    parser.add_argument(
        "--jobs-in-api",
        action="store_true",
        help="with --async, run the jobs in the API's own workers (one at a "
        "time) instead of on a second, lower-priority Odoo",
    )
    parser.add_argument(
        "--job-niceness",
        type=int,
        default=10,
        help="with --async, the niceness of the job server (default 10)",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--db",
        help="database name (default oms_bench_<pid>); with --keep-db, an "
        "existing one is reused",
    )
    args = parser.parse_args(argv)
    if args.small:
        args.rate, args.duration = 10, 5
    if args.db and args.keep_db and database_exists(args.db):
        name = args.db  # a database kept by an earlier run
    else:
        name = create_database(["oms_webstore"], args.db)
    try:
        reg = registry(name)
        channel_id, key = setup_shop(reg)
        run_id = uuid.uuid4().hex[:6]
        with ExitStack() as stack:
            job_server = None
            if args.respond_async and args.jobs_in_api:
                # one job at a time: the other worker stays free for the API
                server, mode = start_server(
                    stack, name, args.workers, job_channels="root:1"
                )
                mode += ", the job runner's jobs in the same workers"
            else:
                server, mode = start_server(stack, name, args.workers)
            if args.respond_async and not args.jobs_in_api:
                job_server = stack.enter_context(
                    http_server(name, job_channels="root:1", niceness=args.job_niceness)
                )
                mode += (
                    f"; jobs on a second Odoo (threaded, root:1, "
                    f"nice {args.job_niceness}) running the job runner"
                )
            servers = [server, job_server] if job_server else [server]
            target = api_target(server, key, run_id, args.respond_async)
            warmed = warm_up(target, args.workers)
            if args.respond_async:
                # the warm-up's jobs are done before the load
                wait_confirmed(reg, channel_id, f"warm{run_id}", warmed, 300)
            load = run_api(target, args.rate, args.duration, servers)
            if args.respond_async:
                wait_confirmed(reg, channel_id, run_id, len(load.ok), args.wait)
                # the orders' own time: until the last one is confirmed
                load.seconds = time.perf_counter() - load.started
            load.server_cpu = (
                sum(srv.cpu_seconds() for srv in servers) - load.server_cpu_started
            )
            retried = sum(server_retries(srv.log) for srv in servers)
        api_confirmed = confirmed(reg, channel_id, run_id)
        count = max(1, len(load.ok))
        importer_seconds, importer_cpu = run_importer(
            reg, channel_id, f"I{run_id}", count
        )
    finally:
        if not args.keep_db:
            drop_database(name)
    api_ms = load.server_cpu * 1000 / max(1, len(load.results))
    importer_ms = importer_seconds * 1000 / count
    importer_cpu_ms = importer_cpu * 1000 / count
    latencies = load.ok
    errors = Counter(str(status) for status, _lat in load.results if status != 200)
    command = "python -m bench.bench_webstore" + (
        " --small"
        if args.small
        else f" --rate {args.rate:g} --duration {args.duration:g}"
    )
    if args.respond_async:
        command += " --async" + (" --jobs-in-api" if args.jobs_in_api else "")
    table(
        f"Web store API create order ({machine()})",
        [
            ("server", mode),
            ("sent", f"{len(load.results)} at {args.rate:g}/s for {args.duration:g} s"),
            (
                "answered 202 (accepted)" if args.respond_async else "answered 201",
                f"{len(latencies)}, errors {load.errors} {dict(errors) or ''}",
            ),
            (
                "latency",
                (
                    f"p50 {load.percentile(50) * 1000:.0f} ms, "
                    f"p99 {load.percentile(99) * 1000:.0f} ms (target p99 < 500 ms)"
                ),
            ),
            (
                "mean latency",
                f"{statistics.mean(latencies) * 1000:.0f} ms" if latencies else "-",
            ),
            (
                "server retries",
                f"{retried} requests retried after a serialization failure",
            ),
            ("machine CPU busy", f"{load.machine_busy:.0%} (all processes)"),
            (
                "orders confirmed",
                (
                    f"{api_confirmed} of {len(latencies)} in {load.seconds:.1f} s "
                    "from the first request"
                ),
            ),
            ("orders confirmed/s (API)", f"{api_confirmed / load.seconds:.1f}"),
            ("API server CPU per order", f"{api_ms:.1f} ms (Odoo processes)"),
            (
                "importer alone",
                (
                    f"{count / importer_seconds:.1f} orders/s, {importer_ms:.1f} ms "
                    f"per order, Odoo CPU {importer_cpu_ms:.1f} ms per order "
                    "(in-process, one order per transaction)"
                ),
            ),
            (
                "API / importer (Odoo CPU per order)",
                f"{api_ms / importer_cpu_ms:.2f} (target <= 1.20)",
            ),
            ("command", command),
        ],
    )


if __name__ == "__main__":
    main()
