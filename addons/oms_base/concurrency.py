"""Inserts that race another worker's: the same order pulled and pushed at
once, the same new SKU bound by a listing import and an order import."""

import logging
from contextlib import contextmanager

import psycopg2

from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)


@contextmanager
def rerun_if_inserted_concurrently(cr, message, what):
    """Run the block in a savepoint; if a unique index refuses a row that
    another worker inserted since this transaction began, the job runs again
    (``RetryableJobError`` with ``message``).

    That row is invisible to this transaction's snapshot: only a fresh
    transaction can take it up. The race is expected, so it is no SQL error
    in the log; ``what`` names it in the debug log.
    """
    try:
        with mute_logger("odoo.sql_db"), cr.savepoint():
            yield
    except psycopg2.errors.UniqueViolation as err:
        _logger.debug("%s concurrently: %s", what, err)
        raise RetryableJobError(message, seconds=1) from err
