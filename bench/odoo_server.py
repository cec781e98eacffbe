"""Odoo's command line as a script (what ``odoo-bin`` is), for prefork.

The prefork server starts its long-polling process by re-executing
``sys.argv[0]`` with ``gevent``, and starts it again as soon as it exits.
Under ``python -m odoo`` that script is ``odoo/__main__.py``, which cannot
run as a script, and where gevent itself cannot start (on this machine its
``zope.interface`` is missing) the server would spend its CPU respawning a
failing process. The benchmarks use no long polling: here that process is
an idle stand-in that lives as long as its server.
"""

import os
import sys
import time

os.environ["TZ"] = "UTC"


def idle_long_polling():
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["gevent"]:
        idle_long_polling()
    else:
        import odoo

        odoo.cli.main()
