"""The per-key request limit, shared by every worker and every Odoo node.

A fixed window per key: one row per (key, window) in an UNLOGGED table,
counted by one ``INSERT ... ON CONFLICT DO UPDATE`` in a transaction of its
own (autocommit, READ COMMITTED). The row lock lasts that one statement,
not the request: the requests of one key never wait on each other's work,
and a request that fails or is refused leaves its count as it is. Unlogged:
no WAL, no fsync on commit; a crash forgets the current minute's counts,
which is what a rate limit can afford.

A request refused (429) is not counted: a client that waits as
``Retry-After`` says gets its full quota in the next window.
"""

import math
import time
from contextlib import closing

from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

from odoo import sql_db

CREATE_TABLE = """
    CREATE UNLOGGED TABLE IF NOT EXISTS oms_webstore_rate (
        key_id integer NOT NULL,
        window_start bigint NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key_id, window_start)
    )
"""

HIT = """
    INSERT INTO oms_webstore_rate AS rate (key_id, window_start, hits)
    VALUES (%(key)s, %(window)s, 1)
    ON CONFLICT (key_id, window_start)
    DO UPDATE SET hits = rate.hits + 1 WHERE rate.hits < %(limit)s
    RETURNING rate.hits
"""

# When a key opens a new window (once a minute per key at most): windows
# before the previous one are of no use, and the key's last use is noted
# here rather than by the request, whose transaction would conflict with
# the key's other requests writing it at the same moment.
PURGE = "DELETE FROM oms_webstore_rate WHERE window_start < %(window)s - 1"
LAST_USED = """
    UPDATE oms_webstore_key SET last_used_at = now() AT TIME ZONE 'UTC'
     WHERE id = %(key)s
"""


def create_table(cr):
    cr.execute(CREATE_TABLE)


def drop_table(cr):
    cr.execute("DROP TABLE IF EXISTS oms_webstore_rate")


def hit(dbname, key_id, limit, period, now=None):
    """Count one request of key ``key_id`` in database ``dbname``; return 0
    when it is allowed (at most ``limit`` per ``period`` seconds), else the
    whole seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // period)
    # A connection of the worker's pool, outside the request's transaction
    # (whose snapshot and locks would serialise the key's requests).
    with closing(sql_db.db_connect(dbname).cursor()) as cr:
        cr.connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
        allowed = count(cr, key_id, limit, window)
    if allowed:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def count(cr, key_id, limit, window):
    """Count one request of ``key_id`` in ``window`` on cursor ``cr``;
    return whether it is within ``limit``."""
    params = {"key": key_id, "window": window, "limit": limit}
    cr.execute(HIT, params)
    row = cr.fetchone()
    if row and row[0] == 1:
        cr.execute(PURGE, params)
        cr.execute(LAST_USED, params)
    return bool(row)


def reset(dbname, key_id=None):
    """Forget the counts (of one key): tests and a manager's fresh start."""
    with closing(sql_db.db_connect(dbname).cursor()) as cr:
        cr.connection.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
        if key_id is None:
            cr.execute("DELETE FROM oms_webstore_rate")
        else:
            cr.execute("DELETE FROM oms_webstore_rate WHERE key_id = %s", [key_id])
