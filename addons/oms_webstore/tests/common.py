import json

from oms_api_common.sandbox import PushInbox

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.common import make_stocked_products

from .. import ratelimit
from ..const import API_KEY_HEADER, API_ROOT


def order_payload(order_no, **overrides):
    """A valid create-order body."""
    payload = {
        "order_no": order_no,
        "currency": None,
        "buyer": {"id": "C-1", "name": "Ann Buyer", "phone": "+66812345678"},
        "shipping_address": {
            "name": "Ann Buyer",
            "phone": "+66812345678",
            "street": "1 Sukhumvit Road",
            "city": "Bangkok",
            "zip": "10110",
            "country_code": "TH",
        },
        "lines": [
            {"line_id": "L1", "sku": "WS-A", "quantity": 2, "unit_price": 100.0},
            {"line_id": "L2", "sku": "WS-B", "quantity": 1, "unit_price": 50.0},
        ],
        "payment": {"method": "prepaid", "paid": True},
        "shipping_fee": 5.0,
    }
    payload.update(overrides)
    return payload


@tagged("post_install", "-at_install")
class WebstoreHttpCase(HttpCase):
    """A web store shop with an API key, stocked products bound to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.channel = cls.env["oms.channel"].create(
            {
                "name": "Test Web Store",
                "platform": "webstore",
                "country_id": cls.env.ref("base.th").id,
                "warehouse_ids": [(6, 0, cls.warehouse.ids)],
            }
        )
        cls.product_a, cls.product_b = make_stocked_products(
            cls.env, cls.warehouse, ["WS-A", "WS-B"], quantity=20
        )
        cls.env["oms.product.binding"].create(
            [
                {
                    "channel_id": cls.channel.id,
                    "product_id": product.id,
                    "seller_sku": product.default_code,
                    "external_id": product.default_code,
                    "external_product_id": "SPU-1",
                }
                for product in cls.product_a | cls.product_b
            ]
        )
        cls.key_record, cls.api_key = cls.env["oms.webstore.key"]._generate(
            cls.channel, "test store"
        )

    def setUp(self):
        super().setUp()
        # counts are committed outside the test's transaction
        ratelimit.reset(self.env.cr.dbname, self.key_record.id)
        self.addCleanup(ratelimit.reset, self.env.cr.dbname, self.key_record.id)

    def api(self, method, path, payload=None, key=None, data=None, headers=None):
        all_headers = {API_KEY_HEADER: self.api_key if key is None else key}
        if payload is not None:
            data = json.dumps(payload)
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        if not all_headers[API_KEY_HEADER]:
            del all_headers[API_KEY_HEADER]
        return self.opener.request(
            method,
            self.base_url() + API_ROOT + path,
            data=data,
            headers=all_headers,
            timeout=60,
        )

    def assertError(self, response, status, code, field=None):
        self.assertEqual(response.status_code, status, response.text)
        detail = response.json()["detail"]
        self.assertEqual(detail["code"], code, detail)
        if field is not None:
            self.assertEqual(detail["field"], field, detail)
        return detail

    def sale(self, order_no):
        return self.env["sale.order"].search(
            [
                ("oms_channel_id", "=", self.channel.id),
                ("oms_external_id", "=", order_no),
            ]
        )

    def start_store_inbox(self):
        """The store's webhook receiver on loopback, set on the shop."""
        self.inbox = PushInbox().start()
        self.addCleanup(self.inbox.stop)
        self.channel.write(
            {
                "webstore_webhook_url": self.inbox.url,
                "webstore_webhook_secret": "s3cret",
            }
        )
        return self.inbox

    def store_events(self, direction, **values):
        """The shop's events of ``direction`` with these field values."""
        domain = [("channel_id", "=", self.channel.id), ("direction", "=", direction)]
        domain += [(name, "=", value) for name, value in values.items()]
        return self.env["oms.event"].search(domain)
