"""The loopback sandbox server of this toolkit, over real HTTP."""

import logging
import threading

import pytest
import requests
from oms_api_common import SandboxServer


class SlowMarketplace(SandboxServer):
    def __init__(self):
        super().__init__()
        self.answered = threading.Event()
        self.route("GET", "/slow", self._slow)

    def _slow(self, request):
        threading.Event().wait(0.5)
        self.answered.set()
        return 200, {"data": "x" * 200_000}, {}


@pytest.fixture
def marketplace():
    server = SlowMarketplace()
    server.start()
    yield server
    server.stop()


def test_a_caller_that_gave_up_is_no_error(marketplace, capfd, caplog):
    """A client that times out closes the connection before the answer: the
    server says nothing of it (it used to print a BrokenPipeError traceback
    per call in every test run with latency faults)."""
    caplog.set_level(logging.DEBUG, logger="oms_api_common.sandbox")
    with pytest.raises(requests.Timeout):
        requests.get(f"{marketplace.base_url}/slow", timeout=0.1)
    assert marketplace.answered.wait(5)
    threading.Event().wait(0.3)  # the answer's write fails after that
    # the server still serves
    ok = requests.get(f"{marketplace.base_url}/slow", timeout=5)
    assert ok.status_code == 200
    assert "Traceback" not in capfd.readouterr().err
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("hung up" in r.getMessage() for r in caplog.records)
