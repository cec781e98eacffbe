import logging
import unittest

import psutil

from odoo.tests import HttpCase

_logger = logging.getLogger(__name__)

BROWSER_STARTS = 3


def _kill_stray_browsers():
    """Kill the Chromium that Odoo started but stopped waiting for: it keeps
    no handle on it, and a late start would only compete with the next one."""
    for child in psutil.Process().children():
        try:
            if any("_chrome_odoo" in arg for arg in child.cmdline()):
                child.kill()
        except psutil.Error:
            continue


class TourCase(HttpCase):
    """A tour in headless Chromium that survives a slow browser start.

    Odoo waits 10 s for Chromium's devtools port, then skips the test. On a
    busy two-core machine a first start can take longer; that says nothing of
    the screen under test, so the browser is started again, up to
    ``BROWSER_STARTS`` times, before the skip stands (and fails the run).
    """

    def browser_js(self, *args, **kwargs):
        for attempt in range(1, BROWSER_STARTS + 1):
            try:
                return super().browser_js(*args, **kwargs)
            except unittest.SkipTest as skip:
                if "devtools port" not in str(skip) or attempt == BROWSER_STARTS:
                    raise
                _logger.warning("Chromium start %s timed out: %s", attempt, skip)
                _kill_stray_browsers()
        return None
