"""A sliding-window request limiter per API key (plain Python).

Each Odoo worker process keeps its own windows: with N HTTP workers a key
gets at most N times its limit in the worst case, which is what a limit
meant to stop a runaway client needs, without a database write (and a row
lock serialising the key's requests) per request.
"""

import math
import threading
import time
from collections import deque


class RateLimiter:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._hits = {}

    def hit(self, key, limit, period):
        """Count one request of ``key``; return 0 when it is allowed, else
        the whole seconds to wait before the next one would be."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - period:
                hits.popleft()
            if len(hits) >= limit:
                return max(1, math.ceil(hits[0] + period - now))
            hits.append(now)
            return 0

    def reset(self, key=None):
        with self._lock:
            if key is None:
                self._hits.clear()
            else:
                self._hits.pop(key, None)


limiter = RateLimiter()
