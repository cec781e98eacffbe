"""The TikTok Shop client against the sandbox over real HTTP: tokens and
shops, typed errors, retries and faults, paging, every endpoint, webhooks."""

import io
import json
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from oms_api_common import errors, push
from PyPDF2 import PdfReader

from odoo.addons.oms_tiktok.sandbox import SERVICE_ID
from odoo.addons.oms_tiktok.tests import payloads
from odoo.addons.oms_tiktok.tests.payloads import PROVIDER_ID, png
from odoo.addons.oms_tiktok.tiktok_api import const

DAY = 86400


def product_body(sandbox, image_uri, skus=None, **extra):
    return payloads.product_body(
        sandbox.shop.default_warehouse_id(), image_uri, skus, **extra
    )


def assert_api_error(raised, error_class, code):
    assert type(raised.value) is error_class, raised.value
    assert raised.value.code == code, raised.value
    assert raised.value.message


# Authorization and tokens -------------------------------------------------------------


def test_code_exchange_gives_tokens_with_absolute_expiry(sandbox, clients):
    client = clients.new()
    code = sandbox.authorize()
    now = int(time.time())
    tokens = client.get_access_token(code)
    assert client.access_token == tokens["access_token"]
    assert tokens["access_token_expire_in"] == pytest.approx(now + 7 * DAY, abs=5)
    assert tokens["refresh_token_expire_in"] > tokens["access_token_expire_in"]
    assert tokens["seller_name"] and tokens["open_id"]
    assert "seller.order.info" in tokens["granted_scopes"]
    assert client.get_authorized_shops()
    # the code is single use; the refusal never quotes it
    with pytest.raises(errors.ApiAuthError) as raised:
        client.get_access_token(code)
    assert_api_error(raised, errors.ApiAuthError, const.ERROR_INVALID_REQUEST)
    assert not raised.value.token_expired
    assert code not in str(raised.value)


def test_consent_page_redirects_with_code_and_state(sandbox, clients):
    client = clients.new()
    sandbox.redirect_url = "https://oms.example.com/oms/oauth/tiktok?shop=3"
    url = client.authorization_url(SERVICE_ID, "state-123")
    assert url.startswith(sandbox.base_url + const.PATH_AUTHORIZE)
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    query = dict(parse_qsl(location.query))
    assert location.netloc == "oms.example.com" and query["shop"] == "3"
    assert query["state"] == "state-123"
    assert client.get_access_token(query["code"])["access_token"]


def test_expired_access_token_then_refresh(sandbox, clients):
    access_token, refresh_token = sandbox.issue_tokens()
    client = clients.new(access_token, sandbox.shop.cipher)
    sandbox.expire_access_token(access_token)
    with pytest.raises(errors.ApiAuthError) as raised:
        client.get_warehouses()
    assert_api_error(raised, errors.ApiAuthError, const.ERROR_TOKEN_EXPIRED)
    assert raised.value.token_expired
    tokens = client.refresh_access_token(refresh_token)
    assert client.access_token == tokens["access_token"] != access_token
    assert tokens["refresh_token"] == refresh_token
    assert tokens["access_token_expire_in"] > time.time() + 6 * DAY
    assert client.get_warehouses()


def test_expired_refresh_token_needs_a_new_authorization(sandbox, clients, tokens):
    client = clients.new(tokens[0])
    sandbox.expire_refresh_token(tokens[1])
    with pytest.raises(errors.ApiAuthError) as raised:
        client.refresh_access_token(tokens[1])
    assert raised.value.code == const.ERROR_TOKEN_EXPIRED
    assert not raised.value.token_expired  # refreshing again cannot help
    with pytest.raises(errors.ApiAuthError):
        client.refresh_access_token("TTP_unknown")


def test_deauthorized_seller(sandbox, client, receiver):
    sandbox.deauthorize()
    with pytest.raises(errors.ApiAuthError) as raised:
        client.get_authorized_shops()
    assert_api_error(raised, errors.ApiAuthError, const.ERROR_TOKEN_INVALID)
    assert not raised.value.token_expired
    sandbox.flush_pushes()
    events = [json.loads(body) for _headers, body in receiver.received]
    assert {e["type"] for e in events} == {const.WEBHOOK_SELLER_DEAUTHORIZATION}
    assert {e["shop_id"] for e in events} == {shop.id for shop in sandbox.shops}


def test_one_app_many_shops_by_cipher(sandbox, client):
    shops = client.get_authorized_shops()
    assert [shop["id"] for shop in shops] == [shop.id for shop in sandbox.shops]
    assert len({shop["cipher"] for shop in shops}) == 2
    assert {shop["seller_type"] for shop in shops} == {"LOCAL"}
    sandbox.add_product(
        "Second shop tee",
        [{"seller_sku": "TEE-2", "price": "10", "stock": 3}],
        shop=shops[1]["id"],
    )
    first = {p["title"] for p in client.iter_products()}
    second = {p["title"] for p in client.for_shop(shops[1]["cipher"]).iter_products()}
    assert first == {"Cotton Tee", "Mug"} and second == {"Second shop tee"}
    assert client.for_shop(shops[1]["cipher"]).access_token == client.access_token
    with pytest.raises(errors.ApiAuthError) as raised:
        client.for_shop("ROW_not-a-shop").get_warehouses()
    assert_api_error(raised, errors.ApiAuthError, const.ERROR_INVALID_TOKEN_OR_SHOP)
    with pytest.raises(ValueError):
        client.for_shop(None).get_warehouses()


def test_missing_scope_is_refused(sandbox, client):
    sandbox.auth.revoke_scope("seller.finance.info")
    with pytest.raises(errors.ApiAuthError) as raised:
        list(client.iter_statements())
    assert_api_error(raised, errors.ApiAuthError, const.ERROR_SCOPE_MISSING)
    assert client.get_warehouses()


def test_wrong_secret_and_clock_are_signature_errors(sandbox, clients, tokens):
    wrong = clients.new(tokens[0], sandbox.shop.cipher, app_secret="not-the-secret")
    with pytest.raises(errors.ApiSignatureError) as raised:
        wrong.get_warehouses()
    assert raised.value.code == const.ERROR_INVALID_SIGN
    with pytest.raises(errors.ApiSignatureError):
        wrong.get_access_token(sandbox.authorize())
    skewed = clients.new(tokens[0], sandbox.shop.cipher)
    for offset in (-400, 90):
        skewed.clock = lambda offset=offset: time.time() + offset
        with pytest.raises(errors.ApiSignatureError) as raised:
            skewed.get_warehouses()
        assert raised.value.code == const.ERROR_INVALID_REQUEST
        assert "timestamp" in raised.value.message
    skewed.clock = lambda: time.time() - 200  # within the 5 minutes allowed
    assert skewed.get_warehouses()


def test_secrets_never_show_in_errors(sandbox, clients, tokens):
    client = clients.new(tokens[0], sandbox.shop.cipher, app_secret="wrong-app-secret")
    with pytest.raises(errors.ApiError) as raised:
        client.get_access_token("auth-code-123456")
    text = f"{raised.value} {raised.value.message} {raised.value!r}"
    for secret in ("wrong-app-secret", "auth-code-123456"):
        assert secret not in text
    assert "wrong-app-secret" not in repr(client)
    assert tokens[0] not in repr(client)


# Transport: throttling, faults, retries -----------------------------------------------


def test_throttled_calls_are_retried_after_the_ban(sandbox, clients, tokens):
    client = clients.new(tokens[0], sandbox.shop.cipher, max_retries=2)
    sandbox.faults.rate_limit_burst(2)
    assert client.get_warehouses()
    assert clients.sleeps == [1.0, 1.0]  # Retry-After, above the backoff
    sandbox.faults.rate_limit_burst(3)
    with pytest.raises(errors.ApiRateLimitError) as raised:
        client.get_warehouses()
    assert raised.value.code == const.ERROR_TOO_MANY_REQUESTS
    assert raised.value.http_status == 429 and raised.value.retry_after == 1.0


def test_rate_limit_is_per_api_and_per_shop(sandbox, client):
    sandbox.rate_limit_qps = 3
    for _call in range(3):
        client.get_warehouses()
    with pytest.raises(errors.ApiRateLimitError) as raised:
        client.get_warehouses()
    assert raised.value.http_status == 429
    assert client.get_categories()  # another API
    other = client.for_shop(sandbox.shops[1].cipher)
    assert other.get_warehouses()  # the same API for another shop


def test_server_errors_and_outage(sandbox, clients, tokens):
    client = clients.new(tokens[0], sandbox.shop.cipher, max_retries=2)
    sandbox.faults.server_errors(2)
    assert client.get_warehouses()
    assert len(clients.sleeps) == 2
    sandbox.faults.outage(60)
    with pytest.raises(errors.ApiUnavailableError) as raised:
        client.get_warehouses()
    assert raised.value.http_status == 503
    sandbox.faults.end_outage()
    assert client.get_warehouses()


def test_slow_answers_time_out(sandbox, clients, tokens):
    client = clients.new(tokens[0], sandbox.shop.cipher, timeout=(2, 0.2))
    sandbox.faults.latency = 0.5
    try:
        with pytest.raises(errors.ApiTransportError) as raised:
            client.get_warehouses()
    finally:
        sandbox.faults.latency = 0
    assert "Timeout" in str(raised.value)
    assert "sign=" not in str(raised.value) or "sign=***" in str(raised.value)


def test_business_errors_carry_tiktok_code_and_message(client):
    with pytest.raises(errors.ApiNotFoundError) as raised:
        client.get_product("1234")
    assert_api_error(raised, errors.ApiNotFoundError, 12052032)
    assert raised.value.request_id
    assert f"[{12052032}]" in str(raised.value)


# Catalogue and products ---------------------------------------------------------------


def test_categories_attributes_warehouses(client):
    categories = client.get_categories()
    leaves = {c["id"] for c in categories if c["is_leaf"]}
    assert {"600003", "600102", "600202"} <= leaves
    assert client.get_categories(keyword="mug")[0]["local_name"] == "Mugs"
    attributes = client.get_attributes("600003")
    kinds = {a["name"]: a["type"] for a in attributes}
    assert kinds["Size"] == "SALES_PROPERTY" and kinds["Material"] == "PRODUCT_PROPERTY"
    assert next(a for a in attributes if a["name"] == "Material")["is_requried"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.get_attributes("600001")
    assert raised.value.code == 12052024
    warehouses = client.get_warehouses()
    assert len(warehouses) == 2 and sum(w["is_default"] for w in warehouses) == 1


def test_product_lifecycle(sandbox, client, receiver):
    image = client.upload_image(png(), "shirt.png")
    assert image["uri"] and (image["width"], image["height"]) == (600, 600)
    assert requests.get(image["url"], timeout=5).content == png()
    created = client.create_product(product_body(sandbox, image["uri"]))
    product_id = created["product_id"]
    assert [s["seller_sku"] for s in created["skus"]] == ["LINEN-M", "LINEN-L"]
    product = client.get_product(product_id)
    assert product["status"] == const.PRODUCT_ACTIVATE  # audited at once here
    assert product["main_images"][0]["uri"] == image["uri"]
    assert product["category_chains"][-1]["id"] == "600003"
    assert product["skus"][0]["price"] == {
        "currency": "MYR",
        "tax_exclusive_price": "59.00",
        "sale_price": "59.00",
    }
    # a full edit: M stays, L goes, XL comes
    sku_m = created["skus"][0]["id"]
    body = product_body(sandbox, image["uri"], title="Linen Shirt II")
    body["skus"][0]["id"] = sku_m
    body["skus"][1]["seller_sku"] = "LINEN-XL"
    body["skus"][1]["sales_attributes"] = [{"id": "100007", "value_id": "1000073"}]
    edited = client.edit_product(product_id, body)
    assert [s["seller_sku"] for s in edited["skus"]] == ["LINEN-M", "LINEN-XL"]
    assert edited["skus"][0]["id"] == sku_m
    assert client.get_product(product_id)["title"] == "Linen Shirt II"
    # batches: per product failures come back with code 0
    assert client.deactivate_products([product_id]) == []
    assert client.get_product(product_id)["status"] == const.PRODUCT_SELLER_DEACTIVATED
    failures = client.activate_products([product_id, "404"])
    assert [f["detail"]["product_id"] for f in failures] == ["404"]
    assert client.get_product(product_id)["status"] == const.PRODUCT_ACTIVATE
    assert client.delete_products([product_id]) == []
    assert product_id not in {p["id"] for p in client.iter_products()}
    deleted = list(client.iter_products(status=const.PRODUCT_DELETED))
    assert [p["id"] for p in deleted] == [product_id]
    sandbox.flush_pushes()
    types = [json.loads(body)["type"] for _h, body in receiver.received]
    assert const.WEBHOOK_PRODUCT_STATUS_CHANGE in types


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": " "}, 12052261),
        ({"description": ""}, 12052015),
        ({"category_id": "600001"}, 12052024),
        ({"category_id": "999"}, 12052023),
        ({"main_images": []}, 12052028),
        ({"main_images": [{"uri": "tos-elsewhere/unknown"}]}, 12052300),
        ({"product_attributes": []}, 12052104),
        ({"package_weight": {"value": "0", "unit": "KILOGRAM"}}, 12019011),
        ({"skus": []}, 12052910),
    ],
)
def test_create_product_refusals(sandbox, client, change, code):
    image = client.upload_image(png(), "a.png")
    with pytest.raises(errors.ApiError) as raised:
        client.create_product(product_body(sandbox, image["uri"], **change))
    assert raised.value.code == code


def test_create_product_checks_warehouses(sandbox, client):
    image = client.upload_image(png(), "a.png")
    body = product_body(sandbox, image["uri"])
    body["skus"][0]["inventory"] = [
        {"warehouse_id": sandbox.shops[1].default_warehouse_id(), "quantity": 1}
    ]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.create_product(body)
    assert raised.value.code == 12052530  # the seller's other shop
    body["skus"][0]["inventory"] = [{"warehouse_id": "123", "quantity": 1}]
    with pytest.raises(errors.ApiNotFoundError) as raised:
        client.create_product(body)
    assert raised.value.code == 12052097


def test_inventory_per_warehouse(sandbox, client):
    main, hub = sandbox.shop.warehouse_ids()
    product_id = sandbox.add_product(
        "Two warehouses",
        [{"seller_sku": "TWO-WH", "price": "5", "inventory": {main: 3, hub: 4}}],
    )
    sku_id = client.get_product(product_id)["skus"][0]["id"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.update_inventory(
            product_id,
            [{"id": sku_id, "inventory": [{"warehouse_id": main, "quantity": 9}]}],
        )
    assert raised.value.code == 12019028  # every warehouse of the SKU is listed
    assert (
        client.update_inventory(
            product_id,
            [
                {
                    "id": sku_id,
                    "inventory": [
                        {"warehouse_id": main, "quantity": 9},
                        {"warehouse_id": hub, "quantity": 0},
                    ],
                }
            ],
        )
        == []
    )
    assert sandbox.stock("TWO-WH") == {main: 9, hub: 0}
    searched = next(client.iter_products(seller_skus=["TWO-WH"]))
    assert searched["skus"][0]["inventory"] == [
        {"warehouse_id": main, "quantity": 9},
        {"warehouse_id": hub, "quantity": 0},
    ]
    for skus, code in (
        (
            [
                {
                    "id": sku_id,
                    "inventory": [
                        {"warehouse_id": main, "quantity": 100000},
                        {"warehouse_id": hub, "quantity": 1},
                    ],
                }
            ],
            12052055,
        ),
        (
            [{"id": "42", "inventory": [{"warehouse_id": main, "quantity": 1}]}],
            12052557,
        ),
        ([], 12052902),
    ):
        with pytest.raises(errors.ApiError) as raised:
            client.update_inventory(product_id, skus)
        assert raised.value.code == code


def test_upload_refuses_what_is_not_an_image(client):
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.upload_image(b"%PDF-1.4 not an image", "x.png")
    assert raised.value.code == 12038004
    with pytest.raises(ValueError):
        client.upload_image(png(), "x.png", use_case="WALLPAPER")


def test_product_paging(sandbox, client):
    for index in range(23):
        sandbox.add_product(
            f"Sticker {index}",
            [{"seller_sku": f"STK-{index}", "price": "1", "stock": 1}],
        )
    before = sandbox.call_count(const.PATH_PRODUCTS_SEARCH)
    titles = [p["title"] for p in client.iter_products(page_size=10)]
    assert len(titles) == 25 == len(set(titles))
    assert sandbox.call_count(const.PATH_PRODUCTS_SEARCH) - before == 3
    page = client.search_products(page_size=10)
    assert page["total_count"] == 25 and page["next_page_token"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.search_products(page_token="not-a-token")
    assert raised.value.code == 12019108


# Orders, packages, labels -------------------------------------------------------------


def test_order_search_by_update_time_windows(sandbox, client):
    now = int(time.time())
    ids = sandbox.generate_orders(
        30, seed=3, created_from=now - 3000, created_to=now - 100
    )
    orders = {
        o["id"]: o for o in client.iter_orders(update_time_ge=now - 3600, page_size=7)
    }
    assert set(orders) == set(ids)
    assert sandbox.call_count(const.PATH_ORDERS_SEARCH) == 5
    updates = sorted(o["update_time"] for o in orders.values())
    middle = updates[15]
    early = {
        o["id"]
        for o in client.iter_orders(update_time_ge=now - 3600, update_time_lt=middle)
    }
    late = {
        o["id"]
        for o in client.iter_orders(update_time_ge=middle, update_time_lt=now + 1)
    }
    assert not early & late and early | late == set(ids)  # [ge, lt) windows
    unpaid = list(
        client.iter_orders(update_time_ge=now - 3600, order_status=const.UNPAID)
    )
    assert {o["status"] for o in unpaid} <= {const.UNPAID}


def test_order_detail_in_batches_of_fifty(sandbox, client):
    ids = sandbox.generate_orders(60, seed=5)
    before = sandbox.call_count(const.PATH_ORDERS)
    orders = client.get_orders(ids)
    assert [o["id"] for o in orders] == ids
    assert sandbox.call_count(const.PATH_ORDERS) - before == 2
    order = orders[0]
    lines = order["line_items"]
    assert all(line["seller_sku"] for line in lines)
    payment = order["payment"]
    assert payment["sub_total"] == "%.2f" % (
        float(payment["original_total_product_price"])
        - float(payment["seller_discount"])
        - float(payment["platform_discount"])
    )
    with pytest.raises(errors.ApiNotFoundError) as raised:
        client.get_orders(["576400000000999999"])
    assert raised.value.code == 21008111


def test_on_hold_order_to_label_to_delivery(sandbox, client):
    sandbox.shop.on_hold_seconds = 3600
    order_id = sandbox.place_order([("TEE-RED", 2)])
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.ON_HOLD and order["is_on_hold_order"]
    assert "recipient_address" not in order
    assert [line["display_status"] for line in order["line_items"]] == [
        const.ON_HOLD
    ] * 2
    assert {line["package_status"] for line in order["line_items"]} == {"TO_FULFILL"}
    package_id = order["packages"][0]["id"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.ship_package(package_id)
    assert raised.value.code == 21011003
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.get_shipping_document(package_id)
    assert raised.value.code == 21023035
    sandbox.release_hold(order_id)
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.AWAITING_SHIPMENT
    assert order["recipient_address"]["full_address"]
    slot = {"start_time": int(time.time()), "end_time": int(time.time()) + 7200}
    assert client.ship_package(package_id, const.HANDOVER_PICKUP, slot) == {}
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.AWAITING_COLLECTION and order["tracking_number"]
    package = client.get_package(package_id)
    assert package["package_status"] == const.PACKAGE_PROCESSING
    assert package["pickup_slot"] == slot and package["handover_method"] == "PICKUP"
    assert len(package["order_line_item_ids"]) == 2
    document = client.get_shipping_document(package_id, document_size="A6")
    assert document["tracking_number"] == order["tracking_number"]
    pdf = client.download_document(document["doc_url"])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert order["tracking_number"] in text and "TEE-RED" in text
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.ship_package(package_id)
    assert raised.value.code == 21011040
    sandbox.set_order_status(order_id, const.IN_TRANSIT)
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.get_shipping_document(package_id)
    assert raised.value.code == 21042102
    sandbox.set_order_status(order_id, const.DELIVERED)
    sandbox.set_order_status(order_id, const.COMPLETED)
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.COMPLETED
    assert {line["package_status"] for line in order["line_items"]} == {"COMPLETED"}


def test_seller_shipped_orders_need_a_tracking_number(sandbox, client):
    order_id = sandbox.place_order([("MUG-1", 1)], shipping_type="SELLER")
    package_id = client.get_orders([order_id])[0]["packages"][0]["id"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.ship_package(package_id)
    assert raised.value.code == 21001001
    client.ship_package(
        package_id,
        self_shipment={"tracking_number": "MY123", "shipping_provider_id": PROVIDER_ID},
    )
    package = client.get_package(package_id)
    assert package["tracking_number"] == "MY123"
    assert package["shipping_provider_name"] == "Pos Laju"
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.get_shipping_document(package_id)
    assert raised.value.code == 11034002
    # the providers of the seller's delivery option; a typo corrected
    providers = client.get_shipping_providers(package["delivery_option_id"])
    assert PROVIDER_ID in {p["id"] for p in providers}
    client.update_shipping_info(package_id, "MY124", PROVIDER_ID)
    assert client.get_package(package_id)["tracking_number"] == "MY124"
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.update_shipping_info(package_id, "MY125", "1")
    assert raised.value.code == 21011022
    with pytest.raises(errors.ApiNotFoundError):
        client.ship_package("1152300000999999")


# Cancellations ------------------------------------------------------------------------


def test_seller_cancels_with_a_reason_of_the_order_status(sandbox, client):
    stock = sandbox.stock("MUG-1")
    unpaid = sandbox.place_order([("MUG-1", 1)], paid=False)
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.cancel_order(unpaid, "seller_cancel_reason_out_of_stock")
    assert raised.value.code == 25001021
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.cancel_order(unpaid, "because")
    assert raised.value.code == 25001014
    answer = client.cancel_order(unpaid, "seller_cancel_unpaid_reason_out_of_stock")
    assert answer["cancel_status"] == const.CANCELLATION_COMPLETE
    order = client.get_orders([unpaid])[0]
    assert order["status"] == const.CANCELLED
    assert order["cancellation_initiator"] == "SELLER"
    assert sandbox.stock("MUG-1") == stock
    record = next(client.iter_cancellations(order_ids=[unpaid]))
    assert (record["cancel_type"], record["role"]) == ("CANCEL", "SELLER")
    shipped = sandbox.place_order([("MUG-1", 1)])
    sandbox.ship_and_deliver(shipped)
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.cancel_order(shipped, "seller_cancel_reason_out_of_stock")
    assert raised.value.code == 25001051


def test_seller_cancels_some_lines(sandbox, client):
    order_id = sandbox.place_order([("TEE-RED", 2), ("TEE-BLUE", 1)])
    order = client.get_orders([order_id])[0]
    red = next(
        line["sku_id"]
        for line in order["line_items"]
        if line["seller_sku"] == "TEE-RED"
    )
    client.cancel_order(
        order_id,
        "seller_cancel_reason_out_of_stock",
        skus=[{"sku_id": red, "quantity": 1}],
    )
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.AWAITING_SHIPMENT
    statuses = sorted(
        (line["seller_sku"], line["display_status"]) for line in order["line_items"]
    )
    assert statuses == [
        ("TEE-BLUE", "AWAITING_SHIPMENT"),
        ("TEE-RED", "AWAITING_SHIPMENT"),
        ("TEE-RED", "CANCELLED"),
    ]
    blue = [
        line["id"] for line in order["line_items"] if line["seller_sku"] == "TEE-BLUE"
    ]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.cancel_order(
            order_id,
            "seller_cancel_reason_out_of_stock",
            skus=[{"sku_id": red, "quantity": 5}],
        )
    assert raised.value.code == 25005011
    client.cancel_order(
        order_id, "seller_cancel_reason_wrong_price", order_line_item_ids=blue
    )
    client.cancel_order(order_id, "seller_cancel_reason_wrong_price")
    assert client.get_orders([order_id])[0]["status"] == const.CANCELLED


def test_buyer_cancellation_request_rejected_then_approved(sandbox, client, receiver):
    order_id = sandbox.place_order([("MUG-1", 1)])
    cancel_id = sandbox.buyer_cancel(order_id)
    order = client.get_orders([order_id])[0]
    assert order["is_buyer_request_cancel"] and order["request_cancel_time"]
    pending = list(
        client.iter_cancellations(cancel_status=[const.CANCELLATION_PENDING])
    )
    assert [c["cancel_id"] for c in pending] == [cancel_id]
    assert (
        pending[0]["seller_next_action_response"][0]["action"]
        == "SELLER_RESPOND_CANCEL"
    )
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.ship_package(order["packages"][0]["id"])
    assert raised.value.code == 21008044
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.reject_cancellation(cancel_id, "no reason")
    assert raised.value.code == 25001014
    client.reject_cancellation(
        cancel_id,
        "seller_reject_apply_product_has_been_packed",
        comment="Packed already",
    )
    assert not client.get_orders([order_id])[0]["is_buyer_request_cancel"]
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.approve_cancellation(cancel_id)
    assert raised.value.code == 25020009
    second = sandbox.buyer_cancel(order_id)
    client.approve_cancellation(second, idempotency_key="approve-1")
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.CANCELLED
    assert order["cancellation_initiator"] == "BUYER"
    with pytest.raises(errors.ApiBusinessError) as raised:
        client.approve_cancellation(second)
    assert raised.value.code == 25011012
    with pytest.raises(errors.ApiNotFoundError):
        client.approve_cancellation("4035300000999999")
    sandbox.flush_pushes()
    statuses = [
        json.loads(body)["data"]["cancel_status"]
        for _h, body in receiver.received
        if json.loads(body)["type"] == const.WEBHOOK_CANCELLATION_STATUS_CHANGE
    ]
    assert statuses == [
        const.CANCELLATION_PENDING,
        const.CANCELLATION_CANCELLED,
        const.CANCELLATION_PENDING,
        const.CANCELLATION_COMPLETE,
    ]


def test_buyer_cancels_freely_while_on_hold(sandbox, client):
    sandbox.shop.on_hold_seconds = 3600
    order_id = sandbox.place_order([("MUG-1", 1)])
    sandbox.buyer_cancel(order_id)
    order = client.get_orders([order_id])[0]
    assert order["status"] == const.CANCELLED
    assert not order["is_buyer_request_cancel"]
    assert order["line_items"][0]["cancel_user"] == "BUYER"


# Returns and refunds ------------------------------------------------------------------


def test_returns_and_refunds_search(sandbox, client):
    ids = sandbox.generate_orders(14, seed=11, unpaid_ratio=0)
    return_ids = []
    for index, order_id in enumerate(ids):
        sandbox.ship_and_deliver(order_id)
        kind = "REFUND" if index % 2 else "RETURN_AND_REFUND"
        return_ids.append(sandbox.request_return(order_id, return_type=kind))
    sandbox.set_return_status(return_ids[0], "AWAITING_BUYER_SHIP")
    sandbox.set_return_status(return_ids[0], "BUYER_SHIPPED_ITEM")
    before = sandbox.call_count(const.PATH_RETURNS_SEARCH)
    found = list(client.iter_returns(page_size=3))  # raised to TikTok's minimum, 10
    assert [r["return_id"] for r in found] == return_ids
    assert sandbox.call_count(const.PATH_RETURNS_SEARCH) - before == 2
    refunds = list(client.iter_returns(return_types=["REFUND"]))
    assert len(refunds) == 7 and {r["return_type"] for r in refunds} == {"REFUND"}
    shipped = list(client.iter_returns(return_status=["BUYER_SHIPPED_ITEM"]))
    assert [r["return_id"] for r in shipped] == return_ids[:1]
    assert shipped[0]["return_tracking_number"]
    one = next(client.iter_returns(order_ids=[ids[3]]))
    line = one["return_line_items"][0]
    assert line["order_line_item_id"] and line["refund_amount"]["currency"] == "MYR"


# Finance ------------------------------------------------------------------------------


def test_statements_and_their_transactions(sandbox, client):
    ids = sandbox.generate_orders(5, seed=13, unpaid_ratio=0)
    for order_id in ids:
        sandbox.ship_and_deliver(order_id)
    refund = sandbox.request_return(ids[0], return_type="REFUND")
    sandbox.set_return_status(refund, "RETURN_OR_REFUND_REQUEST_COMPLETE")
    day = int(time.time()) // DAY * DAY
    older = sandbox.create_statement(order_ids=ids[:2], statement_time=day - DAY)
    newer = sandbox.create_statement(statement_time=day)
    statements = list(client.iter_statements(statement_time_ge=day - 2 * DAY))
    assert [s["id"] for s in statements] == [older, newer]
    assert all(
        s["payment_status"] == "PAID" and s["currency"] == "MYR" for s in statements
    )
    page = client.get_statement_transactions(newer, page_size=2)
    assert page["total_count"] == 3 and page["next_page_token"]
    transactions = list(client.iter_statement_transactions(newer, page_size=2))
    assert sorted(t["order_id"] for t in transactions) == sorted(ids[2:])
    total = sum(float(t["settlement_amount"]) for t in transactions)
    assert float(statements[1]["settlement_amount"]) == pytest.approx(total)
    assert page["total_settlement_amount"] == statements[1]["settlement_amount"]
    refunded = next(client.iter_statement_transactions(older))
    breakdown = refunded["revenue_breakdown"]
    if refunded["order_id"] == ids[0]:
        assert float(breakdown["refund_subtotal_before_discount_amount"]) < 0
    for transaction in transactions:
        assert float(transaction["settlement_amount"]) == pytest.approx(
            float(transaction["revenue_amount"])
            + float(transaction["shipping_cost_amount"])
            + float(transaction["fee_tax_amount"])
        )


# Webhooks -----------------------------------------------------------------------------


def test_webhooks_signed_duplicated_and_shuffled(sandbox, client, receiver):
    order_id = sandbox.place_order([("MUG-1", 1)], paid=False)
    sandbox.set_order_status(order_id, const.AWAITING_SHIPMENT)
    sandbox.buyer_cancel(order_id)
    queued = sandbox.pending_push_count()
    deliveries = sandbox.flush_pushes(duplicates=2, shuffle=True, seed=4)
    assert len(deliveries) == queued + 2
    assert {d["status"] for d in deliveries} == {200}
    events = []
    for headers, body in receiver.received:
        assert client.verify_webhook(body, headers["Authorization"])
        events.append(client.parse_webhook(body))
    ids = [event["tts_notification_id"] for event in events]
    assert len(set(ids)) == queued < len(ids)  # duplicates share their id
    first_seen = list(dict.fromkeys(ids))
    assert first_seen != sorted(first_seen)  # out of order
    order_events = [e for e in events if e["type"] == const.WEBHOOK_ORDER_STATUS_CHANGE]
    assert {e["data"]["order_status"] for e in order_events} >= {
        const.UNPAID,
        const.AWAITING_SHIPMENT,
    }
    assert {e["shop_id"] for e in events} == {sandbox.shop.id}
    assert sandbox.pending_push_count() == 0


def test_forged_webhooks_are_refused(sandbox, client, receiver):
    sandbox.place_order([("MUG-1", 1)])
    sandbox.flush_pushes()
    headers, body = receiver.received[0]
    assert client.verify_webhook(body, headers["Authorization"])
    forged = body.replace(b'"order_status":"', b'"order_status":"CANCEL_')
    assert not client.verify_webhook(forged, headers["Authorization"])
    other_app = clients_for_other_app(sandbox)
    assert not other_app.verify_webhook(body, headers["Authorization"])
    assert not client.verify_webhook(body, "")
    for malformed in (b"[]", b"{}", b'{"type": 1, "data": []}', b"\xff"):
        with pytest.raises(push.MalformedPush):
            client.parse_webhook(malformed)


def clients_for_other_app(sandbox):
    from ..tiktok_api import TikTokClient

    return TikTokClient("another-app", sandbox.app_secret, sandbox.base_url)
