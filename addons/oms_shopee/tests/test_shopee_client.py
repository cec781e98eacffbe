"""ShopeeClient against a real ShopeeSandbox over loopback HTTP.

Plain pytest functions: no database, no mock of the transport.
"""

import io
import struct
import time
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oms_api_common import (
    ApiAuthError,
    ApiBusinessError,
    ApiNotFoundError,
    ApiRateLimitError,
    ApiSignatureError,
    ApiTransportError,
    ApiUnavailableError,
)
from PyPDF2 import PdfReader

from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.shopee_api import ShopeeClient, const

DAY = 86400

# The documented escrow formula (non cb-SIP shops), written out here on
# purpose rather than imported from the sandbox.
ESCROW_PLUS = (
    "original_cost_of_goods_sold",
    "seller_return_refund",
    "shopee_discount",
    "buyer_paid_shipping_fee",
    "shopee_shipping_rebate",
    "shipping_fee_discount_from_3pl",
    "rsf_seller_protection_fee_claim_amount",
    "buyer_paid_packaging_fee",
)
ESCROW_MINUS = (
    "original_shopee_discount",
    "voucher_from_seller",
    "seller_coin_cash_back",
    "actual_shipping_fee",
    "reverse_shipping_fee",
    "final_return_to_seller_shipping_fee",
    "seller_transaction_fee",
    "service_fee",
    "commission_fee",
    "campaign_fee",
    "shipping_seller_protection_fee_amount",
    "delivery_seller_protection_fee_premium_amount",
    "final_escrow_product_gst",
    "order_ams_commission_fee",
    "escrow_tax",
    "sales_tax_on_lvg",
    "reverse_shipping_fee_sst",
    "shipping_fee_sst",
    "withholding_tax",
    "overseas_return_service_fee",
    "vat_on_imported_goods",
    "withholding_vat_tax",
    "withholding_pit_tax",
    "seller_order_processing_fee",
    "trade_in_bonus_by_seller",
    "fbs_fee",
)


def png_bytes():
    """A real 1x1 PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def server():
    server = ShopeeSandbox()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(server):
    server.reset(seed=11, tracking_delay=0.2, document_polls=2)
    return server


_clients = []


@pytest.fixture(autouse=True)
def _close_sessions():
    yield
    while _clients:
        _clients.pop().close()


def make_client(sandbox, **kwargs):
    kwargs.setdefault("max_retries", 2)
    kwargs.setdefault("backoff", 0.01)
    kwargs.setdefault("timeout", (2, 10))
    client = ShopeeClient(
        sandbox.partner_id, sandbox.partner_key, sandbox.base_url, **kwargs
    )
    client.slept = []
    client.sleep = client.slept.append
    _clients.append(client)
    return client


@pytest.fixture
def client(sandbox):
    access_token, refresh_token = sandbox.issue_tokens()
    client = make_client(sandbox, shop_id=sandbox.shop_id, access_token=access_token)
    client.test_refresh_token = refresh_token
    return client


@pytest.fixture
def catalogue(sandbox):
    sandbox.add_item("Cotton Tee", sku="TEE-1", price=29.9, stock=500)
    sandbox.add_item(
        "Linen Dress",
        variants=[
            {"option": size, "sku": f"DRESS-{size}", "price": 59.0, "stock": 200}
            for size in ("S", "M", "L")
        ],
    )
    return sandbox


def spy(sandbox, handler_name):
    """Record the parameters the sandbox receives for one endpoint."""
    seen = []
    original = getattr(sandbox.shop, handler_name)

    def wrapper(params, *args):
        seen.append(dict(params))
        return original(params, *args)

    setattr(sandbox.shop, handler_name, wrapper)
    return seen


def ready_order(sandbox):
    for order_sn in sandbox.generate_orders(5, cod_ratio=0, seed=5):
        if sandbox.order(order_sn)["order_status"] == const.READY_TO_SHIP:
            return order_sn
    raise AssertionError("no READY_TO_SHIP order generated")


def arrange_shipment(client, order_sn):
    parameter = client.get_shipping_parameter(order_sn)
    if parameter["info_needed"]["pickup"]:
        address = parameter["pickup"]["address_list"][0]
        client.ship_order(
            order_sn,
            pickup={
                "address_id": address["address_id"],
                "pickup_time_id": address["time_slot_list"][0]["pickup_time_id"],
            },
        )
    else:
        branch = parameter["dropoff"]["branch_list"][0]
        client.ship_order(order_sn, dropoff={"branch_id": branch["branch_id"]})


# Authorization ----------------------------------------------------------------


def test_consent_redirect_and_token_exchange(sandbox):
    client = make_client(sandbox)
    link = client.auth_partner_url("https://erp.example.com/shopee/callback?x=1")
    assert link.startswith(sandbox.base_url + const.PATH_AUTH_PARTNER)
    answer = requests.get(link, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert location.netloc == "erp.example.com"
    query = parse_qs(location.query)
    assert query["x"] == ["1"] and query["shop_id"] == [str(sandbox.shop_id)]

    tokens = client.get_access_token(query["code"][0], query["shop_id"][0])
    assert tokens["expire_in"] == 4 * 3600 and tokens["refresh_token"]
    assert client.access_token == tokens["access_token"]
    assert client.shop_id == sandbox.shop_id
    assert client.get_shop_info()["shop_name"]

    with pytest.raises(ApiAuthError) as error:  # a code works once
        client.get_access_token(query["code"][0], query["shop_id"][0])
    assert error.value.code == "invalid_code" and not error.value.token_expired


def test_refresh_token_is_single_use(sandbox, client):
    old_access = client.access_token
    tokens = client.refresh_access_token(client.test_refresh_token)
    assert tokens["access_token"] != old_access
    assert tokens["refresh_token"] != client.test_refresh_token
    assert tokens["shop_id"] == sandbox.shop_id
    assert client.get_shop_info()["region"] == "MY"

    with pytest.raises(ApiAuthError) as error:
        client.refresh_access_token(client.test_refresh_token)
    assert error.value.code == "error_auth"
    assert not error.value.token_expired  # refreshing again will not help

    # The new refresh token works, once.
    client.refresh_access_token(tokens["refresh_token"])


def test_expired_access_token_is_reported_as_such(sandbox, client):
    sandbox.expire_access_token(client.access_token)
    with pytest.raises(ApiAuthError) as error:
        client.get_shop_info()
    assert error.value.token_expired and error.value.code == "error_auth"
    client.refresh_access_token(client.test_refresh_token)
    assert client.get_shop_info()["status"] == "NORMAL"


def test_shop_api_needs_a_bound_shop(sandbox):
    with pytest.raises(ValueError):
        make_client(sandbox).get_shop_info()


# Orders -------------------------------------------------------------------------


def test_order_list_longer_than_15_days_is_split(catalogue, client):
    now = int(time.time())
    created = catalogue.generate_orders(
        40, seed=1, created_from=now - 40 * DAY, created_to=now - 60
    )
    requests_seen = spy(catalogue, "api_get_order_list")

    listed = list(
        client.iter_order_list(now - 41 * DAY, now, time_range_field="create_time")
    )

    assert sorted(order["order_sn"] for order in listed) == sorted(created)
    assert len(requests_seen) >= 3
    for params in requests_seen:
        assert int(params["time_to"]) - int(params["time_from"]) <= 15 * DAY
    assert all(order["order_status"] for order in listed)


def test_cursor_pagination_has_no_duplicates(catalogue, client):
    now = int(time.time())
    created = catalogue.generate_orders(25, seed=2, created_from=now - DAY)
    pages = spy(catalogue, "api_get_order_list")

    listed = [
        order["order_sn"]
        for order in client.iter_order_list(now - 2 * DAY, now + 60, page_size=10)
    ]

    assert len(pages) == 3
    assert [page.get("cursor", "") for page in pages] == ["", "10", "20"]
    assert len(listed) == len(set(listed)) == 25
    assert set(listed) == set(created)


def test_order_list_filters_by_status(catalogue, client):
    now = int(time.time())
    catalogue.generate_orders(20, seed=3, cod_ratio=0.8)
    unpaid = list(
        client.iter_order_list(now - 4 * DAY, now + 60, order_status=const.UNPAID)
    )
    assert unpaid and {order["order_status"] for order in unpaid} == {const.UNPAID}


def test_order_detail_is_chunked_by_50(catalogue, client):
    order_sns = catalogue.generate_orders(120, seed=4)
    details = client.get_order_detail(order_sns)
    assert catalogue.call_count(const.PATH_ORDER_DETAIL) == 3
    assert [order["order_sn"] for order in details] == order_sns
    first = details[0]
    assert first["item_list"] and first["package_list"] and first["recipient_address"]
    assert "total_amount" in first


def test_unknown_order_is_not_found(client):
    with pytest.raises(ApiNotFoundError):
        client.get_order_detail(["261111ABCDEFGH"])


def test_seller_cancel(catalogue, client):
    order_sn = ready_order(catalogue)
    client.cancel_order(order_sn, "CUSTOMER_REQUEST")
    detail = client.get_order_detail(order_sn)[0]
    assert detail["order_status"] == const.CANCELLED and detail["cancel_by"] == "seller"
    with pytest.raises(ApiBusinessError) as error:
        client.cancel_order(order_sn, "CUSTOMER_REQUEST")
    assert error.value.code == "order.error_limit"


@pytest.mark.parametrize(
    "operation, expected",
    [("ACCEPT", const.CANCELLED), ("REJECT", const.READY_TO_SHIP)],
)
def test_buyer_cancellation_request(catalogue, client, operation, expected):
    order_sn = ready_order(catalogue)
    catalogue.set_order_status(order_sn, const.IN_CANCEL)
    detail = client.get_order_detail(order_sn)[0]
    assert detail["order_status"] == const.IN_CANCEL and detail["buyer_cancel_reason"]

    client.handle_buyer_cancellation(order_sn, operation)

    detail = client.get_order_detail(order_sn)[0]
    assert detail["order_status"] == expected
    if operation == "ACCEPT":
        assert detail["cancel_by"] == "buyer"
    with pytest.raises(ApiBusinessError) as error:  # no longer IN_CANCEL
        client.handle_buyer_cancellation(order_sn, operation)
    assert error.value.code == "order.cancel_order_invalid_status"


# Logistics ----------------------------------------------------------------------


def test_ship_order_then_tracking_number_appears(catalogue, client):
    order_sn = ready_order(catalogue)
    shipments = client.get_shipment_list()
    assert order_sn in {entry["order_sn"] for entry in shipments}
    assert client.get_channel_list()

    arrange_shipment(client, order_sn)

    assert client.get_order_detail(order_sn)[0]["order_status"] == const.PROCESSED
    assert client.get_tracking_number(order_sn)["tracking_number"] == ""
    client.sleep = time.sleep  # the sandbox assigns it after 0.2 s
    tracking_number = client.wait_for_tracking_number(order_sn, poll=0.1, timeout=5)
    assert tracking_number.startswith("SPX")
    assert client.get_tracking_number(order_sn)["tracking_number"] == tracking_number
    with pytest.raises(ApiBusinessError) as error:
        arrange_shipment(client, order_sn)
    assert error.value.code == "logistics.package_already_shipped"


def test_shipping_document_polled_until_ready(catalogue, client):
    order_sn = ready_order(catalogue)
    arrange_shipment(client, order_sn)
    client.sleep = time.sleep
    tracking_number = client.wait_for_tracking_number(order_sn, poll=0.1, timeout=5)

    with pytest.raises(ApiBusinessError) as error:  # nothing created yet
        client.download_shipping_document([order_sn])
    assert error.value.code == "logistics.shipping_document_should_print_first"

    client.sleep = client.slept.append
    pdf = client.fetch_shipping_document(
        [{"order_sn": order_sn, "tracking_number": tracking_number}],
        shipping_document_type="THERMAL_AIR_WAYBILL",
        poll=0.5,
        timeout=10,
    )

    # PROCESSING twice (document_polls=2), then READY.
    assert catalogue.call_count(const.PATH_SHIPPING_DOCUMENT_RESULT) == 3
    assert client.slept == [0.5, 0.5]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert order_sn in text and tracking_number in text


def test_shipping_document_not_ready_in_time(catalogue, client):
    catalogue.shop.document_polls = 100
    order_sn = ready_order(catalogue)
    arrange_shipment(client, order_sn)
    client.sleep = time.sleep
    client.wait_for_tracking_number(order_sn, poll=0.1, timeout=5)
    client.sleep = client.slept.append
    with pytest.raises(ApiUnavailableError):
        client.fetch_shipping_document([order_sn], poll=1, timeout=3)
    assert catalogue.call_count(const.PATH_SHIPPING_DOCUMENT_RESULT) == 4
    with pytest.raises(ApiBusinessError) as error:
        client.download_shipping_document([order_sn])
    assert error.value.code == "logistics.download_later"


def test_shipping_document_needs_arranged_order(catalogue, client):
    order_sn = ready_order(catalogue)
    with pytest.raises(ApiBusinessError) as error:
        client.create_shipping_document([order_sn])
    assert error.value.code == "common.batch_api_all_failed"
    result = error.value.payload["response"]["result_list"][0]
    assert result["fail_error"] == "logistics.order_status_error"


# Products -----------------------------------------------------------------------


def test_price_and_stock_updates_respect_the_50_model_limit(sandbox, client):
    item_id = sandbox.add_item(
        "Sock",
        variants=[
            {"option": f"V{index}", "sku": f"SOCK-{index}", "price": 5.0, "stock": 1}
            for index in range(120)
        ],
    )
    models = client.get_model_list(item_id)["model"]
    assert len(models) == 120

    prices = client.update_price(
        item_id,
        [{"model_id": model["model_id"], "original_price": 6.5} for model in models],
    )
    stocks = client.update_stock(
        item_id, [{"model_id": model["model_id"], "stock": 7} for model in models]
    )

    assert sandbox.call_count(const.PATH_UPDATE_PRICE) == 3
    assert sandbox.call_count(const.PATH_UPDATE_STOCK) == 3
    assert len(prices["success_list"]) == len(stocks["success_list"]) == 120
    assert not prices["failure_list"] and not stocks["failure_list"]
    model = client.get_model_list(item_id)["model"][0]
    assert model["price_info"][0]["original_price"] == 6.5
    assert model["stock_info_v2"]["seller_stock"][0]["stock"] == 7


def test_stock_below_reserved_is_a_partial_failure(sandbox, client):
    item_id = sandbox.add_item("Mug", sku="MUG-1", price=9.5, stock=10)
    sandbox.shop.items[item_id]["_models"][0]["reserved"] = 4
    result = client.update_stock(item_id, [{"model_id": 0, "stock": 2}])
    assert result["success_list"] == []
    assert "reserved" in result["failure_list"][0]["failed_reason"]


def test_item_lifecycle(sandbox, client):
    category = next(c for c in client.get_category() if c["category_id"] == 100664)
    assert not category["has_children"]
    attributes = client.get_attributes(100664)
    mandatory = {a["attribute_id"] for a in attributes if a["mandatory"]}
    assert mandatory == {100000, 100416}

    image = client.upload_image(png_bytes(), "toner.png")
    assert image["image_id"] and image["image_url_list"][0]["image_url"]
    channel_id = client.get_channel_list()[0]["logistics_channel_id"]
    item = {
        "item_name": "Hydrating Toner",
        "description": "A gentle toner for every day.",
        "original_price": 45.5,
        "weight": 0.2,
        "category_id": 100664,
        "image": {"image_id_list": [image["image_id"]]},
        "logistic_info": [{"logistic_id": channel_id, "enabled": True}],
        "seller_stock": [{"stock": 12}],
        "item_sku": "TONER-1",
        "attribute_list": [
            {"attribute_id": 100000, "attribute_value_list": [{"value_id": 1012}]}
        ],
    }
    with pytest.raises(ApiBusinessError) as error:  # Skin Type is mandatory
        client.add_item(item)
    assert error.value.code == "error_less_required_attribute"

    item["attribute_list"].append(
        {"attribute_id": 100416, "attribute_value_list": [{"value_id": 3001}]}
    )
    item_id = client.add_item(item)["item_id"]
    client.update_item({"item_id": item_id, "item_name": "Hydrating Toner 150ml"})
    base = client.get_item_base_info([item_id])[0]
    assert base["item_name"] == "Hydrating Toner 150ml"
    assert base["stock_info_v2"]["seller_stock"][0]["stock"] == 12

    assert client.unlist_item([{"item_id": item_id, "unlist": True}])["success_list"]
    listed = {
        i["item_id"]: i["item_status"] for i in client.iter_item_list(("UNLIST",))
    }
    assert listed == {item_id: "UNLIST"}
    client.delete_item(item_id)
    with pytest.raises(ApiNotFoundError):
        client.update_item({"item_id": item_id, "item_name": "x"})


def test_item_list_and_base_info_pages(sandbox, client):
    item_ids = [sandbox.add_item(f"Item {n}", sku=f"I-{n}") for n in range(60)]
    listed = [item["item_id"] for item in client.iter_item_list(page_size=25)]
    assert listed == item_ids
    assert sandbox.call_count(const.PATH_ITEM_LIST) == 3
    assert len(client.get_item_base_info(listed)) == 60
    assert sandbox.call_count(const.PATH_ITEM_BASE_INFO) == 2


# Returns and finance ----------------------------------------------------------------


def test_returns(catalogue, client):
    order_sn = ready_order(catalogue)
    for status in (const.SHIPPED, const.TO_CONFIRM_RECEIVE, const.TO_RETURN):
        catalogue.set_order_status(order_sn, status)
    now = int(time.time())
    returns = list(client.iter_return_list(now - 20 * DAY, now + 60))
    assert [record["order_sn"] for record in returns] == [order_sn]
    detail = client.get_return_detail(returns[0]["return_sn"])
    assert detail["status"] == "REQUESTED" and detail["refund_amount"] > 0
    with pytest.raises(ApiNotFoundError):
        client.get_return_detail("2206140TA5PM808")


def test_escrow_amount_matches_its_components(catalogue, client):
    order_sns = catalogue.generate_orders(
        30, seed=9, cod_ratio=0.3, voucher_ratio=0.6, multi_item_ratio=0.5
    )
    paid = [sn for sn in order_sns if catalogue.order(sn)["order_status"] != "UNPAID"]
    for order_sn in paid[:12]:
        catalogue.set_order_status(order_sn, const.SHIPPED)
        catalogue.set_order_status(order_sn, const.COMPLETED)
    catalogue.set_order_status(paid[0], const.TO_RETURN)

    details = [client.get_escrow_detail(order_sn) for order_sn in paid[:3]]
    batch = client.get_escrow_detail_batch(paid)
    assert catalogue.call_count(const.PATH_ESCROW_DETAIL_BATCH) == 2  # 20 per call
    assert [entry["escrow_detail"]["order_sn"] for entry in batch] == paid

    for detail in details + [entry["escrow_detail"] for entry in batch]:
        income = detail["order_income"]
        expected = sum(income[name] for name in ESCROW_PLUS) - sum(
            income[name] for name in ESCROW_MINUS
        )
        assert income["escrow_amount"] == pytest.approx(expected, abs=0.005)
        assert income["commission_fee"] > 0 or income["seller_return_refund"] < 0
    assert details[0]["order_income"]["seller_return_refund"] < 0
    assert details[0]["return_order_sn_list"]

    now = int(time.time())
    released = list(client.iter_escrow_list(now - DAY, now + 60, page_size=5))
    assert sorted(entry["order_sn"] for entry in released) == sorted(paid[:12])
    by_sn = {entry["escrow_detail"]["order_sn"]: entry for entry in batch}
    for entry in released:
        income = by_sn[entry["order_sn"]]["escrow_detail"]["order_income"]
        assert entry["payout_amount"] == income["escrow_amount"]


def test_escrow_of_unpaid_order_fails_in_batch(catalogue, client):
    order_sns = catalogue.generate_orders(10, seed=3, cod_ratio=1)
    unpaid = next(
        sn for sn in order_sns if catalogue.order(sn)["order_status"] == "UNPAID"
    )
    entry = client.get_escrow_detail_batch([unpaid])[0]
    assert entry["fail_error"] == "order_not_found"


# Faults and retries -------------------------------------------------------------------


@pytest.mark.parametrize("http_status", [200, 429])
def test_rate_limit_is_retried_then_succeeds(sandbox, client, http_status):
    sandbox.rate_limit_status = http_status
    sandbox.faults.rate_limit_burst(2)
    assert client.get_shop_info()["shop_name"]
    assert sandbox.call_count(const.PATH_SHOP_INFO) == 3
    assert len(client.slept) == 2


@pytest.mark.parametrize("http_status", [200, 429])
def test_rate_limit_beyond_retries_is_raised(sandbox, client, http_status):
    sandbox.rate_limit_status = http_status
    sandbox.faults.rate_limit_burst(5)
    with pytest.raises(ApiRateLimitError) as error:
        client.get_shop_info()
    assert error.value.code == const.ERROR_TOO_MANY_REQUEST
    assert error.value.http_status == http_status
    assert sandbox.call_count(const.PATH_SHOP_INFO) == 3


def test_server_error_is_retried(sandbox, client):
    sandbox.faults.server_errors(1)
    assert client.get_category()
    assert sandbox.call_count(const.PATH_CATEGORY) == 2


def test_outage_gives_transport_error_after_bounded_retries(sandbox, client):
    sandbox.faults.outage(60)
    with pytest.raises(ApiTransportError) as error:
        client.get_category()
    assert error.value.transient
    assert sandbox.call_count(const.PATH_CATEGORY) == client.max_retries + 1
    assert len(client.slept) == client.max_retries
    sandbox.faults.end_outage()
    assert client.get_category()


def test_wrong_partner_key_is_a_signature_error(sandbox, client):
    client.partner_key = "not-the-key"
    with pytest.raises(ApiSignatureError) as error:
        client.get_shop_info()
    assert error.value.code == "error_sign"
    assert sandbox.call_count(const.PATH_SHOP_INFO) == 1  # not retried


def test_unreachable_host_is_a_transport_error():
    stopped = ShopeeSandbox()
    stopped.start()
    stopped.stop()
    client = make_client(stopped, max_retries=1)
    with pytest.raises(ApiTransportError):
        client.get_access_token("code", stopped.shop_id)
    assert len(client.slept) == 1


# Push ---------------------------------------------------------------------------------


def test_parse_push():
    body = (
        b'{"msg_id":"m1","data":{"ordersn":"261111ABCDEFGH","status":"SHIPPED",'
        b'"completed_scenario":"","update_time":1},"shop_id":2000001,"code":3,'
        b'"timestamp":1}'
    )
    message = ShopeeClient.parse_push(body)
    assert message["code"] == const.PUSH_ORDER_STATUS
    assert message["shop_id"] == 2000001 and message["msg_id"] == "m1"
    assert message["data"]["ordersn"] == "261111ABCDEFGH"
    with pytest.raises(ValueError):
        ShopeeClient.parse_push(b'{"data": {}}')
    with pytest.raises(ValueError):
        ShopeeClient.parse_push(b"not json")
