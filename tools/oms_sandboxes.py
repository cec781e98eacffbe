#!/usr/bin/env python3
"""Run every bundled marketplace sandbox, for the demo.

Lazada on port 8801, Shopee on 8802 and TikTok Shop on 8803, seeded with the
demo catalogue and tokens that the demo shops in Odoo use. Each has a control
page at its root URL (http://127.0.0.1:8801/) to place orders, ship, deliver,
return or cancel them and deliver pushes. With ``--orders-every`` a buyer
places an order on each sandbox every so many seconds; with ``--push-every``
queued pushes go to the push URL set on the page (or by
``tools/oms_run.py``) by themselves.
Ctrl-C or SIGTERM stops them.
"""

import argparse
import logging
import os
import signal
import sys
import threading

_logger = logging.getLogger("oms_sandboxes")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SANDBOXES = (
    # (name, module, class, default port, XML id of its demo shop in Odoo)
    (
        "lazada",
        "odoo.addons.oms_lazada.sandbox",
        "LazadaSandbox",
        8801,
        "oms_lazada.demo_channel_lazada_sg",
    ),
    (
        "shopee",
        "odoo.addons.oms_shopee.sandbox",
        "ShopeeSandbox",
        8802,
        "oms_shopee.demo_channel_shopee_my",
    ),
    (
        "tiktok",
        "odoo.addons.oms_tiktok.sandbox",
        "TikTokSandbox",
        8803,
        "oms_tiktok.demo_channel_tiktok_my",
    ),
)


def load_sandboxes():
    import importlib

    from odoo.modules.module import initialize_sys_path

    import odoo.addons

    initialize_sys_path()
    addons = os.path.join(ROOT, "addons")
    if addons not in odoo.addons.__path__:
        odoo.addons.__path__.append(addons)
    found = []
    for name, module, cls, _port, _shop in SANDBOXES:
        try:
            found.append((name, getattr(importlib.import_module(module), cls)))
        except (ImportError, AttributeError) as err:
            _logger.warning("%s sandbox not available: %s", name, err)
    return found


def parse_ports(text):
    """``8801,8802,8803``: one port per sandbox, in the order of ``SANDBOXES``."""
    ports = [int(port) for port in text.split(",") if port.strip()]
    if len(ports) != len(SANDBOXES):
        raise argparse.ArgumentTypeError(
            f"give {len(SANDBOXES)} ports: "
            + ",".join(name for name, *_rest in SANDBOXES)
        )
    return ports


def default_ports():
    return ",".join(str(port) for _name, _module, _cls, port, _shop in SANDBOXES)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument(
        "--ports",
        type=parse_ports,
        default=default_ports(),
        help="ports of the sandboxes, comma-separated (default %(default)s)",
    )
    parser.add_argument(
        "--orders-every",
        type=float,
        default=0,
        metavar="SECONDS",
        help="a buyer places an order every SECONDS on each sandbox (0: never)",
    )
    parser.add_argument(
        "--push-every",
        type=float,
        default=0,
        metavar="SECONDS",
        help="deliver queued pushes every SECONDS once a push URL is set",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    stop = threading.Event()
    # Ctrl-C and SIGTERM (docker, the demo runner) stop the same quiet way.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: stop.set())
    ports = dict(zip([name for name, *_rest in SANDBOXES], args.ports, strict=True))
    running = []
    try:
        for name, sandbox_class in load_sandboxes():
            sandbox = sandbox_class(seed_demo=True)
            try:
                sandbox.start(args.host, ports[name])
            except OSError as err:
                _logger.error(
                    "%s sandbox cannot listen on %s:%s: %s",
                    name,
                    args.host,
                    ports[name],
                    err.strerror,
                )
                return 1
            running.append(sandbox)
            sandbox.start_live(args.orders_every, args.push_every)
            _logger.info(
                "%s sandbox on %s (control page: %s/)",
                name,
                sandbox.base_url,
                sandbox.base_url,
            )
        if not running:
            _logger.error("no sandbox could be started")
            return 1
        while not stop.wait(1):
            pass
    finally:
        for sandbox in running:
            sandbox.stop()
    _logger.info("sandboxes stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
