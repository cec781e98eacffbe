"""Pack station: server time per scan and per parcel, against Odoo's plain
validation of the same pickings.

    python -m bench.bench_pack [--small] [--parcels 500]

A Lazada shop (sandbox on loopback, connected through its authorize/token
flow) with 500 orders of 1-4 units pulled into Odoo: confirmed sale orders
with reserved deliveries. Each parcel, as the warehouse user at the pack
station: scan the order number (which also asks Lazada for the order's
latest status), scan each unit's barcode, Pack (validate, pack on Lazada,
ready-to-ship, AWB label attached). Time spent waiting for the sandbox's
HTTP answers is measured and taken out: the figures are Odoo's own work.

Baseline, same run, same pickings, interleaved: just before each parcel
goes through the station, its picking is validated the plain Odoo way
(quantities set, picked, ``button_validate``) in a savepoint that is then
rolled back. Both sides include the ORM flush.
"""

import math
import statistics
import threading
import time

from .common import (
    SandboxOwner,
    bench_environment,
    listed_lazada_shop,
    machine,
    sized_arguments,
    table,
)


class HttpClock:
    """Seconds this thread spent waiting on HTTP answers (the marketplace)."""

    def __init__(self):
        import requests.adapters

        self.local = threading.local()
        original = requests.adapters.HTTPAdapter.send
        clock = self

        def send(adapter, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(adapter, *args, **kwargs)
            finally:
                clock.local.spent = clock.spent() + time.perf_counter() - started

        requests.adapters.HTTPAdapter.send = send

    def spent(self):
        return getattr(self.local, "spent", 0.0)


def setup(env, owner, count):
    skus = [f"PCK-{i:03d}" for i in range(40)]
    sandbox, shop = listed_lazada_shop(env, owner, skus, barcodes=True)
    sandbox.generate_orders(count, skus, seed=16)
    shop._oms_sync_orders()
    packer = env["res.users"].create(
        {
            "name": "Bench Packer",
            "login": "bench_packer",
            "groups_id": [
                (4, env.ref("stock.group_stock_user").id),
                (4, env.ref("oms_base.group_oms_user").id),
            ],
        }
    )
    env.cr.commit()
    pickings = env["stock.picking"].search(
        [("oms_channel_id", "=", shop.id), ("state", "=", "assigned")], order="id"
    )
    return sandbox, shop, packer, pickings


def plain_validation(env, picking):
    """Odoo's own validation of ``picking``, rolled back: seconds."""
    env.invalidate_all()
    savepoint = env.cr.savepoint()
    started = time.perf_counter()
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
    env.flush_all()
    seconds = time.perf_counter() - started
    savepoint.rollback()
    savepoint.close(rollback=False)
    env.invalidate_all()
    return seconds


def station_parcel(env, station, picking, clock):
    """One parcel through the station: ([scan seconds], parcel seconds,
    marketplace seconds, result), marketplace time taken out."""
    env.invalidate_all()
    codes = [picking.sale_id.oms_external_id]
    for move in picking.move_ids:
        codes += [move.product_id.barcode] * int(move.product_uom_qty)
    scans, total, http_total = [], 0.0, 0.0
    state = None
    for code in codes:
        http_before = clock.spent()
        started = time.perf_counter()
        state = station.oms_scan(code, state["picking"]["id"] if state else False)
        env.flush_all()
        took = time.perf_counter() - started
        http = clock.spent() - http_before
        scans.append(took - http)
        total += took - http
        http_total += http
    http_before = clock.spent()
    started = time.perf_counter()
    packed = station.oms_pack(picking.id)
    env.flush_all()
    took = time.perf_counter() - started
    http = clock.spent() - http_before
    total += took - http
    http_total += http
    env.cr.commit()
    return scans, total, http_total, packed["result"]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(len(values) * share) - 1)]


def run(args, owner):
    clock = HttpClock()
    modules = ["oms_base", "oms_lazada", "oms_warehouse"]
    with bench_environment(modules, owner, args.keep_db) as env:
        _sandbox, _shop, packer, pickings = setup(env, owner, args.parcels)
        station = env["oms.pack.station"].with_user(packer)
        scans, parcels, baseline, http, results = [], [], [], [], []
        for picking in pickings:
            baseline.append(plain_validation(env, picking))
            parcel_scans, parcel, waited, result = station_parcel(
                env, station, picking, clock
            )
            scans += parcel_scans
            parcels.append(parcel)
            http.append(waited)
            results.append(result)
        units = len(scans) - len(pickings)
        return pickings, scans, parcels, baseline, http, results, units


def main(argv=None):
    args = sized_arguments(__doc__, argv, "parcels", small=50, full=500)
    owner = SandboxOwner(None)
    pickings, scans, parcels, baseline, http, results, units = run(args, owner)
    ms = 1000.0
    parcel_p50 = statistics.median(parcels)
    base_p50 = statistics.median(baseline)
    table(
        f"Pack station, {len(pickings)} Lazada parcels ({machine()})",
        [
            ("parcels packed", f"{results.count('packed')} / {len(results)}"),
            ("scans (parcel + units)", f"{len(scans)} ({units} units)"),
            (
                "scan p50 / p95 (ms)",
                (
                    f"{statistics.median(scans) * ms:.1f} / "
                    f"{percentile(scans, 0.95) * ms:.1f} (target p95 <= 100)"
                ),
            ),
            (
                "parcel, scan to label, p50 / p95 (ms)",
                f"{parcel_p50 * ms:.1f} / {percentile(parcels, 0.95) * ms:.1f}",
            ),
            (
                "baseline: plain validation p50 / p95 (ms)",
                f"{base_p50 * ms:.1f} / {percentile(baseline, 0.95) * ms:.1f}",
            ),
            (
                "parcel / baseline (p50, mean)",
                (
                    f"{parcel_p50 / base_p50:.2f} / "
                    f"{statistics.mean(parcels) / statistics.mean(baseline):.2f} "
                    "(target <= 1.5)"
                ),
            ),
            (
                "marketplace HTTP per parcel, p50 (ms, taken out)",
                f"{statistics.median(http) * ms:.1f}",
            ),
            (
                "command",
                "python -m bench.bench_pack"
                + (" --small" if args.small else f" --parcels {args.parcels}"),
            ),
        ],
    )


if __name__ == "__main__":
    main()
