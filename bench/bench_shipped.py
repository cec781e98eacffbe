"""Shipped statuses in bulk: Odoo's time per order to take a page of
"delivered" statuses from the marketplace, against Odoo's plain validation
of the same number of transfers one by one.

    python -m bench.bench_shipped [--small] [--orders 400]

After a peak the marketplaces report thousands of parcels shipped and
delivered that nobody packed in Odoo (the carrier took them from a
marketplace warehouse, or the seller shipped outside Odoo); each one's
delivery is validated then. A Lazada shop (sandbox on loopback, connected
through its authorize/token flow) with twice ``--orders`` orders of 1-4
units pulled into reserved deliveries. Half of them are set delivered on
Lazada and pulled again (``_oms_sync_orders``: pages of statuses, the
updates applied, their deliveries validated together), the sandbox's
HTTP answers on loopback included (the client reads pages in parallel).

Baseline, same run: the other half's transfers validated the plain Odoo way,
one at a time (quantities, picked, ``button_validate``), as the importer
did before it validated a page's deliveries together. Both sides include
the ORM flush and one commit.
"""

import time

from . import common


def setup(env, owner, count):
    skus = [f"SHP-{i:03d}" for i in range(40)]
    sandbox, shop = common.listed_lazada_shop(env, owner, skus)
    plain = sandbox.generate_orders(count, skus, seed=31)
    bulk = sandbox.generate_orders(count, skus, seed=32)
    shop._oms_sync_orders()
    env.cr.commit()
    return sandbox, shop, plain, bulk


def pickings_of(env, shop, refs):
    return env["stock.picking"].search(
        [
            ("oms_channel_id", "=", shop.id),
            ("sale_id.oms_external_id", "in", refs),
            ("state", "=", "assigned"),
        ],
        order="id",
    )


def plain_validation(env, pickings):
    """Odoo's own validation of ``pickings``, one at a time: seconds."""
    env.invalidate_all()
    started = time.perf_counter()
    for picking in pickings:
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
    env.flush_all()
    env.cr.commit()
    return time.perf_counter() - started


def bulk_statuses(env, sandbox, shop, refs):
    """Lazada reports ``refs`` delivered; the pull: seconds."""
    for ref in refs:
        sandbox.set_order_status(ref, "delivered")
    env.invalidate_all()
    started = time.perf_counter()
    shop._oms_sync_orders()
    env.flush_all()
    env.cr.commit()
    return time.perf_counter() - started


def run(args, owner):
    modules = ["oms_base", "oms_lazada"]
    with common.bench_environment(modules, owner, args.keep_db) as env:
        sandbox, shop, plain, bulk = setup(env, owner, args.orders)
        plain_pickings = pickings_of(env, shop, plain)
        bulk_pickings = pickings_of(env, shop, bulk)
        baseline = plain_validation(env, plain_pickings)
        took = bulk_statuses(env, sandbox, shop, bulk)
        bulk_pickings.invalidate_recordset(["state"])
        done = bulk_pickings.filtered(lambda p: p.state == "done")
        sales = bulk_pickings.sale_id
        return {
            "orders": len(bulk),
            "plain": len(plain_pickings),
            "baseline": baseline,
            "took": took,
            "done": len(done),
            "pickings": len(bulk_pickings),
            "delivered": sales.filtered(lambda s: s.oms_status == "delivered"),
            "attention": sales.filtered("oms_needs_attention"),
        }


def main(argv=None):
    args = common.sized_arguments(__doc__, argv, "orders", small=60, full=400)
    owner = common.SandboxOwner(None)
    r = run(args, owner)
    ms = 1000.0
    ours = r["took"] / r["pickings"]
    base = r["baseline"] / r["plain"]
    common.table(
        f"Shipped statuses in bulk, {r['orders']} Lazada orders ({common.machine()})",
        [
            (
                "orders delivered in Odoo",
                (
                    f"{r['done']} / {r['pickings']} transfers done, "
                    f"{len(r['delivered'])} orders delivered, "
                    f"{len(r['attention'])} needing attention"
                ),
            ),
            (
                "pull of the delivered statuses (ms per order)",
                f"{ours * ms:.1f} (the sandbox's HTTP included)",
            ),
            (
                "baseline: plain validation one by one (ms per transfer)",
                f"{base * ms:.1f} ({r['plain']} transfers)",
            ),
            ("pull / baseline", f"{ours / base:.2f} (target <= 1.0)"),
            (
                "command",
                "python -m bench.bench_shipped"
                + (" --small" if args.small else f" --orders {args.orders}"),
            ),
        ],
    )


if __name__ == "__main__":
    main()
