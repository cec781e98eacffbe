"""The Shopee sandbox answers as Shopee's reference documents it.

Every API the sandbox serves is called in each form the reference
documents (optional filters, ``response_optional_fields``, request flags),
and every answer is checked against the reference's response definition
(``shopee_reference``): the envelope, required fields, documented types.
Each required request parameter, dropped, and each typed one, given a
value of another type, gets Shopee's ``error_param`` envelope; errors are
codes the API's page lists. The reference's own example answers pass the
same checker. Plain Python: sandbox and HTTP, no database.
"""

import time
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
import requests

from odoo.addons.oms_base.tests import conformance
from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.sandbox.server import API_ROUTES
from odoo.addons.oms_shopee.shopee_api import const, sign

from ..sandbox import catalog
from . import shopee_reference as reference

DAY = 86400
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


# Read at import: without the reference the module fails to collect, with
# the path it expected (ReferenceMissing), instead of passing vacuously.
SPECS = reference.read_shopee_reference()


@pytest.fixture(scope="session")
def specs():
    return SPECS


@pytest.fixture(scope="module")
def server():
    server = ShopeeSandbox(region="MY", currency="MYR")
    server.start()
    yield server
    server.stop()


class Caller:
    """Signed calls to the sandbox, as any HTTP client would make them."""

    def __init__(self, sandbox, access_token):
        self.sandbox = sandbox
        self.access_token = access_token

    def common(self, path):
        timestamp = int(time.time())
        query = {"partner_id": self.sandbox.partner_id, "timestamp": timestamp}
        public = path in const.PUBLIC_PATHS
        if not public:
            query.update(access_token=self.access_token, shop_id=self.sandbox.shop_id)
        query["sign"] = sign(
            self.sandbox.partner_key,
            path,
            timestamp,
            self.sandbox.partner_id,
            None if public else self.access_token,
            None if public else self.sandbox.shop_id,
        )
        return query

    def __call__(self, path, request=None, files=None, method=None):
        method = method or API_ROUTES[path][0]
        url = self.sandbox.base_url + path
        query = self.common(path)
        if method == "GET":
            return requests.get(url, params={**query, **(request or {})}, timeout=10)
        if files is not None:
            return requests.post(
                url, params=query, data=request or {}, files=files, timeout=10
            )
        return requests.post(url, params=query, json=request or {}, timeout=10)


def _ship(call, order_sn):
    """Arrange the shipment as a client would: parameters, then ship_order."""
    parameter = call(const.PATH_SHIPPING_PARAMETER, {"order_sn": order_sn}).json()
    info = parameter["response"]
    if info["info_needed"]["pickup"]:
        address = info["pickup"]["address_list"][0]
        body = {
            "order_sn": order_sn,
            "pickup": {
                "address_id": address["address_id"],
                "pickup_time_id": address["time_slot_list"][0]["pickup_time_id"],
            },
        }
    else:
        branch = info["dropoff"]["branch_list"][0]
        body = {"order_sn": order_sn, "dropoff": {"branch_id": branch["branch_id"]}}
    answer = call(const.PATH_SHIP_ORDER, body).json()
    assert answer["error"] == "", answer


@pytest.fixture
def world(server, specs):
    """A shop with listings, orders in each state, a return and escrows."""
    server.reset(seed=5, tracking_delay=0, document_polls=1)
    access_token, refresh_token = server.issue_tokens()
    call = Caller(server, access_token)
    tee = server.add_item(
        "Cotton Tee",
        price=29.9,
        variants=[
            {"option": "Red M", "sku": "CT-RED-M", "price": 29.9, "stock": 40},
            {"option": "Blue L", "sku": "CT-BLUE-L", "price": 31.9, "stock": 40},
        ],
    )
    mug = server.add_item(
        "Ceramic Mug", sku="MUG-1", price=12.5, stock=90, category_id=100713
    )
    order_sns = server.generate_orders(
        8, cod_ratio=0, voucher_ratio=0.5, multi_item_ratio=0.5, seed=11
    )
    # Both ways of handing a parcel over need an order waiting to ship,
    # whatever channels the generator's random draws gave.
    for seed in range(12, 60):
        if all(_ready_by_mode(server, order_sns[6:], mode) for mode in MODES):
            break
        order_sns += server.generate_orders(1, cod_ratio=0, seed=seed)
    ready, processed, in_cancel, completed, returned, cancelled = order_sns[:6]
    _ship(call, processed)
    server.set_order_status(in_cancel, "IN_CANCEL")
    for order_sn in (completed, returned):
        server.set_order_status(order_sn, "SHIPPED")
        server.set_order_status(order_sn, "COMPLETED")
    server.set_order_status(returned, "TO_RETURN", reason="ITEM_DAMAGED")
    server.set_order_status(cancelled, "CANCELLED")
    return_sn = server.order(returned)["_return_sn"]
    _holder, orders = reference._find(
        specs[const.PATH_ORDER_DETAIL].response, "response.order_list"
    )
    always = [f for f in orders.children if f.description.startswith("Return by")]
    return SimpleNamespace(
        # sent without asking (booking_sn only for advance fulfilment)
        order_default_fields=[f.name for f in always if f.required],
        order_optional_fields=[f.name for f in orders.children if f not in always],
        server=server,
        call=call,
        access_token=access_token,
        refresh_token=refresh_token,
        tee=tee,
        mug=mug,
        order_sns=order_sns,
        ready=ready,
        processed=processed,
        in_cancel=in_cancel,
        completed=completed,
        returned=returned,
        cancelled=cancelled,
        return_sn=return_sn,
        package=lambda order_sn: server.order(order_sn)["package_list"][0],
        now=int(time.time()),
    )


# ----------------------------------------------------------------------
# The forms each API is called in
# ----------------------------------------------------------------------


@dataclass
class Form:
    """One documented way of calling an API, and what must hold after."""

    path: str
    name: str
    request: object = None  # world -> query (GET) or JSON body (POST)
    files: object = None  # world -> multipart files
    error: str = ""  # the error code expected, "" for a success
    verify: object = None  # (world, payload, request) -> assertions
    base: bool = False  # the form the parameter checks start from

    @property
    def id(self):
        return f"{self.path.removeprefix('/api/v2/')}:{self.name}"


def _window(w, days=10):
    return {"time_from": w.now - days * DAY, "time_to": w.now + 60}


def _verify_return_status(w, status):
    assert w.server.shop.returns[w.return_sn]["status"] == status


def _order_list(w, **extra):
    return {"time_range_field": "create_time", "page_size": 100, **_window(w), **extra}


def _statuses(payload):
    return [o.get("order_status") for o in payload["response"]["order_list"]]


def _verify_status_filter(w, payload, request):
    expected = {
        sn
        for sn, order in w.server.shop.orders.items()
        if order["order_status"] == request["order_status"]
    }
    got = {o["order_sn"] for o in payload["response"]["order_list"]}
    assert got == expected and expected, (got, expected)
    assert set(_statuses(payload)) == {request["order_status"]}


def _verify_without_status(w, payload, request):
    assert all("order_status" not in o for o in payload["response"]["order_list"])
    assert len(payload["response"]["order_list"]) == len(w.order_sns)


def _verify_update_window(w, payload, request):
    times = {sn: o["update_time"] for sn, o in w.server.shop.orders.items()}
    got = [o["order_sn"] for o in payload["response"]["order_list"]]
    assert got and all(
        request["time_from"] <= times[sn] <= request["time_to"] for sn in got
    )
    assert set(got) == {
        sn
        for sn, stamp in times.items()
        if request["time_from"] <= stamp <= request["time_to"]
    }


def _verify_cursor(w, payload, request):
    first = payload["response"]
    assert first["more"] is True and first["next_cursor"]
    assert len(first["order_list"]) == 3
    second = w.call(
        const.PATH_ORDER_LIST, dict(request, cursor=first["next_cursor"])
    ).json()["response"]
    sns = [o["order_sn"] for o in first["order_list"] + second["order_list"]]
    assert len(sns) == len(set(sns)) == 6


def _detail_request(w, fields=None, sns=None):
    request = {"order_sn_list": ",".join(sns or w.order_sns[:6])}
    if fields:
        request["response_optional_fields"] = ",".join(fields)
    return request


def _verify_default_fields(w, payload, request):
    for order in payload["response"]["order_list"]:
        assert set(order) == set(w.order_default_fields), set(order) ^ set(
            w.order_default_fields
        )


def _verify_asked_fields(w, payload, request):
    asked = set(request["response_optional_fields"].split(","))
    for order in payload["response"]["order_list"]:
        assert set(order) - set(w.order_default_fields) <= asked


def _verify_missing_order_warning(w, payload, request):
    assert [o["order_sn"] for o in payload["response"]["order_list"]] == [w.ready]
    assert payload["warning"] and "NOTEXIST0001" in payload["warning"][0]


def _verify_pending_flag(w, payload, request):
    assert payload["response"]["order_list"]


def _verify_shipment_list(w, payload, request):
    expected = {
        sn
        for sn, order in w.server.shop.orders.items()
        if order["order_status"] == "READY_TO_SHIP"
    }
    got = {entry["order_sn"] for entry in payload["response"]["order_list"]}
    assert got == expected


def _verify_shipment_cursor(w, payload, request):
    first = payload["response"]
    assert first["more"] is True and len(first["order_list"]) == 1
    rest = w.call(
        const.PATH_SHIPMENT_LIST, {"page_size": 100, "cursor": first["next_cursor"]}
    ).json()["response"]
    assert rest["more"] is False and rest["next_cursor"] == ""
    sns = [e["order_sn"] for e in first["order_list"] + rest["order_list"]]
    assert len(sns) == len(set(sns)) > 1


def _splittable(w):
    """A READY_TO_SHIP order of two or more items, not split yet (placed
    for the purpose when the world holds none)."""
    for order_sn in w.order_sns[6:]:
        order = w.server.order(order_sn)
        if (
            order["order_status"] == "READY_TO_SHIP"
            and len(order["item_list"]) > 1
            and not order["split_up"]
        ):
            return order_sn
    (order_sn,) = w.server.generate_orders(
        1, cod_ratio=0, multi_item_ratio=1, seed=len(w.order_sns)
    )
    w.order_sns.append(order_sn)
    return order_sn


def _split_request(w, order_sn=None, drop_last=False):
    order_sn = order_sn or _splittable(w)
    items = w.server.order(order_sn)["item_list"]
    if drop_last:
        items = items[:-1]
    return {
        "order_sn": order_sn,
        "package_list": [
            {
                "item_list": [
                    {
                        "item_id": item["item_id"],
                        "model_id": item["model_id"],
                        "order_item_id": item["order_item_id"],
                        "promotion_group_id": 0,
                    }
                ]
            }
            for item in items
        ],
    }


def _split_done(w, payload, request):
    order = w.server.order(request["order_sn"])
    assert order["split_up"]
    numbers = [p["package_number"] for p in payload["response"]["package_list"]]
    assert numbers == [p["package_number"] for p in order["package_list"]]
    assert len(set(numbers)) == len(request["package_list"])


def _split_twice(w):
    request = _split_request(w)
    w.call(P.PATH_SPLIT_ORDER, request)
    return request


def _split_for_undo(w):
    request = _split_request(w)
    w.call(P.PATH_SPLIT_ORDER, request)
    return {"order_sn": request["order_sn"]}


def _unsplit_done(w, payload, request):
    order = w.server.order(request["order_sn"])
    assert not order["split_up"]
    (package,) = order["package_list"]
    assert len(package["item_list"]) == len(order["item_list"])


def _cancelled_by_seller(w, payload, request):
    order = w.server.order(request["order_sn"])
    assert order["order_status"] == "CANCELLED" and order["cancel_by"] == "seller"
    assert payload["response"]["update_time"] == order["update_time"]


def _verify_buyer_cancellation(status):
    def verify(w, payload, request):
        assert w.server.order(request["order_sn"])["order_status"] == status

    return verify


def _line(w, order_sn):
    line = w.server.order(order_sn)["item_list"][0]
    return {"item_id": line["item_id"], "model_id": line["model_id"]}


MODES = ("pickup", "dropoff")


def _ready_by_mode(server, order_sns, mode):
    modes = {c["logistics_channel_id"]: m for c, m, _carrier in catalog.CHANNELS}
    return any(
        server.order(sn)["order_status"] == "READY_TO_SHIP"
        and modes[server.order(sn)["package_list"][0]["logistics_channel_id"]] == mode
        for sn in order_sns
    )


def _mode_order(w, mode):
    """A READY_TO_SHIP order whose channel ships by ``mode``."""
    modes = {c["logistics_channel_id"]: m for c, m, _carrier in catalog.CHANNELS}
    for order_sn in w.order_sns:
        order = w.server.order(order_sn)
        channel = order["package_list"][0]["logistics_channel_id"]
        if order["order_status"] == "READY_TO_SHIP" and modes[channel] == mode:
            return order_sn
    raise AssertionError(f"the seed has no READY_TO_SHIP {mode} order")


def _pickup_body(w, **extra):
    order_sn = _mode_order(w, "pickup")
    info = w.call(const.PATH_SHIPPING_PARAMETER, {"order_sn": order_sn}).json()
    address = info["response"]["pickup"]["address_list"][0]
    return {
        "order_sn": order_sn,
        "pickup": {
            "address_id": address["address_id"],
            "pickup_time_id": address["time_slot_list"][0]["pickup_time_id"],
            **extra,
        },
    }


def _dropoff_body(w):
    order_sn = _mode_order(w, "dropoff")
    info = w.call(const.PATH_SHIPPING_PARAMETER, {"order_sn": order_sn}).json()
    branch = info["response"]["dropoff"]["branch_list"][0]
    return {
        "order_sn": order_sn,
        "package_number": w.package(order_sn)["package_number"],
        "dropoff": {"branch_id": branch["branch_id"], "sender_real_name": "Ali"},
    }


def _verify_shipped(w, payload, request):
    assert w.server.order(request["order_sn"])["order_status"] == "PROCESSED"
    assert "response" not in payload


def _verify_info_needed(mode):
    def verify(w, payload, request):
        response = payload["response"]
        assert response["info_needed"][mode]
        assert response[mode] is not None
        other = "dropoff" if mode == "pickup" else "pickup"
        assert response["info_needed"][other] == []

    return verify


def _tracking_fields(*names):
    def verify(w, payload, request):
        response = payload["response"]
        assert response["tracking_number"] == w.package(w.processed)["_tracking_number"]
        optional = {
            "plp_number",
            "first_mile_tracking_number",
            "last_mile_tracking_number",
        }
        assert optional & set(response) == set(names)

    return verify


def _document_entry(w, **extra):
    package = w.package(w.processed)
    return {
        "order_sn": w.processed,
        "package_number": package["package_number"],
        **extra,
    }


def _create_document(w):
    answer = w.call(
        const.PATH_CREATE_SHIPPING_DOCUMENT, {"order_list": [_document_entry(w)]}
    ).json()
    assert answer["error"] == "", answer


def _ready_document(w):
    _create_document(w)
    for _poll in range(3):
        w.call(
            const.PATH_SHIPPING_DOCUMENT_RESULT, {"order_list": [_document_entry(w)]}
        )


def _verify_partial_batch(w, payload, request):
    results = payload["response"]["result_list"]
    assert [bool(r.get("fail_error")) for r in results] == [False, True]
    assert payload["warning"] == [{"order_sn": "NOTEXIST0001", "package_number": ""}]


def _verify_document_status(w, payload, request):
    assert {r["status"] for r in payload["response"]["result_list"]} <= {
        "READY",
        "PROCESSING",
        "FAILED",
    }


def _verify_language(w, payload, request):
    names = [c["display_category_name"] for c in payload["response"]["category_list"]]
    assert names and all(names)


def _verify_item_statuses(w, payload, request):
    statuses = request["item_status"]
    got = payload["response"]["item"]
    assert {i["item_status"] for i in got} <= set(statuses)
    assert payload["response"]["total_count"] == sum(
        1 for i in w.server.shop.items.values() if i["item_status"] in statuses
    )


def _verify_item_window(w, payload, request):
    got = {i["item_id"] for i in payload["response"]["item"]}
    assert got == {w.mug}, got


def _verify_item_offset(w, payload, request):
    response = payload["response"]
    assert response["has_next_page"] is True and response["next_offset"] == 1
    assert len(response["item"]) == 1


def _verify_search(expected):
    def verify(w, payload, request):
        response = payload["response"]
        want = sorted(expected(w))
        assert response["item_id_list"] == want, (response, want)
        assert response["total_count"] == len(want)
        assert response["next_offset"] == ""

    return verify


def _verify_search_page(w, payload, request):
    response = payload["response"]
    assert len(response["item_id_list"]) == 1 and response["total_count"] == 2
    assert response["next_offset"] == "1"


def _verify_tax_info(w, payload, request):
    for item in payload["response"]["item_list"]:
        assert isinstance(item["tax_info"], dict)


def _verify_base_info(w, payload, request):
    items = {i["item_id"]: i for i in payload["response"]["item_list"]}
    assert items[w.tee]["has_model"] is True and "price_info" not in items[w.tee]
    assert items[w.mug]["has_model"] is False
    assert items[w.mug]["price_info"][0]["original_price"] == 12.5
    assert all("tax_info" not in i for i in items.values())
    assert all("complaint_policy" not in i for i in items.values())


def _verify_models(w, payload, request):
    response = payload["response"]
    assert [o["option"] for o in response["tier_variation"][0]["option_list"]] == [
        "Red M",
        "Blue L",
    ]
    assert {m["model_sku"] for m in response["model"]} == {"CT-RED-M", "CT-BLUE-L"}


def _image_id(w):
    answer = w.call(
        const.PATH_UPLOAD_IMAGE, {"scene": "normal"}, files={"image": ("a.png", PNG)}
    ).json()
    return answer["response"]["image_info"]["image_id"]


def _add_item_body(w):
    return {
        "original_price": 19.9,
        "description": "A mug that keeps tea warm.",
        "weight": 0.4,
        "item_name": "Thermal Mug",
        "item_status": "NORMAL",
        "dimension": {"package_height": 10, "package_length": 12, "package_width": 9},
        "logistic_info": [{"logistic_id": 20011, "enabled": True, "is_free": False}],
        "attribute_list": [
            {
                "attribute_id": 100000,
                "attribute_value_list": [
                    {"value_id": 0, "original_value_name": "No Brand"}
                ],
            }
        ],
        "category_id": 100713,
        "image": {"image_id_list": [_image_id(w)]},
        "pre_order": {"is_pre_order": False, "days_to_ship": 2},
        "item_sku": "TMUG-1",
        "condition": "NEW",
        "wholesale": [{"min_count": 5, "max_count": 10, "unit_price": 18.0}],
        "brand": {"brand_id": 0, "original_brand_name": "NoBrand"},
        "seller_stock": [{"stock": 25}],
    }


def _verify_added(w, payload, request):
    item_id = payload["response"]["item_id"]
    item = w.server.shop.items[item_id]
    assert item["item_name"] == "Thermal Mug" and item["item_sku"] == "TMUG-1"
    assert item["_models"][0]["stock"] == 25


def _update_item_body(w):
    return {
        "item_id": w.mug,
        "item_name": "Ceramic Mug 350 ml",
        "description": "Dishwasher safe.",
        "weight": 0.5,
        "pre_order": {"days_to_ship": 3, "is_pre_order": False},
        "attribute_list": [
            {
                "attribute_id": 100000,
                "attribute_value_list": [{"value_id": 1013}],
            }
        ],
        "image": {"image_id_list": [_image_id(w)]},
        "item_sku": "MUG-1",
        "logistic_info": [{"logistic_id": 20011, "enabled": True}],
        "wholesale": [{"min_count": 5, "unit_price": 11.0, "max_count": 9}],
        "dimension": {"package_height": 9, "package_length": 9, "package_width": 9},
        "condition": "NEW",
        "brand": {"brand_id": 1013, "original_brand_name": "Tefal"},
    }


def _verify_updated(w, payload, request):
    item = w.server.shop.items[w.mug]
    assert item["item_name"] == "Ceramic Mug 350 ml" and item["weight"] == 0.5
    assert payload["response"]["item_name"] == "Ceramic Mug 350 ml"


def _verify_updated_name(w, payload, request):
    assert w.server.shop.items[w.mug]["item_name"] == "Ceramic Mug 350 ml"
    assert w.server.shop.items[w.mug]["weight"] == 0.3, "other fields are kept"


def _verify_deleted(w, payload, request):
    assert w.server.shop.items[w.mug]["item_status"] == "SELLER_DELETE"


def _verify_unlisted(w, payload, request):
    assert w.server.shop.items[w.mug]["item_status"] == "UNLIST"
    assert payload["response"]["success_list"] == [{"item_id": w.mug, "unlist": True}]


def _verify_price(w, payload, request):
    assert w.server.model_price("MUG-1") == 13.5


def _verify_stock(w, payload, request):
    assert w.server.sellable_quantity("CT-RED-M") == 7


def _models_of(w):
    return list(w.server.shop.items[w.tee]["_models"])


def _return_list(w, **extra):
    return {"page_no": 0, "page_size": 50, **extra}


def _verify_returns(expected):
    def verify(w, payload, request):
        got = [r["return_sn"] for r in payload["response"]["return"]]
        assert got == ([w.return_sn] if expected else []), got

    return verify


def _verify_dispute_types(w, payload, request):
    detail = payload["response"]
    assert isinstance(detail["dispute_reason"], int)
    assert isinstance(detail["dispute_text_reason"], str)


def _verify_escrow(w, payload, request):
    income = payload["response"]["order_income"]
    assert payload["response"]["order_sn"] == request["order_sn"]
    assert income["escrow_amount"] > 0


def _verify_escrow_batch(w, payload, request):
    results = payload["response"]
    assert [bool(r.get("fail_error")) for r in results] == [False, False, True]


def _verify_escrow_list(w, payload, request):
    got = {e["order_sn"] for e in payload["response"]["escrow_list"]}
    assert got == {w.completed, w.returned}


def _verify_escrow_page(w, payload, request):
    response = payload["response"]
    assert response["more"] is False and len(response["escrow_list"]) == 1


def _verify_token(w, payload, request):
    assert payload["access_token"] and payload["refresh_token"]
    assert payload["expire_in"] == 4 * 3600


def _code(w):
    return w.server.authorize()


def _asking(build, *args):
    """A request builder with its arguments bound (forms made in a loop)."""
    return lambda w: build(w, *args)


P = const
FORMS = [
    Form(P.PATH_SHOP_INFO, "plain", lambda w: {}, base=True),
    # Orders
    Form(P.PATH_ORDER_LIST, "create_time", lambda w: _order_list(w), base=True),
    Form(
        P.PATH_ORDER_LIST,
        "update_time",
        lambda w: dict(_order_list(w), time_range_field="update_time"),
        verify=_verify_update_window,
    ),
    Form(
        P.PATH_ORDER_LIST,
        "order_status",
        lambda w: _order_list(
            w, order_status="READY_TO_SHIP", response_optional_fields="order_status"
        ),
        verify=_verify_status_filter,
    ),
    Form(
        P.PATH_ORDER_LIST,
        "without_optional_fields",
        lambda w: _order_list(w),
        verify=_verify_without_status,
    ),
    Form(
        P.PATH_ORDER_LIST,
        "cursor",
        lambda w: dict(_order_list(w), page_size=3, cursor=""),
        verify=_verify_cursor,
    ),
    Form(
        P.PATH_ORDER_LIST,
        "request_order_status_pending",
        lambda w: _order_list(
            w, request_order_status_pending="true", order_status="PENDING"
        ),
    ),
    Form(
        P.PATH_ORDER_LIST,
        "logistics_channel_id",
        lambda w: _order_list(w, logistics_channel_id=20011),
    ),
    Form(
        P.PATH_ORDER_LIST,
        "window_over_15_days",
        lambda w: _order_list(w, time_from=w.now - 16 * DAY),
        error="order.order_list_invalid_time",
    ),
    Form(
        P.PATH_ORDER_LIST,
        "unknown_status",
        lambda w: _order_list(w, order_status="LOST"),
        error="error_param",
    ),
    Form(
        P.PATH_ORDER_DETAIL,
        "default_fields",
        lambda w: _detail_request(w),
        verify=_verify_default_fields,
    ),
    Form(
        P.PATH_ORDER_DETAIL,
        "every_optional_field",
        lambda w: _detail_request(w, w.order_optional_fields),
        verify=_verify_asked_fields,
        base=True,
    ),
    *[
        Form(
            P.PATH_ORDER_DETAIL,
            f"optional_{name.replace(',', '_')}",
            _asking(_detail_request, name.split(",")),
            verify=_verify_asked_fields,
        )
        for name in (
            "item_list",
            "package_list",
            "recipient_address",
            "invoice_data",
            "buyer_user_id,buyer_username,pay_time,total_amount",
        )
    ],
    Form(
        P.PATH_ORDER_DETAIL,
        "request_order_status_pending",
        lambda w: dict(_detail_request(w), request_order_status_pending="true"),
        verify=_verify_pending_flag,
    ),
    Form(
        P.PATH_ORDER_DETAIL,
        "one_unknown_order",
        lambda w: _detail_request(w, sns=[w.ready, "NOTEXIST0001"]),
        verify=_verify_missing_order_warning,
    ),
    Form(
        P.PATH_ORDER_DETAIL,
        "over_50",
        lambda w: _detail_request(w, sns=[f"SN{i:012d}" for i in range(51)]),
        error="error_param",
    ),
    Form(
        P.PATH_SHIPMENT_LIST,
        "page",
        lambda w: {"page_size": 100},
        verify=_verify_shipment_list,
        base=True,
    ),
    Form(
        P.PATH_SHIPMENT_LIST,
        "cursor",
        lambda w: {"page_size": 1, "cursor": ""},
        verify=_verify_shipment_cursor,
    ),
    Form(
        P.PATH_CANCEL_ORDER,
        "out_of_stock",
        lambda w: {
            "order_sn": w.ready,
            "cancel_reason": "OUT_OF_STOCK",
            "item_list": [_line(w, w.ready)],
        },
        verify=_cancelled_by_seller,
        base=True,
    ),
    Form(
        P.PATH_CANCEL_ORDER,
        "customer_request",
        lambda w: {"order_sn": w.ready, "cancel_reason": "CUSTOMER_REQUEST"},
        verify=_cancelled_by_seller,
    ),
    Form(
        P.PATH_CANCEL_ORDER,
        "out_of_stock_without_items",
        lambda w: {"order_sn": w.ready, "cancel_reason": "OUT_OF_STOCK"},
        error="error_param",
    ),
    Form(
        P.PATH_CANCEL_ORDER,
        "shipped_order",
        lambda w: {"order_sn": w.completed, "cancel_reason": "CUSTOMER_REQUEST"},
        error="order.error_limit",
    ),
    Form(
        P.PATH_SPLIT_ORDER,
        "one_package_per_item",
        _split_request,
        verify=_split_done,
        base=True,
    ),
    Form(
        P.PATH_SPLIT_ORDER,
        "missing_item",
        lambda w: _split_request(w, drop_last=True),
        error="order.order_split_package_missing_item",
    ),
    Form(
        P.PATH_SPLIT_ORDER,
        "already_split",
        _split_twice,
        error="order.order_has_been_split",
    ),
    Form(
        P.PATH_SPLIT_ORDER,
        "not_ready_to_ship",
        lambda w: {
            "order_sn": w.completed,
            "package_list": [{"item_list": [_line(w, w.completed)]}] * 2,
        },
        error="order.order_split_failed",
    ),
    Form(
        P.PATH_UNSPLIT_ORDER,
        "split_order",
        _split_for_undo,
        verify=_unsplit_done,
        base=True,
    ),
    Form(
        P.PATH_UNSPLIT_ORDER,
        "never_split",
        lambda w: {"order_sn": _splittable(w)},
        error="order.order_cannot_undo_split",
    ),
    Form(
        P.PATH_HANDLE_BUYER_CANCELLATION,
        "accept",
        lambda w: {"order_sn": w.in_cancel, "operation": "ACCEPT"},
        verify=_verify_buyer_cancellation("CANCELLED"),
        base=True,
    ),
    Form(
        P.PATH_HANDLE_BUYER_CANCELLATION,
        "reject",
        lambda w: {"order_sn": w.in_cancel, "operation": "REJECT"},
        verify=_verify_buyer_cancellation("READY_TO_SHIP"),
    ),
    Form(
        P.PATH_HANDLE_BUYER_CANCELLATION,
        "not_in_cancel",
        lambda w: {"order_sn": w.ready, "operation": "ACCEPT"},
        error="order.cancel_order_invalid_status",
    ),
    # Logistics
    Form(P.PATH_CHANNEL_LIST, "plain", lambda w: {}, base=True),
    Form(
        P.PATH_SHIPPING_PARAMETER,
        "pickup",
        lambda w: {"order_sn": _mode_order(w, "pickup")},
        verify=_verify_info_needed("pickup"),
        base=True,
    ),
    Form(
        P.PATH_SHIPPING_PARAMETER,
        "dropoff_with_package_number",
        lambda w: {
            "order_sn": _mode_order(w, "dropoff"),
            "package_number": w.package(_mode_order(w, "dropoff"))["package_number"],
        },
        verify=_verify_info_needed("dropoff"),
    ),
    Form(
        P.PATH_SHIPPING_PARAMETER,
        "unknown_package",
        lambda w: {"order_sn": w.ready, "package_number": "OFG000"},
        error="logistics.package_number_not_exist",
    ),
    Form(
        P.PATH_SHIP_ORDER,
        "pickup",
        lambda w: _pickup_body(w),
        verify=_verify_shipped,
        base=True,
    ),
    Form(P.PATH_SHIP_ORDER, "dropoff", _dropoff_body, verify=_verify_shipped),
    Form(
        P.PATH_SHIP_ORDER,
        "two_modes",
        lambda w: dict(_pickup_body(w), dropoff={"branch_id": 7001}),
        error="logistics.ship_order_only_support_one_type",
    ),
    Form(
        P.PATH_TRACKING_NUMBER,
        "plain",
        lambda w: {"order_sn": w.processed},
        verify=_tracking_fields(),
        base=True,
    ),
    Form(
        P.PATH_TRACKING_NUMBER,
        "every_optional_field",
        lambda w: {
            "order_sn": w.processed,
            "package_number": w.package(w.processed)["package_number"],
            "response_optional_fields": (
                "plp_number,first_mile_tracking_number,last_mile_tracking_number"
            ),
        },
        verify=_tracking_fields(
            "plp_number", "first_mile_tracking_number", "last_mile_tracking_number"
        ),
    ),
    Form(
        P.PATH_TRACKING_NUMBER,
        "plp_number",
        lambda w: {"order_sn": w.processed, "response_optional_fields": "plp_number"},
        verify=_tracking_fields("plp_number"),
    ),
    Form(
        P.PATH_SHIPPING_DOCUMENT_PARAMETER,
        "one_order",
        lambda w: {"order_list": [_document_entry(w)]},
        base=True,
    ),
    Form(
        P.PATH_SHIPPING_DOCUMENT_PARAMETER,
        "one_unknown_order",
        lambda w: {
            "order_list": [{"order_sn": w.processed}, {"order_sn": "NOTEXIST0001"}]
        },
        verify=_verify_partial_batch,
    ),
    Form(
        P.PATH_SHIPPING_DOCUMENT_PARAMETER,
        "all_failed",
        lambda w: {"order_list": [{"order_sn": "NOTEXIST0001"}]},
        error="common.batch_api_all_failed",
    ),
    Form(
        P.PATH_CREATE_SHIPPING_DOCUMENT,
        "with_type_and_tracking_number",
        lambda w: {
            "order_list": [
                _document_entry(
                    w,
                    tracking_number=w.package(w.processed)["_tracking_number"],
                    shipping_document_type="THERMAL_AIR_WAYBILL",
                )
            ]
        },
        base=True,
    ),
    Form(
        P.PATH_CREATE_SHIPPING_DOCUMENT,
        "one_unknown_order",
        lambda w: {"order_list": [_document_entry(w), {"order_sn": "NOTEXIST0001"}]},
        verify=_verify_partial_batch,
    ),
    Form(
        P.PATH_SHIPPING_DOCUMENT_RESULT,
        "after_create",
        lambda w: (
            _create_document(w),
            {
                "order_list": [
                    _document_entry(w, shipping_document_type="THERMAL_AIR_WAYBILL")
                ]
            },
        )[1],
        verify=_verify_document_status,
        base=True,
    ),
    Form(
        P.PATH_SHIPPING_DOCUMENT_RESULT,
        "not_created",
        lambda w: {"order_list": [_document_entry(w)]},
        error="common.batch_api_all_failed",
    ),
    Form(
        P.PATH_DOWNLOAD_SHIPPING_DOCUMENT,
        "ready",
        lambda w: (
            _ready_document(w),
            {
                "shipping_document_type": "THERMAL_AIR_WAYBILL",
                "order_list": [_document_entry(w)],
            },
        )[1],
        base=True,
    ),
    Form(
        P.PATH_DOWNLOAD_SHIPPING_DOCUMENT,
        "not_created",
        lambda w: {"order_list": [_document_entry(w)]},
        error="logistics.shipping_document_should_print_first",
    ),
    # Products
    Form(P.PATH_CATEGORY, "default_language", lambda w: {}, base=True),
    *[
        Form(
            P.PATH_CATEGORY,
            f"language_{language}",
            _asking(lambda w, language: {"language": language}, language),
            verify=_verify_language,
        )
        for language in ("en", "ms-my", "zh-hans")
    ],
    Form(
        P.PATH_CATEGORY,
        "unsupported_language",
        lambda w: {"language": "th"},
        error="error_invalid_language",
    ),
    Form(
        P.PATH_ATTRIBUTE_TREE,
        "categories",
        lambda w: {"category_id_list": "100017,100664"},
        base=True,
    ),
    Form(
        P.PATH_ATTRIBUTE_TREE,
        "language",
        lambda w: {"category_id_list": "100713", "language": "ms"},
    ),
    Form(
        P.PATH_ATTRIBUTE_TREE,
        "unsupported_language",
        lambda w: {"category_id_list": "100713", "language": "th"},
        error="error_invalid_language",
    ),
    Form(
        P.PATH_ATTRIBUTE_TREE,
        "unknown_category",
        lambda w: {"category_id_list": "42"},
        error="error_invalid_category",
    ),
    Form(
        P.PATH_ITEM_LIST,
        "normal",
        lambda w: {"offset": 0, "page_size": 100, "item_status": ["NORMAL"]},
        verify=_verify_item_statuses,
        base=True,
    ),
    Form(
        P.PATH_ITEM_LIST,
        "several_statuses",
        lambda w: (
            w.server.shop.items[w.mug].update(item_status="UNLIST"),
            {"offset": 0, "page_size": 100, "item_status": ["NORMAL", "UNLIST"]},
        )[1],
        verify=_verify_item_statuses,
    ),
    Form(
        P.PATH_ITEM_LIST,
        "update_time_window",
        lambda w: (
            w.server.shop.items[w.tee].update(update_time=w.now - 5 * DAY),
            {
                "offset": 0,
                "page_size": 100,
                "item_status": ["NORMAL"],
                "update_time_from": w.now - DAY,
                "update_time_to": w.now + 60,
            },
        )[1],
        verify=_verify_item_window,
    ),
    Form(
        P.PATH_ITEM_LIST,
        "offset",
        lambda w: {"offset": 0, "page_size": 1, "item_status": ["NORMAL"]},
        verify=_verify_item_offset,
    ),
    Form(
        P.PATH_ITEM_LIST,
        "unknown_status",
        lambda w: {"offset": 0, "page_size": 10, "item_status": ["SOLD"]},
        error="error_param_item_status",
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "item_sku",
        lambda w: {"page_size": 10, "item_sku": "MUG-1"},
        verify=_verify_search(lambda w: [w.mug]),
        base=True,
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "model_sku",
        lambda w: {"page_size": 10, "item_sku": "CT-BLUE-L", "item_name": "mug"},
        verify=_verify_search(lambda w: [w.tee]),
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "item_name",
        lambda w: {"page_size": 10, "item_name": "cotton"},
        verify=_verify_search(lambda w: [w.tee]),
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "unknown_sku",
        lambda w: {"page_size": 10, "item_sku": "NOT-LISTED"},
        verify=_verify_search(lambda w: []),
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "lacking_optional_attribute",
        lambda w: {"page_size": 10, "attribute_status": 2},
        verify=_verify_search(lambda w: [w.tee]),
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "status",
        lambda w: (
            w.server.shop.items[w.mug].update(item_status="UNLIST"),
            {"page_size": 10, "item_sku": "MUG-1", "item_status": ["NORMAL"]},
        )[1],
        verify=_verify_search(lambda w: []),
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "offset",
        lambda w: {"page_size": 1, "item_name": "c"},
        verify=_verify_search_page,
    ),
    Form(
        P.PATH_SEARCH_ITEM,
        "no_criterion",
        lambda w: {"page_size": 10},
        error="error_param",
    ),
    Form(
        P.PATH_ITEM_BASE_INFO,
        "items",
        lambda w: {"item_id_list": f"{w.tee},{w.mug}"},
        verify=_verify_base_info,
        base=True,
    ),
    Form(
        P.PATH_ITEM_BASE_INFO,
        "need_tax_info",
        lambda w: {"item_id_list": f"{w.tee},{w.mug}", "need_tax_info": "true"},
        verify=_verify_tax_info,
    ),
    Form(
        P.PATH_ITEM_BASE_INFO,
        "need_complaint_policy",
        lambda w: {"item_id_list": str(w.mug), "need_complaint_policy": "true"},
    ),
    Form(
        P.PATH_ITEM_BASE_INFO,
        "over_50",
        lambda w: {"item_id_list": ",".join(str(i) for i in range(1, 52))},
        error="error_param",
    ),
    Form(
        P.PATH_MODEL_LIST,
        "with_models",
        lambda w: {"item_id": w.tee},
        verify=_verify_models,
        base=True,
    ),
    Form(P.PATH_MODEL_LIST, "without_models", lambda w: {"item_id": w.mug}),
    Form(
        P.PATH_MODEL_LIST,
        "unknown_item",
        lambda w: {"item_id": 1},
        error="error_item_not_found",
    ),
    Form(P.PATH_ADD_ITEM, "full", _add_item_body, verify=_verify_added, base=True),
    Form(
        P.PATH_ADD_ITEM,
        "required_only",
        lambda w: {
            key: value
            for key, value in _add_item_body(w).items()
            if key
            in (
                "original_price",
                "description",
                "weight",
                "item_name",
                "logistic_info",
                "category_id",
                "image",
                "attribute_list",
            )
        },
    ),
    Form(
        P.PATH_ADD_ITEM,
        "category_with_children",
        lambda w: dict(_add_item_body(w), category_id=100001),
        error="error_invalid_category",
    ),
    Form(
        P.PATH_UPDATE_ITEM,
        "full",
        _update_item_body,
        verify=_verify_updated,
        base=True,
    ),
    Form(
        P.PATH_UPDATE_ITEM,
        "name_only",
        lambda w: {"item_id": w.mug, "item_name": "Ceramic Mug 350 ml"},
        verify=_verify_updated_name,
    ),
    Form(
        P.PATH_DELETE_ITEM,
        "item",
        lambda w: {"item_id": w.mug},
        verify=_verify_deleted,
        base=True,
    ),
    Form(
        P.PATH_DELETE_ITEM,
        "unknown_item",
        lambda w: {"item_id": 1},
        error="error_item_not_found",
    ),
    Form(
        P.PATH_UNLIST_ITEM,
        "unlist",
        lambda w: {"item_list": [{"item_id": w.mug, "unlist": True}]},
        verify=_verify_unlisted,
        base=True,
    ),
    Form(
        P.PATH_UPDATE_PRICE,
        "item_without_models",
        lambda w: {
            "item_id": w.mug,
            "price_list": [{"model_id": 0, "original_price": 13.5}],
        },
        verify=_verify_price,
        base=True,
    ),
    Form(
        P.PATH_UPDATE_PRICE,
        "models",
        lambda w: {
            "item_id": w.tee,
            "price_list": [
                {"model_id": model_id, "original_price": 30.0}
                for model_id in _models_of(w)
            ],
        },
    ),
    Form(
        P.PATH_UPDATE_STOCK,
        "model",
        lambda w: {
            "item_id": w.tee,
            "stock_list": [
                {
                    "model_id": _models_of(w)[0],
                    "seller_stock": [{"location_id": "", "stock": 7}],
                }
            ],
        },
        verify=_verify_stock,
        base=True,
    ),
    Form(
        P.PATH_UPLOAD_IMAGE,
        "one_png",
        lambda w: {"scene": "normal", "ratio": "1:1"},
        files=lambda w: {"image": ("a.png", PNG)},
        base=True,
    ),
    Form(
        P.PATH_UPLOAD_IMAGE,
        "description_scene",
        lambda w: {"scene": "desc"},
        files=lambda w: {"image": ("a.png", PNG)},
    ),
    Form(
        P.PATH_UPLOAD_IMAGE,
        "not_an_image",
        lambda w: {},
        files=lambda w: {"image": ("a.txt", b"hello")},
        error="error_param",
    ),
    # Returns
    Form(
        P.PATH_RETURN_LIST,
        "page",
        lambda w: _return_list(w),
        verify=_verify_returns(True),
        base=True,
    ),
    Form(
        P.PATH_RETURN_LIST,
        "create_time",
        lambda w: _return_list(
            w, create_time_from=w.now - DAY, create_time_to=w.now + 60
        ),
        verify=_verify_returns(True),
    ),
    Form(
        P.PATH_RETURN_LIST,
        "update_time_before",
        lambda w: _return_list(
            w, update_time_from=w.now - 9 * DAY, update_time_to=w.now - 8 * DAY
        ),
        verify=_verify_returns(False),
    ),
    *[
        Form(
            P.PATH_RETURN_LIST,
            f"{name}_{'match' if match else 'other'}",
            _asking(
                lambda w, name, value: _return_list(w, **{name: value}), name, value
            ),
            verify=_verify_returns(match),
        )
        for name, value, match in (
            ("status", "REQUESTED", True),
            ("status", "ACCEPTED", False),
            ("negotiation_status", "TERMINATED", True),
            ("negotiation_status", "PENDING_RESPOND", False),
            ("seller_proof_status", "NOT_NEEDED", True),
            ("seller_proof_status", "PENDING", False),
            ("seller_compensation_status", "COMPENSATION_NOT_APPLICABLE", True),
            ("seller_compensation_status", "COMPENSATION_REQUESTED", False),
        )
    ],
    Form(
        P.PATH_RETURN_LIST,
        "unknown_status",
        lambda w: _return_list(w, status="LOST"),
        error="error_param",
    ),
    Form(
        P.PATH_RETURN_DETAIL,
        "return",
        lambda w: {"return_sn": w.return_sn},
        verify=_verify_dispute_types,
        base=True,
    ),
    Form(
        P.PATH_RETURN_DETAIL,
        "unknown_return",
        lambda w: {"return_sn": "NOTEXIST0001"},
        error="error_data",
    ),
    Form(
        P.PATH_RETURN_CONFIRM,
        "return",
        lambda w: {"return_sn": w.return_sn},
        verify=lambda w, payload, request: _verify_return_status(w, "CLOSED"),
        base=True,
    ),
    Form(
        P.PATH_RETURN_CONFIRM,
        "unknown_return",
        lambda w: {"return_sn": "NOTEXIST0001"},
        error="error_data",
    ),
    Form(
        P.PATH_RETURN_DISPUTE_REASON,
        "return",
        lambda w: {"return_sn": w.return_sn},
        base=True,
    ),
    Form(
        P.PATH_RETURN_DISPUTE,
        "return",
        lambda w: {
            "return_sn": w.return_sn,
            "email": "seller@example.com",
            "dispute_reason_id": 50,
            "dispute_text_reason": "The item came back used",
            "image_list": [
                {
                    "module_index": 1,
                    "requirement": "Photo(s) of the returned item",
                    "image_url": ["https://img.example/proof.jpg"],
                }
            ],
        },
        verify=lambda w, payload, request: _verify_return_status(w, "SELLER_DISPUTE"),
        base=True,
    ),
    Form(
        P.PATH_RETURN_DISPUTE,
        "unknown_reason",
        lambda w: {
            "return_sn": w.return_sn,
            "email": "seller@example.com",
            "dispute_reason_id": 9999,
        },
        error="dispute.request.param.error",
    ),
    Form(
        P.PATH_RETURN_OFFER,
        "partial_refund",
        lambda w: {
            "return_sn": w.return_sn,
            "proposed_solution": "REFUND",
            "proposed_adjusted_refund_amount": 1.0,
        },
        verify=lambda w, payload, request: _verify_return_status(w, "REQUESTED"),
        base=True,
    ),
    Form(
        P.PATH_RETURN_OFFER,
        "more_than_the_refund",
        lambda w: {
            "return_sn": w.return_sn,
            "proposed_solution": "REFUND",
            "proposed_adjusted_refund_amount": 10**9 * 1.0,
        },
        error="error_param",
    ),
    # Finance
    Form(
        P.PATH_ESCROW_DETAIL,
        "completed",
        lambda w: {"order_sn": w.completed},
        verify=_verify_escrow,
        base=True,
    ),
    Form(P.PATH_ESCROW_DETAIL, "returned", lambda w: {"order_sn": w.returned}),
    Form(P.PATH_ESCROW_DETAIL, "cancelled", lambda w: {"order_sn": w.cancelled}),
    Form(
        P.PATH_ESCROW_DETAIL,
        "unknown_order",
        lambda w: {"order_sn": "NOTEXIST0001"},
        error="order_not_found",
    ),
    Form(
        P.PATH_ESCROW_DETAIL_BATCH,
        "orders",
        lambda w: {"order_sn_list": [w.completed, w.returned, "NOTEXIST0001"]},
        verify=_verify_escrow_batch,
        base=True,
    ),
    Form(
        P.PATH_ESCROW_LIST,
        "released",
        lambda w: {
            "release_time_from": w.now - DAY,
            "release_time_to": w.now + 60,
            "page_size": 100,
            "page_no": 1,
        },
        verify=_verify_escrow_list,
        base=True,
    ),
    Form(
        P.PATH_ESCROW_LIST,
        "default_page",
        lambda w: {"release_time_from": w.now - DAY, "release_time_to": w.now + 60},
        verify=_verify_escrow_list,
    ),
    Form(
        P.PATH_ESCROW_LIST,
        "second_page",
        lambda w: {
            "release_time_from": w.now - DAY,
            "release_time_to": w.now + 60,
            "page_size": 1,
            "page_no": 2,
        },
        verify=_verify_escrow_page,
    ),
    # Authorization
    Form(
        P.PATH_TOKEN_GET,
        "shop",
        lambda w: {
            "code": _code(w),
            "partner_id": w.server.partner_id,
            "shop_id": w.server.shop_id,
        },
        verify=_verify_token,
        base=True,
    ),
    Form(
        P.PATH_TOKEN_GET,
        "used_code",
        lambda w: {
            "code": "0" * 32,
            "partner_id": w.server.partner_id,
            "shop_id": w.server.shop_id,
        },
        error="invalid_code",
    ),
    Form(
        P.PATH_TOKEN_REFRESH,
        "shop",
        lambda w: {
            "refresh_token": w.refresh_token,
            "partner_id": w.server.partner_id,
            "shop_id": w.server.shop_id,
        },
        verify=_verify_token,
        base=True,
    ),
]


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------

SERVED = set(API_ROUTES) | {const.PATH_AUTH_PARTNER}
_BINARY = {const.PATH_DOWNLOAD_SHIPPING_DOCUMENT}


def _send(w, form):
    request = form.request(w) if form.request else {}
    files = form.files(w) if form.files else None
    return request, w.call(form.path, request, files=files)


def check_envelope(payload, spec, error=""):
    """Shopee's envelope: request_id always, error and message strings."""
    assert isinstance(payload.get("request_id"), str) and payload["request_id"]
    assert isinstance(payload.get("error"), str)
    assert isinstance(payload.get("message"), str)
    if error:
        assert payload["error"] == error, payload
        assert payload["message"], "an error has its message"
        assert error in spec.error_codes, f"{error} is not a documented error"
    else:
        assert payload["error"] == "" and payload["message"] == "", payload


def check_success(payload, spec, request):
    check_envelope(payload, spec)
    problems = reference.check_answer(payload, reference.fields_for(spec, request))
    assert not problems, "\n".join(map(str, problems))


def test_every_served_api_has_its_reference_page(specs):
    without = {path for path in SERVED if path not in specs}
    assert without == set(reference.NO_REFERENCE), without
    for path in SERVED & set(specs):
        assert API_ROUTES[path][0] in specs[path].methods, path


def test_every_served_api_is_called(specs):
    called = {form.path for form in FORMS}
    assert called == SERVED - set(reference.NO_REFERENCE)
    bases = [form.path for form in FORMS if form.base]
    assert sorted(bases) == sorted(called), "one base form per API"


@pytest.mark.parametrize("path", sorted(SERVED - set(reference.NO_REFERENCE) - _BINARY))
def test_reference_examples_pass_the_checker(specs, path):
    spec = specs[path]
    assert spec.examples, f"{path} has no example answer"
    erratum = reference.ERRATA.get(path)
    excused = erratum.example_excused if erratum else ()
    for example in spec.examples:
        problems = [
            str(problem)
            for problem in reference.check_answer(
                example["response"], reference.fields_for(spec, {})
            )
        ]
        assert [p for p in problems if not p.startswith(excused)] == [], problems
        for reason in excused:
            assert any(p.startswith(reason) for p in problems), (
                f"erratum no longer needed: {reason}"
            )


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.id)
def test_answer_matches_the_reference(specs, world, form):
    spec = specs[form.path]
    request, answer = _send(world, form)
    assert answer.status_code == 200
    if form.path in _BINARY and not form.error:
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF")
        return
    payload = answer.json()
    if form.error:
        check_envelope(payload, spec, form.error)
    else:
        check_success(payload, spec, request)
    if form.verify:
        form.verify(world, payload, request)


def _base(path):
    return next(form for form in FORMS if form.path == path and form.base)


# Optional request objects the suite does not send (so their required
# children are not dropped): they belong to other markets than the emulated
# Malaysian shop.
NOT_SENT = {
    P.PATH_ADD_ITEM: {
        "tax_info": "BR, IN, PL and TW tax data",
        "complaint_policy": "PL sellers only",
        "compatibility_info": "auto parts vehicle compatibility",
        "certification_info": "PH product certification",
        "description_info": "whitelisted sellers only",
        "promotion_images": "optional promotion image",
        "size_chart_info": "size chart templates",
        "purchase_limit_info": "purchase limits",
    },
    P.PATH_UPDATE_ITEM: {
        "tax_info": "BR, IN, PL and TW tax data",
        "complaint_policy": "PL sellers only",
        "compatibility_info": "auto parts vehicle compatibility",
        "certification_info": "PH product certification",
        "description_info": "whitelisted sellers only",
        "promotion_images": "optional promotion image",
        "size_chart_info": "size chart templates",
        "purchase_limit_info": "purchase limits",
    },
}


def _required_paths(params, prefix="", not_sent=()):
    """Dotted paths of the required parameters, nested ones included."""
    for param in params:
        where = f"{prefix}{param.name}"
        if where in not_sent:
            continue
        if param.required:
            yield where
        yield from _required_paths(param.children, f"{where}.", not_sent)


def _value_at(request, path):
    """The value at a dotted path (first element of lists), or KeyError."""
    value = request
    for name in path.split("."):
        if isinstance(value, list):
            value = value[0]
        value = value[name]
    return value


def _drop(request, path):
    head, _sep, rest = path.rpartition(".")
    holder = _value_at(request, head) if head else request
    if isinstance(holder, list):
        holder = holder[0]
    del holder[rest]


REQUIRED_CASES = [
    (path, where)
    for path in sorted(SERVED - set(reference.NO_REFERENCE))
    for where in _required_paths(SPECS[path].params, not_sent=NOT_SENT.get(path, {}))
]

_WRONG = "not-a-value"
TYPED_CASES = [
    (path, param.name)
    for path in sorted(SERVED - set(reference.NO_REFERENCE))
    for param in SPECS[path].params
    if param.kind in ("number", "boolean")
    or (API_ROUTES[path][0] == "POST" and param.kind in ("object", "array"))
    or (param.kind == "array" and param.item_kind == "number")
]


def _base_request(world, path):
    form = _base(path)
    request = form.request(world) if form.request else {}
    files = form.files(world) if form.files else None
    return request, files


@pytest.mark.parametrize(
    "path, param", REQUIRED_CASES, ids=[f"{p[8:]}:{n}" for p, n in REQUIRED_CASES]
)
def test_missing_required_parameter(world, path, param):
    """Every required parameter, dropped from a valid request, is refused
    with Shopee's error_param envelope."""
    request, files = _base_request(world, path)
    if files is not None and param in files:
        files = {k: v for k, v in files.items() if k != param}
    else:
        head = param.rpartition(".")[0]
        if head:
            assert _value_at(request, head) is not None, f"base form sends {head}"
        _value_at(request, param)  # the base form sends it (else KeyError)
        _drop(request, param)
    payload = world.call(path, request, files=files).json()
    check_envelope(payload, SPECS[path], "error_param")
    assert param.rpartition(".")[2] in payload["message"], payload["message"]


@pytest.mark.parametrize(
    "path, param", TYPED_CASES, ids=[f"{p[8:]}:{n}" for p, n in TYPED_CASES]
)
def test_parameter_of_another_type(world, path, param):
    """A value of another type than documented is refused with error_param."""
    request, files = _base_request(world, path)
    request[param] = _WRONG
    payload = world.call(path, request, files=files).json()
    check_envelope(payload, SPECS[path], "error_param")
    assert param in payload["message"], payload["message"]


def test_wrong_http_method_is_refused(world):
    payload = world.call(const.PATH_ORDER_LIST, {}, method="POST").json()
    check_envelope(payload, SPECS[const.PATH_ORDER_LIST], "error_param")


def test_missing_reference_fails_loudly(tmp_path):
    """Without the reference the suite fails with where it looked."""
    with pytest.raises(conformance.ReferenceMissing, match="api-docs"):
        conformance.reference_root(tmp_path / "repo")
    (tmp_path / "api-docs" / "shopee" / "reference").mkdir(parents=True)
    with pytest.raises(conformance.ReferenceMissing, match="No Shopee API"):
        reference.read_shopee_reference(tmp_path)
