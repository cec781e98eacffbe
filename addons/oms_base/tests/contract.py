"""The connector contract: what every marketplace connector guarantees.

``ConnectorContract`` holds the tests; it is no test case by itself (no
``Test`` prefix, no ``TestCase`` base), so nothing runs it alone. A connector
binds it to its sandbox with a small adapter and an ``HttpCase``::

    @tagged("post_install", "-at_install")
    class TestAcmeContract(AcmeContractAdapter, ConnectorContract, HttpCase):
        pass

The adapter implements the ``contract_*`` methods below against the
connector's sandbox. Every guarantee then drives the real sandbox over HTTP,
the real webhook route and the real jobs (``run_jobs``): nothing is mocked.
"""

from odoo.addons.oms_base.tests.common import make_stocked_products
from odoo.addons.oms_base.tests.jobs import run_jobs
from odoo.addons.queue_job.exception import RetryableJobError

CANCELLED = "cancelled"


class ConnectorContractAdapter:
    """What the contract needs of one connector's sandbox.

    ``setUpClass`` of the adapter sets ``cls.shop`` (a shop of ours,
    connected to a started sandbox) and ``cls.warehouse``; ``setUp`` gives
    every test a sandbox without orders, pushes or faults, the shop
    authorized and the sandbox pushing to ``contract_webhook_url()``.
    """

    #: ``oms.channel.platform`` of the connector
    contract_platform = None
    #: most SKUs the marketplace takes in one stock update call
    contract_stock_batch = None

    def contract_add_listings(self, skus, quantity=100):
        """List ``skus`` on the marketplace at 10.0 (not yet imported into
        Odoo)."""
        raise NotImplementedError

    def contract_place_orders(self, count, skus):
        """Buyers place ``count`` paid, to-ship orders of ``skus``, one SKU
        per order; return their marketplace references (str), in order."""
        raise NotImplementedError

    def contract_cancel_on_marketplace(self, ref):
        """The buyer (or the marketplace) cancels order ``ref``."""
        raise NotImplementedError

    def contract_is_cancelled_on_marketplace(self, ref):
        raise NotImplementedError

    def contract_fault(self, kind, on=True):
        """Switch a fault on, or every fault off: ``outage`` (the API is
        down), ``rate_limit`` (the next 2 calls are throttled),
        ``server_errors`` (the next 10 calls fail with a 500).

        By default through the fault switches every sandbox built on
        ``oms_api_common.sandbox.SandboxServer`` has (``self.sandbox.faults``).
        """
        faults = self.sandbox.faults
        if not on:
            faults.reset()
        elif kind == "outage":
            faults.outage(600)
        elif kind == "rate_limit":
            faults.rate_limit_burst(2)
        elif kind == "server_errors":
            faults.server_errors(10)
        else:
            raise ValueError(kind)

    def contract_expire_authorization(self):
        """The seller's authorization is lost: tokens no longer work and
        cannot be refreshed."""
        raise NotImplementedError

    def contract_reauthorize(self):
        """The seller authorizes the shop again (consent, code, tokens)."""
        raise NotImplementedError

    def contract_deliver_pushes(self):
        """The marketplace delivers the pushes it queued; return how many."""
        return len(self.sandbox.flush_pushes())

    def contract_drop_pushes(self):
        """Forget the pushes queued (a test posts its own)."""
        raise NotImplementedError

    def contract_push(self, ref, secret):
        """``(headers, body)`` of an order push for ``ref``, signed with
        ``secret`` as the marketplace signs it for the shop's webhook URL."""
        raise NotImplementedError

    def contract_push_secret(self):
        """The secret the marketplace signs the shop's pushes with."""
        raise NotImplementedError

    def contract_signed_push(self, ref):
        return self.contract_push(ref, self.contract_push_secret())

    def contract_forged_push(self, ref):
        """The same push, signed with a secret that is not the shop's."""
        return self.contract_push(ref, "not-the-secret")

    def contract_marketplace_quantity(self, sku):
        raise NotImplementedError

    def contract_marketplace_price(self, sku):
        """The price the marketplace sells ``sku`` at (listed at 10.0)."""
        raise NotImplementedError

    def contract_stock_call_count(self):
        """Stock update calls the sandbox received so far."""
        raise NotImplementedError

    def contract_call_count(self):
        """API calls the sandbox received so far, of any kind."""
        return self.sandbox.call_count()

    def contract_webhook_path(self):
        return f"/oms/webhook/{self.contract_platform}/{self.shop.id}"

    def contract_webhook_url(self):
        return f"{self.base_url()}{self.contract_webhook_path()}"


class ConnectorContract:
    """The guarantees every connector must pass (see the module docstring)."""

    # Helpers ----------------------------------------------------------------

    def _contract_products(self, skus, quantity=10.0):
        """Odoo products of ``skus`` with ``quantity`` in the shop's stock."""
        return make_stocked_products(self.env, self.warehouse, skus, quantity)

    def _contract_listed(self, skus, quantity=10.0, listed=None):
        """SKUs listed on the marketplace (``listed`` units, by default
        ``quantity``), with ``quantity`` in Odoo's stock, bound."""
        self.contract_add_listings(skus, quantity if listed is None else listed)
        products = self._contract_products(skus, quantity)
        self.shop._oms_import_listings()
        return products

    def _contract_settle(self):
        """End the transaction's work as a commit would: stock changes
        queue their pushes, then every queued job runs."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        return run_jobs(self.env)

    def _contract_pull(self):
        """The 5-minute cron queues the pull; the job runner runs it."""
        self.shop._oms_queue_periodic_work()
        return self._contract_settle()

    def _contract_sales(self, refs=None):
        domain = [("oms_channel_id", "=", self.shop.id)]
        if refs is not None:
            domain.append(("oms_external_id", "in", list(refs)))
        return self.env["sale.order"].search(domain)

    def _contract_events(self):
        return self.env["oms.event"].search(
            [("channel_id", "=", self.shop.id)], order="id"
        )

    def _contract_deliver(self):
        # the route reads the shop from the database
        self.env.flush_all()
        return self.contract_deliver_pushes()

    def _contract_post(self, headers_body):
        headers, body = headers_body
        # the route reads the shop from the database
        self.env.flush_all()
        return self.url_open(
            self.contract_webhook_path(), data=body, headers=headers, timeout=20
        )

    def _contract_binding(self, sku):
        return self.shop.binding_ids.filtered(lambda b: b.seller_sku == sku)

    # Guarantees -------------------------------------------------------------

    def test_contract_overlapping_pulls_make_no_duplicate(self):
        skus = ["CT-PULL-A", "CT-PULL-B"]
        self._contract_listed(skus, quantity=100)
        refs = self.contract_place_orders(6, skus)
        self._contract_pull()
        self.assertEqual(
            sorted(self._contract_sales().mapped("oms_external_id")), sorted(refs)
        )
        # the next pulls overlap the previous window (and an order arrives)
        (late,) = self.contract_place_orders(1, skus)
        self._contract_pull()
        self._contract_pull()
        sales = self._contract_sales()
        self.assertEqual(len(sales), 7)
        self.assertEqual(set(sales.mapped("oms_external_id")), set(refs) | {late})
        self.assertEqual(set(sales.mapped("state")), {"sale"})

    def test_contract_outage_loses_no_order(self):
        skus = ["CT-OUT-A"]
        self._contract_listed(skus, quantity=100)
        refs = self.contract_place_orders(4, skus)
        cursor = self.shop.order_sync_cursor
        self.contract_fault("outage")
        outcome = self._contract_pull()
        self.assertIn("retry", outcome.values(), "the outage is retried, not dropped")
        self.assertNotIn("failed", outcome.values())
        self.assertEqual(self.shop.order_sync_cursor, cursor, "cursor kept")
        self.assertFalse(self._contract_sales())
        self.contract_fault("outage", on=False)
        refs += self.contract_place_orders(2, skus)
        # the retried pull brings every order, those of the outage included
        self._contract_settle()
        self.assertEqual(
            set(self._contract_sales().mapped("oms_external_id")), set(refs)
        )
        self.assertEqual(self.shop.state, "connected")

    def test_contract_unknown_sku_is_kept_and_flagged(self):
        self.contract_add_listings(["CT-UNBOUND"])
        (ref,) = self.contract_place_orders(1, ["CT-UNBOUND"])
        self._contract_pull()
        sale = self._contract_sales([ref])
        self.assertEqual(len(sale), 1, "the order is kept")
        self.assertTrue(sale.oms_needs_attention)
        self.assertIn("CT-UNBOUND", sale.oms_attention_reason)

    def test_contract_duplicate_push_is_ignored(self):
        self._contract_listed(["CT-DUP-A"], quantity=100)
        (ref,) = self.contract_place_orders(1, ["CT-DUP-A"])
        self.contract_drop_pushes()
        push = self.contract_signed_push(ref)
        self.assertEqual(self._contract_post(push).status_code, 200)
        self.assertEqual(self._contract_post(push).status_code, 200)
        first, second = self._contract_events()
        self.assertEqual(second.state, "ignored")
        self.assertEqual(second.duplicate_of_id, first)
        self._contract_settle()
        self.assertEqual(first.state, "done")
        self.assertEqual(len(self._contract_sales([ref])), 1)
        self.assertEqual(second.state, "ignored")

    def test_contract_stock_goes_out_in_batches_unchanged_skipped(self):
        batch = self.contract_stock_batch
        skus = [f"CT-STK-{i:03d}" for i in range(2 * batch + 3)]
        products = self._contract_listed(skus, quantity=30, listed=100)
        before = self.contract_stock_call_count()
        self.shop._oms_enqueue("_oms_push_stock", key="push_stock")
        self._contract_settle()
        self.assertEqual(self.contract_stock_call_count() - before, 3, "full batches")
        for sku in (skus[0], skus[batch], skus[-1]):
            self.assertEqual(self.contract_marketplace_quantity(sku), 30)
        bound = self.shop.binding_ids.filtered("product_id")
        self.assertEqual(set(bound.mapped("sync_state")), {"synced"})
        # nothing changed: no call at all
        self.shop.binding_ids.stock_dirty = True
        before = self.contract_stock_call_count()
        self.shop._oms_enqueue("_oms_push_stock", key="push_stock")
        self._contract_settle()
        self.assertEqual(self.contract_stock_call_count(), before)
        # one product moves: one call, the others skipped
        self.env["stock.quant"]._update_available_quantity(
            products[0], self.warehouse.lot_stock_id, -10
        )
        self._contract_settle()
        self.assertEqual(self.contract_stock_call_count() - before, 1)
        self.assertEqual(self.contract_marketplace_quantity(skus[0]), 20)
        self.assertEqual(self.contract_marketplace_quantity(skus[1]), 30)

    def test_contract_stock_push_rides_out_throttling_and_errors(self):
        skus = ["CT-THR-A", "CT-THR-B"]
        products = self._contract_listed(skus, quantity=30, listed=100)
        # two throttled answers are absorbed by the client's own retries
        self.contract_fault("rate_limit")
        self.shop._oms_push_stock()
        self.assertEqual(self.sandbox.faults.injected["rate_limit"], 2)
        self.assertEqual(self.contract_marketplace_quantity(skus[0]), 30)
        self.assertEqual(self.contract_marketplace_quantity(skus[1]), 30)
        # the marketplace failing: the queue retries the job, nothing is lost
        self.env["stock.quant"]._update_available_quantity(
            products[0], self.warehouse.lot_stock_id, -10
        )
        self.contract_fault("server_errors")
        with self.assertRaises(RetryableJobError):
            self.shop._oms_push_stock()
        self.contract_fault("server_errors", on=False)
        self.shop._oms_push_stock()
        self.assertEqual(self.contract_marketplace_quantity(skus[0]), 20)

    def test_contract_lost_authorization_parks_the_shop(self):
        skus = ["CT-AUTH-A"]
        self._contract_listed(skus, quantity=100)
        self._contract_settle()
        refs = self.contract_place_orders(2, skus)
        self.contract_expire_authorization()
        outcome = self._contract_pull()
        self.assertNotIn("failed", outcome.values())
        self.assertEqual(self.shop.state, "auth_expired")
        self.assertTrue(self.shop.state_reason)
        activity = self.env.ref("oms_base.mail_activity_oms_attention")
        self.assertIn(activity, self.shop.activity_ids.activity_type_id)
        self.assertFalse(self._contract_sales())
        # while parked, pushes are stored and jobs wait instead of calling
        # the marketplace in a loop
        self.assertTrue(self._contract_deliver())
        calls = self.contract_call_count()
        self._contract_settle()
        self.shop._oms_queue_periodic_work()
        self._contract_settle()
        self.assertEqual(self.contract_call_count(), calls)
        self.assertFalse(self._contract_sales())
        self.assertFalse(self._contract_events().filtered(lambda e: e.state == "done"))
        # re-authorizing brings what waited: the orders, once each
        self.contract_reauthorize()
        self.assertEqual(self.shop.state, "connected")
        self._contract_settle()
        sales = self._contract_sales()
        self.assertEqual(sorted(sales.mapped("oms_external_id")), sorted(refs))
        self.assertFalse(
            self._contract_events().filtered(lambda e: e.state in ("new", "failed"))
        )

    def test_contract_replay_after_outage(self):
        self._contract_listed(["CT-RPL-A"], quantity=100)
        (ref,) = self.contract_place_orders(1, ["CT-RPL-A"])
        self.assertTrue(self._contract_deliver())
        # the API goes down after the push was received
        self.contract_fault("outage")
        outcome = self._contract_settle()
        self.assertIn("retry", outcome.values(), "the outage is retried, not dropped")
        event = self._contract_events().filtered(lambda e: e.kind == "order")[:1]
        self.assertEqual(event.state, "new")
        self.contract_fault("outage", on=False)
        event.action_replay()  # queued, as the shop's bot
        self._contract_settle()
        self.assertEqual(event.state, "done")
        self.assertEqual(len(self._contract_sales([ref])), 1)

    def test_contract_forged_push_is_refused(self):
        self._contract_listed(["CT-SIG-A"], quantity=100)
        (ref,) = self.contract_place_orders(1, ["CT-SIG-A"])
        self.contract_drop_pushes()
        response = self._contract_post(self.contract_forged_push(ref))
        self.assertEqual(response.status_code, 401)
        event = self._contract_events()
        self.assertEqual(event.state, "refused")
        self.assertIn("Invalid signature", event.error)
        self._contract_settle()
        self.assertEqual(event.state, "refused", "not processed")
        self.assertFalse(self._contract_sales())
        # the same push, rightly signed, is accepted with an empty body
        response = self._contract_post(self.contract_signed_push(ref))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"")
        self._contract_settle()
        self.assertEqual(len(self._contract_sales([ref])), 1)

    def test_contract_cancelled_on_marketplace(self):
        self._contract_listed(["CT-CXL-A"], quantity=10)
        (ref,) = self.contract_place_orders(1, ["CT-CXL-A"])
        self._contract_pull()
        sale = self._contract_sales([ref])
        self.assertEqual(sale.state, "sale")
        self.assertLess(self.contract_marketplace_quantity("CT-CXL-A"), 10)
        self.contract_cancel_on_marketplace(ref)
        calls = self.contract_stock_call_count()
        self._contract_pull()
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, CANCELLED)
        # the units it reserved are for sale again
        self.assertGreater(self.contract_stock_call_count(), calls)
        self.assertEqual(self.contract_marketplace_quantity("CT-CXL-A"), 10)

    def test_contract_cancelled_in_odoo(self):
        self._contract_listed(["CT-CXO-A"], quantity=100)
        (ref,) = self.contract_place_orders(1, ["CT-CXO-A"])
        self._contract_pull()
        sale = self._contract_sales([ref])
        action = sale.action_cancel()
        self.assertEqual(action["res_model"], "oms.cancel.order")
        self.assertEqual(sale.state, "sale", "Cancel waits for the marketplace")
        wizard = (
            self.env["oms.cancel.order"].with_context(**action["context"]).create({})
        )
        wizard.action_confirm()
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(sale.oms_status, CANCELLED)
        self.assertTrue(self.contract_is_cancelled_on_marketplace(ref))
        # a later pull keeps it cancelled, once
        self._contract_pull()
        self.assertEqual(len(self._contract_sales([ref])), 1)
        self.assertEqual(sale.state, "cancel")

    def test_contract_price_push_results_per_listing(self):
        """Each listing ends synced with the shop's price, or in error with
        the marketplace's reason; a refused one does not hold the others."""
        self.shop.pricelist_id = False  # the products' sales prices
        products = self._contract_listed(["CT-PRC-OK", "CT-PRC-ZERO"])
        products[0].list_price = 14.0
        products[1].list_price = 0.0  # no marketplace sells for nothing
        bindings = self.shop.binding_ids.filtered(lambda b: b.product_id in products)
        ok = bindings.filtered(lambda b: b.product_id == products[0])
        self._contract_settle()  # their stock goes out first
        bindings.write({"sync_state": "error", "last_error": "an older failure"})
        bindings.action_push_price()
        outcome = self._contract_settle()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        self.assertEqual(ok.sync_state, "synced", ok.last_error)
        self.assertFalse(ok.last_error)
        self.assertEqual(ok.marketplace_price, 14.0)
        self.assertEqual(self.contract_marketplace_price("CT-PRC-OK"), 14.0)
        refused = bindings - ok
        self.assertEqual(refused.sync_state, "error")
        self.assertNotEqual(refused.last_error, "an older failure")
        self.assertEqual(self.contract_marketplace_price("CT-PRC-ZERO"), 10.0)
