"""Webhook intake: signed Lazada pushes at a target rate, against the floor.

    python -m bench.bench_webhook [--small] [--rate 100] [--duration 20]

Starts Odoo's HTTP server (2 prefork workers, or the threaded server when
prefork does not come up) on a loopback port, with a Lazada shop in the
bench database, and sends it signed Lazada order push messages
(``Authorization: sign_push(app_key, app_secret, body)``) at a fixed rate
for a bounded duration from a thread pool (open loop: each push has its
scheduled send time, and latency counts from it, so a slow server cannot
hide its queue). Every push must be acknowledged and stored as an
``oms.event``. Baseline in the same run, alternating with the pushes in
5-second chunks: the same load against a trivial JSON-RPC route of the same
server (``/web/webclient/version_info``), the framework's own floor.
"""

import argparse
import http.client
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from urllib.parse import urlsplit

from .common import (
    LAZADA_APP_KEY,
    LAZADA_APP_SECRET,
    CpuMeter,
    SandboxOwner,
    connect_lazada_shop,
    create_database,
    drop_database,
    environment,
    http_server,
    lazada_shop,
    machine,
    registry,
    table,
)

CHUNK = 5.0  # seconds of load per target before switching to the other
POOL = 64  # client threads: enough for 100/s up to ~600 ms per request


# ----------------------------------------------------------------------
# Requests
# ----------------------------------------------------------------------


class Target:
    """One route of the server, with the request each send makes."""

    def __init__(self, server, path, body_for, headers_for):
        self.server = server
        parts = urlsplit(server.url)
        self.host, self.port = parts.hostname, parts.port
        self.path = path
        self.body_for, self.headers_for = body_for, headers_for

    def send(self, index):
        """POST the ``index``-th message; return the HTTP status."""
        body = self.body_for(index)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request("POST", self.path, body, self.headers_for(body))
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()


def push_target(server, shop_id, seller_id, app_key, app_secret, run_id):
    from odoo.addons.oms_lazada.lazada_api.signing import sign_push

    def body_for(index):
        return json.dumps(
            {
                "seller_id": seller_id,
                "message_type": 0,
                "data": {
                    "order_status": "pending",
                    "trade_order_id": f"{run_id}{index:07d}",
                    "trade_order_line_id": f"{run_id}{index:07d}1",
                    "status_update_time": int(time.time()),
                },
                "timestamp": int(time.time() * 1000),
                "site": "lazada_sg",
            }
        ).encode()

    def headers_for(body):
        return {
            "Content-Type": "application/json",
            "Authorization": sign_push(app_key, app_secret, body),
        }

    return Target(server, f"/oms/webhook/lazada/{shop_id}", body_for, headers_for)


def floor_target(server):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {}}).encode()
    return Target(
        server,
        "/web/webclient/version_info",
        lambda _index: body,
        lambda _body: {"Content-Type": "application/json"},
    )


# ----------------------------------------------------------------------
# Load
# ----------------------------------------------------------------------


class Load:
    """Results of one target: (status or error, latency seconds) per send."""

    def __init__(self):
        self.results = []
        self.seconds = 0.0
        self.chunks = []  # (p99 seconds, machine CPU busy share) per chunk
        self.server_cpu = 0.0  # CPU seconds of the Odoo server processes

    @property
    def ok(self):
        return [lat for status, lat in self.results if status == 200]

    @property
    def errors(self):
        return len(self.results) - len(self.ok)

    def percentile(self, pct, values=None):
        values = sorted(self.ok if values is None else values)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(len(values) * pct / 100))]


def _timed_send(target, index, scheduled):
    delay = scheduled - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    try:
        status = target.send(index)
    except OSError as err:
        status = type(err).__name__
    return status, time.perf_counter() - scheduled


def run_chunk(pool, target, load, first, count, rate):
    """Send ``count`` messages at ``rate``/s; latency from the schedule."""
    cpu = CpuMeter()
    server_cpu = target.server.cpu_seconds()
    start = time.perf_counter() + 0.1
    futures = [
        pool.submit(_timed_send, target, first + n, start + n / rate)
        for n in range(count)
    ]
    results = [future.result() for future in futures]
    load.seconds += time.perf_counter() - start
    load.results.extend(results)
    latencies = [lat for status, lat in results if status == 200]
    load.chunks.append((load.percentile(99, latencies), cpu.busy()))
    load.server_cpu += target.server.cpu_seconds() - server_cpu


def run_load(targets, rate, duration):
    """Alternate the targets in chunks until each ran ``duration`` seconds."""
    loads = {name: Load() for name in targets}
    per_chunk = int(rate * min(CHUNK, duration))
    total = int(rate * duration)
    with ThreadPoolExecutor(POOL) as pool:
        for first in range(0, total, per_chunk):
            count = min(per_chunk, total - first)
            for name, target in targets.items():
                run_chunk(pool, target, loads[name], first, count, rate)
    return loads


def warm_up(targets, count=40):
    """Let every server worker load its registry before measuring."""
    with ThreadPoolExecutor(8) as pool:
        for target in targets.values():
            list(pool.map(lambda i, t=target: t.send(10**6 + i), range(count)))


# ----------------------------------------------------------------------
# Setup and entry point
# ----------------------------------------------------------------------


def setup_shop(reg, owner):
    """A connected Lazada shop: (id, seller id, app key, app secret)."""
    with environment(reg) as env:
        sandbox, shop = lazada_shop(env, owner, "sg")
        connect_lazada_shop(shop)
        return shop.id, sandbox.seller_id, LAZADA_APP_KEY, LAZADA_APP_SECRET


def count_events(reg, shop_id, run_id):
    with environment(reg) as env:
        return env["oms.event"].search_count(
            [
                ("channel_id", "=", shop_id),
                ("kind", "=", "order"),
                ("external_ref", "=like", f"{run_id}%"),
            ]
        )


def start_server(stack, name, workers, **kwargs):
    """Prefork server with ``workers`` if it answers, else the threaded one
    (``kwargs`` for ``http_server``)."""
    if workers:
        try:
            server = stack.enter_context(http_server(name, workers=workers, **kwargs))
            return server, f"prefork, {workers} workers"
        except RuntimeError as err:
            print(f"# prefork server unusable ({err}); threaded server instead")
    return stack.enter_context(http_server(name, workers=0, **kwargs)), "threaded"


def server_retries(log):
    """Requests the server retried after a serialization failure."""
    log.seek(0)
    text = log.read()
    return text.count("SerializationFailure") + text.count("could not serialize")


def chunks(load, column):
    if column == 0:
        return " ".join(f"{p99 * 1000:.0f}" for p99, _busy in load.chunks)
    return " ".join(f"{busy:.0%}" for _p99, busy in load.chunks)


def report(args, mode, loads, stored, sent, retried):
    push, floor = loads["push"], loads["floor"]
    command = "python -m bench.bench_webhook" + (" --small" if args.small else "")

    def row(load):
        return (
            f"{len(load.ok) / load.seconds:.1f} ack/s, "
            f"server CPU {load.server_cpu * 1000 / len(load.results):.1f} ms/req, "
            f"p50 {load.percentile(50) * 1000:.0f} ms, "
            f"p99 {load.percentile(99) * 1000:.0f} ms, "
            f"{load.errors} errors"
        )

    table(
        f"Webhook intake ({machine()})",
        [
            ("server", mode),
            ("target rate, duration", f"{args.rate}/s, {args.duration:.0f} s each"),
            ("Lazada pushes", row(push)),
            ("floor: version_info JSON-RPC", row(floor)),
            (
                "p50 ratio push / floor",
                f"{push.percentile(50) / floor.percentile(50):.2f}",
            ),
            (
                "p99 ratio push / floor",
                f"{push.percentile(99) / floor.percentile(99):.2f}",
            ),
            ("p99 target", "< 500 ms at 100 pushes/s"),
            ("push p99 per 5 s chunk (ms)", chunks(push, 0)),
            ("machine CPU busy per chunk, pushes", chunks(push, 1)),
            ("machine CPU busy per chunk, floor", chunks(floor, 1)),
            ("pushes sent / stored as oms.event", f"{sent} / {stored}"),
            ("serialization retries in server log", retried),
            ("mean latency push (ms)", f"{statistics.mean(push.ok) * 1000:.0f}"),
            ("command", command),
        ],
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5 s of load")
    parser.add_argument("--rate", type=int, default=100, help="pushes per second")
    parser.add_argument("--duration", type=float, help="seconds (default 20)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args(argv)
    args.duration = args.duration or (5.0 if args.small else 20.0)
    name = create_database(["oms_base", "oms_lazada"])
    owner = SandboxOwner(None)
    try:
        with ExitStack() as stack:
            reg = registry(name)
            shop = setup_shop(reg, owner)
            server, mode = start_server(stack, name, args.workers)
            run_id = str(int(time.time()))
            warm_up(
                {"push": push_target(server, *shop, "9"), "floor": floor_target(server)}
            )
            targets = {
                "push": push_target(server, *shop, run_id),
                "floor": floor_target(server),
            }
            loads = run_load(targets, args.rate, args.duration)
            sent = len(loads["push"].results)
            stored = count_events(reg, shop[0], run_id)
            retried = server_retries(server.log)
        report(args, mode, loads, stored, sent, retried)
    finally:
        owner.stop_all()
        if not args.keep_db:
            drop_database(name)


if __name__ == "__main__":
    main()
