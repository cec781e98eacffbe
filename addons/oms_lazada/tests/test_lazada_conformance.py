"""The Lazada sandbox against Lazada's own API reference (plain Python).

Every API the sandbox serves is called the ways the reference documents it
(its example request, XML and JSON payloads, one SKU or several, the
optional filters), signed and sent like Lazada's SDK sends it; every answer
is checked against the reference's response definition (envelope, required
fields, documented types). Each mandatory parameter left out is refused
with MissingParameter, documented invalid values with the API's documented
code. The reference's own example responses pass the same checker.

The reference lives next to the repository (../shared/reference): without
it these tests fail, they do not skip.
"""

import base64
import hashlib
import hmac
import json
import logging
import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from odoo.addons.oms_base.tests import conformance
from odoo.addons.oms_base.tests.conformance import Field
from odoo.addons.oms_lazada.sandbox import LazadaSandbox

APP_KEY = "conformance-app"
APP_SECRET = "conformance-secret"
_logger = logging.getLogger(__name__)

SPECS = conformance.read_lazada_reference()

# Envelopes of every answer (Lazada's "requests and responses" guide).
SUCCESS_ENVELOPE = [Field("code", "String", True), Field("request_id", "String", True)]
ERROR_ENVELOPE = [
    Field("type", "String", True),
    Field("code", "String", True),
    Field("message", "String", True),
    Field("request_id", "String", True),
]
ERROR_TYPES = {"ISV", "ISP", "SYSTEM"}
# Gateway codes any API can answer (signature guide, system API errors).
GATEWAY_CODES = {"MissingParameter", "IncompleteSignature", "IllegalAccessToken"}
# The fulfilment APIs answer refusals inside ``result`` with the codes the
# PackOrder page lists for the whole fulfilment family.
FULFILMENT_CODES = set(SPECS["/order/fulfill/pack"].error_codes)

# APIs the sandbox serves that the reference has no page for.
UNDOCUMENTED = set()

# Where the reference contradicts itself: these example responses break
# its own type column with placeholder text ("precision" for a Number,
# "red" for a Boolean). The checker reports exactly these; the sandbox
# sends the documented types (or leaves these optional fields out).
EXAMPLE_CONTRADICTIONS = {
    "/category/attributes/get": {"data[0].unit.precision"},
    "/product/item/get": {
        "data.variation.variation1.has_image",
        "data.trialProduct",
    },
    "/rc/store/list/get": {"result"},
    "/seller/cb/payment/config": {"data[0].result", "success"},
    "/seller/ar/config/syn": {"success"},
    # java.time internals the example omits; not an API the sandbox serves
    "/lbs/slb/queryLogisticsFeeDetail": {
        f"data[0].{node}.rules.{leaf}"
        for node in (
            "fee_creation_date.offset",
            "fee_creation_date.zone",
            "order_info.order_creation_date.zone",
            "package_info.billing_date.zone",
            "package_info.delivery_date.zone",
        )
        for leaf in ("transition_rules", "transitions")
    },
}


def sdk_sign(secret, api_path, params):
    """The official SDK's signature, written from Lazada's signature guide."""
    text = api_path + "".join(f"{k}{params[k]}" for k in sorted(params))
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def served_apis(sandbox):
    return {
        path.split("/rest", 1)[1]
        for _method, path in sandbox.routes
        if path.startswith(("/rest/", "/auth/rest/"))
    }


def example_request(path):
    return dict(SPECS[path].examples[0]["request"])


def retarget(text, tag, values):
    """Put ``values`` (in turn) into each ``<tag>`` / ``"tag": ...`` of a
    reference payload, so that it names this sandbox's products."""
    values = [str(v) for v in values]
    counter = iter(range(10**6))

    def xml(match):
        return f"<{tag}>{values[next(counter) % len(values)]}</{tag}>"

    def json_value(match):
        return f'"{tag}": {json.dumps(values[next(counter) % len(values)])}'

    text = re.sub(rf"<{tag}>[^<]*</{tag}>", xml, text)
    return re.sub(rf'"{tag}"\s*:\s*("[^"]*"|\d+)', json_value, text)


def guide_json(text):
    """A JSON demo of the guides without the ``//`` notes written into it."""
    return "\n".join(re.sub(r"^\s*//.*$", "", line) for line in text.splitlines())


class LazadaCaller:
    """Signs and sends calls like Lazada's Python SDK; checks each answer."""

    def __init__(self, sandbox, token):
        self.sandbox = sandbox
        self.token = token
        self.answers = 0

    def call(self, path, params=None, method="POST", files=None, token=True):
        auth = path.startswith("/auth/")
        system = {
            "app_key": APP_KEY,
            "timestamp": str(int(time.time() * 1000)),
            "sign_method": "sha256",
            "partner_id": "lazop-sdk-python-20181207",
        }
        if token and not auth:
            system["access_token"] = self.token
        signed = {**system, **{k: str(v) for k, v in (params or {}).items()}}
        signed["sign"] = sdk_sign(APP_SECRET, path, signed)
        url = f"{self.sandbox.base_url}{'/auth/rest' if auth else '/rest'}{path}"
        if method == "GET":
            response = requests.get(url, params=signed, timeout=10)
        else:
            response = requests.post(url, data=signed, files=files, timeout=10)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("application/json")
        return response.json()

    def ok(self, path, params=None, **kw):
        """Call; the answer is a success conforming to the reference."""
        body = self.call(path, params, **kw)
        assert body.get("code") == "0", body
        problems = conformance.check(body, SUCCESS_ENVELOPE)
        problems += conformance.check(body, SPECS[path].response)
        assert not problems, [str(p) for p in problems]
        self.answers += 1
        return body

    def refused(self, path, params, code, **kw):
        """Call; the answer is Lazada's error envelope with a documented code."""
        body = self.call(path, params, **kw)
        problems = conformance.check(body, ERROR_ENVELOPE, policy=conformance.STRICT)
        assert not problems, (body, [str(p) for p in problems])
        assert body["type"] in ERROR_TYPES
        assert body["code"] == code, body
        assert code in set(SPECS[path].error_codes) | GATEWAY_CODES, (
            f"{code} is not a documented error of {path}"
        )
        self.answers += 1
        return body

    def refused_in_result(self, path, params, code, **kw):
        """Call; a fulfilment refusal: code "0", ``result.success`` false."""
        body = self.call(path, params, **kw)
        assert body.get("code") == "0", body
        result = body["result"]
        assert result["success"] is False, body
        assert result["error_code"] == code, body
        assert result["error_msg"]
        assert code in FULFILMENT_CODES, f"{code} is not a fulfilment error code"
        self.answers += 1
        return body


@pytest.fixture(scope="module")
def sandbox():
    server = LazadaSandbox(app_key=APP_KEY, app_secret=APP_SECRET, seed=11)
    server.start()
    yield server
    server.stop()


class World:
    """A fresh shop in the sandbox: products, orders in several states."""

    def __init__(self, sandbox):
        sandbox.products.clear()
        sandbox.reset_orders()
        self.sandbox = sandbox
        self.token = sandbox.issue_tokens()["access_token"]
        self.shirt_item, self.red = sandbox.add_product(
            "CF-SHIRT-RED", 20.0, 30, name="Shirt red"
        )
        _item, self.blue = sandbox.add_product(
            "CF-SHIRT-BLUE", 20.0, 30, item_id=self.shirt_item
        )
        self.mug_item, self.mug = sandbox.add_product(
            "CF-MUG", 9.5, 50, name="Mug", category=20001001
        )
        self.pending, self.delivered, self.returned = sandbox.generate_orders(
            3,
            ["CF-SHIRT-RED", "CF-MUG"],
            voucher_ratio=1.0,
            multi_item_ratio=1.0,
            seed=5,
        )
        sandbox.set_order_status(self.delivered, "delivered")
        sandbox.set_order_status(self.returned, "delivered")
        sandbox.set_order_status(self.returned, "returned")
        self.reverse_id, reverse = next(iter(sandbox.reverse_orders.items()))
        self.reverse_line = reverse["reverse_order_lines"][0]["reverse_order_line_id"]

    def refund_only(self):
        """The buyer's request becomes a refund without return (the sandbox
        opens returns only; Lazada also has refund-only requests)."""
        self.sandbox.reverse_orders[self.reverse_id]["request_type"] = "ONLY_REFUND"

    def items(self, order_id):
        return [i["order_item_id"] for i in self.sandbox.orders[order_id]["items"]]

    def item(self, order_id):
        return self.items(order_id)[0]

    def sku(self, sku_id):
        return self.sandbox._sku(sku_id=sku_id)[1]


@pytest.fixture
def world(sandbox):
    return World(sandbox)


@pytest.fixture
def lazada(sandbox, world):
    return LazadaCaller(sandbox, world.token)


def _pack(world, lazada, order_id):
    request = {
        "pack_order_list": [
            {"order_id": order_id, "order_item_list": world.items(order_id)}
        ],
        "delivery_type": "dropship",
        "shipping_allocate_type": "TFS",
    }
    body = lazada.ok("/order/fulfill/pack", {"packReq": json.dumps(request)})
    line = body["result"]["data"]["pack_order_list"][0]["order_item_list"][0]
    assert line["item_err_code"] == "0", line
    return line["package_id"]


def _authorization_code(sandbox):
    location = requests.get(
        f"{sandbox.base_url}/oauth/authorize",
        params={"client_id": APP_KEY, "redirect_uri": "https://example.com/cb"},
        allow_redirects=False,
        timeout=10,
    ).headers["Location"]
    return location.split("code=")[1]


# ----------------------------------------------------------------------
# One valid request per API: the reference's example request, aimed at
# this world's records
# ----------------------------------------------------------------------


def _payload_for(world, path):
    text = example_request(path)["payload"]
    text = retarget(text, "ItemId", [world.shirt_item])
    text = retarget(text, "SkuId", [world.red, world.blue])
    return retarget(text, "SellerSku", ["CF-SHIRT-RED", "CF-SHIRT-BLUE"])


def _create_payload(world):
    text = example_request("/product/create")["payload"]
    text = text.replace('"XXX"', '"https://sg-test-11.slatic.net/p/example.jpg"')
    return retarget(text, "SellerSku", ["CF-NEW-BAG"])


VALID_REQUESTS = {
    "/seller/get": lambda w: {},
    "/seller/performance/get": lambda w: example_request("/seller/performance/get"),
    "/seller/metrics/get": lambda w: {},
    "/orders/get": lambda w: {
        **example_request("/orders/get"),
        "update_before": "",
        "created_before": "",
        "update_after": (datetime.now() - timedelta(days=1)).isoformat(
            timespec="seconds"
        )
        + "+08:00",
        "created_after": "2017-02-10T09:00:00+08:00",
        "status": "",
    },
    "/order/get": lambda w: {"order_id": w.pending},
    "/order/items/get": lambda w: {"order_id": w.pending},
    "/orders/items/get": lambda w: {"order_ids": json.dumps([w.pending, w.delivered])},
    "/products/get": lambda w: {
        **example_request("/products/get"),
        "update_before": "",
        "create_before": "",
        "sku_seller_list": '["CF-SHIRT-RED", "Apple 6S Black"]',
    },
    "/product/item/get": lambda w: {
        "item_id": w.shirt_item,
        "seller_sku": "CF-SHIRT-RED",
    },
    "/category/tree/get": lambda w: example_request("/category/tree/get"),
    "/category/attributes/get": lambda w: {
        "primary_category_id": "10002019",
        "language_code": "en_US",
    },
    "/image/upload": lambda w: {},
    "/image/migrate": lambda w: example_request("/image/migrate"),
    "/product/create": lambda w: {"payload": _create_payload(w)},
    "/product/update": lambda w: {"payload": _payload_for(w, "/product/update")},
    "/product/remove": lambda w: {
        "sku_id_list": json.dumps([f"SkuId_{w.shirt_item}_{w.blue}"]),
    },
    "/product/price_quantity/update": lambda w: {
        "payload": _payload_for(w, "/product/price_quantity/update")
    },
    "/product/stock/sellable/update": lambda w: {
        "payload": _payload_for(w, "/product/stock/sellable/update")
    },
    "/product/deactivate": lambda w: {
        "apiRequestBody": retarget(
            retarget(
                example_request("/product/deactivate")["apiRequestBody"],
                "ItemId",
                [w.shirt_item],
            ),
            "SkuId",
            [w.blue],
        )
    },
    "/order/reverse/cancel/validate": lambda w: {
        "order_id": w.pending,
        "order_item_id_list": json.dumps([w.item(w.pending)]),
    },
    "/order/reverse/cancel/create": lambda w: {
        "order_id": w.pending,
        "order_item_id_list": json.dumps([w.item(w.pending)]),
        "reason_id": "10000021",
    },
    "/order/shipment/providers/get": lambda w: {
        "getShipmentProvidersReq": json.dumps(
            {"orders": [{"order_id": w.pending, "order_item_ids": w.items(w.pending)}]}
        )
    },
    "/order/fulfill/pack": lambda w: {
        "packReq": json.dumps(
            {
                "pack_order_list": [
                    {"order_item_list": w.items(w.pending), "order_id": w.pending}
                ],
                "delivery_type": "dropship",
                "shipment_provider_code": "NJVSG",
                "shipping_allocate_type": "TFS",
            }
        )
    },
    "/order/package/rts": None,  # needs a package: built in the test
    "/order/package/document/get": None,
    "/reverse/getreverseordersforseller": lambda w: {
        "page_size": "10",
        "page_no": "1",
        "trade_order_id": w.returned,
        "reverse_status_list": '["REQUEST_INITIATE"]',
        "return_to_type": "RTM",
        "ReverseOrderLineModifiedTimeRangeStart": "1633830696000",
    },
    "/order/reverse/return/detail/list": lambda w: {"reverse_order_id": w.reverse_id},
    "/order/reverse/reason/list": lambda w: {"reverse_order_line_id": w.reverse_line},
    "/order/reverse/return/update": lambda w: {
        "action": "agreeReturn",
        "reverse_order_id": w.reverse_id,
        "reverse_order_item_ids": json.dumps([w.reverse_line]),
    },
    "/order/reverse/onlyrefund/seller/decide": None,  # needs a refund-only request
    "/finance/transaction/details/get": lambda w: {
        **example_request("/finance/transaction/details/get"),
        "trade_order_id": w.delivered,
        "trade_order_line_id": "",
        "start_time": f"{date.today() - timedelta(days=2)}",
        "end_time": f"{date.today() + timedelta(days=2)}",
    },
    "/finance/payout/status/get": lambda w: {
        "created_after": f"{date.today() - timedelta(days=30)}"
    },
    "/auth/token/create": None,  # needs an authorization code
    "/auth/token/refresh": None,  # needs a refresh token
}


def valid_request(world, lazada, path):
    """Params (and files) of a call of ``path`` that succeeds."""
    if path == "/image/upload":
        return {}, {"image": ("shirt.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)}
    if path in ("/order/package/rts", "/order/package/document/get"):
        package = _pack(world, lazada, world.pending)
        if path == "/order/package/rts":
            return {
                "readyToShipReq": json.dumps({"packages": [{"package_id": package}]})
            }, None
        return {
            "getDocumentReq": json.dumps(
                {"doc_type": "PDF", "packages": [{"package_id": package}]}
            )
        }, None
    if path == "/order/reverse/onlyrefund/seller/decide":
        world.refund_only()
        return {
            "action": "agreeRefund",
            "reverse_order_id": world.reverse_id,
            "reverse_order_item_ids": json.dumps([world.reverse_line]),
        }, None
    if path == "/auth/token/create":
        return {"code": _authorization_code(world.sandbox)}, None
    if path == "/auth/token/refresh":
        return {"refresh_token": world.sandbox.issue_tokens()["refresh_token"]}, None
    params = VALID_REQUESTS[path](world)
    return {k: v for k, v in params.items() if v not in (None, "")}, None


def _method(path):
    return "GET" if SPECS[path].methods == ("GET",) else "POST"


# ----------------------------------------------------------------------
# The reference and the checker
# ----------------------------------------------------------------------


def test_reference_is_found_next_to_the_repository():
    root = conformance.reference_root()
    assert root == conformance.REPO_ROOT.parent / "shared" / "reference"
    assert len(SPECS) >= 90, "the Lazada reference lists about a hundred APIs"


def test_missing_reference_fails_instead_of_skipping(tmp_path):
    with pytest.raises(conformance.ReferenceMissing, match="reference is missing"):
        conformance.reference_root(tmp_path / "repo")


def test_every_served_api_has_a_reference_page(sandbox):
    served = served_apis(sandbox)
    undocumented = sorted(served - set(SPECS))
    _logger.info(
        "Lazada sandbox: %s APIs served, without a reference page: %s",
        len(served),
        undocumented or "none",
    )
    assert len(served) == 34
    assert set(undocumented) == UNDOCUMENTED


def test_reference_examples_pass_the_checker():
    found = {}
    for path, spec in SPECS.items():
        for example in spec.examples:
            problems = conformance.check(example["response"], SUCCESS_ENVELOPE)
            problems += conformance.check(example["response"], spec.response)
            if problems:
                found.setdefault(path, set()).update(p.path for p in problems)
    assert found == EXAMPLE_CONTRADICTIONS


def test_checker_refuses_what_the_reference_forbids():
    spec = SPECS["/order/get"]
    example = json.loads(json.dumps(spec.examples[0]["response"]))
    assert not conformance.check(example, spec.response)
    del example["data"]["address_billing"]["phone"]
    example["data"]["order_id"] = {"not": "a number"}
    example["data"]["statuses"] = "pending"
    example["data"]["items_count"] = "two"
    problems = {str(p) for p in conformance.check(example, spec.response)}
    assert problems == {
        "data.address_billing.phone: required field missing",
        "data.order_id: expected a number, got {'not': 'a number'}",
        "data.statuses: expected a list, got str",
        "data.items_count: expected a number, got 'two'",
    }
    # the strict policy also refuses the textual forms the examples use
    strict = conformance.check(
        spec.examples[0]["response"], spec.response, policy=conformance.STRICT
    )
    assert "data.gift_option: expected a boolean, got '0'" in {str(p) for p in strict}


# ----------------------------------------------------------------------
# Every API: the documented request answered as documented
# ----------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(VALID_REQUESTS))
def test_documented_request_is_answered_as_documented(world, lazada, path):
    params, files = valid_request(world, lazada, path)
    lazada.ok(path, params, method=_method(path), files=files, token=True)


def _mandatory_cases():
    for path in sorted(VALID_REQUESTS):
        for param in SPECS[path].required_params:
            yield path, param.name


@pytest.mark.parametrize("path,param", list(_mandatory_cases()))
def test_mandatory_parameter_missing_is_refused(world, lazada, path, param):
    params, files = valid_request(world, lazada, path)
    if path == "/product/item/get":
        # marked mandatory, but the API's error E200 ("Empty Item Id and
        # Seller Sku") and its example take either identifier
        params.pop(param)
        lazada.ok(path, params, method="GET")
        params.pop("seller_sku")
        lazada.refused(path, params, "200", method="GET")
        return
    if files and param in files:
        files = None
    params.pop(param, None)
    body = lazada.refused(
        path, params, "MissingParameter", method=_method(path), files=files
    )
    assert f"“{param}”" in body["message"]


def test_gateway_refusals_use_lazada_envelope(world, lazada):
    body = lazada.call("/seller/get", {}, token=False)
    assert body["code"] == "IllegalAccessToken"
    assert not conformance.check(body, ERROR_ENVELOPE, policy=conformance.STRICT)
    lazada.token = "expired-or-unknown"
    lazada.refused("/seller/get", {}, "IllegalAccessToken", method="GET")


def test_orders_get_needs_one_of_its_dates(world, lazada):
    body = lazada.refused("/orders/get", {"status": "pending"}, "MissingParameter")
    assert "created_after" in body["message"]
    lazada.ok("/orders/get", {"created_after": "2017-02-10T09:00:00+08:00"})


# ----------------------------------------------------------------------
# Products: documented filters, payload formats, refusals
# ----------------------------------------------------------------------


def _products(lazada, **params):
    body = lazada.ok("/products/get", params, method="GET")
    return {p["item_id"] for p in body["data"]["products"]}, body["data"]


def test_products_filters_are_honoured(world, lazada):
    sandbox = world.sandbox
    sold_out_item, _sku = sandbox.add_product("CF-EMPTY", 5.0, 0)
    sandbox.products[world.mug_item]["status"] = "inactive"
    everything = {world.shirt_item, world.mug_item, sold_out_item}
    assert _products(lazada, filter="all")[0] == everything
    assert _products(lazada, filter="live")[0] == {world.shirt_item, sold_out_item}
    assert _products(lazada, filter="inactive")[0] == {world.mug_item}
    assert _products(lazada, filter="sold-out")[0] == {sold_out_item}
    assert _products(lazada, filter="image-missing")[0] == everything
    assert _products(lazada, filter="deleted")[0] == set()
    # a product waiting for QC is pending, not live
    lazada.ok("/product/create", {"payload": _create_payload(world)})
    (created,) = _products(lazada, filter="pending")[0]
    assert created not in _products(lazada, filter="live")[0]
    assert created not in _products(lazada, filter="image-missing")[0]
    lazada.refused("/products/get", {"filter": "alive"}, "36", method="GET")


def test_products_sku_and_date_filters_are_honoured(world, lazada):
    sandbox = world.sandbox
    old_item, _sku = sandbox.add_product("CF-OLD", 5.0, 1)
    sandbox.products[old_item]["created_time"] = "1262304000000"  # 2010-01-01
    sandbox.products[old_item]["updated_time"] = "1262304000000"
    found, data = _products(lazada, sku_seller_list='["CF-MUG", "NOT-MINE"]')
    assert found == {world.mug_item}
    assert data["total_products"] == 1
    since = "2015-01-01T00:00:00+0800"
    assert old_item not in _products(lazada, create_after=since)[0]
    assert _products(lazada, create_before=since)[0] == {old_item}
    assert _products(lazada, update_before=since)[0] == {old_item}
    assert old_item not in _products(lazada, update_after=since)[0]
    assert world.shirt_item in _products(lazada, update_after=since)[0]
    lazada.refused("/products/get", {"sku_seller_list": "CF-MUG"}, "70", method="GET")
    lazada.refused("/products/get", {"create_after": "yesterday"}, "17", method="GET")
    lazada.refused("/products/get", {"limit": "51"}, "19", method="GET")
    lazada.refused("/products/get", {"offset": "-1"}, "14", method="GET")


def test_product_answers_carry_documented_fields(world, lazada):
    body = lazada.ok("/product/item/get", {"item_id": world.shirt_item}, method="GET")
    product = body["data"]
    assert json.loads(product["images"]) == []
    sku = product["skus"][0]
    assert sku["multiWarehouseInventories"][0]["warehouseCode"] == "dropshipping"
    lazada.refused("/product/item/get", {"item_id": "999"}, "208", method="GET")
    lazada.refused("/product/item/get", {"seller_sku": "NOPE"}, "207", method="GET")
    lazada.refused(
        "/category/attributes/get", {"primary_category_id": "1"}, "4227", method="GET"
    )


def test_price_quantity_reference_xml_payload(world, lazada):
    # the reference's own payload: one SKU, two warehouses
    on_hand = world.sku(world.red)["quantity"]
    lazada.ok(
        "/product/price_quantity/update",
        VALID_REQUESTS["/product/price_quantity/update"](world),
    )
    red = world.sku(world.red)
    assert red["price"] == 1099.0
    assert red["special_price"] == 900.0
    assert red["special_to_date"] == "2017-08-31"
    assert red["warehouses"] == {
        "dropshipping": on_hand,
        "warehouseTest1": 20,
        "warehouseTest2": 30,
    }
    assert world.sandbox.sellable_quantity("CF-SHIRT-RED") == (
        on_hand + 50 - red["occupied"]
    )


def test_price_quantity_xml_several_skus(world, lazada):
    payload = (
        "<Request><Product><Skus>"
        f"<Sku><ItemId>{world.shirt_item}</ItemId><SkuId>{world.red}</SkuId>"
        "<Price>25.00</Price><Quantity>40</Quantity></Sku>"
        f"<Sku><SellerSku>CF-MUG</SellerSku><Quantity>70</Quantity></Sku>"
        "</Skus></Product></Request>"
    )
    lazada.ok("/product/price_quantity/update", {"payload": payload})
    assert world.sku(world.red)["price"] == 25.0
    assert world.sku(world.red)["quantity"] == 40
    assert world.sku(world.mug)["quantity"] == 70


def _guide_demo(title):
    """A JSON payload of the JSON-format guide, by its section title."""
    guide = (
        conformance.reference_root()
        / "api-docs/lazada/guides/api-best-practice/product-operation"
        / "json-format-demo.md"
    ).read_text()
    section = guide.split(title, 1)[1]
    start = section.index("{")
    depth = 0
    for index, char in enumerate(section[start:], start):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return guide_json(section[start : index + 1])
    raise AssertionError(f"no JSON under {title}")


def test_price_quantity_json_single_object_as_the_guide_shows(world, lazada):
    payload = _guide_demo("3.1、single warehouse seller")
    assert '"Sku": {' in payload, "the guide sends one SKU as an object"
    payload = retarget(payload, "ItemId", [world.shirt_item])
    payload = retarget(payload, "SkuId", [world.red])
    lazada.ok("/product/price_quantity/update", {"payload": payload})
    red = world.sku(world.red)
    assert (red["price"], red["special_price"]) == (878.0, 666.0)


def test_price_quantity_json_multi_warehouse_and_list(world, lazada):
    payload = _guide_demo("3.2、Multiple warehouse sellers")
    payload = retarget(payload, "ItemId", [world.shirt_item])
    payload = retarget(payload, "SkuId", [world.blue])
    lazada.ok("/product/price_quantity/update", {"payload": payload})
    assert world.sku(world.blue)["warehouses"] == {
        "dropshipping": 30,
        "123456": 20,
        "789": 30,
    }
    listed = {
        "Request": {
            "Product": {
                "Skus": {
                    "Sku": [
                        {"SkuId": str(world.red), "Quantity": "5"},
                        {"SkuId": world.mug, "Price": 12},
                    ]
                }
            }
        }
    }
    lazada.ok("/product/price_quantity/update", {"payload": json.dumps(listed)})
    assert world.sku(world.red)["quantity"] == 5
    assert world.sku(world.mug)["price"] == 12.0


def test_price_quantity_refusals(world, lazada):
    path = "/product/price_quantity/update"
    lazada.refused(path, {"payload": "<Request><Product>"}, "5")
    lazada.refused(path, {"payload": '{"Request": {"Product": '}, "5")
    lazada.refused(path, {"payload": "Skus=1"}, "5")
    lazada.refused(path, {"payload": "<Request><Product/></Request>"}, "30")
    too_many = {"Request": {"Product": {"Skus": {"Sku": [{"SkuId": 1}] * 51}}}}
    lazada.refused(path, {"payload": json.dumps(too_many)}, "4171")
    body = lazada.refused(
        path,
        {
            "payload": "<Request><Product><Skus><Sku><SellerSku>NOPE</SellerSku>"
            "<Quantity>1</Quantity></Sku><Sku><SkuId>"
            f"{world.red}</SkuId><Quantity>-4</Quantity></Sku>"
            "</Skus></Product></Request>"
        },
        "501",
    )
    assert [d["seller_sku"] for d in body["detail"]] == ["NOPE", "CF-SHIRT-RED"]


def test_sellable_quantity_reference_xml_and_json(world, lazada):
    # the reference's payload: the same SKU single- then multi-warehouse
    lazada.ok(
        "/product/stock/sellable/update",
        VALID_REQUESTS["/product/stock/sellable/update"](world),
    )
    red = world.sku(world.red)
    occupied = red["occupied"]
    assert red["warehouses"]["dropshipping"] == 20 + occupied
    blue = world.sku(world.blue)
    assert blue["warehouses"] == {
        "dropshipping": 30,
        "warehouseTest1": 20,
        "warehouseTest2": 30,
    }
    one = {
        "Request": {
            "Product": {
                "Skus": {"Sku": {"SellerSku": "CF-MUG", "SellableQuantity": "7"}}
            }
        }
    }
    lazada.ok("/product/stock/sellable/update", {"payload": json.dumps(one)})
    assert world.sandbox.sellable_quantity("CF-MUG") == 7
    negative = one["Request"]["Product"]["Skus"]["Sku"] | {"SellableQuantity": "-1"}
    body = lazada.refused(
        "/product/stock/sellable/update",
        {
            "payload": json.dumps(
                {"Request": {"Product": {"Skus": {"Sku": [negative]}}}}
            )
        },
        "501",
    )
    assert body["detail"][0]["seller_sku"] == "CF-MUG"


def test_product_create_json_and_xml(world, lazada):
    body = lazada.ok("/product/create", {"payload": _create_payload(world)})
    (sku,) = body["data"]["sku_list"]
    assert sku["seller_sku"] == "CF-NEW-BAG"
    stored = world.sku(sku["sku_id"])
    assert stored["package_weight"] == "0.5"
    assert stored["special_price"] == 33.0
    xml = (
        "<?xml version='1.0' encoding='UTF-8'?><Request><Product>"
        "<PrimaryCategory>20001001</PrimaryCategory>"
        "<Images><Image>https://sg-test-11.slatic.net/p/mug.jpg</Image></Images>"
        "<Attributes><name>Mug XL</name>"
        "<description><![CDATA[<p>Big & <b>bold</b></p>]]></description>"
        "<brand_id>30768</brand_id><capacity_ml>500</capacity_ml></Attributes>"
        "<Skus><Sku><SellerSku>CF-MUG-XL</SellerSku><quantity>4</quantity>"
        "<price>15</price></Sku></Skus></Product></Request>"
    )
    body = lazada.ok("/product/create", {"payload": xml})
    item = world.sandbox.products[int(body["data"]["item_id"])]
    assert item["attributes"]["description"] == "<p>Big & <b>bold</b></p>"
    assert item["images"] == ["https://sg-test-11.slatic.net/p/mug.jpg"]
    refused = lazada.refused("/product/create", {"payload": xml}, "500")
    assert "4105" in refused["detail"][0]["message"]
    lazada.refused(
        "/product/create",
        {"payload": xml.replace("20001001", "1000")},
        "201",
    )


def test_product_update_reference_xml_and_guide_json(world, lazada):
    lazada.ok("/product/update", VALID_REQUESTS["/product/update"](world))
    red, blue = world.sku(world.red), world.sku(world.blue)
    assert (red["price"], red["quantity"] - red["occupied"]) == (350.0, 88)
    assert (blue["price"], blue["quantity"] - blue["occupied"]) == (488.88, 44)
    assert len(blue["Images"]) == 3
    item = world.sandbox.products[world.shirt_item]
    assert item["attributes"]["name"] == "api update product sample"
    payload = _guide_demo("2、UpdateProduct API payload demo")
    payload = retarget(payload, "ItemId", [world.shirt_item])
    payload = retarget(payload, "SkuId", [world.red])
    lazada.ok("/product/update", {"payload": payload})
    assert world.sku(world.red)["price"] == 35.0
    assert item["attributes"]["material"] == "Leather"
    missing = payload.replace(f'"{world.shirt_item}"', '"1"')
    lazada.refused("/product/update", {"payload": missing}, "4137")


def test_product_update_moves_the_category(world, lazada):
    """PrimaryCategory in an update moves the product (update-a-product
    guide); an unknown one is refused and changes nothing."""
    item = world.sandbox.products[world.shirt_item]
    moved = {
        "Request": {
            "Product": {
                "ItemId": str(world.shirt_item),
                "PrimaryCategory": "10002020",
                "Attributes": {"name": "moved"},
                "Skus": {"Sku": [{"SkuId": str(world.red)}]},
            }
        }
    }
    lazada.ok("/product/update", {"payload": json.dumps(moved)})
    assert item["primary_category"] == 10002020
    moved["Request"]["Product"].update(PrimaryCategory="99", Attributes={"name": "x"})
    lazada.refused("/product/update", {"payload": json.dumps(moved)}, "201")
    assert (item["primary_category"], item["attributes"]["name"]) == (10002020, "moved")


def test_deactivate_and_remove_in_every_form(world, lazada):
    lazada.ok("/product/deactivate", VALID_REQUESTS["/product/deactivate"](world))
    assert world.sku(world.blue)["Status"] == "inactive"
    assert world.sku(world.red)["Status"] == "active"
    body = {"Request": {"Product": {"ItemId": world.mug_item}}}
    lazada.ok("/product/deactivate", {"apiRequestBody": json.dumps(body)})
    assert world.sandbox.products[world.mug_item]["status"] == "inactive"
    lazada.refused(
        "/product/deactivate",
        {"apiRequestBody": "<Request><Product><ItemId>1</ItemId></Product></Request>"},
        "E0002",
    )
    lazada.refused(
        "/product/deactivate",
        {"apiRequestBody": "<Request><Product></Product></Request>"},
        "E0001",
    )
    lazada.ok("/product/remove", {"seller_sku_list": '["CF-MUG"]'})
    assert world.sandbox.products[world.mug_item]["status"] == "deleted"
    lazada.ok("/product/remove", VALID_REQUESTS["/product/remove"](world))
    assert world.sandbox._sku(sku_id=world.blue) == (None, None)
    lazada.refused("/product/remove", {"sku_id_list": "SkuId_1_2"}, "5")
    lazada.refused("/product/remove", {}, "30")


def test_images_migrate_and_upload(world, lazada):
    body = lazada.ok("/image/migrate", example_request("/image/migrate"))
    assert body["data"]["image"]["url"].startswith("https://")
    lazada.refused(
        "/image/migrate",
        {"payload": "<Request><Image><Url>ftp://x/y.jpg</Url></Image></Request>"},
        "302",
    )
    lazada.refused("/image/upload", {"image": "not a file"}, "302")


# ----------------------------------------------------------------------
# Orders
# ----------------------------------------------------------------------


def _order_ids(lazada, **params):
    body = lazada.ok("/orders/get", params, method="GET")
    return [o["order_id"] for o in body["data"]["orders"]]


def test_orders_filters_are_honoured(world, lazada):
    sandbox = world.sandbox
    old = sandbox.orders[world.pending]
    old["created_at"] = "2018-02-09T22:44:30+08:00"
    since = "2018-01-01T00:00:00+08:00"
    everything = {world.pending, world.delivered, world.returned}
    assert set(_order_ids(lazada, created_after=since)) == everything
    assert _order_ids(
        lazada, created_after=since, created_before="2018-03-01T00:00:00+08:00"
    ) == [world.pending]
    assert _order_ids(lazada, created_after=since, status="delivered") == [
        world.delivered
    ]
    assert _order_ids(lazada, created_after=since, status="returned") == [
        world.returned
    ]
    recent = (datetime.now() - timedelta(hours=1)).isoformat(timespec="seconds")
    assert set(_order_ids(lazada, update_after=recent + "+08:00")) == everything
    assert _order_ids(lazada, update_after=since, update_before=since) == []
    ascending = _order_ids(
        lazada, created_after=since, sort_by="created_at", sort_direction="ASC"
    )
    assert ascending[0] == world.pending
    for params, code in (
        ({"status": "lost-in-space"}, "36"),
        ({"sort_direction": "UP"}, "74"),
        ({"sort_by": "price"}, "75"),
        ({"limit": "101"}, "19"),
        ({"offset": "5001"}, "14"),
    ):
        lazada.refused("/orders/get", {"created_after": since, **params}, code)
    lazada.refused("/orders/get", {"created_after": "10/02/2018"}, "17")


def test_order_and_items_carry_every_required_field(world, lazada):
    order = lazada.ok("/order/get", {"order_id": world.pending}, method="GET")["data"]
    assert order["address_billing"]["address1"] == order["address_shipping"]["address1"]
    assert order["promised_shipping_times"]
    assert order["voucher_code"]
    items = lazada.ok("/order/items/get", {"order_id": world.pending}, method="GET")
    item = items["data"][0]
    assert item["product_main_image"].startswith("https://")
    assert item["voucher_code"]
    assert "reverse_order_id" not in item
    returned = lazada.ok("/order/items/get", {"order_id": world.returned})["data"]
    assert returned[0]["reverse_order_id"] == str(world.reverse_id)
    lazada.refused("/order/get", {"order_id": "abc"}, "16", method="GET")
    lazada.refused("/order/get", {"order_id": "1"}, "16", method="GET")
    lazada.refused("/order/items/get", {"order_id": "1"}, "16", method="GET")


def test_multiple_order_items_refusals(world, lazada):
    path = "/orders/items/get"
    lazada.refused(path, {"order_ids": "1,2"}, "56", method="GET")
    lazada.refused(path, {"order_ids": json.dumps(list(range(51)))}, "38")
    lazada.refused(path, {"order_ids": '["x1"]'}, "37")
    lazada.refused(path, {"order_ids": "[1, 2]"}, "39")


def test_cancel_validation_and_refusals(world, lazada):
    item = json.dumps([world.item(world.pending)])
    delivered_item = json.dumps([world.item(world.delivered)])
    for path in ("/order/reverse/cancel/validate", "/order/reverse/cancel/create"):
        extra = {"reason_id": "10000021"} if path.endswith("create") else {}
        lazada.refused(
            path, {"order_id": "x", "order_item_id_list": item, **extra}, "115"
        )
        lazada.refused(
            path, {"order_id": "1", "order_item_id_list": item, **extra}, "122"
        )
        lazada.refused(
            path,
            {"order_id": world.pending, "order_item_id_list": "[]", **extra},
            "102",
        )
        lazada.refused(
            path,
            {"order_id": world.pending, "order_item_id_list": delivered_item, **extra},
            "123",
        )
    lazada.refused(
        "/order/reverse/cancel/create",
        {"order_id": world.pending, "order_item_id_list": item, "reason_id": "1"},
        "104",
    )
    body = lazada.ok(
        "/order/reverse/cancel/validate",
        {"order_id": world.delivered, "order_item_id_list": delivered_item},
    )
    assert body["data"]["reason_options"] == []


# ----------------------------------------------------------------------
# Fulfilment: refusals inside ``result``
# ----------------------------------------------------------------------


def test_fulfilment_refusals_inside_result(world, lazada):
    pack = {
        "pack_order_list": [
            {"order_id": world.pending, "order_item_list": world.items(world.pending)}
        ],
        "delivery_type": "dropship",
        "shipping_allocate_type": "TFS",
    }
    for drop in ("delivery_type", "shipping_allocate_type", "pack_order_list"):
        request = {k: v for k, v in pack.items() if k != drop}
        lazada.refused_in_result(
            "/order/fulfill/pack", {"packReq": json.dumps(request)}, "700017"
        )
    lazada.refused_in_result("/order/fulfill/pack", {"packReq": "{oops"}, "700004")
    lazada.refused_in_result(
        "/order/fulfill/pack",
        {
            "packReq": json.dumps(
                {**pack, "pack_order_list": pack["pack_order_list"] * 21}
            )
        },
        "700022",
    )
    lazada.refused_in_result(
        "/order/package/rts", {"readyToShipReq": '{"packages": [{}]}'}, "700017"
    )
    lazada.refused_in_result(
        "/order/package/document/get",
        {"getDocumentReq": '{"doc_type": "PDF", "packages": [{"package_id": "FP0"}]}'},
        "700021",
    )
    lazada.refused_in_result(
        "/order/shipment/providers/get",
        {"getShipmentProvidersReq": '{"orders": []}'},
        "700017",
    )
    # an item that cannot be packed is reported on its line, with every field
    package = _pack(world, lazada, world.pending)
    body = lazada.ok("/order/fulfill/pack", {"packReq": json.dumps(pack)})
    line = body["result"]["data"]["pack_order_list"][0]["order_item_list"][0]
    assert (line["item_err_code"], line["package_id"]) == ("700026", "")
    rts = {"packages": [{"package_id": package}]}
    lazada.ok("/order/package/rts", {"readyToShipReq": json.dumps(rts)})
    again = lazada.ok("/order/package/rts", {"readyToShipReq": json.dumps(rts)})
    assert again["result"]["data"]["packages"][0]["item_err_code"] == "700000"
    html = {"doc_type": "HTML", "packages": [{"package_id": package}]}
    document = lazada.ok(
        "/order/package/document/get", {"getDocumentReq": json.dumps(html)}
    )["result"]["data"]
    assert b"awb" in base64.b64decode(document["file"])


# ----------------------------------------------------------------------
# Returns
# ----------------------------------------------------------------------


def test_reverse_orders_filters_and_refusals(world, lazada):
    path = "/reverse/getreverseordersforseller"
    page = {"page_size": "10", "page_no": "1"}

    def found(**params):
        body = lazada.ok(path, {**page, **params})
        return [r["reverse_order_id"] for r in body["result"]["items"]]

    assert found() == [world.reverse_id]
    assert found(reverse_order_id=world.reverse_id) == [world.reverse_id]
    assert found(trade_order_id=world.pending) == []
    assert found(request_type_list='["CANCEL"]') == []
    assert found(reverse_status_list='["REQUEST_INITIATE"]') == [world.reverse_id]
    assert found(return_to_type="RTW") == []
    future = str(int((time.time() + 3600) * 1000))
    assert found(ReverseOrderLineModifiedTimeRangeStart=future) == []
    assert found(TradeOrderLineCreatedTimeRangeEnd="1000") == []
    detail = "/order/reverse/return/detail/list"
    lazada.refused(detail, {"reverse_order_id": "x"}, "105", method="GET")
    lazada.refused(detail, {"reverse_order_id": "1"}, "106", method="GET")
    reasons = "/order/reverse/reason/list"
    lazada.refused(reasons, {"reverse_order_line_id": "x"}, "103", method="GET")
    lazada.refused(reasons, {"reverse_order_line_id": "1"}, "106", method="GET")


def test_reverse_decisions_refusals(world, lazada):
    update = "/order/reverse/return/update"
    one = {
        "reverse_order_id": world.reverse_id,
        "reverse_order_item_ids": json.dumps([world.reverse_line]),
    }
    lines = world.sandbox.reverse_orders[world.reverse_id]["reverse_order_lines"]
    assert len(lines) > 1
    every = {
        **one,
        "reverse_order_item_ids": json.dumps(
            [line["reverse_order_line_id"] for line in lines]
        ),
    }
    lazada.refused(update, {**one, "action": "approve"}, "107", method="GET")
    agree = {**one, "action": "agreeReturn"}
    lazada.refused(update, {**agree, "reverse_order_id": "x"}, "125", method="GET")
    lazada.refused(update, {**agree, "reverse_order_id": "1"}, "112", method="GET")
    for ids, code in (("[]", "100"), ("[1]", "126"), ("1,2", "126")):
        lazada.refused(
            update, {**agree, "reverse_order_item_ids": ids}, code, method="GET"
        )
    refuse = {**one, "action": "refuseReturn"}
    lazada.refused(update, {**every, "action": "refuseReturn"}, "111", method="GET")
    lazada.refused(update, refuse, "108", method="GET")
    reason = lazada.ok(
        "/order/reverse/reason/list",
        {"reverse_order_line_id": world.reverse_line},
        method="GET",
    )["data"][0]["reason_id"]
    lazada.refused(update, {**refuse, "reason_id": reason}, "109", method="GET")
    lazada.refused(update, {**one, "action": "confirmDelivery"}, "114", method="GET")

    decide = "/order/reverse/onlyrefund/seller/decide"
    lazada.refused(decide, agree, "107", method="GET")
    # a return is not a refund-only request
    lazada.refused(decide, {**one, "action": "agreeRefund"}, "114", method="GET")
    world.refund_only()
    # "currently list size can be only 1"
    lazada.refused(decide, {**every, "action": "agreeRefund"}, "133", method="GET")
    dispute = {**one, "action": "startDispute"}
    lazada.refused(decide, dispute, "109", method="GET")
    dispute["comment"] = "Not as described"
    lazada.refused(decide, dispute, "110", method="GET")
    dispute["image_info_list"] = json.dumps(
        [{"file_name": "photo.jpg", "file_url": "https://img.example/photo.jpg"}]
    )
    lazada.ok(decide, dispute, method="GET")
    (line,) = [l for l in lines if l["reverse_order_line_id"] == world.reverse_line]
    assert (line["reverse_status"], line["is_dispute"]) == ("REQUEST_INITIATE", True)


# ----------------------------------------------------------------------
# Finance
# ----------------------------------------------------------------------


def test_transaction_filters_are_honoured(world, lazada):
    path = "/finance/transaction/details/get"
    window = {
        "start_time": f"{date.today() - timedelta(days=2)}",
        "end_time": f"{date.today() + timedelta(days=2)}",
    }

    def rows(**params):
        return lazada.ok(path, {**window, **params}, method="GET")["data"]

    assert {r["order_no"] for r in rows()} == {
        str(world.delivered),
        str(world.returned),
    }
    assert {r["order_no"] for r in rows(trade_order_id=world.delivered)} == {
        str(world.delivered)
    }
    commissions = rows(trans_type="16")
    assert commissions and {r["fee_type"] for r in commissions} == {"16"}
    line = str(world.item(world.delivered))
    assert {r["orderItem_no"] for r in rows(trade_order_line_id=line)} == {line}
    assert len(rows(trans_type="-1", limit="2", offset="1")) == 2
    lazada.refused(path, {**window, "trans_type": "999999"}, "1000014")
    lazada.refused(
        path, {"start_time": "2020-01-01", "end_time": "2020-12-31"}, "1000012"
    )


def test_payout_status_filters_statements(world, lazada):
    path = "/finance/payout/status/get"
    (statement,) = lazada.ok(
        path, {"created_after": f"{date.today() - timedelta(days=8)}"}, method="GET"
    )["data"]
    total = world.sandbox.payout(world.delivered) + world.sandbox.payout(world.returned)
    assert statement["payout"] == f"{total:.2f} SGD"
    assert statement["subtotal2"] == f"{total:.2f}"
    later = f"{date.today() + timedelta(days=8)}"
    assert lazada.ok(path, {"created_after": later}, method="GET")["data"] == []


# ----------------------------------------------------------------------
# Seller and tokens
# ----------------------------------------------------------------------


def test_tokens_and_seller_carry_documented_fields(world, lazada):
    code = _authorization_code(world.sandbox)
    token = lazada.ok("/auth/token/create", {"code": code})
    assert token["account_id"]
    assert token["country_user_info"][0]["seller_id"]
    lazada.refused("/auth/token/create", {"code": code}, "InvalidCode")
    refreshed = lazada.ok(
        "/auth/token/refresh", {"refresh_token": token["refresh_token"]}
    )
    assert refreshed["country_user_info_list"][0]["seller_id"]
    seller = lazada.ok("/seller/get", method="GET")["data"]
    assert seller["logo_url"].startswith("https://")


def test_deactivate_guide_json_and_update_needs_sku_id(world, lazada):
    payload = _guide_demo("5、DeactivateProduct API payload demo")
    payload = payload.replace("3865707451", str(world.shirt_item))
    payload = payload.replace("22332218421", str(world.red))
    payload = payload.replace("22332218422", str(world.blue))
    lazada.ok("/product/deactivate", {"apiRequestBody": payload})
    assert world.sandbox.products[world.shirt_item]["status"] == "inactive"
    by_seller_sku = {
        "Request": {
            "Product": {
                "ItemId": world.shirt_item,
                "Skus": {"Sku": [{"SellerSku": "CF-SHIRT-RED", "Status": "active"}]},
            }
        }
    }
    body = lazada.refused(
        "/product/update", {"payload": json.dumps(by_seller_sku)}, "501"
    )
    assert body["detail"][0]["message"].startswith("4216")
    activate = by_seller_sku["Request"]["Product"]["Skus"]["Sku"][0]
    activate["SkuId"] = world.red
    lazada.ok("/product/update", {"payload": json.dumps(by_seller_sku)})
    assert world.sandbox.products[world.shirt_item]["status"] == "active"


def test_timestamp_forms_and_sdk_signatures_accepted(world, lazada):
    """The calling-parameters guide allows a UTC time; the Java and .NET
    SDKs leave empty parameters out of the signature."""
    params = {
        "app_key": APP_KEY,
        "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sign_method": "sha256",
        "access_token": world.token,
    }
    params["sign"] = sdk_sign(APP_SECRET, "/seller/get", params)
    body = requests.get(
        f"{world.sandbox.base_url}/rest/seller/get", params=params, timeout=10
    ).json()
    assert body["code"] == "0", body
    params = {**params, "filter": ""}
    signed = {k: v for k, v in params.items() if k != "sign" and v}
    params["sign"] = sdk_sign(APP_SECRET, "/products/get", signed)
    body = requests.get(
        f"{world.sandbox.base_url}/rest/products/get", params=params, timeout=10
    ).json()
    assert body["code"] == "0", body
    params["timestamp"] = "2017-11-11T12:00:00Z"
    params["sign"] = sdk_sign(APP_SECRET, "/products/get", params)
    body = requests.get(
        f"{world.sandbox.base_url}/rest/products/get", params=params, timeout=10
    ).json()
    assert body["code"] == "InvalidTimestamp"


def _documented_reverse_statuses():
    """Every reverse_status the reference names: the values the reverse
    order APIs list and the keys of the reverse order push."""
    lazada = conformance.reference_root() / "api-docs" / "lazada"
    statuses = set()

    def walk(node):
        if isinstance(node, dict):
            if node.get("paramName", node.get("name")) == "reverse_status" and (
                ";" in str(node.get("desc") or "")
            ):
                statuses.update(str(node["desc"]).split(";"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    api_dir = lazada / "reference" / "return-and-refund-api"
    for page in ("getreverseorderdetail.json", "getreverseordersforseller.json"):
        walk(json.loads((api_dir / page).read_text()))
    push = (
        lazada
        / "guides"
        / "push-mechanismwebhook-application"
        / "webhook-apis"
        / "webhook-api-reverse-order.md"
    ).read_text()
    statuses.update(re.findall(r"^[^|\n]+\| ([A-Z_]+) \|", push, re.MULTILINE))
    return statuses


def test_reverse_statuses_are_the_documented_ones():
    from .. import returns

    documented = _documented_reverse_statuses()
    assert {"REQUEST_INITIATE", "RTM_INIT", "REFUND_REJECTED"} <= documented
    played = {after for _allowed, after in LazadaSandbox.RETURN_ACTIONS.values()}
    played |= {
        after for _allowed, after in LazadaSandbox.REVERSE_STEPS.values() if after
    }
    for allowed, _after in [
        *LazadaSandbox.RETURN_ACTIONS.values(),
        *LazadaSandbox.REVERSE_STEPS.values(),
    ]:
        played |= allowed or set()
    assert played - documented == set(), "the sandbox plays undocumented statuses"
    assert set(returns.REVERSE_STATES) - documented == set(), (
        "the mapping reads undocumented statuses"
    )
    # the seller's decisions end in the documented statuses they stand for
    assert LazadaSandbox.RETURN_ACTIONS["agreeReturn"][1] == "RTM_INIT"
    assert LazadaSandbox.RETURN_ACTIONS["refuseRefund"][1] == "REFUND_REJECTED"
    assert returns.REVERSE_STATES["RTM_INIT"] == "approved"
    assert returns.REVERSE_STATES["REFUND_REJECTED"] == "rejected"
