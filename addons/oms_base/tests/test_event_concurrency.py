import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestEventConcurrency(BaseCase):
    """A job that collides with another one is retried, its events kept new.

    Shops sharing a warehouse touch the same rows: PostgreSQL refuses one of
    the two transactions. That is no fault of the event, which must not be
    marked failed. Real transactions are needed: this test commits.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            channel = env["oms.channel"].create({"name": "Collision shop"})
            self.channel_id = channel.id
            self.event_id = (
                env["oms.event"]
                ._store(
                    [
                        {
                            "channel_id": channel.id,
                            "kind": "orders_page",
                            "external_ref": "collision",
                            "payload": {"orders": []},
                        }
                    ]
                )
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["oms.event"].browse(self.event_id).unlink()
            env["oms.channel"].browse(self.channel_id).unlink()

    @mute_logger("odoo.sql_db")
    def test_serialization_failure_is_retried_not_failed(self):
        with self.registry.cursor() as cr_job:
            env = api.Environment(cr_job, SUPERUSER_ID, {})
            event = env["oms.event"].browse(self.event_id)
            self.assertEqual(event.state, "new")  # the job's snapshot
            with self.registry.cursor() as cr_other:
                cr_other.execute(
                    "UPDATE oms_event SET result = 'touched' WHERE id = %s",
                    [self.event_id],
                )
            with self.assertRaises(SerializationFailure):
                event._process()
            cr_job.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["oms.event"].browse(self.event_id).state, "new")

    def _collide(self):
        """Process the event in a transaction another one got ahead of."""
        with self.registry.cursor() as cr_job:
            env = api.Environment(cr_job, SUPERUSER_ID, {})
            event = env["oms.event"].browse(self.event_id)
            self.assertEqual(event.state, "new")  # the job's snapshot
            with self.registry.cursor() as cr_other:
                cr_other.execute(
                    "UPDATE oms_event SET result = 'touched' WHERE id = %s",
                    [self.event_id],
                )
            with self.assertRaises(SerializationFailure):
                event._process()
            cr_job.rollback()

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
        with self.registry.cursor() as cr_first:
            first = api.Environment(cr_first, SUPERUSER_ID, {})["oms.channel"]
            first.browse(self.channel_id)._oms_process_events([self.event_id])
            # while the first replay's transaction runs, a second one starts
            with self.registry.cursor() as cr_second:
                cr_second.execute("SET LOCAL lock_timeout = '2s'")
                second = api.Environment(cr_second, SUPERUSER_ID, {})["oms.channel"]
                result = second.browse(self.channel_id)._oms_process_events(
                    [self.event_id]
                )
                self.assertEqual(result, "0 event(s) processed")
        with self.registry.cursor() as cr:
            event = api.Environment(cr, SUPERUSER_ID, {})["oms.event"].browse(
                self.event_id
            )
            self.assertEqual((event.state, event.attempts), ("done", 1))
