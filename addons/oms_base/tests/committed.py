"""Tests that need real concurrent transactions: committed cursors of
their own, and a shop they create and remove."""

import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase
from odoo.tests.common import get_db_name


class CommittedShopCase(BaseCase):
    """A shop committed before each test and removed after it.

    Each ``with self.transaction() as env`` is a transaction of its own,
    committed when the block ends, as a worker's would be. What a test
    makes beyond the shop it removes in ``_cleanup_shop_data``.
    """

    shop_name = "Committed shop"

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.transaction() as env:
            self.channel_id = self._create_shop(env).id
        self.addCleanup(self._cleanup)

    def _create_shop(self, env):
        return env["oms.channel"].create({"name": self.shop_name})

    @contextmanager
    def transaction(self):
        """A superuser environment on a new cursor, committed at the end."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})

    def shop(self, env):
        return env["oms.channel"].browse(self.channel_id)

    def _cleanup(self):
        # The jobs the test committed stay pending: the test server runs no
        # job runner (tools/oms_test.py), so nothing else holds its rows.
        with self.transaction() as env:
            self._cleanup_shop_data(env)
            self.shop(env).unlink()

    def _cleanup_shop_data(self, env):
        """Remove what the test made for the shop (its orders, say)."""

    def _unlink_shop_orders(self, env):
        """Remove the shop's sale orders and their buyers."""
        orders = env["sale.order"].search([("oms_channel_id", "=", self.channel_id)])
        partners = orders.partner_id
        orders._action_cancel()
        orders.unlink()
        partners.unlink()

    def race(self, first, second, hold=1.0):
        """Run ``first(env)`` and ``second(env)`` in two transactions at once.

        ``first`` runs and flushes; ``second`` starts then, and ``first``
        commits ``hold`` seconds later: time for ``second`` to block on the
        rows ``first`` wrote. Returns ``{"first": ..., "second": ...}``, what
        each returned or the exception it raised.
        """
        first_wrote = threading.Event()
        release_first = threading.Event()
        outcome = {}

        def run(name, func, wrote=None):
            try:
                with self.transaction() as env:
                    outcome[name] = func(env)
                    if wrote:
                        env.flush_all()
                        wrote.set()
                        release_first.wait(10)
                    # leaving the block commits
            except Exception as err:  # noqa: BLE001 - the test judges it
                outcome[name] = err
            finally:
                if wrote:
                    wrote.set()

        def run_second():
            first_wrote.wait(10)
            run("second", second)

        threads = [
            threading.Thread(target=run, args=("first", first, first_wrote)),
            threading.Thread(target=run_second),
        ]
        for thread in threads:
            thread.start()
        first_wrote.wait(10)
        threading.Event().wait(hold)
        release_first.set()
        for thread in threads:
            thread.join(30)
        return outcome
