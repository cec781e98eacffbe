"""Make ``odoo.addons.<our module>`` importable for plain-Python test runs.

pytest-odoo adds the addons path itself when it initialises a database; plain
runs of the API client and sandbox tests (no ``--odoo-database``) need the
same import path without one.
"""

import os

ADDONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "addons")

try:
    import odoo.addons
except ImportError:  # pragma: no cover - the CI script reports this clearly
    pass
else:
    if ADDONS_DIR not in odoo.addons.__path__:
        odoo.addons.__path__.append(ADDONS_DIR)


class _ErrorCollector:
    """Remember ERROR log records emitted while the tests run.

    An error that a test did not expect (or mute with ``mute_logger``) fails
    the session, like Odoo's own test runner does.
    """

    def __init__(self):
        import logging

        self.records = []
        self.handler = logging.Handler(level=logging.ERROR)
        self.handler.emit = self.records.append

    def install(self):
        import logging

        logging.getLogger().addHandler(self.handler)

    def report(self):
        return [
            f"{r.name}: {r.getMessage()}"
            for r in self.records
            if r.levelname != "DEBUG"
        ]


_collector = _ErrorCollector()


def pytest_sessionstart(session):
    _collector.install()


def pytest_sessionfinish(session, exitstatus):
    errors = _collector.report()
    if errors and exitstatus == 0:
        print("\nERROR records were logged during the tests:")
        for line in errors[:50]:
            print("  " + line)
        session.exitstatus = 1
