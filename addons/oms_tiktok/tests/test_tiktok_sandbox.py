"""The TikTok Shop sandbox speaks TikTok's protocol: gateway refusals in
TikTok's envelope, its control API and page, files behind its URLs, and its
command line. Raw HTTP where the wire format matters."""

import io
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from PyPDF2 import PdfReader

from odoo.addons.oms_tiktok.sandbox import DEMO_ACCESS_TOKEN, SERVICE_ID
from odoo.addons.oms_tiktok.sandbox.signing import expected_sign

ADDONS = Path(__file__).resolve().parents[2]
SHOPS = "/authorization/202309/shops"
WAREHOUSES = "/logistics/202309/warehouses"
SEARCH = "/order/202309/orders/search"


def call(
    sandbox,
    method,
    path,
    token,
    query=None,
    body=None,
    cipher=True,
    secret=None,
    headers=None,
    timestamp=None,
    sign=True,
):
    """Send one API call signed by hand (the sandbox's own algorithm)."""
    params = {
        "app_key": sandbox.app_key,
        "timestamp": str(int(timestamp or time.time())),
        **(query or {}),
    }
    if cipher is True:
        params["shop_cipher"] = sandbox.shop.cipher
    elif cipher:
        params["shop_cipher"] = cipher
    data = json.dumps(body).encode() if body is not None else b""
    content_type = (headers or {}).get("Content-Type", "application/json")
    if sign:
        params["sign"] = expected_sign(
            secret or sandbox.app_secret, path, params, data, content_type
        )
    sent = {"Content-Type": content_type, **(headers or {})}
    if token:
        sent["x-tts-access-token"] = token
    return requests.request(
        method,
        sandbox.base_url + path,
        params=params,
        data=data or None,
        headers=sent,
        timeout=5,
    )


def envelope(response, code):
    payload = response.json()
    assert set(payload) == {"code", "message", "request_id", "data"}, payload
    assert payload["code"] == code, payload
    assert isinstance(payload["message"], str) and payload["message"]
    assert re.fullmatch(r"\d{14}[0-9A-F]{20}", payload["request_id"])
    return payload


def test_success_envelope(sandbox, tokens):
    answer = call(sandbox, "GET", SHOPS, tokens[0], cipher=False)
    assert answer.status_code == 200
    payload = envelope(answer, 0)
    assert payload["message"] == "Success"
    assert [shop["cipher"] for shop in payload["data"]["shops"]] == [
        shop.cipher for shop in sandbox.shops
    ]


@pytest.mark.parametrize(
    ("method", "path", "code", "status"),
    [
        ("GET", "/product/202309/nothing", 36009009, 404),
        ("GET", "/order/202309/orders/search", 36009010, 200),
        ("POST", "/order/202401/orders/search", 36009014, 200),
        ("GET", "/product/202212/products/123", 36009014, 200),
    ],
)
def test_unknown_paths_methods_and_versions(
    sandbox, tokens, method, path, code, status
):
    answer = call(sandbox, method, path, tokens[0])
    assert answer.status_code == status
    envelope(answer, code)


def test_gateway_refusals(sandbox, tokens):
    token = tokens[0]
    cases = [
        (call(sandbox, "GET", WAREHOUSES, token, sign=False), 36009004, "signature"),
        (call(sandbox, "GET", WAREHOUSES, token, secret="x"), 106001, "sign"),
        (
            call(sandbox, "GET", WAREHOUSES, token, timestamp=time.time() - 301),
            36009004,
            "5 minutes",
        ),
        (
            call(sandbox, "GET", WAREHOUSES, token, timestamp=time.time() + 31),
            36009004,
            "30 seconds",
        ),
        (call(sandbox, "GET", WAREHOUSES, None), 36009004, "x-tts-access-token"),
        (
            call(sandbox, "GET", WAREHOUSES, "TTP_forged"),
            36009004,
            "x-tts-access-token",
        ),
        (call(sandbox, "GET", WAREHOUSES, token, cipher=False), 106013, "shop_cipher"),
        (
            call(sandbox, "GET", WAREHOUSES, token, cipher="ROW_x"),
            101000,
            "shop_cipher",
        ),
        (call(sandbox, "GET", SHOPS, token), 36009004, "not required"),
    ]
    for answer, code, hint in cases:
        payload = envelope(answer, code)
        assert hint in payload["message"], payload
        assert payload["data"] is None
    wrong_app = requests.get(
        sandbox.base_url + WAREHOUSES, params={"app_key": "other"}, timeout=5
    )
    assert "app_key" in envelope(wrong_app, 36009004)["message"]


def test_body_formats(sandbox, tokens):
    text = call(
        sandbox,
        "POST",
        SEARCH,
        tokens[0],
        query={"page_size": "10"},
        body={"order_status": "UNPAID"},
        headers={"Content-Type": "text/plain"},
    )
    envelope(text, 36009022)
    params = {
        "app_key": sandbox.app_key,
        "timestamp": str(int(time.time())),
        "shop_cipher": sandbox.shop.cipher,
        "page_size": "10",
    }
    params["sign"] = expected_sign(
        sandbox.app_secret, SEARCH, params, b"{not json", "application/json"
    )
    broken = requests.post(
        sandbox.base_url + SEARCH,
        params=params,
        data=b"{not json",
        headers={"Content-Type": "application/json", "x-tts-access-token": tokens[0]},
        timeout=5,
    )
    envelope(broken, 36009022)
    upload = call(
        sandbox,
        "POST",
        "/product/202309/images/upload",
        tokens[0],
        body={"data": "x"},
        cipher=False,
    )
    envelope(upload, 36009023)


def test_access_token_in_query_is_accepted_and_not_signed(sandbox, tokens):
    params = {"app_key": sandbox.app_key, "timestamp": str(int(time.time()))}
    params["sign"] = expected_sign(sandbox.app_secret, SHOPS, params, b"", "")
    params["access_token"] = tokens[0]
    answer = requests.get(sandbox.base_url + SHOPS, params=params, timeout=5)
    envelope(answer, 0)


def test_configured_http_status_of_refusals(sandbox, tokens, clients):
    sandbox.error_status = {105002: 401}
    sandbox.expire_access_token(tokens[0])
    answer = call(sandbox, "GET", WAREHOUSES, tokens[0])
    assert answer.status_code == 401
    envelope(answer, 105002)


def test_rate_limit_answers_429_in_the_envelope(sandbox, tokens):
    sandbox.rate_limit_qps = 2
    answers = [call(sandbox, "GET", WAREHOUSES, tokens[0]) for _i in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    envelope(answers[2], 36009002)
    assert answers[2].headers["Retry-After"] == "1"
    sandbox.faults.rate_limit_burst(1)
    forced = call(sandbox, "GET", SHOPS, tokens[0], cipher=False)
    assert forced.status_code == 429
    envelope(forced, 36009002)


def test_token_endpoints(sandbox):
    code = sandbox.authorize()
    query = {
        "app_key": sandbox.app_key,
        "app_secret": sandbox.app_secret,
        "auth_code": code,
        "grant_type": "authorized_code",
    }
    answer = requests.get(
        sandbox.base_url + "/api/v2/token/get", params=query, timeout=5
    )
    data = envelope(answer, 0)["data"]
    assert data["user_type"] == 0 and data["access_token"].startswith("TTP_")
    again = requests.get(
        sandbox.base_url + "/api/v2/token/get", params=query, timeout=5
    )
    envelope(again, 36009004)
    refresh = {
        "app_key": sandbox.app_key,
        "app_secret": "wrong",
        "refresh_token": data["refresh_token"],
        "grant_type": "refresh_token",
    }
    refused = requests.get(
        sandbox.base_url + "/api/v2/token/refresh", params=refresh, timeout=5
    )
    assert "app_key" in envelope(refused, 36009004)["message"]


def test_consent_page_refusals(sandbox):
    page = requests.get(
        f"{sandbox.base_url}/open/authorize",
        params={"service_id": "1", "state": "s"},
        timeout=5,
        allow_redirects=False,
    )
    assert page.status_code == 400
    no_redirect = requests.get(
        f"{sandbox.base_url}/open/authorize",
        params={"service_id": SERVICE_ID, "state": "s"},
        timeout=5,
        allow_redirects=False,
    )
    assert no_redirect.status_code == 400
    given = requests.get(
        f"{sandbox.base_url}/open/authorize",
        params={
            "service_id": SERVICE_ID,
            "state": "s",
            "redirect_uri": "https://app.example/cb",
        },
        timeout=5,
        allow_redirects=False,
    )
    assert given.status_code == 302
    assert given.headers["Location"].startswith("https://app.example/cb?code=")


def control(sandbox, path, data=None):
    answer = requests.post(
        f"{sandbox.base_url}/_sandbox/{path}", json=data or {}, timeout=5
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_control_api(sandbox, receiver):
    tokens = control(sandbox, "tokens")
    assert tokens["access_token"] and len(tokens["shops"]) == 2
    product = control(
        sandbox,
        "products",
        {"title": "Cap", "skus": [{"seller_sku": "CAP", "price": "15", "stock": 5}]},
    )
    assert product["product_id"] in sandbox.shop.products
    order_id = control(sandbox, "orders", {"items": [["CAP", 2]], "paid": False})[
        "order_id"
    ]
    assert sandbox.order(order_id)["status"] == "UNPAID"
    control(
        sandbox, "orders/status", {"order_id": order_id, "status": "AWAITING_SHIPMENT"}
    )
    cancel_id = control(sandbox, "orders/buyer_cancel", {"order_id": order_id})[
        "cancel_id"
    ]
    assert sandbox.shop.cancellations[cancel_id]["cancel_status"] == (
        "CANCELLATION_REQUEST_PENDING"
    )
    generated = control(sandbox, "orders/generate", {"n": 3, "seed": 1})["order_ids"]
    assert len(generated) == 3
    sandbox.ship_and_deliver(generated[0])
    return_id = control(
        sandbox, "returns", {"order_id": generated[0], "return_type": "REFUND"}
    )["return_id"]
    control(
        sandbox,
        "returns/status",
        {"return_id": return_id, "status": "REFUND_OR_RETURN_REQUEST_REJECT"},
    )
    statement = control(sandbox, "statements", {})["statement_id"]
    assert statement in sandbox.shop.statements
    control(sandbox, "config", {"on_hold_seconds": 60, "rate_limit_qps": 5})
    assert sandbox.shop.on_hold_seconds == 60 and sandbox.rate_limit_qps == 5
    control(sandbox, "scopes", {"revoke": ["seller.finance.info"]})
    assert "seller.finance.info" not in sandbox.auth.scopes
    state = requests.get(f"{sandbox.base_url}/_sandbox/state", timeout=5).json()
    assert state["shops"][0]["orders"] == 4 and state["pending_webhooks"] > 0
    flushed = control(
        sandbox, "push/flush", {"duplicates": 1, "shuffle": True, "seed": 2}
    )
    assert len(flushed["deliveries"]) == state["pending_webhooks"] + 1
    refused = requests.post(
        f"{sandbox.base_url}/_sandbox/orders/status",
        json={"order_id": order_id, "status": "DELIVERED"},
        timeout=5,
    )
    assert refused.status_code == 400 and "cannot go" in refused.json()["message"]
    code = control(sandbox, "authorize")["code"]
    assert code in sandbox.auth.codes
    control(sandbox, "tokens/expire", {})
    control(sandbox, "deauthorize")
    assert all(entry["revoked"] for entry in sandbox.auth.access_tokens.values())


def test_control_page_places_and_moves_orders(sandbox):
    page = requests.get(f"{sandbox.base_url}/", timeout=5)
    assert page.status_code == 200 and "TikTok Shop sandbox" in page.text
    assert "TEE-RED" in page.text
    placed = requests.post(
        f"{sandbox.base_url}/_sandbox/page/order",
        data={"sku": "MUG-1", "quantity": "2"},
        timeout=5,
        allow_redirects=False,
    )
    assert placed.status_code == 303
    order_id = next(iter(sandbox.shop.orders))
    assert sandbox.order(order_id)["status"] == "AWAITING_SHIPMENT"
    page = requests.get(f"{sandbox.base_url}/_sandbox", timeout=5).text
    assert order_id in page and "Buyer asks to cancel" in page
    acted = requests.post(
        f"{sandbox.base_url}/_sandbox/page/order_action",
        data={"order_id": order_id, "action": "buyer_cancel"},
        timeout=5,
    )
    assert "cancellation" in acted.text
    assert sandbox.order(order_id)["is_buyer_request_cancel"]
    refused = requests.post(
        f"{sandbox.base_url}/_sandbox/page/order_action",
        data={"order_id": order_id, "action": "DELIVERED"},
        timeout=5,
    )
    assert "not possible" in refused.text


def test_files_behind_the_urls(sandbox, client):
    order_id = sandbox.place_order([("MUG-1", 1)])
    package_id = client.get_orders([order_id])[0]["packages"][0]["id"]
    client.ship_package(package_id)
    url = client.get_shipping_document(package_id, "PACKING_SLIP", "A5")["doc_url"]
    pdf = requests.get(url, timeout=5)
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "PACKING_SLIP (A5)" in text
    for path in ("/_sandbox/documents/nothing.pdf", "/_sandbox/images/nothing"):
        assert requests.get(sandbox.base_url + path, timeout=5).status_code == 404


def test_shops_keep_their_own_state(sandbox):
    first, second = sandbox.shops
    assert first.cipher != second.cipher
    assert set(first.warehouse_ids()).isdisjoint(second.warehouse_ids())
    sandbox.add_product(
        "Only here", [{"seller_sku": "HERE", "price": "1", "stock": 1}], shop=second.id
    )
    sandbox.place_order([("HERE", 1)], shop=second.cipher)
    assert len(second.orders) == 1 and not first.orders
    with pytest.raises(KeyError):
        sandbox.place_order([("HERE", 1)])


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_command_line_runs_the_demo_shop():
    port = _free_port()
    bootstrap = (
        "import runpy, sys, odoo.addons;"
        "from odoo.modules.module import initialize_sys_path;"
        "initialize_sys_path();"
        f"odoo.addons.__path__.append({str(ADDONS)!r});"
        f"sys.argv = ['sandbox', '--port', '{port}', '--orders', '4'];"
        "runpy.run_module('odoo.addons.oms_tiktok.sandbox', run_name='__main__')"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", bootstrap],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        state = None
        for _attempt in range(100):
            try:
                state = requests.get(
                    f"http://127.0.0.1:{port}/_sandbox/state", timeout=1
                ).json()
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert state, process.stderr.read1().decode() if process.poll() else "no answer"
        assert state["shops"][0]["orders"] == 4 and state["shops"][0]["statements"] == 1
        params = {"app_key": "sandbox-app-key", "timestamp": str(int(time.time()))}
        params["sign"] = expected_sign("sandbox-app-secret", SHOPS, params, b"", "")
        answer = requests.get(
            f"http://127.0.0.1:{port}{SHOPS}",
            params=params,
            headers={"x-tts-access-token": DEMO_ACCESS_TOKEN},
            timeout=5,
        )
        assert answer.json()["code"] == 0
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()
