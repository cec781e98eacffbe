"""The Lazada client against the Lazada sandbox, plain Python (no database)."""

import hashlib
import hmac
import io

import pytest
import requests
from oms_api_common import errors
from PyPDF2 import PdfFileReader

from odoo.addons.oms_lazada.lazada_api import LazadaClient, signing
from odoo.addons.oms_lazada.sandbox import LazadaSandbox

PUSH_BODY = (
    b'{"seller_id":"1234567","message_type":0,"data":{"order_status":"unpaid",'
    b'"trade_order_id":"260422900198363","trade_order_line_id":"260422900298363",'
    b'"status_update_time":1603698638},"timestamp":1603766859530,"site":"lazada_vn"}'
)


@pytest.fixture(scope="module")
def sandbox():
    server = LazadaSandbox(app_key="k", app_secret="s")
    base_url = server.start()
    server.base = base_url
    yield server
    server.stop()


@pytest.fixture
def client(sandbox):
    sandbox.reset_orders()
    token = sandbox.issue_tokens()["access_token"]
    api = LazadaClient(
        "k",
        "s",
        f"{sandbox.base}/rest",
        f"{sandbox.base}/auth/rest",
        access_token=token,
    )
    api.sleep = lambda seconds: None
    return api


def test_sign_matches_the_documented_algorithm():
    params = {
        "app_key": "123456",
        "timestamp": "1517820392000",
        "sign_method": "sha256",
    }
    text = "/order/get" + "app_key123456sign_methodsha256timestamp1517820392000"
    expected = hmac.new(b"secret", text.encode(), hashlib.sha256).hexdigest().upper()
    assert signing.sign("secret", "/order/get", params) == expected
    assert signing.sign("secret", "/order/get", {**params, "sign": "X"}) == expected


def test_push_signature_vector():
    authorization = "59e04e1b1f307b7180fd58126161907cd20d33ac17cbce90ec2ae19907e701e6"
    assert signing.sign_push("123456", "3412gyo124goi3124", PUSH_BODY) == authorization
    assert signing.verify_push("123456", "3412gyo124goi3124", PUSH_BODY, authorization)
    assert not signing.verify_push(
        "123456", "3412gyo124goi3124", PUSH_BODY + b" ", authorization
    )


def test_wrong_signature_rejected_as_lazada_documents(sandbox):
    response = requests.get(
        f"{sandbox.base}/rest/seller/get",
        params={
            "app_key": "k",
            "timestamp": "1" * 13,
            "sign_method": "sha256",
            "sign": "FORGED",
        },
        timeout=10,
    )
    body = response.json()
    # Lazada answers HTTP 200 with its error envelope
    assert response.status_code == 200
    assert body["code"] in ("IncompleteSignature", "InvalidTimestamp")
    wrong = LazadaClient(
        "k", "not-the-secret", f"{sandbox.base}/rest", access_token="x"
    )
    with pytest.raises(errors.ApiSignatureError) as caught:
        wrong.get_seller()
    assert caught.value.code == "IncompleteSignature"
    assert "lazop standards" in caught.value.message
    assert caught.value.payload["type"] == "ISV"


def test_expired_token_rejected_as_lazada_documents(sandbox, client):
    sandbox.expire_access_token(client.access_token)
    with pytest.raises(errors.ApiAuthError) as caught:
        client.get_seller()
    assert caught.value.code == "IllegalAccessToken"
    assert caught.value.token_expired
    assert caught.value.message == "The specified access token is invalid or expired"


def test_code_exchange_is_single_use_and_refresh_works(sandbox):
    api = LazadaClient("k", "s", f"{sandbox.base}/rest", f"{sandbox.base}/auth/rest")
    api.sleep = lambda seconds: None
    location = requests.get(
        api.authorize_url("https://example.com/cb", state="st"),
        allow_redirects=False,
        timeout=10,
    ).headers["Location"]
    code = location.split("code=")[1].split("&")[0]
    token = api.create_token(code)
    assert token["expires_in"] == 2592000
    with pytest.raises(errors.ApiAuthError) as caught:
        api.create_token(code)
    assert caught.value.code == "InvalidCode"
    refreshed = api.refresh_access_token(token["refresh_token"])
    assert refreshed["access_token"] != token["access_token"]


def test_orders_paginate_without_duplicates(sandbox, client):
    from datetime import UTC, datetime, timedelta

    sandbox.add_product("PG-SKU", 5.0, 1000)
    ids = sandbox.generate_orders(230, ["PG-SKU"], seed=1)
    before = sandbox.call_count("/rest/orders/get")
    seen = [
        o["order_id"]
        for o in client.iter_orders(
            datetime.now(UTC).replace(tzinfo=None) - timedelta(days=1)
        )
    ]
    assert sorted(seen) == sorted(ids)
    assert sandbox.call_count("/rest/orders/get") - before == 3


def test_stock_updates_chunked_by_50_and_refusals_returned(sandbox, client):
    for index in range(120):
        sandbox.add_product(f"CH-{index}", 5.0, 0)
    skus = [{"SellerSku": f"CH-{i}", "SellableQuantity": 7} for i in range(120)]
    skus.append({"SellerSku": "NOPE", "SellableQuantity": 1})
    before = sandbox.call_count("/rest/product/stock/sellable/update")
    results = client.update_sellable_quantity(skus)
    assert sandbox.call_count("/rest/product/stock/sellable/update") - before == 3
    refused = [d for r in results for d in r.get("detail") or []]
    assert [d["seller_sku"] for d in refused] == ["NOPE"]
    assert sandbox.sellable_quantity("CH-0") == 7


def test_pack_rts_awb(sandbox, client):
    sandbox.add_product("AWB-SKU", 5.0, 10)
    (order_id,) = sandbox.generate_orders(1, ["AWB-SKU"], seed=2)
    items = [i["order_item_id"] for i in client.get_order_items(order_id)]
    packed = client.pack([{"order_id": order_id, "order_item_ids": items}], "TFS")
    package = packed["pack_order_list"][0]["order_item_list"][0]["package_id"]
    assert client.ready_to_ship([package])["packages"][0]["item_err_code"] == "0"
    pdf = client.get_awb_pdf([package])
    assert PdfFileReader(io.BytesIO(pdf)).getNumPages() == 1


def test_throttling_retried_then_succeeds(sandbox, client):
    sandbox.faults.reset()
    sandbox.faults.rate_limit_burst(2)
    assert client.get_seller()["status"] == "ACTIVE"
    assert sandbox.faults.injected["rate_limit"] == 2


def test_outage_raises_transport_error_after_bounded_retries(sandbox, client):
    sandbox.faults.outage(60)
    before = sandbox.call_count("/rest/seller/get")
    with pytest.raises(errors.ApiTransportError):
        client.get_seller()
    assert sandbox.call_count("/rest/seller/get") - before == 1 + client.max_retries
    sandbox.faults.end_outage()


def test_finance_rows_sum_to_payout(sandbox, client):
    from datetime import date, timedelta

    sandbox.add_product("FIN-P", 20.0, 10)
    (order_id,) = sandbox.generate_orders(1, ["FIN-P"], seed=3)
    sandbox.set_order_status(order_id, "delivered")
    rows = list(
        client.iter_transaction_details(
            date.today() - timedelta(days=2), date.today() + timedelta(days=1)
        )
    )
    mine = [r for r in rows if r["order_no"] == str(order_id)]
    assert round(sum(float(r["amount"]) for r in mine), 2) == sandbox.payout(order_id)
