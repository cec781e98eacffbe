import threading

from psycopg2.errors import SerializationFailure

from odoo.tests import tagged
from odoo.tools import mute_logger

from .committed import CommittedShopCase


@tagged("post_install", "-at_install")
class TestEventConcurrency(CommittedShopCase):
    """A job that collides with another one is retried, its events kept new.

    Shops sharing a warehouse touch the same rows: PostgreSQL refuses one of
    the two transactions. That is no fault of the event, which must not be
    marked failed. Real transactions are needed (see ``CommittedShopCase``).
    """

    shop_name = "Collision shop"

    def setUp(self):
        super().setUp()
        with self.transaction() as env:
            event = env["oms.event"]._store(
                [
                    {
                        "channel_id": self.channel_id,
                        "kind": "orders_page",
                        "external_ref": "collision",
                        "payload": {"orders": []},
                    }
                ]
            )
            self.event_id = event.id

    def _event_state(self):
        with self.transaction() as env:
            event = env["oms.event"].browse(self.event_id)
            return event.state, event.attempts

    @mute_logger("odoo.sql_db")
    def test_serialization_failure_is_retried_not_failed(self):
        self._collide()
        self.assertEqual(self._event_state(), ("new", 0))

    def _collide(self):
        """Process the event in a transaction another one got ahead of."""
        with self.transaction() as env:
            event = env["oms.event"].browse(self.event_id)
            self.assertEqual(event.state, "new")  # the job's snapshot
            with self.transaction() as other:
                other.cr.execute(
                    "UPDATE oms_event SET result = 'touched' WHERE id = %s",
                    [self.event_id],
                )
            with self.assertRaises(SerializationFailure):
                event._process()
            env.cr.rollback()

    def _refused_query_levels(self, url):
        """Levels the refused query is logged at in a thread serving ``url``."""
        thread = threading.current_thread()
        saved = getattr(thread, "url", None)
        thread.url = url  # as Odoo's HTTP layer sets it for each request
        try:
            with self.assertLogs(level="DEBUG") as logs:
                self._collide()
        finally:
            thread.url = saved
        return [
            r.levelname
            for r in logs.records
            if r.name == "odoo.sql_db" and r.msg.startswith("bad query")
        ]

    def test_a_job_retried_for_a_collision_logs_no_error(self):
        # queue_job postpones the job and runs it again: expected, not an error
        job_url = "http://127.0.0.1:8069/queue_job/runjob?db=x&job_uuid=y"
        self.assertEqual(self._refused_query_levels(job_url), ["INFO"])
        # outside a job nothing retries it: still an error
        self.assertEqual(self._refused_query_levels(None), ["ERROR"])

    def test_two_replays_do_not_process_an_event_twice(self):
        with self.transaction() as first:
            self.shop(first)._oms_process_events([self.event_id])
            # while the first replay's transaction runs, a second one starts
            with self.transaction() as second:
                second.cr.execute("SET LOCAL lock_timeout = '2s'")
                result = self.shop(second)._oms_process_events([self.event_id])
                self.assertEqual(result, "0 event(s) processed")
        self.assertEqual(self._event_state(), ("done", 1))
