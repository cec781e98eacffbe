"""Retries of ``BaseClient`` over real HTTP, against a loopback sandbox
server of this toolkit: a read is sent again after a timeout, a write only
when the marketplace surely did not get it; ``call_limits`` caps what a
person waits for."""

import socket
import time

import pytest
from oms_api_common import (
    ApiOutcomeUnknownError,
    ApiRateLimitError,
    ApiTransportError,
    ApiUnavailableError,
    BaseClient,
    SandboxServer,
    call_limits,
)


class Marketplace(SandboxServer):
    """Ships parcels (a write) and searches them (a read sent as a POST)."""

    def __init__(self):
        super().__init__()
        self.shipped = []
        self.route("POST", "/ship", self._ship)
        self.route("POST", "/search", self._search)
        self.route("GET", "/parcels", self._search)

    def _ship(self, request):
        self.shipped.append(request.json()["parcel"])
        return 200, {"shipped": len(self.shipped)}, {}

    def _search(self, request):
        return 200, {"parcels": list(self.shipped)}, {}


class Client(BaseClient):
    def __init__(self, url, **kwargs):
        super().__init__(**kwargs)
        self.url = url
        self.slept = []
        self.sleep = self.slept.append

    def _parse(self, response):
        if response.status_code == 429:
            raise ApiRateLimitError(
                "Too many requests",
                http_status=429,
                retry_after=response.headers.get("Retry-After"),
            )
        return super()._parse(response)

    def ship(self, parcel):
        return self._call("POST", f"{self.url}/ship", json={"parcel": parcel})

    def search(self):
        return self._call("POST", f"{self.url}/search", json={}, idempotent=True)

    def parcels(self):
        return self._call("GET", f"{self.url}/parcels")


@pytest.fixture(scope="module")
def server():
    sandbox = Marketplace()
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def market(server):
    server.faults.reset()
    server.shipped.clear()
    server.calls.clear()
    yield server
    slow = server.faults.latency
    server.faults.reset()
    # answers the client gave up on still sleep in the server: let them end
    # before the next test counts calls or injects faults
    time.sleep(slow + 0.1 if slow else 0)


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_write_without_answer_is_not_sent_again(market):
    client = Client(market.base_url, timeout=(2, 0.2), max_retries=2)
    market.faults.latency = 0.5
    with pytest.raises(ApiOutcomeUnknownError) as raised:
        client.ship("P-1")
    assert not raised.value.transient, "a job must not retry it either"
    assert "may have done it already" in str(raised.value)
    assert "Timeout" in str(raised.value.cause)
    assert market.call_count("/ship") == 1
    assert client.slept == []
    # the marketplace did ship it, once, after the client gave up
    assert wait_for(lambda: market.shipped == ["P-1"])


def test_read_without_answer_is_retried(market):
    client = Client(market.base_url, timeout=(2, 0.2), max_retries=2)
    market.faults.latency = 0.5
    with pytest.raises(ApiTransportError) as raised:
        client.parcels()
    assert raised.value.transient
    assert not isinstance(raised.value, ApiOutcomeUnknownError)
    assert market.call_count("/parcels") == 3
    # a search the client declares idempotent, although a POST
    with pytest.raises(ApiTransportError) as raised:
        client.search()
    assert not isinstance(raised.value, ApiOutcomeUnknownError)
    assert market.call_count("/search") == 3
    market.faults.latency = 0
    assert client.search() == {"parcels": []}
    market.faults.latency = 0.5  # for the fixture to wait for the slow ones


def test_write_refused_unread_is_retried(market):
    client = Client(market.base_url, max_retries=2)
    # throttled (429), then unavailable (503): nothing shipped, sent again
    market.faults.rate_limit_burst(1)
    assert client.ship("P-2") == {"shipped": 1}
    market.faults.outage(60)
    with pytest.raises(ApiUnavailableError) as raised:
        client.ship("P-3")
    market.faults.end_outage()
    assert raised.value.transient and raised.value.not_processed
    assert market.call_count("/ship") == 2 + 3
    assert market.shipped == ["P-2"]


def test_write_answered_by_a_server_error_is_not_sent_again(market):
    client = Client(market.base_url, max_retries=2)
    market.faults.server_errors(1)
    with pytest.raises(ApiOutcomeUnknownError) as raised:
        client.ship("P-4")
    assert raised.value.http_status == 500
    assert market.call_count("/ship") == 1
    # a read after a 500 is sent again
    market.faults.server_errors(1)
    assert client.parcels() == {"parcels": []}


def test_write_to_a_closed_port_is_retried_then_transient():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = Client(f"http://127.0.0.1:{port}", max_retries=2)
    with pytest.raises(ApiTransportError) as raised:
        client.ship("P-5")
    assert not isinstance(raised.value, ApiOutcomeUnknownError)
    assert raised.value.transient and raised.value.not_processed
    assert "connection refused" in str(raised.value)
    assert len(client.slept) == 2, "never sent: safe to send again"


def test_call_limits_cap_timeout_and_retries(market):
    client = Client(market.base_url, timeout=(5, 30), max_retries=2)
    market.faults.latency = 0.5
    started = time.monotonic()
    with call_limits(timeout=0.2, max_retries=1), pytest.raises(ApiTransportError):
        client.parcels()
    assert time.monotonic() - started < 3
    assert market.call_count("/parcels") == 2
    assert client.slept == [client.backoff]
    # outside the block, the client's own timeout: the slow answer comes
    assert client.parcels() == {"parcels": []}
    market.faults.latency = 0
    # a shorter timeout of the client's own stays
    client.timeout = (2, 0.1)
    market.faults.latency = 0.3
    with call_limits(timeout=10), pytest.raises(ApiTransportError):
        client.parcels()
