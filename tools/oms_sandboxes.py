#!/usr/bin/env python3
"""Run every bundled marketplace sandbox, for the demo.

Lazada on port 8801 and Shopee on 8802, seeded with the demo catalogue and
tokens that the demo shops in Odoo use. Stop with Ctrl-C.
"""

import argparse
import logging
import os
import sys
import time

_logger = logging.getLogger("oms_sandboxes")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SANDBOXES = (
    # (name, module, class, port)
    ("lazada", "odoo.addons.oms_lazada.sandbox", "LazadaSandbox", 8801),
    ("shopee", "odoo.addons.oms_shopee.sandbox", "ShopeeSandbox", 8802),
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
    for name, module, cls, port in SANDBOXES:
        try:
            found.append((name, getattr(importlib.import_module(module), cls), port))
        except (ImportError, AttributeError) as err:
            _logger.warning("%s sandbox not available: %s", name, err)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    running = []
    for name, sandbox_class, port in load_sandboxes():
        sandbox = sandbox_class(seed_demo=True)
        sandbox.start(args.host, port)
        running.append(sandbox)
        _logger.info("%s sandbox listening on %s:%s", name, args.host, port)
    if not running:
        sys.exit("no sandbox could be started")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        for sandbox in running:
            sandbox.stop()


if __name__ == "__main__":
    main()
