"""The TikTok Shop sandbox against TikTok's own API reference (plain Python).

Every API the sandbox serves is called over HTTP the ways a connector calls
it, signed as TikTok's guide says; every answer is checked against the
reference's response definition (envelope, documented names and types, no
field the reference does not list). Each required parameter left out, and
documented invalid values, are refused with a code the reference documents
for that API or among the common codes. The reference's own example
responses pass the same checker (except the errata listed here). Token
answers follow the authorization guide, webhooks their event pages.

The reference lives next to the repository (../shared/reference): without
it these tests fail at collection, they do not skip.
"""

import copy
import json
import time
from dataclasses import dataclass, field

import pytest
import requests

from odoo.addons.oms_tiktok.sandbox import ROUTES, SERVICE_ID, TikTokSandbox
from odoo.addons.oms_tiktok.tests import tiktok_reference as reference
from odoo.addons.oms_tiktok.tests.payloads import PROVIDER_ID, png, product_body
from odoo.addons.oms_tiktok.tiktok_api import signing

conformance = reference.conformance
Field = conformance.Field
SPECS = reference.read_reference()
COMMON_CODES = reference.common_error_codes()
# Documented types taken literally (ids and amounts are strings, times
# integers), and no field the reference does not list.
STRICT = conformance.Policy(
    numeric_strings=False,
    boolean_forms=False,
    numbers_as_strings=False,
    json_strings=False,
    extra_fields=False,
)
# The same, where the names are compared apart (webhook data).
TYPES_ONLY = conformance.Policy(
    numeric_strings=False,
    boolean_forms=False,
    numbers_as_strings=False,
    json_strings=False,
)
ENVELOPE = [
    Field("code", "int", True),
    Field("message", "string", True),
    Field("request_id", "string", True),
    Field("data", "object", False),
]
# Where the reference breaks its own response definition: the checker must
# report exactly these, so that a fixed reference (or a checker gone blind)
# shows here.
REFERENCE_ERRATA = {
    "products/get-category-rules.spec.json": [
        "data.allowed_special_product_types: expected a list, got str"
    ],
    "products/get-global-listing-rules.spec.json": [
        "data.listing_methods: expected a list, got str"
    ],
    "return-and-refund/search-returns.spec.json": [
        "data.return_orders[0].is_combined_return: expected a boolean, got 'true '"
    ],
}
DAY = 86400
PACKAGE_REASON = "seller_reject_receive_returned_item_is_not_the_original"
SELLER_OPTION = "7091146663229654786"  # the delivery option "Shipped by seller"


@dataclass
class Req:
    query: dict = field(default_factory=dict)
    body: dict = None
    path: dict = field(default_factory=dict)
    files: dict = None
    form: dict = None


class World:
    """A sandbox with orders, packages, cancellations, returns and
    statements in every state the APIs can show."""

    def __init__(self):
        self.sandbox = TikTokSandbox(rate_limit_qps=0, seed=5)
        self.sandbox.start()
        self.token, self.refresh_token = self.sandbox.seed_demo(orders=12)
        self.shop = self.sandbox.shop
        self.sandbox.add_product(
            "Bulk", [{"seller_sku": "BULK", "price": "4.50", "stock": 99999}]
        )
        self.warehouse_id = self.shop.default_warehouse_id()
        self.image_uri = self.send_route(
            "POST",
            "/product/202309/images/upload",
            Req(files={"data": ("a.png", png())}, form={"use_case": "MAIN_IMAGE"}),
        )[1]["data"]["uri"]
        self.created = self.send_route(
            "POST",
            "/product/202309/products",
            Req(body=product_body(self.warehouse_id, self.image_uri)),
        )[1]["data"]["product_id"]
        self._orders()

    def _orders(self):
        sandbox, shop = self.sandbox, self.shop
        shop.on_hold_seconds = 3600
        self.on_hold = sandbox.place_order([("MUG-350", 1)])
        shop.on_hold_seconds = 0
        self.unpaid = sandbox.place_order([("MUG-350", 1)], paid=False)
        self.cod = sandbox.place_order([("PWRBANK-10K", 1)], cod=True)
        self.partial = sandbox.place_order([("TSHIRT-RED-M", 2), ("MUG-350", 1)])
        line = next(
            line
            for line in shop.orders[self.partial]["lines"]
            if line["seller_sku"] == "MUG-350"
        )
        shop._cancel_lines(
            shop.orders[self.partial],
            [line],
            "SELLER",
            "seller_cancel_reason_out_of_stock",
        )
        self.requested = sandbox.place_order([("MUG-350", 1)])
        self.pending_cancel = sandbox.buyer_cancel(self.requested)
        self.cancelled = sandbox.place_order([("MUG-350", 1)])
        shop.set_order_status(self.cancelled, "CANCELLED")
        self.shipped = sandbox.place_order([("TSHIRT-BLUE-L", 1)])
        self.shipped_package = self.package(self.shipped)
        self.send_route(
            "POST",
            "/fulfillment/202309/packages/{package_id}/ship",
            Req(
                path={"package_id": self.shipped_package},
                body={"handover_method": "DROP_OFF"},
            ),
        )
        self.seller_shipped = sandbox.place_order(
            [("MUG-350", 1)], shipping_type="SELLER"
        )
        delivered = [o for o, v in shop.orders.items() if v["status"] == "DELIVERED"]
        self.returns = [
            sandbox.request_return(delivered[0], return_type="REFUND"),
            sandbox.request_return(delivered[1]),
        ]
        sandbox.set_return_status(self.returns[1], "AWAITING_BUYER_SHIP")
        sandbox.set_return_status(self.returns[1], "BUYER_SHIPPED_ITEM")
        sandbox.set_return_status(self.returns[0], "RETURN_OR_REFUND_REQUEST_COMPLETE")
        completed = sandbox.place_order([("PWRBANK-10K", 1)])
        sandbox.ship_and_deliver(completed)
        sandbox.set_order_status(completed, "COMPLETED")
        day = int(time.time()) // DAY * DAY
        self.statement = sandbox.create_statement(
            statement_time=day,
            adjustments=[
                {"type": "SHIPPING_FEE_COMPENSATION", "amount": "1.50"},
                {"type": "PLATFORM_PENALTY", "amount": "-2", "order_id": completed},
            ],
        )

    def package(self, order_id):
        return self.shop.orders[order_id]["lines"][0]["package_id"]

    def fresh_order(self, **kwargs):
        return self.sandbox.place_order([("BULK", 1)], **kwargs)

    def fresh_return(self, return_type="RETURN_AND_REFUND", steps=()):
        """A buyer's return of a delivered order, moved by ``steps``."""
        order_id = self.fresh_order()
        self.sandbox.ship_and_deliver(order_id)
        return_id = self.sandbox.request_return(order_id, return_type=return_type)
        for step in steps:
            self.sandbox.advance_return(return_id, step)
        return return_id

    def seller_shipped_package(self):
        """The package of a seller-shipped order, shipped with a tracking
        number of the seller's carrier."""
        package_id = self.package(self.fresh_order(shipping_type="SELLER"))
        self.send_route(
            "POST",
            "/fulfillment/202309/packages/{package_id}/ship",
            Req(
                path={"package_id": package_id},
                body={
                    "self_shipment": {
                        "tracking_number": "MY1",
                        "shipping_provider_id": PROVIDER_ID,
                    }
                },
            ),
        )
        return package_id

    def combinable_pair(self):
        """Two orders of one buyer to one address: ``(the package id TikTok
        proposes for them, their ids)``."""
        first = self.fresh_order()
        second = self.sandbox.place_order([("BULK", 1)], same_buyer_as=first)
        (package_id,) = [
            package_id
            for package_id, order_ids in self.shop._combinable_groups().items()
            if first in order_ids
        ]
        return package_id, [first, second]

    def combined_package(self):
        _package_id, order_ids = self.combinable_pair()
        return self.shop._combine([self.shop.orders[o] for o in order_ids])

    def fresh_product(self):
        return self.sandbox.add_product(
            "Fresh", [{"seller_sku": "FRESH", "price": "3", "stock": 4}]
        )

    def send_route(self, method, template, req, token=None):
        """Send one call signed as the guide says: ``(HTTP status, JSON)``."""
        route = next(r for r in ROUTES if (r.method, r.template) == (method, template))
        path = template.format(**req.path)
        params = {"app_key": self.sandbox.app_key, "timestamp": str(int(time.time()))}
        if route.shop:
            params["shop_cipher"] = self.shop.cipher
        params.update(req.query)
        headers = {"x-tts-access-token": token or self.token}
        kwargs = {}
        if req.files is not None:
            kwargs = {"files": req.files, "data": req.form or {}}
            data = b""
        else:
            headers["Content-Type"] = "application/json"
            data = json.dumps(req.body).encode() if req.body is not None else b""
            kwargs["data"] = data or None
        params["sign"] = signing.sign(self.sandbox.app_secret, path, params, data)
        answer = requests.request(
            method,
            self.sandbox.base_url + path,
            params=params,
            headers=headers,
            timeout=10,
            **kwargs,
        )
        return answer.status_code, answer.json()

    def stop(self):
        self.sandbox.stop()


@pytest.fixture(scope="module")
def world():
    built = World()
    yield built
    built.stop()


# Valid calls of each API, the richest first (its required parameters are
# the ones left out one by one).


def _products_search(w):
    return [
        Req(
            query={"page_size": "10"},
            body={
                "status": "ALL",
                "update_time_ge": 0,
                "update_time_le": int(time.time()),
            },
        ),
        Req(query={"page_size": "1"}),
        Req(query={"page_size": "100"}, body={"seller_skus": ["MUG-350"]}),
        Req(query={"page_size": "100"}, body={"status": "DELETED"}),
    ]


def _product_edit(w):
    product = w.shop.products[w.created]
    body = product_body(w.warehouse_id, w.image_uri, title="Linen Shirt (edited)")
    body["skus"][0]["id"] = product["skus"][0]["id"]
    return [Req(path={"product_id": w.created}, body=body)]


def _inventory(w):
    product_id = w.fresh_product()
    sku_id = w.shop.products[product_id]["skus"][0]["id"]
    return [
        Req(
            path={"product_id": product_id},
            body={
                "skus": [
                    {
                        "id": sku_id,
                        "inventory": [{"warehouse_id": w.warehouse_id, "quantity": 7}],
                    }
                ]
            },
        )
    ]


def _cancel(w):
    two = w.sandbox.place_order([("BULK", 2)])
    sku_id = w.shop.orders[two]["lines"][0]["sku_id"]
    return [
        Req(
            body={
                "order_id": two,
                "cancel_reason": "seller_cancel_reason_out_of_stock",
                "skus": [{"sku_id": sku_id, "quantity": 1}],
            }
        ),
        Req(
            body={
                "order_id": w.fresh_order(),
                "cancel_reason": "seller_cancel_reason_wrong_price",
            }
        ),
        Req(
            body={
                "order_id": w.fresh_order(paid=False),
                "cancel_reason": "seller_cancel_unpaid_reason_out_of_stock",
            }
        ),
    ]


def _pending(w):
    return w.sandbox.buyer_cancel(w.fresh_order())


def _approve_return(w):
    return [
        Req(
            path={"return_id": w.fresh_return()},
            query={"idempotency_key": "r-1"},
            body={"decision": "APPROVE_RETURN"},
        ),
        Req(
            path={"return_id": w.fresh_return("REFUND")},
            body={"decision": "APPROVE_REFUND"},
        ),
        Req(
            path={"return_id": w.fresh_return(steps=("approve", "ship", "arrive"))},
            body={"decision": "APPROVE_RECEIVED_PACKAGE"},
        ),
        Req(
            path={"return_id": w.fresh_return()},
            body={"decision": "APPROVE_RETURN", "buyer_keep_item": True},
        ),
    ]


def _reject_return(w):
    return [
        Req(
            path={"return_id": w.fresh_return()},
            body={
                "decision": "REJECT_RETURN",
                "reject_reason": "seller_reject_apply_product_is_not_damaged",
                "comment": "The photos show no damage",
                "images": [{"image_id": w.image_uri, "mime_type": "image/png"}],
            },
        ),
        Req(
            path={"return_id": w.fresh_return(steps=("approve", "ship"))},
            body={
                "decision": "REJECT_RECEIVED_PACKAGE",
                "reject_reason": PACKAGE_REASON,
            },
        ),
    ]


def _split_groups(w, order_id):
    lines = w.shop.orders[order_id]["lines"]
    return [
        {"id": f"g{index}", "order_line_item_ids": [line["id"]]}
        for index, line in enumerate(lines)
    ]


def _split(w):
    two = w.sandbox.place_order([("BULK", 2)])
    return [
        Req(path={"order_id": two}, body={"splittable_groups": _split_groups(w, two)})
    ]


def _search_combinable(w):
    w.combinable_pair()  # one at least to list
    return [Req(query={"page_size": "20"})]


def _ship(w):
    seller = w.fresh_order(shipping_type="SELLER")
    now = int(time.time())
    return [
        Req(
            path={"package_id": w.package(seller)},
            body={
                "handover_method": "DROP_OFF",
                "self_shipment": {
                    "tracking_number": "MY1",
                    "shipping_provider_id": PROVIDER_ID,
                },
            },
        ),
        Req(
            path={"package_id": w.package(w.fresh_order())},
            body={
                "handover_method": "PICKUP",
                "pickup_slot": {"start_time": now, "end_time": now + 3600},
            },
        ),
    ]


CALLS = {
    ("GET", "/authorization/202309/shops"): lambda w: [Req()],
    ("POST", "/product/202502/products/search"): _products_search,
    ("GET", "/product/202309/products/{product_id}"): lambda w: [
        Req(path={"product_id": w.created}),
        *[Req(path={"product_id": p}) for p in list(w.shop.products)[:3]],
    ],
    ("POST", "/product/202309/products"): lambda w: [
        Req(body=product_body(w.warehouse_id, w.image_uri)),
        Req(body=product_body(w.warehouse_id, w.image_uri, save_mode="AS_DRAFT")),
    ],
    ("DELETE", "/product/202309/products"): lambda w: [
        Req(body={"product_ids": [w.fresh_product(), "1729500000999999"]})
    ],
    ("PUT", "/product/202509/products/{product_id}"): _product_edit,
    ("POST", "/product/202309/products/activate"): lambda w: [
        Req(
            body={
                "product_ids": [w.fresh_product(), "404"],
                "listing_platforms": ["TIKTOK_SHOP"],
            }
        )
    ],
    ("POST", "/product/202309/products/deactivate"): lambda w: [
        Req(
            body={
                "product_ids": [w.fresh_product()],
                "listing_platforms": ["TIKTOK_SHOP"],
            }
        )
    ],
    ("POST", "/product/202309/products/{product_id}/inventory/update"): _inventory,
    ("GET", "/product/202309/categories"): lambda w: [
        Req(query={"locale": "en-US", "category_version": "v1"}),
        Req(query={"keyword": "mug"}),
    ],
    ("GET", "/product/202309/categories/{category_id}/attributes"): lambda w: [
        Req(path={"category_id": leaf}) for leaf in ("600003", "600102", "600202")
    ],
    ("POST", "/product/202309/images/upload"): lambda w: [
        Req(files={"data": ("b.png", png(800, 800))}, form={"use_case": "MAIN_IMAGE"})
    ],
    ("GET", "/logistics/202309/warehouses"): lambda w: [Req()],
    ("POST", "/order/202309/orders/search"): lambda w: [
        Req(
            query={
                "page_size": "100",
                "sort_field": "update_time",
                "sort_order": "ASC",
            },
            body={"create_time_ge": 0, "update_time_lt": int(time.time()) + 60},
        ),
        Req(query={"page_size": "3"}),
        Req(query={"page_size": "20"}, body={"order_status": "ON_HOLD"}),
        Req(query={"page_size": "20"}, body={"is_buyer_request_cancel": True}),
    ],
    ("GET", "/order/202507/orders"): lambda w: [
        Req(query={"ids": ",".join(list(w.shop.orders)[:50])})
    ],
    ("POST", "/return_refund/202309/cancellations"): _cancel,
    ("POST", "/return_refund/202309/cancellations/search"): lambda w: [
        Req(
            query={"page_size": "50"},
            body={"cancel_status": ["CANCELLATION_REQUEST_PENDING"]},
        ),
        Req(query={"page_size": "50"}),
    ],
    ("POST", "/return_refund/202309/cancellations/{cancel_id}/approve"): lambda w: [
        Req(path={"cancel_id": _pending(w)}, query={"idempotency_key": "k-1"}, body={})
    ],
    ("POST", "/return_refund/202309/cancellations/{cancel_id}/reject"): lambda w: [
        Req(
            path={"cancel_id": _pending(w)},
            body={
                "reject_reason": "seller_reject_apply_product_has_been_packed",
                "comment": "Packed before the request",
                "images": [
                    {
                        "image_id": w.image_uri,
                        "mime_type": "image/png",
                        "height": 600,
                        "width": 600,
                    }
                ],
            },
        )
    ],
    ("POST", "/return_refund/202309/returns/search"): lambda w: [
        Req(query={"page_size": "50"}),
        Req(query={"page_size": "10"}, body={"return_status": ["BUYER_SHIPPED_ITEM"]}),
    ],
    ("POST", "/return_refund/202309/returns/{return_id}/approve"): _approve_return,
    ("POST", "/return_refund/202309/returns/{return_id}/reject"): _reject_return,
    ("GET", "/return_refund/202309/reject_reasons"): lambda w: [
        Req(query={"return_or_cancel_id": w.returns[1], "locale": "en-US"}),
        Req(query={"return_or_cancel_id": w.fresh_return()}),
        Req(query={"return_or_cancel_id": w.pending_cancel}),
    ],
    ("GET", "/fulfillment/202309/packages/{package_id}"): lambda w: [
        Req(path={"package_id": w.shipped_package}),
        Req(path={"package_id": w.package(w.on_hold)}),
    ],
    (
        "GET",
        "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers",
    ): lambda w: [Req(path={"delivery_option_id": SELLER_OPTION})],
    (
        "POST",
        "/fulfillment/202309/packages/{package_id}/shipping_info/update",
    ): lambda w: [
        Req(
            path={"package_id": w.seller_shipped_package()},
            body={"tracking_number": "MY2", "shipping_provider_id": PROVIDER_ID},
        )
    ],
    ("GET", "/fulfillment/202309/combinable_packages/search"): _search_combinable,
    ("POST", "/fulfillment/202309/packages/combine"): lambda w: [
        Req(
            body={
                "combinable_packages": [
                    dict(zip(("id", "order_ids"), w.combinable_pair(), strict=True))
                ]
            }
        ),
        Req(body={"combinable_packages": [{"id": w.combinable_pair()[0]}]}),
    ],
    ("POST", "/fulfillment/202309/packages/{package_id}/uncombine"): lambda w: [
        Req(
            path={"package_id": (combined := w.combined_package())["id"]},
            body={"order_ids": combined["order_ids"][1:]},
        ),
        Req(path={"package_id": w.combined_package()["id"]}, body={}),
    ],
    ("GET", "/fulfillment/202309/orders/split_attributes"): lambda w: [
        Req(query={"order_ids": f"{w.fresh_order()},{w.shipped},{w.on_hold}"})
    ],
    ("POST", "/fulfillment/202309/orders/{order_id}/split"): _split,
    ("POST", "/fulfillment/202309/packages/{package_id}/ship"): _ship,
    ("GET", "/fulfillment/202309/packages/{package_id}/shipping_documents"): lambda w: [
        Req(
            path={"package_id": w.shipped_package},
            query={
                "document_type": "SHIPPING_LABEL",
                "document_size": "A6",
                "document_format": "PDF",
            },
        ),
        Req(
            path={"package_id": w.shipped_package},
            query={"document_type": "PACKING_SLIP"},
        ),
    ],
    ("GET", "/finance/202309/statements"): lambda w: [
        Req(
            query={
                "sort_field": "statement_time",
                "sort_order": "ASC",
                "page_size": "20",
            }
        ),
        Req(query={"sort_field": "statement_time", "payment_status": "PAID"}),
    ],
    (
        "GET",
        "/finance/202501/statements/{statement_id}/statement_transactions",
    ): lambda w: [
        Req(
            path={"statement_id": w.statement},
            query={"sort_field": "order_create_time"},
        ),
        Req(
            path={"statement_id": w.statement},
            query={"sort_field": "order_create_time", "page_size": "1"},
        ),
    ],
}
# APIs whose answer lists records: at least one must come back.
LISTING = {
    "/authorization/202309/shops": "shops",
    "/product/202502/products/search": "products",
    "/product/202309/categories": "categories",
    "/product/202309/categories/{category_id}/attributes": "attributes",
    "/logistics/202309/warehouses": "warehouses",
    "/order/202309/orders/search": "orders",
    "/order/202507/orders": "orders",
    "/return_refund/202309/cancellations/search": "cancellations",
    "/return_refund/202309/returns/search": "return_orders",
    "/return_refund/202309/reject_reasons": "reasons",
    "/fulfillment/202309/combinable_packages/search": "combinable_packages",
    "/finance/202309/statements": "statements",
    "/finance/202501/statements/{statement_id}/statement_transactions": "transactions",
}
ROUTE_IDS = [f"{r.method} {r.template}" for r in ROUTES]


def spec_of(route):
    return SPECS[(route.method, route.template)]


def documented(spec, code):
    return str(code) in spec.error_codes or str(code) in COMMON_CODES


def assert_refusal(spec, status, payload, expected=None):
    problems = conformance.check(payload, ENVELOPE, "", STRICT)
    assert not problems, [str(p) for p in problems]
    assert payload["code"] != 0 and payload["data"] is None, payload
    assert documented(spec, payload["code"]), (
        f"{spec.path}: code {payload['code']} ({payload['message']}) is not documented"
    )
    if expected is not None:
        assert payload["code"] == expected, payload


# The reference itself -----------------------------------------------------------------


def test_the_reference_documents_every_route_of_the_sandbox():
    assert len(ROUTES) == len(CALLS) == 35
    for route in ROUTES:
        spec = SPECS.get((route.method, route.template))
        assert spec, f"{route.method} {route.template} is not in the reference"
        assert spec.shop_cipher == route.shop, route.template
        assert (route.method, route.template) in CALLS
    assert {"36009004", "106001", "105002", "106013"} <= COMMON_CODES


def test_the_reference_examples_pass_the_checker():
    checked = 0
    found = {}
    for spec in SPECS.values():
        example = spec.examples[0]["response"]
        assert isinstance(example, dict), f"{spec.source}: no example response"
        problems = [
            str(p) for p in conformance.check(example, spec.response, "", STRICT)
        ]
        checked += 1
        if problems:
            found[f"{spec.source.parent.name}/{spec.source.name}"] = problems
    assert found == REFERENCE_ERRATA
    assert checked == len(SPECS) >= 100


def test_the_checker_finds_a_broken_answer():
    spec = SPECS[("GET", "/order/202507/orders")]
    example = copy.deepcopy(spec.examples[0]["response"])
    assert not conformance.check(example, spec.response, "", STRICT)
    broken = copy.deepcopy(example)
    broken["data"]["orders"][0]["create_time"] = "1619611561"
    broken["data"]["orders"][0]["line_items"][0]["invented"] = 1
    broken["data"]["orders"][0]["payment"] = []
    broken["code"] = "0"
    problems = {str(p) for p in conformance.check(broken, spec.response, "", STRICT)}
    assert problems == {
        "code: expected a number, got '0'",
        "data.orders[0].create_time: expected a number, got '1619611561'",
        "data.orders[0].line_items[0].invented: not in the reference",
        "data.orders[0].payment: expected an object, got list",
    }


# The sandbox's answers ----------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_answers_conform_to_the_reference(world, route):
    spec = spec_of(route)
    listed = 0
    for req in CALLS[(route.method, route.template)](world):
        status, payload = world.send_route(route.method, route.template, req)
        assert status == 200 and payload["code"] == 0, payload
        problems = conformance.check(payload, spec.response, "", STRICT)
        assert not problems, [str(p) for p in problems]
        assert isinstance(payload["data"], dict)
        if route.template in LISTING:
            listed += len(payload["data"][LISTING[route.template]])
    if route.template in LISTING:
        assert listed, f"{route.template} answered no record to check"


def _required_paths(fields, value, prefix=()):
    """Paths of required parameters present in ``value``, nested ones
    where their parent is sent (in the first entry of a list)."""
    paths = []
    for spec in fields:
        if spec.name not in value:
            if spec.required:
                paths.append((*prefix, spec.name))
            continue
        if spec.required:
            paths.append((*prefix, spec.name))
        child = value[spec.name]
        if isinstance(child, list) and child and isinstance(child[0], dict):
            paths += _required_paths(spec.children, child[0], (*prefix, spec.name, 0))
        elif isinstance(child, dict):
            paths += _required_paths(spec.children, child, (*prefix, spec.name))
    return paths


def _without(value, path):
    value = copy.deepcopy(value)
    target = value
    for key in path[:-1]:
        target = target[key]
    target.pop(path[-1], None)
    return value


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_missing_required_parameters_are_refused(world, route):
    spec = spec_of(route)
    left_out = 0
    base = CALLS[(route.method, route.template)](world)[0]
    query_required = [
        f.name for f in spec.query if f.required and f.name != "shop_cipher"
    ]
    for name in query_required:
        assert name in base.query, f"the valid call of {route.template} lacks {name}"
        req = copy.deepcopy(base)
        del req.query[name]
        status, payload = world.send_route(route.method, route.template, req)
        assert_refusal(spec, status, payload)
        left_out += 1
    if base.files is not None:
        for name in [f.name for f in spec.body if f.required]:
            req = copy.deepcopy(base)
            req.files.pop(name, None)
            req.form.pop(name, None)
            req.files = req.files or {"other": ("x.txt", b"x")}
            status, payload = world.send_route(route.method, route.template, req)
            assert_refusal(spec, status, payload)
            left_out += 1
    elif base.body is not None:
        for path in _required_paths(spec.body, base.body):
            fresh = CALLS[(route.method, route.template)](world)[0]
            req = Req(
                query=fresh.query, body=_without(fresh.body, path), path=fresh.path
            )
            status, payload = world.send_route(route.method, route.template, req)
            assert_refusal(spec, status, payload)
            left_out += 1
    required = query_required + [f.name for f in spec.body if f.required]
    assert left_out >= len(required)


def _call(route_key, w, **change):
    req = copy.deepcopy(CALLS[route_key](w)[0])
    for where, values in change.items():
        target = getattr(req, where)
        if target is None:
            setattr(req, where, {})
            target = getattr(req, where)
        target.update(values)
    return req


SEARCH_PRODUCTS = ("POST", "/product/202502/products/search")
SEARCH_ORDERS = ("POST", "/order/202309/orders/search")
CANCEL = ("POST", "/return_refund/202309/cancellations")
SEARCH_CANCELLATIONS = ("POST", "/return_refund/202309/cancellations/search")
SEARCH_RETURNS = ("POST", "/return_refund/202309/returns/search")
STATEMENTS = ("GET", "/finance/202309/statements")
TRANSACTIONS = (
    "GET",
    "/finance/202501/statements/{statement_id}/statement_transactions",
)
DOCUMENTS = ("GET", "/fulfillment/202309/packages/{package_id}/shipping_documents")
SHIP = ("POST", "/fulfillment/202309/packages/{package_id}/ship")
INVENTORY = ("POST", "/product/202309/products/{product_id}/inventory/update")
CREATE = ("POST", "/product/202309/products")
EDIT = ("PUT", "/product/202509/products/{product_id}")
CATEGORIES = ("GET", "/product/202309/categories")
ATTRIBUTES = ("GET", "/product/202309/categories/{category_id}/attributes")
ORDERS = ("GET", "/order/202507/orders")
PRODUCT = ("GET", "/product/202309/products/{product_id}")
UPLOAD = ("POST", "/product/202309/images/upload")
APPROVE = ("POST", "/return_refund/202309/cancellations/{cancel_id}/approve")
REJECT = ("POST", "/return_refund/202309/cancellations/{cancel_id}/reject")
PACKAGE = ("GET", "/fulfillment/202309/packages/{package_id}")
APPROVE_RETURN = ("POST", "/return_refund/202309/returns/{return_id}/approve")
REJECT_RETURN = ("POST", "/return_refund/202309/returns/{return_id}/reject")
REJECT_REASONS = ("GET", "/return_refund/202309/reject_reasons")
SPLIT = ("POST", "/fulfillment/202309/orders/{order_id}/split")
UNCOMBINE = ("POST", "/fulfillment/202309/packages/{package_id}/uncombine")
PROVIDERS = (
    "GET",
    "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers",
)
SHIPPING_INFO = (
    "POST",
    "/fulfillment/202309/packages/{package_id}/shipping_info/update",
)
SPLIT_ATTRIBUTES = ("GET", "/fulfillment/202309/orders/split_attributes")


def _split_leaving_one_out(w):
    three = w.sandbox.place_order([("BULK", 3)])
    return Req(
        path={"order_id": three},
        body={"splittable_groups": _split_groups(w, three)[:2]},
    )


def _ship_twice(w):
    return _call(SHIP, w, path={"package_id": w.shipped_package})


def _sku_quantity(w, quantity):
    req = _call(INVENTORY, w)
    req.body["skus"][0]["inventory"][0]["quantity"] = quantity
    return req


def _create(w, **change):
    return Req(body=product_body(w.warehouse_id, w.image_uri, **change))


INVALID = [
    (
        "page_size 0",
        SEARCH_PRODUCTS,
        lambda w: _call(SEARCH_PRODUCTS, w, query={"page_size": "0"}),
        12019109,
    ),
    (
        "page_size 101",
        SEARCH_PRODUCTS,
        lambda w: _call(SEARCH_PRODUCTS, w, query={"page_size": "101"}),
        12019109,
    ),
    (
        "page_token",
        SEARCH_PRODUCTS,
        lambda w: _call(SEARCH_PRODUCTS, w, query={"page_token": "x"}),
        12019108,
    ),
    (
        "status",
        SEARCH_PRODUCTS,
        lambda w: _call(SEARCH_PRODUCTS, w, body={"status": "SOLD"}),
        12052910,
    ),
    (
        "11 seller_skus",
        SEARCH_PRODUCTS,
        lambda w: _call(
            SEARCH_PRODUCTS, w, body={"seller_skus": [str(i) for i in range(11)]}
        ),
        12019027,
    ),
    (
        "11 sku_ids",
        SEARCH_PRODUCTS,
        lambda w: _call(
            SEARCH_PRODUCTS, w, body={"sku_ids": [str(i) for i in range(11)]}
        ),
        12019087,
    ),
    (
        "update_time_ge text",
        SEARCH_PRODUCTS,
        lambda w: _call(SEARCH_PRODUCTS, w, body={"update_time_ge": "today"}),
        12019119,
    ),
    ("unknown product", PRODUCT, lambda w: Req(path={"product_id": "1"}), 12052032),
    ("title", CREATE, lambda w: _create(w, title=""), 12052261),
    (
        "category not a leaf",
        CREATE,
        lambda w: _create(w, category_id="600100"),
        12052024,
    ),
    ("unknown category", CREATE, lambda w: _create(w, category_id="1"), 12052023),
    (
        "image uri",
        CREATE,
        lambda w: _create(w, main_images=[{"uri": "nowhere"}]),
        12052300,
    ),
    (
        "required attribute",
        CREATE,
        lambda w: _create(w, product_attributes=[]),
        12052104,
    ),
    (
        "weight unit",
        CREATE,
        lambda w: _create(w, package_weight={"value": "1", "unit": "STONE"}),
        12019011,
    ),
    (
        "edit foreign SKU",
        EDIT,
        lambda w: Req(
            path={"product_id": w.created},
            body=product_body(
                w.warehouse_id,
                w.image_uri,
                skus=[
                    {
                        "id": "9",
                        "price": {"amount": "1", "currency": "MYR"},
                        "inventory": [{"warehouse_id": w.warehouse_id, "quantity": 1}],
                    }
                ],
            ),
        ),
        12052557,
    ),
    (
        "edit SKU list",
        EDIT,
        lambda w: Req(
            path={"product_id": w.created},
            body=product_body(w.warehouse_id, w.image_uri, skus=[]),
        ),
        12052902,
    ),
    ("quantity 100000", INVENTORY, lambda w: _sku_quantity(w, 100000), 12052055),
    ("quantity text", INVENTORY, lambda w: _sku_quantity(w, "many"), 12019024),
    (
        "category_version",
        CATEGORIES,
        lambda w: Req(query={"category_version": "v2"}),
        12052217,
    ),
    (
        "attributes of a parent",
        ATTRIBUTES,
        lambda w: Req(path={"category_id": "600001"}),
        12052024,
    ),
    (
        "attributes of nothing",
        ATTRIBUTES,
        lambda w: Req(path={"category_id": "1"}),
        12052023,
    ),
    (
        "not an image",
        UPLOAD,
        lambda w: Req(files={"data": ("a.png", b"text")}, form={}),
        12038004,
    ),
    (
        "use_case",
        UPLOAD,
        lambda w: Req(files={"data": ("a.png", png())}, form={"use_case": "X"}),
        11050001,
    ),
    (
        "orders page_size 0",
        SEARCH_ORDERS,
        lambda w: _call(SEARCH_ORDERS, w, query={"page_size": "0"}),
        36009004,
    ),
    (
        "orders sort_field",
        SEARCH_ORDERS,
        lambda w: _call(SEARCH_ORDERS, w, query={"sort_field": "price"}),
        36009004,
    ),
    (
        "orders sort_order",
        SEARCH_ORDERS,
        lambda w: _call(SEARCH_ORDERS, w, query={"sort_order": "UP"}),
        36009004,
    ),
    (
        "order_status",
        SEARCH_ORDERS,
        lambda w: _call(SEARCH_ORDERS, w, body={"order_status": "LOST"}),
        36009004,
    ),
    (
        "create_time_ge text",
        SEARCH_ORDERS,
        lambda w: _call(SEARCH_ORDERS, w, body={"create_time_ge": "x"}),
        36009004,
    ),
    (
        "51 order ids",
        ORDERS,
        lambda w: Req(query={"ids": ",".join(str(i) for i in range(51))}),
        36009004,
    ),
    ("unknown order", ORDERS, lambda w: Req(query={"ids": "1"}), 21008111),
    (
        "cancel reason",
        CANCEL,
        lambda w: Req(body={"order_id": w.fresh_order(), "cancel_reason": "bored"}),
        25001014,
    ),
    (
        "reason of status",
        CANCEL,
        lambda w: Req(
            body={
                "order_id": w.fresh_order(),
                "cancel_reason": "seller_cancel_unpaid_reason_wrong_price",
            }
        ),
        25001021,
    ),
    (
        "cancel shipped",
        CANCEL,
        lambda w: Req(
            body={
                "order_id": w.shipped,
                "cancel_reason": "seller_cancel_reason_out_of_stock",
            }
        ),
        25001045,
    ),
    (
        "cancel unknown order",
        CANCEL,
        lambda w: Req(
            body={"order_id": "1", "cancel_reason": "seller_cancel_reason_out_of_stock"}
        ),
        25020005,
    ),
    (
        "cancel too many",
        CANCEL,
        lambda w: Req(
            body={
                "order_id": w.fresh_order(),
                "cancel_reason": "seller_cancel_reason_out_of_stock",
                "order_line_item_ids": ["1"],
            }
        ),
        25005011,
    ),
    (
        "cancellations status",
        SEARCH_CANCELLATIONS,
        lambda w: _call(SEARCH_CANCELLATIONS, w, body={"cancel_status": ["GONE"]}),
        25001001,
    ),
    (
        "cancellations page_size 51",
        SEARCH_CANCELLATIONS,
        lambda w: _call(SEARCH_CANCELLATIONS, w, query={"page_size": "51"}),
        25001001,
    ),
    (
        "approve unknown",
        APPROVE,
        lambda w: Req(path={"cancel_id": "1"}, body={}),
        25007006,
    ),
    (
        "approve answered",
        APPROVE,
        lambda w: Req(
            path={"cancel_id": w.sandbox.buyer_cancel(w.fresh_order(paid=False))},
            body={},
        ),
        25011012,
    ),
    (
        "reject reason",
        REJECT,
        lambda w: Req(path={"cancel_id": _pending(w)}, body={"reject_reason": "no"}),
        25001014,
    ),
    (
        "returns page_size 9",
        SEARCH_RETURNS,
        lambda w: _call(SEARCH_RETURNS, w, query={"page_size": "9"}),
        25001001,
    ),
    (
        "return_types",
        SEARCH_RETURNS,
        lambda w: _call(SEARCH_RETURNS, w, body={"return_types": ["SWAP"]}),
        25001001,
    ),
    (
        "return unknown",
        APPROVE_RETURN,
        lambda w: Req(path={"return_id": "1"}, body={"decision": "APPROVE_RETURN"}),
        25007006,
    ),
    (
        "decision of another return type",
        APPROVE_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return("REFUND")},
            body={"decision": "APPROVE_RETURN"},
        ),
        25020004,
    ),
    (
        "approve an approved return",
        APPROVE_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return(steps=("approve",))},
            body={"decision": "APPROVE_RETURN"},
        ),
        25011012,
    ),
    (
        "approve a parcel not shipped back",
        APPROVE_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return(steps=("approve",))},
            body={"decision": "APPROVE_RECEIVED_PACKAGE"},
        ),
        25011013,
    ),
    (
        "approve a cancelled return",
        APPROVE_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return(steps=("cancel",))},
            body={"decision": "APPROVE_RETURN"},
        ),
        25020009,
    ),
    (
        "reject an approved return",
        REJECT_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return(steps=("approve",))},
            body={
                "decision": "REJECT_RETURN",
                "reject_reason": "seller_reject_apply_product_is_not_damaged",
            },
        ),
        25020010,
    ),
    (
        "reject a parcel not shipped back",
        REJECT_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return()},
            body={
                "decision": "REJECT_RECEIVED_PACKAGE",
                "reject_reason": PACKAGE_REASON,
            },
        ),
        25020012,
    ),
    (
        "return reject reason",
        REJECT_RETURN,
        lambda w: Req(
            path={"return_id": w.fresh_return()},
            body={"decision": "REJECT_RETURN", "reject_reason": "no"},
        ),
        25001014,
    ),
    (
        "reject reasons of nothing",
        REJECT_REASONS,
        lambda w: Req(query={"return_or_cancel_id": "1"}),
        36009004,
    ),
    (
        "split one item",
        SPLIT,
        lambda w: Req(
            path={"order_id": w.fresh_order()},
            body={"splittable_groups": [{"id": "a", "order_line_item_ids": ["1"]}]},
        ),
        21011035,
    ),
    (
        "split leaving an item out",
        SPLIT,
        lambda w: _split_leaving_one_out(w),
        21011005,
    ),
    (
        "split attributes of nothing",
        SPLIT_ATTRIBUTES,
        lambda w: Req(query={"order_ids": "1"}),
        36009004,
    ),
    (
        "providers of TikTok shipping",
        PROVIDERS,
        lambda w: Req(path={"delivery_option_id": "7091146663229654785"}),
        21008117,
    ),
    (
        "providers of no option",
        PROVIDERS,
        lambda w: Req(path={"delivery_option_id": "1"}),
        21008116,
    ),
    (
        "tracking of a TikTok-shipped package",
        SHIPPING_INFO,
        lambda w: Req(
            path={"package_id": w.shipped_package},
            body={"tracking_number": "MY3", "shipping_provider_id": PROVIDER_ID},
        ),
        21011004,
    ),
    (
        "tracking before shipping",
        SHIPPING_INFO,
        lambda w: Req(
            path={"package_id": w.package(w.fresh_order(shipping_type="SELLER"))},
            body={"tracking_number": "MY3", "shipping_provider_id": PROVIDER_ID},
        ),
        21011043,
    ),
    (
        "uncombine a package of one order",
        UNCOMBINE,
        lambda w: Req(path={"package_id": w.package(w.fresh_order())}, body={}),
        21011029,
    ),
    ("package unknown", PACKAGE, lambda w: Req(path={"package_id": "1"}), 10006402),
    ("ship twice", SHIP, _ship_twice, 21011040),
    (
        "ship on hold",
        SHIP,
        lambda w: Req(path={"package_id": w.package(w.on_hold)}, body={}),
        21011003,
    ),
    (
        "ship cancelled",
        SHIP,
        lambda w: Req(path={"package_id": w.package(w.cancelled)}, body={}),
        21011041,
    ),
    (
        "ship requested",
        SHIP,
        lambda w: Req(path={"package_id": w.package(w.requested)}, body={}),
        21008044,
    ),
    (
        "handover_method",
        SHIP,
        lambda w: Req(
            path={"package_id": w.package(w.fresh_order())},
            body={"handover_method": "FLY"},
        ),
        21001001,
    ),
    ("ship unknown", SHIP, lambda w: Req(path={"package_id": "1"}, body={}), 21011028),
    (
        "document_type",
        DOCUMENTS,
        lambda w: Req(
            path={"package_id": w.shipped_package}, query={"document_type": "POSTER"}
        ),
        36009004,
    ),
    (
        "document before shipping",
        DOCUMENTS,
        lambda w: Req(
            path={"package_id": w.package(w.cod)},
            query={"document_type": "SHIPPING_LABEL"},
        ),
        21023035,
    ),
    (
        "document of a cancelled",
        DOCUMENTS,
        lambda w: Req(
            path={"package_id": w.package(w.cancelled)},
            query={"document_type": "SHIPPING_LABEL"},
        ),
        21023059,
    ),
    (
        "statements sort_field",
        STATEMENTS,
        lambda w: Req(query={"sort_field": "amount"}),
        36009004,
    ),
    (
        "statements page_size",
        STATEMENTS,
        lambda w: Req(query={"sort_field": "statement_time", "page_size": "101"}),
        36009004,
    ),
    (
        "transactions sort_field",
        TRANSACTIONS,
        lambda w: Req(
            path={"statement_id": w.statement}, query={"sort_field": "statement_time"}
        ),
        36009004,
    ),
]


@pytest.mark.parametrize(
    ("route_key", "build", "code"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_parameters_are_refused_with_documented_codes(
    world, route_key, build, code
):
    spec = SPECS[route_key]
    status, payload = world.send_route(*route_key, build(world))
    assert_refusal(spec, status, payload, code)


# Gateway, tokens and webhooks ---------------------------------------------------------


def test_gateway_refusals_use_common_codes(world):
    sandbox = world.sandbox
    spec = SPECS[("GET", "/logistics/202309/warehouses")]
    route = ("GET", "/logistics/202309/warehouses")
    expired, _refresh = sandbox.issue_tokens()
    sandbox.expire_access_token(expired)
    for token, expected in (("TTP_unknown", 36009004), (expired, 105002)):
        status, payload = world.send_route(*route, Req(), token=token)
        assert_refusal(spec, status, payload, expected)
    sandbox.faults.rate_limit_burst(1)
    status, payload = world.send_route(*route, Req())
    assert status == 429
    assert_refusal(spec, status, payload, 36009002)
    for path, expected in (
        ("/logistics/202309/nothing", 36009009),
        ("/logistics/202401/warehouses", 36009014),
    ):
        payload = requests.get(sandbox.base_url + path, timeout=5).json()
        assert_refusal(spec, 200, payload, expected)


def test_token_answers_follow_the_authorization_guide(world):
    example, fields = reference.token_fields()
    sandbox = world.sandbox
    params = {
        "app_key": sandbox.app_key,
        "app_secret": sandbox.app_secret,
        "auth_code": sandbox.authorize(),
        "grant_type": "authorized_code",
    }
    got = requests.get(f"{sandbox.base_url}/api/v2/token/get", params=params, timeout=5)
    refreshed = requests.get(
        f"{sandbox.base_url}/api/v2/token/refresh",
        params={
            "app_key": sandbox.app_key,
            "app_secret": sandbox.app_secret,
            "refresh_token": got.json()["data"]["refresh_token"],
            "grant_type": "refresh_token",
        },
        timeout=5,
    )
    envelope = [*ENVELOPE[:3], Field("data", "object", True, fields)]
    for answer in (got, refreshed):
        payload = answer.json()
        assert payload["code"] == example["code"] == 0
        problems = conformance.check(payload, envelope, "", STRICT)
        assert not problems, [str(p) for p in problems]


def test_consent_page_answers_with_code_and_state(world):
    answer = requests.get(
        f"{world.sandbox.base_url}/open/authorize",
        params={
            "service_id": SERVICE_ID,
            "state": "x1",
            "redirect_uri": "https://a.example/cb",
        },
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 302
    assert (
        "code=" in answer.headers["Location"]
        and "state=x1" in answer.headers["Location"]
    )


WEBHOOK_ENVELOPE = [
    Field("type", "int", True),
    Field("tts_notification_id", "string", True),
    Field("shop_id", "string", True),
    Field("timestamp", "int", True),
    Field("data", "object", True),
]


def test_webhooks_follow_their_event_pages(world, receiver_server):
    sandbox = world.sandbox
    receiver_server.received.clear()
    sandbox.configure_push(receiver_server.url)
    sandbox.flush_pushes()  # what the world's making queued
    sandbox.notify_authorization_expiry(30)
    order_id = world.fresh_order()
    sandbox.buyer_cancel(order_id)
    sandbox.flush_pushes()
    seen = {}
    for headers, body in receiver_server.received:
        assert signing.verify_webhook(
            sandbox.app_secret, sandbox.app_key, body, headers["Authorization"]
        )
        message = json.loads(body)
        assert set(message) == {f.name for f in WEBHOOK_ENVELOPE}
        problems = conformance.check(message, WEBHOOK_ENVELOPE, "", TYPES_ONLY)
        assert not problems, [str(p) for p in problems]
        seen.setdefault(message["type"], set()).update(message["data"])
    assert set(seen) >= {1, 5, 7, 11, 12}
    sandbox.deauthorize()
    sandbox.flush_pushes()
    seen.setdefault(6, set()).update(
        json.loads(receiver_server.received[-1][1])["data"]
    )
    for event_type, names in seen.items():
        documented_names, _example = reference.webhook_reference(event_type)
        assert names <= documented_names, (event_type, names - documented_names)
    for event_type in (1, 11, 12):  # every documented field is sent
        documented_names, _example = reference.webhook_reference(event_type)
        assert seen[event_type] == documented_names, event_type
