"""A query refused for concurrency inside a queue job is logged at INFO.

Jobs of different shops touch the same rows (a warehouse's stock, a shop's
row while its tokens are refreshed): PostgreSQL refuses one transaction with
a serialization failure, a deadlock or a lock timeout. Odoo's cursor logs
every refused query as an ERROR ("bad query", ``odoo.sql_db``) before the
error is raised; in a queue job the error is then expected, as queue_job
postpones the job and runs it again in a fresh transaction, failing it (with
its traceback, at ERROR) only once its retries are used up. So there, and
for those error codes only, the refused query is logged at INFO. Any other
refused query, and every one outside a job (a cron, a shell), keeps its
ERROR.
"""

import logging
import threading

from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

JOB_PATH = "/queue_job/runjob"


def _in_queue_job():
    """Whether this thread serves queue_job's request that runs a job."""
    return JOB_PATH in (getattr(threading.current_thread(), "url", None) or "")


class RetriedConcurrencyFilter(logging.Filter):
    """Lower ``bad query`` records of an expected job retry to INFO."""

    def filter(self, record):
        if (
            record.levelno == logging.ERROR
            and str(record.msg).startswith("bad query")
            and isinstance(record.args, tuple)
            and len(record.args) == 2
            and getattr(record.args[1], "pgcode", None)
            in PG_CONCURRENCY_ERRORS_TO_RETRY
            and _in_queue_job()
        ):
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
        return True


def install():
    """Add the filter to Odoo's SQL logger, once."""
    logger = logging.getLogger("odoo.sql_db")
    if not any(isinstance(f, RetriedConcurrencyFilter) for f in logger.filters):
        logger.addFilter(RetriedConcurrencyFilter())
