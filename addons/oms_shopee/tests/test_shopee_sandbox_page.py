"""The Shopee sandbox's control page, driven over HTTP like a browser does:
plain forms posted, answered by a redirect to the page with a message; and
orders dated now, as a buyer places them."""

import time

import pytest
import requests
from oms_api_common.sandbox import PushInbox, submit_page_form

from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.shopee_api import ShopeeClient, const


@pytest.fixture
def sandbox():
    server = ShopeeSandbox(seed_demo=True, seed=3, tracking_delay=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def inbox():
    inbox = PushInbox(
        "/oms/webhook/shopee/1",
        keep=lambda _headers, body: ShopeeClient.parse_push(body),
    ).start()
    yield inbox
    inbox.stop()


# Post a form of the page; returns (message, error) it redirects with.
submit = submit_page_form


def last_order(sandbox):
    return list(sandbox.shop.orders.values())[-1]


def act(sandbox, order_sn, action):
    message, error = submit(sandbox, "order_action", order_id=order_sn, action=action)
    assert not error, message
    return sandbox.order(order_sn)["order_status"]


def test_generated_orders_are_dated_now():
    sandbox = ShopeeSandbox(seed_demo=True)
    now = time.time()
    times = [order["create_time"] for order in sandbox.shop.orders.values()]
    # as buyers order: a second apart, the last one now
    assert times == sorted(set(times)) and len(times) == 10
    assert now - 5 < times[-1] <= now and times[0] == times[-1] - 9
    assert all(
        order["update_time"] == order["create_time"]
        for order in sandbox.shop.orders.values()
    )
    (order_sn,) = sandbox.generate_orders(1, seed=8)
    assert now - 5 < sandbox.order(order_sn)["create_time"] <= time.time()


def test_page_lists_products_and_orders(sandbox):
    page = requests.get(sandbox.base_url + "/", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<h1>Shopee sandbox</h1>" in page.text
    assert '<option value="TSHIRT-BLUE-L">' in page.text
    assert f"<td>{last_order(sandbox)['order_sn']}</td>" in page.text
    assert requests.get(sandbox.base_url + "/_sandbox", timeout=5).text == page.text


def test_page_places_an_order_of_one_sku(sandbox):
    before = sandbox.sellable_quantity("MUG-350")
    message, error = submit(sandbox, "order", sku="MUG-350", quantity="2")

    assert not error
    order = last_order(sandbox)
    assert order["order_sn"] in message
    assert [
        (line["item_sku"], line["model_quantity_purchased"])
        for line in order["item_list"]
    ] == [("MUG-350", 2)]
    assert not order["cod"] and order["order_status"] == const.READY_TO_SHIP
    assert time.time() - order["create_time"] < 5
    assert sandbox.sellable_quantity("MUG-350") == before - 2
    page = requests.get(sandbox.base_url + "/", timeout=5).text
    assert page.index(order["order_sn"]) < page.index("<h2>Products</h2>")
    assert "2 × MUG-350" in page


def test_page_refuses_an_unknown_sku_or_missing_stock(sandbox):
    count = len(sandbox.shop.orders)
    message, error = submit(sandbox, "order", sku="NO-SUCH", quantity="1")
    assert error and "NO-SUCH" in message
    stock = sandbox.sellable_quantity("PWRBANK-10K")
    message, error = submit(sandbox, "order", sku="PWRBANK-10K", quantity=stock + 1)
    assert error and f"only {stock}" in message
    message, error = submit(sandbox, "order", sku="MUG-350", quantity="0")
    assert error
    assert len(sandbox.shop.orders) == count


def test_page_ships_delivers_and_returns(sandbox):
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    order_sn = last_order(sandbox)["order_sn"]
    # the seller arranges the shipment in Odoo
    sandbox.set_order_status(order_sn, const.PROCESSED)

    assert act(sandbox, order_sn, const.SHIPPED) == const.SHIPPED
    assert act(sandbox, order_sn, const.TO_CONFIRM_RECEIVE) == const.TO_CONFIRM_RECEIVE
    assert act(sandbox, order_sn, const.TO_RETURN) == const.TO_RETURN
    assert sandbox.order(order_sn)["_return_sn"] in sandbox.shop.returns


def test_page_moves_a_return_and_fails_a_delivery(sandbox):
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    order_sn = last_order(sandbox)["order_sn"]
    sandbox.set_order_status(order_sn, const.PROCESSED)
    act(sandbox, order_sn, const.SHIPPED)
    act(sandbox, order_sn, const.TO_CONFIRM_RECEIVE)
    act(sandbox, order_sn, const.TO_RETURN)
    return_sn = sandbox.order(order_sn)["_return_sn"]
    for step in ("approve", "ship", "arrive", "refund"):
        act(sandbox, order_sn, f"return:{step}")
    record = sandbox.shop.returns[return_sn]
    assert record["status"] == "CLOSED"
    assert record["tracking_number"]
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    other = last_order(sandbox)["order_sn"]
    sandbox.set_order_status(other, const.PROCESSED)
    act(sandbox, other, const.SHIPPED)
    act(sandbox, other, "failed_delivery")
    assert {p["logistics_status"] for p in sandbox.order(other)["package_list"]} == {
        "LOGISTICS_DELIVERY_FAILED"
    }


def test_page_completes_an_order(sandbox):
    submit(sandbox, "order", sku="TSHIRT-RED-M", quantity="1")
    order_sn = last_order(sandbox)["order_sn"]
    sandbox.set_order_status(order_sn, const.SHIPPED)
    act(sandbox, order_sn, const.TO_CONFIRM_RECEIVE)
    assert act(sandbox, order_sn, const.COMPLETED) == const.COMPLETED


def test_page_cancels_as_the_buyer(sandbox):
    submit(sandbox, "order", sku="MUG-350", quantity="1")
    order_sn = last_order(sandbox)["order_sn"]
    assert act(sandbox, order_sn, const.IN_CANCEL) == const.IN_CANCEL
    assert sandbox.order(order_sn)["buyer_cancel_reason"]


def test_page_pays_or_cancels_an_unpaid_order(sandbox):
    unpaid = [
        sn
        for sn in sandbox.generate_orders(12, cod_ratio=1, seed=5)
        if sandbox.order(sn)["order_status"] == const.UNPAID
    ]
    assert len(unpaid) >= 2
    assert act(sandbox, unpaid[0], const.READY_TO_SHIP) == const.READY_TO_SHIP
    line = sandbox.order(unpaid[1])["item_list"][0]
    sku = line["model_sku"] or line["item_sku"]
    before = sandbox.sellable_quantity(sku)
    assert act(sandbox, unpaid[1], const.CANCELLED) == const.CANCELLED
    assert sandbox.sellable_quantity(sku) >= before + line["model_quantity_purchased"]


def test_page_offers_only_what_the_status_allows(sandbox):
    submit(sandbox, "order", sku="MUG-350", quantity="1")
    order_sn = last_order(sandbox)["order_sn"]
    (row,) = [order for order in sandbox.page_orders(50) if order["id"] == order_sn]
    assert [action for action, _label in row["actions"]] == [const.IN_CANCEL]

    message, error = submit(
        sandbox, "order_action", order_id=order_sn, action=const.COMPLETED
    )

    assert error and "not possible" in message
    assert sandbox.order(order_sn)["order_status"] == const.READY_TO_SHIP
    message, error = submit(
        sandbox, "order_action", order_id="NOPE", action=const.IN_CANCEL
    )
    assert error


def test_page_forms_only_answer_post(sandbox):
    count = len(sandbox.shop.orders)
    response = requests.get(
        f"{sandbox.base_url}/_sandbox/page/order?sku=MUG-350&quantity=1", timeout=5
    )
    assert response.status_code == 405
    assert len(sandbox.shop.orders) == count


def test_page_sets_the_push_url_and_flushes(sandbox, inbox):
    message, error = submit(sandbox, "flush")
    assert error and "no push URL" in message
    queued = sandbox.pending_push_count()
    assert queued  # the demo orders' and the authorization's pushes

    submit(sandbox, "push_url", url=inbox.url)
    message, error = submit(sandbox, "flush")

    assert not error and message.startswith(f"{queued} push(es) delivered")
    assert sandbox.pending_push_count() == 0
    assert len(inbox.received) == queued
    statuses = [m for m in inbox.received if m["code"] == const.PUSH_ORDER_STATUS]
    assert {m["data"]["ordersn"] for m in statuses} == set(sandbox.shop.orders)
    page = requests.get(sandbox.base_url + "/", timeout=5).text
    assert f'value="{inbox.url}"' in page and "0 waiting" in page


def test_live_mode_places_orders_and_delivers_their_pushes(sandbox, inbox):
    sandbox.configure_push(inbox.url)
    sandbox.flush_pushes()
    inbox.received.clear()
    known = set(sandbox.shop.orders)

    sandbox.start_live(order_every=0.1, push_every=0.1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(inbox.received) < 2:
        time.sleep(0.05)
    sandbox.stop_live()

    placed = set(sandbox.shop.orders) - known
    assert placed
    assert {m["data"]["ordersn"] for m in inbox.received} <= placed
    assert inbox.received
