"""Fixtures of the TikTok Shop client and sandbox tests, imported by them
(a conftest would be imported outside ``odoo.addons`` once the folder is an
Odoo module): one sandbox on a free loopback port for the session, reset
before each test."""

import pytest
from oms_api_common.sandbox import PushInbox

from odoo.addons.oms_tiktok.sandbox import TikTokSandbox
from odoo.addons.oms_tiktok.tiktok_api import TikTokClient

SKUS = (
    {
        "seller_sku": "TEE-RED",
        "price": "29.90",
        "stock": 40,
        "attributes": [("Color", "Red")],
    },
    {
        "seller_sku": "TEE-BLUE",
        "price": "29.90",
        "stock": 40,
        "attributes": [("Color", "Blue")],
    },
)


@pytest.fixture(scope="session")
def server():
    sandbox = TikTokSandbox(shops=2)
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def sandbox(server):
    """A fresh seller: two shops, a T-shirt with two SKUs and a mug in the
    first, no rate limit (tests that need one set it)."""
    server.reset(seed=7, rate_limit_qps=0)
    server.tee_id = server.add_product("Cotton Tee", list(SKUS), category_id="600003")
    server.mug_id = server.add_product(
        "Mug", [{"seller_sku": "MUG-1", "price": "12.00", "stock": 100}]
    )
    return server


@pytest.fixture
def tokens(sandbox):
    return sandbox.issue_tokens()


class Clients:
    """Clients made by a test, their sleeps recorded and their sessions
    closed at the end."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.made = []
        self.sleeps = []

    def new(self, access_token=None, shop_cipher=None, app_secret=None, **kwargs):
        kwargs.setdefault("max_retries", 0)
        client = TikTokClient(
            self.sandbox.app_key,
            app_secret or self.sandbox.app_secret,
            self.sandbox.base_url,
            access_token=access_token,
            shop_cipher=shop_cipher,
            **kwargs,
        )
        client.sleep = self.sleeps.append
        self.made.append(client)
        return client


@pytest.fixture
def clients(sandbox):
    made = Clients(sandbox)
    yield made
    for client in made.made:
        client.close()


@pytest.fixture
def client(clients, sandbox, tokens):
    return clients.new(tokens[0], sandbox.shop.cipher)


@pytest.fixture(scope="session")
def receiver_server():
    inbox = PushInbox("/oms/webhook/tiktok/1").start()
    yield inbox
    inbox.stop()


@pytest.fixture
def receiver(receiver_server, sandbox):
    """A loopback endpoint standing for our webhook controller."""
    receiver_server.received.clear()
    receiver_server.status = 200
    sandbox.configure_push(receiver_server.url)
    return receiver_server
