"""Run queued jobs inside a test, the way the queue_job runner would."""

import traceback
from datetime import timedelta

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job


def run_jobs(env, domain=None, limit_rounds=5, now=None):
    """Perform pending jobs (and the jobs they queue) in the test transaction.

    Each job runs in a savepoint; a retryable error postpones it like the
    runner does, a failure marks it failed. Returns ``{uuid: state}``.
    Without ``now``, ETAs are ignored (tests do not wait for debounce
    delays); with it, only jobs due at that (simulated) time run.
    """
    outcome = {}
    due = []
    if now is not None:
        due = ["|", ("eta", "=", False), ("eta", "<=", now)]
    for _round in range(limit_rounds):
        records = env["queue.job"].search(
            [("state", "=", "pending")] + due + list(domain or []), order="id"
        )
        records = records.filtered(lambda r: r.uuid not in outcome)
        if not records:
            break
        for record in records:
            job = Job.load(env, record.uuid)
            try:
                with env.cr.savepoint():
                    # stored as the runner does, so that what the job
                    # queues is not mistaken for itself (identity keys)
                    job.set_started()
                    job.store()
                    job.perform()
                    job.set_done()
                    job.store()
            except RetryableJobError as err:
                delay = job._get_retry_seconds(err.seconds)
                job.postpone(result=str(err), seconds=delay)
                if now is not None:
                    # the retry is due after the delay in simulated time
                    job.eta = now + timedelta(seconds=delay)
                job.set_pending(reset_retry=False)
                job.store()
                outcome[record.uuid] = "retry"
                continue
            except (FailedJobError, Exception) as err:  # noqa: BLE001 - as the runner
                job.set_failed(
                    **RunJobController._get_failure_values(
                        job, traceback.format_exc(), err
                    )
                )
                job.store()
                outcome[record.uuid] = "failed"
                continue
            outcome[record.uuid] = "done"
    return outcome
