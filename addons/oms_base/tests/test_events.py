import json

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import OmsCase
from .jobs import run_jobs


@tagged("post_install", "-at_install")
class TestEvents(OmsCase):
    def _event(self, **vals):
        values = {
            "channel_id": self.channel.id,
            "kind": "orders_page",
            "external_ref": "page-1",
            "payload": {"orders": []},
        }
        values.update(vals)
        return self.env["oms.event"]._store([values])

    def test_payload_stored_as_json(self):
        event = self._event(payload={"orders": [{"id": 1}]})
        self.assertEqual(json.loads(event.payload), {"orders": [{"id": 1}]})
        self.assertEqual(event.state, "new")

    def test_kinds_are_one_vocabulary_for_all_marketplaces(self):
        kinds = dict(self.env["oms.event"]._fields["kind"].selection)
        for kind in ("order", "return", "product", "finance", "chat", "other"):
            self.assertIn(kind, kinds)
        self.assertIn("auth_revoked", kinds)
        self.assertIn("auth_expiring", kinds)
        # a marketplace's own word is mapped by its connector, not stored
        with self.assertRaises(ValueError):
            self._event(kind="shopee_auth_expiry")

    def test_revoked_authorization_parks_the_shop(self):
        self.channel.state = "connected"
        event = self._event(kind="auth_revoked", external_ref=False)
        event._process()
        self.assertEqual(event.state, "done")
        self.assertEqual(self.channel.state, "auth_expired")
        self.assertIn("revoked the authorization", self.channel.state_reason)

    def test_duplicate_message_is_stored_and_ignored(self):
        first = self._event(dedup_key="order-1:pending")
        again = self._event(dedup_key="order-1:pending")
        self.assertEqual(first.state, "new")
        self.assertEqual(again.state, "ignored")
        self.assertEqual(again.duplicate_of_id, first)
        other = self._event(dedup_key="order-1:canceled")
        self.assertEqual(other.state, "new")

    def test_failure_is_recorded_and_replayable(self):
        event = self._event(kind="order", external_ref="X-1")
        event._process()
        # no connector can fetch the order: failed with the reason
        self.assertEqual(event.state, "failed")
        self.assertTrue(event.error)
        self.assertEqual(event.attempts, 1)
        event.action_replay()
        run_jobs(self.env)
        self.assertEqual(event.attempts, 2)
        self.assertEqual(event.state, "failed")

    def test_malformed_payload_fails_clearly(self):
        event = self._event(payload="{not json")
        event._process()
        self.assertEqual(event.state, "failed")
        self.assertIn("not valid JSON", event.error)

    def test_page_processed(self):
        event = self._event()
        event._process()
        self.assertEqual(event.state, "done")
        self.assertIn("0 created", event.result)

    def test_only_managers_replay(self):
        user = new_test_user(self.env, login="oms_op", groups="oms_base.group_oms_user")
        event = self._event(kind="order", external_ref="X-2")
        event._process()
        with self.assertRaises(UserError):
            event.with_user(user).action_replay()

    def _process_jobs(self):
        return self.env["queue.job"].search(
            [
                ("method_name", "=", "_oms_process_events"),
                ("state", "=", "pending"),
                ("records", "like", f"[{self.channel.id}]"),
            ]
        )

    def test_cron_sweeps_events_left_without_a_job(self):
        fresh = self._event(external_ref="page-2")
        stale = self._event(external_ref="page-3")
        self.assertFalse(self._process_jobs())
        self.env["oms.channel"]._cron_sync_orders()
        self.assertFalse(self._process_jobs(), "a fresh event may still get its job")
        self.env.cr.execute(
            "UPDATE oms_event SET create_date = now() - interval '2 minutes'"
            " WHERE id = %s",
            [stale.id],
        )
        stale.invalidate_recordset(["create_date"])
        self.env["oms.channel"]._cron_sync_orders()
        self.env["oms.channel"]._cron_sync_orders()
        self.assertEqual(len(self._process_jobs()), 1, "one job, however many sweeps")
        run_jobs(self.env)
        self.assertEqual((fresh | stale).mapped("state"), ["done", "done"])
