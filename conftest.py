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
    from odoo.modules.module import initialize_sys_path

    # Odoo's own addons (queue_job needs base_sparse_field...) and ours.
    initialize_sys_path()
    if ADDONS_DIR not in odoo.addons.__path__:
        odoo.addons.__path__.append(ADDONS_DIR)


# Fixtures of plain-Python tests living in Odoo modules: a conftest inside a
# module would be imported outside ``odoo.addons`` (as ``oms_tiktok.tests``),
# which Odoo's model classes refuse.
pytest_plugins = ["odoo.addons.oms_tiktok.tests.fixtures"]


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
_skipped = []


def pytest_runtest_logreport(report):
    # A skipped test proves nothing: a tour without Chromium or websocket-client
    # skips itself, so the run must say so rather than pass.
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionstart(session):
    _collector.install()


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped: a skipped test is a failure.")
        for nodeid in _skipped[:50]:
            print("  " + nodeid)
        session.exitstatus = 1
    errors = _collector.report()
    if errors and exitstatus == 0:
        print("\nERROR records were logged during the tests:")
        for line in errors[:50]:
            print("  " + line)
        session.exitstatus = 1


def pytest_configure(config):
    """Plain runs (``-p no:odoo``): import addon tests as ``odoo.addons.*``.

    pytest-odoo does this when it runs with a database; without one (API
    clients and sandboxes only) the same module naming is still needed.
    """
    if not config.pluginmanager.has_plugin("odoo"):
        try:
            import pytest_odoo
        except ImportError:
            return
        pytest_odoo.monkey_patch_resolve_pkg_root_and_module_name()
        # importing an addon's tests package imports Odoo's test framework,
        # which logs an ERROR unless it knows tests are running
        from odoo.tools import config as odoo_config

        odoo_config["test_enable"] = True
