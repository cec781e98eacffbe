"""Find credentials in what a failed marketplace call leaves behind.

Used by the connectors' tests: a shop pointed at a closed port or an
unresolvable host runs its jobs like the queue_job runner does, then every
text a person or a log reader can see is searched for its secrets.
"""

import logging
import re
import socket
import traceback
from contextlib import contextmanager

from werkzeug.urls import url_parse

from odoo import http
from odoo.exceptions import UserError
from odoo.tests.common import _super_send

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job

UNRESOLVABLE_URL = "http://nonexistent.invalid"
# A named secret followed by a value that is not the mask.
UNMASKED = re.compile(
    r"\b(access_token|refresh_token|sign|app_secret|partner_key|code)\b"
    r"[\"']?\s*(=|:|%3D)\s*[\"']?(?!\*\*\*)[\w.-]{6,}",
    re.IGNORECASE,
)


def closed_port_url():
    """URL of a loopback port nobody listens on: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@contextmanager
def capture_logs():
    """Collect every log line (tracebacks included) at DEBUG, as a server
    started with ``--log-level=debug`` would write them; Odoo's own
    handlers are set aside meanwhile, as ``assertLogs`` does."""
    handler = _Capture()
    root = logging.getLogger()
    names = ("", "odoo.addons", "urllib3", "requests")
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    handlers = root.handlers[:]
    root.handlers = [handler]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.handlers = handlers
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_job_like_runner(env, record, max_retries=None):
    """Perform the queue.job ``record`` as ``RunJobController._runjob``
    does, in the test transaction: a retryable error postpones the job with
    its text as result, any other error stores the formatted traceback and
    the exception's message, logs the traceback and posts on the job."""
    job = Job.load(env, record.uuid)
    if max_retries is not None:
        job.max_retries = max_retries
    try:
        with env.cr.savepoint():
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
    except RetryableJobError as err:
        job.postpone(result=str(err), seconds=err.seconds)
        job.set_pending(reset_retry=False)
        job.store()
        return "retry"
    except (FailedJobError, Exception) as err:  # noqa: BLE001 - as the runner
        traceback_txt = traceback.format_exc()
        # The runner logs it at ERROR; the test log must stay free of
        # errors, and the text is the job's exc_info checked below.
        logging.getLogger("odoo.addons.queue_job.controllers.main").info(traceback_txt)
        vals = RunJobController._get_failure_values(job, traceback_txt, err)
        job.set_failed(**vals)
        job.store()
        job.on_fail(vals)
        return "failed"
    return "done"


def user_error_texts(action):
    """Call ``action``, which must raise a UserError; return what the web
    client receives of it (message and the traceback behind "details")."""
    try:
        action()
    except UserError as err:
        data = http.serialize_exception(err)
        return [str(err), data["message"], data["debug"], repr(data["arguments"])]
    raise AssertionError("no UserError raised")


def channel_texts(channel):
    """Every stored text about ``channel`` a person may read: its state,
    its events, its jobs (result, exception, traceback), the chatter and
    tracked values of the shop and of its jobs, its activities."""
    env = channel.env
    env.flush_all()
    # tracking values are written at commit time
    env.cr.precommit.run()
    channel.invalidate_recordset()
    texts = [channel.state_reason]
    events = env["oms.event"].search([("channel_id", "=", channel.id)])
    texts += events.mapped("error") + events.mapped("result")
    jobs = env["queue.job"].search([("channel", "=", channel.job_channel_name)])
    for job in jobs:
        texts += [job.exc_info, job.exc_message, job.exc_name, job.result]
    messages = env["mail.message"].search(
        [
            "|",
            "&",
            ("model", "=", "oms.channel"),
            ("res_id", "=", channel.id),
            "&",
            ("model", "=", "queue.job"),
            ("res_id", "in", jobs.ids),
        ]
    )
    texts += [str(body) for body in messages.mapped("body")]
    for tracking in messages.tracking_value_ids:
        texts += [
            tracking.old_value_char,
            tracking.new_value_char,
            tracking.old_value_text,
            tracking.new_value_text,
        ]
    activities = env["mail.activity"].search(
        [("res_model", "=", "oms.channel"), ("res_id", "=", channel.id)]
    )
    texts += [str(note) for note in activities.mapped("note")]
    return [text for text in texts if text], jobs


def find_leaks(texts, secrets):
    """Texts among ``texts`` holding one of ``secrets`` or an unmasked
    token/signature parameter, with what was found."""
    leaks = []
    for text in texts:
        text = str(text)
        for secret in secrets:
            if secret and secret in text:
                leaks.append((secret, text))
        match = UNMASKED.search(text)
        if match:
            leaks.append((match.group(0), text))
    return leaks


class LeakCheckMixin:
    """A connected shop fails to reach its marketplace; nothing shown of
    the failure holds a secret. Connector tests define ``point_shop_at``
    and ``shop_secrets``."""

    @classmethod
    def _request_handler(cls, session, request, /, **kw):
        # Odoo's tests refuse external requests before any DNS lookup; a
        # reserved ``.invalid`` name resolves nowhere, so let it fail for real.
        if (url_parse(request.url).host or "").endswith(".invalid"):
            return _super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)

    def point_shop_at(self, base_url):
        raise NotImplementedError

    def shop_secrets(self):
        raise NotImplementedError

    def assert_failure_shows_no_secret(self, base_url, reason):
        """Point the shop at ``base_url``, test its connection and run an
        order sync job until it fails; check every trace of it."""
        shop = self.shop
        secrets = self.shop_secrets()
        self.assertTrue(all(secrets))
        with capture_logs() as logs:
            # a call that works: urllib3 logs its URL at DEBUG
            shop._oms_test_connection()
            self.point_shop_at(base_url)
            shown = user_error_texts(shop.action_test_connection)
            shop.action_sync_orders()
            job = self.env["queue.job"].search(
                [
                    ("channel", "=", shop.job_channel_name),
                    ("method_name", "=", "_oms_sync_orders"),
                ]
            )
            outcomes = [
                run_job_like_runner(self.env, job, max_retries=2) for _try in (1, 2)
            ]
            texts, _jobs = channel_texts(shop)
        self.assertEqual(outcomes, ["retry", "failed"])
        self.assertEqual(shop.state, "error")
        self.assertIn("Cannot reach", shop.state_reason)
        self.assertIn(reason, shop.state_reason)
        self.assertIn("Connection failed: Cannot reach", shown[0])
        self.assertIn(reason, job.exc_info)
        self.assertIn("Max. retries (2) reached", job.exc_message)
        self.assertIn("Cannot reach", job.exc_message)
        self.assertIn("Cannot reach", job.result)
        self.assertTrue(job.message_ids, "the failure is posted on the job")
        self.assertTrue(
            any(line.startswith("DEBUG urllib3") for line in logs),
            "DEBUG lines were captured",
        )
        self.assertEqual(find_leaks(shown + texts + logs, secrets), [])
