"""The Shopee sandbox speaks Shopee's protocol: gateway checks, envelopes,
push delivery and its control API. Raw HTTP where the wire format matters.
"""

import json
import time

import pytest
import requests
from oms_api_common import ApiAuthError, ApiSignatureError
from oms_api_common.sandbox import PushInbox

from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.shopee_api import ShopeeClient, const, sign, verify_push

DAY = 86400


@pytest.fixture(scope="module")
def server():
    server = ShopeeSandbox()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(server):
    server.reset(seed=21, tracking_delay=0, document_polls=1)
    server.add_item("Cotton Tee", sku="TEE-1", price=29.9, stock=500)
    return server


@pytest.fixture
def tokens(sandbox):
    return sandbox.issue_tokens()


_clients = []


@pytest.fixture(autouse=True)
def _close_sessions():
    yield
    while _clients:
        _clients.pop().close()


def new_client(sandbox, partner_id=None, **kwargs):
    client = ShopeeClient(
        partner_id or sandbox.partner_id,
        sandbox.partner_key,
        sandbox.base_url,
        **kwargs,
    )
    client.sleep = lambda seconds: None
    _clients.append(client)
    return client


@pytest.fixture
def client(sandbox, tokens):
    return new_client(
        sandbox, shop_id=sandbox.shop_id, access_token=tokens[0], max_retries=0
    )


@pytest.fixture(scope="module")
def receiver():
    """A tiny loopback endpoint standing for our webhook controller."""
    inbox = PushInbox("/oms/webhook/shopee/1", status=204).start()
    yield inbox
    inbox.stop()


@pytest.fixture
def inbox(receiver):
    receiver.received.clear()
    return receiver


def signed_query(sandbox, path, access_token=None, timestamp=None, **extra):
    timestamp = int(timestamp or time.time())
    query = {"partner_id": sandbox.partner_id, "timestamp": timestamp, **extra}
    if access_token:
        query.update(access_token=access_token, shop_id=sandbox.shop_id)
    query["sign"] = sign(
        sandbox.partner_key,
        path,
        timestamp,
        sandbox.partner_id,
        access_token,
        sandbox.shop_id if access_token else None,
    )
    return query


def raw_get(sandbox, path, query):
    return requests.get(sandbox.base_url + path, params=query, timeout=5)


# Gateway ------------------------------------------------------------------------


def test_success_envelope(sandbox, tokens):
    path = const.PATH_CHANNEL_LIST
    answer = raw_get(sandbox, path, signed_query(sandbox, path, tokens[0]))
    assert answer.status_code == 200
    payload = answer.json()
    assert payload["error"] == "" and payload["message"] == ""
    assert len(payload["request_id"]) == 32
    assert payload["response"]["logistics_channel_list"]


def test_wrong_signature_is_rejected(sandbox, tokens):
    path = const.PATH_SHOP_INFO
    query = signed_query(sandbox, path, tokens[0])
    query["sign"] = "0" * 64
    answer = raw_get(sandbox, path, query)
    assert answer.status_code == 200  # Shopee documents the body only
    payload = answer.json()
    assert payload["error"] == "error_sign" and payload["message"] == "Wrong sign."
    assert payload["request_id"] and "response" not in payload


def test_signature_covers_token_and_shop(sandbox, tokens):
    path = const.PATH_SHOP_INFO
    query = signed_query(sandbox, path, tokens[0])
    query["shop_id"] = sandbox.shop_id + 1  # signed for another shop
    assert raw_get(sandbox, path, query).json()["error"] == "error_sign"


def test_signature_error_status_is_configurable(sandbox, client):
    sandbox.error_status = {"error_sign": 403}
    client.partner_key = "wrong"
    with pytest.raises(ApiSignatureError) as error:
        client.get_shop_info()
    assert error.value.http_status == 403 and error.value.code == "error_sign"


def test_expired_timestamp_is_rejected(sandbox, tokens, client):
    path = const.PATH_SHOP_INFO
    stale = time.time() - 6 * 60
    payload = raw_get(
        sandbox, path, signed_query(sandbox, path, tokens[0], stale)
    ).json()
    assert (payload["error"], payload["message"]) == (
        "error_param",
        "Invalid timestamp",
    )

    client.clock = lambda: time.time() - 6 * 60
    with pytest.raises(ApiSignatureError) as error:
        client.get_shop_info()
    assert error.value.message == "Invalid timestamp"
    client.clock = lambda: time.time() - 4 * 60  # inside the 5-minute window
    assert client.get_shop_info()


@pytest.mark.parametrize(
    "drop, message",
    [
        ("partner_id", "There is no partner_id in query."),
        ("timestamp", "no timestamp"),
        ("sign", "There is no sign in query."),
        ("access_token", "There is no access_token in query."),
    ],
)
def test_missing_common_parameter(sandbox, tokens, drop, message):
    path = const.PATH_SHOP_INFO
    query = signed_query(sandbox, path, tokens[0])
    del query[drop]
    payload = raw_get(sandbox, path, query).json()
    assert (payload["error"], payload["message"]) == ("error_param", message)


def test_unknown_partner_and_unknown_token(sandbox, tokens):
    path = const.PATH_SHOP_INFO
    query = signed_query(sandbox, path, tokens[0])
    query["partner_id"] = 999
    assert raw_get(sandbox, path, query).json()["message"] == "Invalid partner_id."
    query = signed_query(sandbox, path, "not-a-token")
    payload = raw_get(sandbox, path, query).json()
    assert (payload["error"], payload["message"]) == (
        "error_auth",
        "Invalid access_token.",
    )


def test_old_access_token_keeps_working_five_minutes_after_refresh(
    sandbox, tokens, client
):
    client.refresh_access_token(tokens[1])
    old = new_client(sandbox, shop_id=sandbox.shop_id, access_token=tokens[0])
    assert old.get_shop_info()
    assert 0 < sandbox.auth.access_tokens[tokens[0]] - time.time() <= 300


def test_expired_refresh_token(sandbox, tokens, client):
    sandbox.expire_refresh_token(tokens[1])
    with pytest.raises(ApiAuthError) as error:
        client.refresh_access_token(tokens[1])
    assert error.value.code == "refresh_token_expired"
    assert not error.value.token_expired


def test_auth_partner_checks_its_signature(sandbox):
    path = const.PATH_AUTH_PARTNER
    query = signed_query(sandbox, path, redirect="https://erp.example.com/cb")
    query["sign"] = "f" * 64
    answer = requests.get(
        sandbox.base_url + path, params=query, allow_redirects=False, timeout=5
    )
    assert answer.status_code == 200 and answer.json()["error"] == "error_sign"


def test_order_list_rejects_windows_over_15_days(sandbox, tokens):
    path = const.PATH_ORDER_LIST
    now = int(time.time())
    query = signed_query(
        sandbox,
        path,
        tokens[0],
        time_range_field="create_time",
        time_from=now - 16 * DAY,
        time_to=now,
        page_size=10,
    )
    payload = raw_get(sandbox, path, query).json()
    assert payload["error"] == "order.order_list_invalid_time"
    query = signed_query(
        sandbox,
        path,
        tokens[0],
        time_range_field="create_time",
        time_from=now - DAY,
        time_to=now,
        page_size=101,
    )
    assert raw_get(sandbox, path, query).json()["error"] == "error_param"


def test_repeated_query_keys_filter_item_status(sandbox, tokens):
    unlisted = sandbox.add_item("Old Tee", sku="TEE-OLD", status="UNLIST")
    path = const.PATH_ITEM_LIST
    query = signed_query(sandbox, path, tokens[0], offset=0, page_size=10)
    query["item_status"] = ["NORMAL", "UNLIST"]
    items = raw_get(sandbox, path, query).json()["response"]["item"]
    assert {item["item_status"] for item in items} == {"NORMAL", "UNLIST"}
    assert unlisted in {item["item_id"] for item in items}


def test_download_answers_a_real_pdf(sandbox, client):
    order_sn = next(
        sn
        for sn in sandbox.generate_orders(6, cod_ratio=0, seed=1)
        if sandbox.order(sn)["order_status"] == const.READY_TO_SHIP
    )
    parameter = client.get_shipping_parameter(order_sn)
    if parameter["pickup"]:
        address = parameter["pickup"]["address_list"][0]
        client.ship_order(
            order_sn,
            pickup={
                "address_id": address["address_id"],
                "pickup_time_id": address["time_slot_list"][0]["pickup_time_id"],
            },
        )
    else:
        client.ship_order(order_sn, dropoff={"branch_id": 7001})
    assert client.create_shipping_document([order_sn])[0]["order_sn"] == order_sn
    statuses = [
        client.get_shipping_document_result([order_sn])[0]["status"] for _i in "ab"
    ]
    assert statuses == ["PROCESSING", "READY"]
    path = const.PATH_DOWNLOAD_SHIPPING_DOCUMENT
    query = signed_query(sandbox, path, client.access_token)
    answer = requests.post(
        sandbox.base_url + path,
        params=query,
        json={"order_list": [{"order_sn": order_sn}]},
        timeout=5,
    )
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-") and answer.content.rstrip().endswith(
        b"%%EOF"
    )


# Faults --------------------------------------------------------------------------


@pytest.mark.parametrize("http_status", [200, 429])
def test_rate_limit_uses_shopee_envelope(sandbox, tokens, http_status):
    sandbox.rate_limit_status = http_status
    sandbox.faults.rate_limit_burst(1)
    path = const.PATH_SHOP_INFO
    answer = raw_get(sandbox, path, signed_query(sandbox, path, tokens[0]))
    assert answer.status_code == http_status
    assert answer.json()["error"] == "error_too_many_request"
    assert raw_get(sandbox, path, signed_query(sandbox, path, tokens[0])).ok


def test_fault_switches_over_the_control_api(sandbox, tokens):
    control = sandbox.base_url + "/_sandbox/faults"
    path = const.PATH_SHOP_INFO
    requests.post(control, json={"server_errors": 1}, timeout=5)
    assert (
        raw_get(sandbox, path, signed_query(sandbox, path, tokens[0])).status_code
        == 500
    )
    requests.post(control, json={"outage": 30}, timeout=5)
    assert (
        raw_get(sandbox, path, signed_query(sandbox, path, tokens[0])).status_code
        == 503
    )
    requests.post(control, json={"end_outage": True}, timeout=5)
    assert (
        raw_get(sandbox, path, signed_query(sandbox, path, tokens[0])).status_code
        == 200
    )


# Push ----------------------------------------------------------------------------


def test_push_is_signed_like_shopee(sandbox, inbox):
    sandbox.configure_push(inbox.url)
    order_sn = sandbox.generate_orders(1, seed=3)[0]
    deliveries = sandbox.flush_pushes()

    assert [delivery["status"] for delivery in deliveries] == [204]
    headers, body = inbox.received[0]
    assert verify_push(sandbox.partner_key, inbox.url, body, headers["Authorization"])
    message = ShopeeClient.parse_push(body)
    assert message["code"] == const.PUSH_ORDER_STATUS
    assert message["shop_id"] == sandbox.shop_id and message["msg_id"]
    assert message["data"]["ordersn"] == order_sn
    assert message["data"]["status"] == sandbox.order(order_sn)["order_status"]

    tampered = body.replace(b'"code":3', b'"code":4')
    assert tampered != body
    assert not verify_push(
        sandbox.partner_key, inbox.url, tampered, headers["Authorization"]
    )
    assert not verify_push("other-key", inbox.url, body, headers["Authorization"])


def test_push_duplicates_and_shuffle(sandbox, inbox):
    sandbox.configure_push(inbox.url)
    order_sns = sandbox.generate_orders(6, seed=4)
    deliveries = sandbox.flush_pushes(duplicates=3, shuffle=True, seed=7)

    assert len(deliveries) == len(inbox.received) == 9
    messages = [ShopeeClient.parse_push(body) for _headers, body in inbox.received]
    assert len({message["msg_id"] for message in messages}) == 6
    delivered = [message["data"]["ordersn"] for message in messages]
    assert set(delivered) == set(order_sns)
    assert delivered[:6] != order_sns  # not in creation order
    for headers, body in inbox.received:
        assert verify_push(
            sandbox.partner_key, inbox.url, body, headers["Authorization"]
        )
    assert sandbox.flush_pushes() == []  # the queue is drained


def test_pushes_wait_for_a_callback_url(sandbox, inbox):
    sandbox.generate_orders(2, seed=5)
    assert sandbox.flush_pushes() == []
    sandbox.configure_push(inbox.url)
    assert len(sandbox.flush_pushes()) == 2


def test_tracking_number_push(sandbox, client, inbox):
    order_sn = next(
        sn
        for sn in sandbox.generate_orders(6, cod_ratio=0, seed=6)
        if sandbox.order(sn)["order_status"] == const.READY_TO_SHIP
    )
    sandbox.shop.pending_pushes.clear()
    sandbox.configure_push(inbox.url)
    parameter = client.get_shipping_parameter(order_sn)
    if parameter["pickup"]:
        address = parameter["pickup"]["address_list"][0]
        client.ship_order(
            order_sn,
            pickup={
                "address_id": address["address_id"],
                "pickup_time_id": address["time_slot_list"][0]["pickup_time_id"],
            },
        )
    else:
        client.ship_order(order_sn, dropoff={"branch_id": 7001})
    sandbox.flush_pushes()

    messages = [ShopeeClient.parse_push(body) for _headers, body in inbox.received]
    assert [message["code"] for message in messages] == [3, 4]
    assert messages[0]["data"]["status"] == const.PROCESSED
    tracking = client.get_tracking_number(order_sn)["tracking_number"]
    assert messages[1]["data"] == {
        "ordersn": order_sn,
        "package_number": sandbox.order(order_sn)["package_list"][0]["package_number"],
        "tracking_no": tracking,
    }


def test_authorization_pushes(sandbox, client, inbox):
    sandbox.configure_push(inbox.url)
    sandbox.notify_authorization_expiry(days=7)
    sandbox.deauthorize()
    sandbox.flush_pushes()
    messages = [ShopeeClient.parse_push(body) for _headers, body in inbox.received]
    assert [message["code"] for message in messages] == [12, 2]
    assert messages[0]["data"]["shop_expire_soon"] == [sandbox.shop_id]
    assert messages[1]["data"]["shop_id_list"] == [sandbox.shop_id]
    with pytest.raises(ApiAuthError):
        client.get_shop_info()


# Control API ----------------------------------------------------------------------


def test_control_api_drives_a_whole_shop(sandbox, inbox):
    base = sandbox.base_url + "/_sandbox"

    def post(path, **data):
        answer = requests.post(base + path, json=data, timeout=5)
        assert answer.status_code == 200, answer.text
        return answer.json()

    item_id = post(
        "/items",
        name="Mug",
        variants=[{"option": "Blue", "sku": "MUG-B", "price": 9.5, "stock": 9}],
    )["item_id"]
    order_sns = post("/orders/generate", n=3, skus=["MUG-B"], cod_ratio=0, seed=1)[
        "order_sn_list"
    ]
    assert post("/orders/status", order_sn=order_sns[0], status="SHIPPED") == {
        "order_status": "SHIPPED"
    }
    auth = post("/tokens")
    client = new_client(
        sandbox,
        auth["partner_id"],
        shop_id=auth["shop_id"],
        access_token=auth["access_token"],
    )
    assert client.get_order_detail(order_sns[0])[0]["order_status"] == "SHIPPED"
    assert client.get_model_list(item_id)["model"][0]["model_sku"] == "MUG-B"
    post("/tokens/expire", access_token=auth["access_token"])
    with pytest.raises(ApiAuthError):
        client.get_shop_info()

    post("/push/config", url=inbox.url)
    flushed = post("/push/flush", duplicates=1)["deliveries"]
    assert len(flushed) == 5  # 3 new orders, 1 status change, 1 duplicate
    assert json.loads(flushed[0]["body"])["code"] == 3

    state = requests.get(base + "/state", timeout=5).json()
    assert state["orders"] == 3 and state["items"] == 2
    assert state["order_statuses"]["SHIPPED"] == 1

    bad = requests.post(base + "/orders/status", json={"order_sn": "nope"}, timeout=5)
    assert bad.status_code == 400


def test_seed_demo_matches_the_demo_shop():
    sandbox = ShopeeSandbox(seed_demo=True)
    skus = {
        model["model_sku"] or item["item_sku"]
        for item in sandbox.shop.items.values()
        for model in item["_models"].values()
    }
    assert {"TSHIRT-RED-M", "TSHIRT-BLUE-L", "MUG-350", "PWRBANK-10K"} <= skus
    assert "sandbox-demo-access-token" in sandbox.auth.access_tokens
    assert len(sandbox.shop.orders) == 10
