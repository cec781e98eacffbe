"""The Lazada sandbox's control page, driven over HTTP like a browser does:
plain forms posted, answered by a redirect to the page with a message."""

import json
import time
from datetime import datetime

import pytest
import requests
from oms_api_common.sandbox import PushInbox, submit_page_form

from odoo.addons.oms_lazada.sandbox import LazadaSandbox


@pytest.fixture
def sandbox():
    server = LazadaSandbox(seed_demo=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def inbox():
    inbox = PushInbox(
        "/oms/webhook/lazada/1", keep=lambda _headers, body: json.loads(body)
    ).start()
    yield inbox
    inbox.stop()


# Post a form of the page; returns (message, error) it redirects with.
submit = submit_page_form


def test_page_lists_products_and_orders(sandbox):
    page = requests.get(sandbox.base_url + "/", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<h1>Lazada sandbox</h1>" in page.text
    assert '<option value="MUG-350">' in page.text
    newest = max(sandbox.orders)
    assert f"<td>{newest}</td>" in page.text
    assert requests.get(sandbox.base_url + "/_sandbox", timeout=5).text == page.text


def test_page_places_an_order_of_one_sku(sandbox):
    before = sandbox.sellable_quantity("MUG-350")
    message, error = submit(sandbox, "order", sku="MUG-350", quantity="3", cod="1")

    assert not error
    order = list(sandbox.orders.values())[-1]
    assert str(order["order_id"]) in message
    assert [item["sku"] for item in order["items"]] == ["MUG-350"] * 3
    assert order["payment_method"] == "COD"
    assert order["statuses"] == ["pending"]
    assert time.time() - datetime.fromisoformat(order["created_at"]).timestamp() < 5
    assert sandbox.sellable_quantity("MUG-350") == before - 3
    # the order shows on the page, newest first
    page = requests.get(sandbox.base_url + "/", timeout=5).text
    assert page.index(str(order["order_id"])) < page.index("<h2>Products</h2>")
    assert "3 × MUG-350" in page


def test_page_refuses_an_unknown_sku_or_missing_stock(sandbox):
    count = len(sandbox.orders)
    message, error = submit(sandbox, "order", sku="NO-SUCH", quantity="1")
    assert error and "NO-SUCH" in message
    stock = sandbox.sellable_quantity("PWRBANK-10K")
    message, error = submit(sandbox, "order", sku="PWRBANK-10K", quantity=stock + 1)
    assert error and f"only {stock}" in message
    assert len(sandbox.orders) == count


def test_page_moves_an_order_like_the_carrier_and_the_buyer(sandbox):
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    order_id = max(sandbox.orders)
    # the seller packs and sets it ready to ship in Odoo
    sandbox.set_order_status(order_id, "ready_to_ship")

    for action in ("shipped", "delivered", "returned"):
        message, error = submit(
            sandbox, "order_action", order_id=str(order_id), action=action
        )
        assert not error, message
        assert sandbox.orders[order_id]["statuses"] == [action]
    assert sandbox.orders[order_id]["items"][0]["reverse_order_id"]
    assert any(
        reverse["trade_order_id"] == order_id
        for reverse in sandbox.reverse_orders.values()
    )


def test_page_moves_a_return_and_fails_a_delivery(sandbox):
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    order_id = max(sandbox.orders)
    sandbox.set_order_status(order_id, "ready_to_ship")
    for action in ("shipped", "delivered", "returned"):
        submit(sandbox, "order_action", order_id=str(order_id), action=action)
    for step in ("approve", "ship", "arrive", "refund"):
        message, error = submit(
            sandbox, "order_action", order_id=str(order_id), action=f"reverse:{step}"
        )
        assert not error, message
    (reverse,) = [
        r for r in sandbox.reverse_orders.values() if r["trade_order_id"] == order_id
    ]
    assert reverse["reverse_order_lines"][0]["reverse_status"] == "REFUND_SUCCESS"
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    other = max(sandbox.orders)
    sandbox.set_order_status(other, "ready_to_ship")
    for action in ("shipped", "failed_delivery"):
        message, error = submit(
            sandbox, "order_action", order_id=str(other), action=action
        )
        assert not error, message
    assert sandbox.orders[other]["statuses"] == ["failed_delivery"]


def test_page_cancels_as_the_buyer_and_frees_the_stock(sandbox):
    before = sandbox.sellable_quantity("MUG-350")
    submit(sandbox, "order", sku="MUG-350", quantity="2")
    order_id = max(sandbox.orders)

    message, error = submit(
        sandbox, "order_action", order_id=str(order_id), action="canceled"
    )

    assert not error, message
    assert sandbox.orders[order_id]["statuses"] == ["canceled"]
    assert sandbox.sellable_quantity("MUG-350") == before


def test_page_offers_only_what_the_status_allows(sandbox):
    submit(sandbox, "order", sku="MUG-350", quantity="1")
    order_id = max(sandbox.orders)
    (row,) = [order for order in sandbox.page_orders(50) if order["id"] == order_id]
    assert [action for action, _label in row["actions"]] == ["canceled"]

    message, error = submit(
        sandbox, "order_action", order_id=str(order_id), action="delivered"
    )

    assert error and "not possible" in message
    assert sandbox.orders[order_id]["statuses"] == ["pending"]
    message, error = submit(sandbox, "order_action", order_id="123", action="canceled")
    assert error


def test_page_forms_only_answer_post(sandbox):
    count = len(sandbox.orders)
    response = requests.get(
        f"{sandbox.base_url}/_sandbox/page/order?sku=MUG-350&quantity=1", timeout=5
    )
    assert response.status_code == 405
    assert len(sandbox.orders) == count


def test_page_sets_the_push_url_and_flushes(sandbox, inbox):
    message, error = submit(sandbox, "flush")
    assert error and "no push URL" in message
    queued = sandbox.pending_push_count()
    assert queued  # the demo orders' pushes

    submit(sandbox, "push_url", url=inbox.url)
    message, error = submit(sandbox, "flush")

    assert not error and message.startswith(f"{queued} push(es) delivered")
    assert sandbox.pending_push_count() == 0
    assert len(inbox.received) == queued
    assert {push["message_type"] for push in inbox.received} == {0}
    page = requests.get(sandbox.base_url + "/", timeout=5).text
    assert f'value="{inbox.url}"' in page and "0 waiting" in page


def test_live_mode_places_orders_and_delivers_their_pushes(sandbox, inbox):
    sandbox.configure_push(inbox.url)
    sandbox.flush_pushes()
    inbox.received.clear()
    count = len(sandbox.orders)
    control = f"{sandbox.base_url}/_sandbox/live"

    started = requests.post(
        control, json={"order_every": 0.1, "push_every": 0.1}, timeout=5
    )
    assert started.json() == {"ok": True, "live": True}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(inbox.received) < 2:
        time.sleep(0.05)
    stopped = requests.post(control, json={}, timeout=15)
    assert stopped.json() == {"ok": True, "live": False}

    placed = list(sandbox.orders.values())[count:]
    assert len(placed) >= 1
    pushed = {int(push["data"]["trade_order_id"]) for push in inbox.received}
    assert pushed
    assert pushed <= {order["order_id"] for order in placed}
    # stopped: no buyer orders any more
    time.sleep(0.3)
    assert len(sandbox.orders) == count + len(placed)
