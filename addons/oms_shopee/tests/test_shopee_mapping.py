from datetime import UTC, datetime, timedelta

from odoo.tests import BaseCase, tagged

from odoo.addons.oms_shopee import mapping, returns
from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.shopee_api import ShopeeClient, const

from . import shopee_reference as reference


def _order(**overrides):
    order = {
        "order_sn": "250101ABCDEFGH",
        "region": "MY",
        "currency": "MYR",
        "cod": False,
        "order_status": "READY_TO_SHIP",
        "create_time": 1735689600,
        "update_time": 1735693200,
        "ship_by_date": 1735862400,
        "message_to_seller": "Leave at the door",
        "buyer_user_id": 700001,
        "buyer_username": "ali_hassan",
        "recipient_address": {
            "name": "Ali Hassan",
            "phone": "60123456789",
            "town": "",
            "district": "Bangsar",
            "city": "Kuala Lumpur",
            "state": "Wilayah Persekutuan",
            "region": "MY",
            "zipcode": "59100",
            "full_address": "12, Jalan Ampang, 59100 Kuala Lumpur",
        },
        "item_list": [
            {
                "item_id": 3000001,
                "item_name": "Tee",
                "item_sku": "",
                "model_id": 9000002,
                "model_name": "Blue L",
                "model_sku": "TEE-BLUE-L",
                "model_quantity_purchased": 2,
                "model_original_price": 20.0,
                "model_discounted_price": 18.0,
            },
            {
                "item_id": 3000002,
                "item_name": "Mug",
                "item_sku": "MUG-350",
                "model_id": 0,
                "model_name": "",
                "model_sku": "",
                "model_quantity_purchased": 1,
                "model_original_price": 9.5,
                "model_discounted_price": 9.5,
            },
        ],
        "package_list": [
            {
                "package_number": "OFG123",
                "shipping_carrier": "SPX Express",
                "item_list": [
                    {"item_id": 3000001, "model_id": 9000002},
                    {"item_id": 3000002, "model_id": 0},
                ],
            }
        ],
        "payment_method": "Online Banking",
        "estimated_shipping_fee": 6.5,
        # 36 + 9.5 items, 6.5 shipping, 3 vouchers/coins, 4.9 shipping subsidy
        "total_amount": 44.1,
        "cancel_reason": "",
        "buyer_cancel_reason": "",
    }
    order.update(overrides)
    return order


@tagged("post_install", "-at_install")
class TestShopeeMapping(BaseCase):
    def test_statuses(self):
        expected = {
            "UNPAID": "unpaid",
            "READY_TO_SHIP": "to_ship",
            "PROCESSED": "to_ship",
            "RETRY_SHIP": "to_ship",
            "IN_CANCEL": "to_ship",
            "SHIPPED": "shipped",
            "TO_CONFIRM_RECEIVE": "shipped",
            "COMPLETED": "delivered",
            "CANCELLED": "cancelled",
            "TO_RETURN": "returned",
        }
        for shopee, neutral in expected.items():
            order = mapping.map_order(_order(order_status=shopee))
            self.assertEqual(order.status, neutral, shopee)
            self.assertEqual(order.platform_status, shopee)

    def test_token_pair_of_the_documented_answers(self):
        """4 hours to live as said, the undocumented refresh lifetime 30
        days; the shop is the account, a main account's lists kept."""
        before = datetime.now(UTC).replace(tzinfo=None)
        pair = mapping.token_pair(
            {
                "access_token": "a-1",
                "refresh_token": "r-1",
                "expire_in": 14400,
                "merchant_id_list": [7],
                "shop_id_list": [54804, 54805],
            },
            "54804",
        )
        refreshed = mapping.token_pair(
            {"access_token": "a-2", "refresh_token": "r-2", "shop_id": 54805}
        )
        after = datetime.now(UTC).replace(tzinfo=None)
        issued = pair.access_expires_at - timedelta(hours=4)
        self.assertTrue(before <= issued <= after)
        self.assertEqual(pair.refresh_expires_at - issued, timedelta(days=30))
        self.assertEqual(pair.account_id, "54804")
        self.assertEqual(pair.extra["shop_id_list"], [54804, 54805])
        self.assertEqual(refreshed.account_id, "54805")
        issued = refreshed.access_expires_at - timedelta(seconds=const.ACCESS_TOKEN_TTL)
        self.assertTrue(before <= issued <= after)

    def test_lines_discounts_and_totals(self):
        order = mapping.map_order(_order())
        tee, mug = order.lines
        self.assertEqual(tee.external_id, "3000001:9000002")
        self.assertEqual(tee.external_sku_id, "3000001:9000002")
        self.assertEqual(tee.external_product_id, "3000001")
        self.assertEqual(tee.sku, "TEE-BLUE-L")
        self.assertEqual(tee.quantity, 2)
        self.assertEqual(tee.unit_price, 20.0)
        self.assertEqual(tee.seller_discount, 4.0)
        self.assertEqual(mug.external_id, "3000002:0")
        self.assertEqual(mug.sku, "MUG-350", "item SKU without models")
        self.assertEqual(order.shipping_fee, 6.5)
        self.assertAlmostEqual(order.platform_voucher, 7.9)
        self.assertAlmostEqual(order.buyer_total, 44.1)

    def test_buyer_address_and_packages(self):
        order = mapping.map_order(_order())
        self.assertEqual(order.buyer.external_id, "700001")
        self.assertEqual(order.buyer.name, "Ali Hassan")
        self.assertEqual(order.shipping_address.country_code, "MY")
        self.assertEqual(order.shipping_address.zip, "59100")
        self.assertEqual(order.created_at.isoformat(), "2025-01-01T00:00:00")
        (package,) = order.packages
        self.assertEqual(package.external_id, "OFG123")
        self.assertEqual(package.carrier, "SPX Express")
        self.assertEqual(package.line_external_ids, ["3000001:9000002", "3000002:0"])
        self.assertEqual(order.buyer_note, "Leave at the door")

    def test_cancel_reason_only_when_cancelled(self):
        in_cancel = mapping.map_order(
            _order(order_status="IN_CANCEL", buyer_cancel_reason="Change of mind")
        )
        self.assertEqual(in_cancel.cancel_reason, "")
        self.assertEqual(in_cancel.extra["buyer_cancel_reason"], "Change of mind")
        cancelled = mapping.map_order(
            _order(order_status="CANCELLED", cancel_reason="Out of Stock")
        )
        self.assertEqual(cancelled.cancel_reason, "Out of Stock")

    def test_total_above_known_costs_counts_as_shipping(self):
        order = mapping.map_order(_order(total_amount=60.0))
        self.assertEqual(order.platform_voucher, 0.0)
        self.assertAlmostEqual(order.buyer_total, 60.0)

    def test_listing_values(self):
        item = {"item_id": 5, "item_name": "Tee", "item_status": "UNLIST"}
        models = [
            {
                "model_id": 7,
                "model_sku": "TEE-7",
                "price_info": [{"original_price": 12.0}],
                "stock_info_v2": {"seller_stock": [{"stock": 4}]},
            }
        ]
        (value,) = mapping.listing_values(item, models)
        self.assertEqual(value["external_id"], "5:7")
        self.assertEqual(value["seller_sku"], "TEE-7")
        self.assertEqual(value["state"], "inactive")
        self.assertEqual(value["quantity"], 4)
        single = mapping.listing_values(
            {
                "item_id": 6,
                "item_sku": "MUG",
                "item_status": "NORMAL",
                "price_info": [{"original_price": 9.5}],
                "stock_info_v2": {"seller_stock": [{"stock": 80}]},
            }
        )
        self.assertEqual(single[0]["external_id"], "6:0")
        self.assertEqual(single[0]["price"], 9.5)
        self.assertEqual(mapping.split_sku_key("6:0"), (6, 0))


def _fields(payloads):
    """Paths of every field the payloads carry."""
    sent = set()
    for payload in payloads:
        sent |= reference.payload_paths(payload)
    return sent


@tagged("post_install", "-at_install")
class TestShopeeMappingOfFullPayloads(BaseCase):
    """The mapping takes what Shopee sends, all of it: the reference's own
    example answers and the sandbox's payloads with every optional field.
    Each documented or sent field is read or set aside with a reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specs = reference.read_shopee_reference()
        sandbox = ShopeeSandbox()
        sandbox.start()
        cls.addClassCleanup(sandbox.stop)
        sandbox.reset(seed=8, tracking_delay=0)
        cls.tee = sandbox.add_item(
            "Tee",
            price=20.0,
            variants=[
                {"option": "Red", "sku": "MAP-RED", "price": 20.0, "stock": 9},
                {"option": "Blue", "sku": "MAP-BLUE", "price": 21.0, "stock": 0},
            ],
        )
        cls.mug = sandbox.add_item("Mug", sku="MAP-MUG", price=9.5, stock=12)
        order_sns = sandbox.generate_orders(6, cod_ratio=0.5, seed=9)
        sandbox.set_order_status(order_sns[0], "CANCELLED")
        sandbox.set_order_status(order_sns[1], "SHIPPED")
        sandbox.set_order_status(order_sns[1], "COMPLETED")
        sandbox.set_order_status(order_sns[1], "TO_RETURN")
        sandbox.set_order_status(order_sns[2], "IN_CANCEL")
        access_token, _refresh = sandbox.issue_tokens()
        client = ShopeeClient(
            sandbox.partner_id,
            sandbox.partner_key,
            sandbox.base_url,
            shop_id=sandbox.shop_id,
            access_token=access_token,
        )
        cls.addClassCleanup(client.close)
        detail = cls.specs[const.PATH_ORDER_DETAIL]
        every_optional = [
            name
            for name in reference.field_paths(detail, "response.order_list")
            if "." not in name
        ]
        cls.sandbox_orders = client.get_order_detail(order_sns, every_optional)
        cls.sandbox_items = client.get_item_base_info([cls.tee, cls.mug])
        cls.sandbox_models = client.get_model_list(cls.tee)["model"]
        now = datetime.now()
        cls.sandbox_returns = list(
            client.iter_return_list(now - timedelta(days=1), now + timedelta(hours=1))
        )

    def example(self, path):
        (example,) = self.specs[path].examples
        return example["response"]["response"]

    def assert_covered(self, payloads, documented, read, aside):
        paths = _fields(payloads) | documented
        unmapped, contradicted = reference.mapping_gaps(paths, read, aside)
        self.assertEqual(unmapped, [], "fields neither mapped nor set aside")
        self.assertEqual(contradicted, [], "fields set aside yet mapped")

    def test_reference_example_order(self):
        (raw,) = self.example(const.PATH_ORDER_DETAIL)["order_list"]
        order = mapping.map_order(raw)
        self.assertEqual(order.external_id, "2404098R48U37H")
        self.assertEqual(order.status, "delivered")
        self.assertTrue(order.is_cod)
        self.assertEqual(order.currency, "VND")
        # the payment time, for the lead time paid -> ready to ship
        self.assertEqual(order.paid_at, mapping.parse_time(raw["pay_time"]))
        self.assertTrue(order.paid_at)
        (line,) = order.lines
        self.assertEqual(line.external_id, "23620853561:221404189791")
        self.assertEqual(line.sku, "QAZ-SADOER-05")
        self.assertEqual(line.seller_discount, 252000.0)
        (package,) = order.packages
        self.assertEqual(package.carrier, "5-Day Delivery (SPX)")
        self.assertEqual(order.shipping_address.country_code, "VN")

    def test_every_order_field_is_mapped_or_set_aside(self):
        (example,) = self.example(const.PATH_ORDER_DETAIL)["order_list"]
        payloads = [example, *self.sandbox_orders]
        read = set()
        for raw in payloads:
            order = mapping.map_order(reference.recording(raw, read), "MY")
            self.assertTrue(order.lines, raw["order_sn"])
        # A line without model SKU falls back on the item's; an order without
        # carrier on its package on the order's.
        bare = dict(example, package_list=[{"package_number": "P1"}])
        bare["item_list"] = [dict(example["item_list"][0], model_sku="")]
        bare["order_status"] = "CANCELLED"
        mapping.map_order(reference.recording(bare, read))
        documented = reference.field_paths(
            self.specs[const.PATH_ORDER_DETAIL], "response.order_list"
        )
        self.assert_covered(payloads, documented, read, mapping.ORDER_FIELDS_ASIDE)

    def test_seller_note_is_not_the_buyer_note(self):
        order = mapping.map_order(_order(message_to_seller="", note="VIP customer"))
        self.assertEqual(order.buyer_note, "")
        self.assertEqual(order.extra["seller_note"], "VIP customer")
        cancelled = mapping.map_order(
            _order(order_status="CANCELLED", cancel_by="buyer")
        )
        self.assertEqual(cancelled.extra["cancel_by"], "buyer")

    def test_package_carrier_falls_back_on_the_order(self):
        order = mapping.map_order(
            _order(
                shipping_carrier="J&T Express",
                package_list=[{"package_number": "OFG9", "item_list": []}],
            )
        )
        self.assertEqual(order.packages[0].carrier, "J&T Express")

    def test_every_item_field_is_mapped_or_set_aside(self):
        (example,) = self.example(const.PATH_ITEM_BASE_INFO)["item_list"]
        model_example = self.example(const.PATH_MODEL_LIST)["model"]
        read_items, read_models = set(), set()
        for item in [example, *self.sandbox_items]:
            models = self.sandbox_models if item["item_id"] == self.tee else None
            values = mapping.listing_values(
                reference.recording(item, read_items), models
            )
            self.assertTrue(values)
        # Stock given as a summary only, a price as the current one only.
        summary = dict(
            example,
            price_info=[{"current_price": 5.0}],
            stock_info_v2={"summary_info": {"total_available_stock": 3}},
        )
        (value,) = mapping.listing_values(reference.recording(summary, read_items))
        self.assertEqual((value["quantity"], value["price"]), (3, 5.0))
        values = mapping.listing_values(
            example,
            [reference.recording(model, read_models) for model in model_example]
            + [
                reference.recording(model, read_models) for model in self.sandbox_models
            ],
        )
        self.assertEqual(len(values), len(model_example) + len(self.sandbox_models))
        bare_models = [
            dict(
                model,
                price_info=[{"current_price": 1.0}],
                stock_info_v2={"summary_info": {"total_available_stock": 1}},
            )
            for model in self.sandbox_models
        ]
        values = mapping.listing_values(
            example, [reference.recording(model, read_models) for model in bare_models]
        )
        self.assertEqual({(v["price"], v["quantity"]) for v in values}, {(1.0, 1)})
        self.assert_covered(
            [example, *self.sandbox_items],
            reference.field_paths(
                self.specs[const.PATH_ITEM_BASE_INFO], "response.item_list"
            ),
            read_items,
            mapping.ITEM_FIELDS_ASIDE,
        )
        self.assert_covered(
            [*model_example, *self.sandbox_models],
            reference.field_paths(self.specs[const.PATH_MODEL_LIST], "response.model"),
            read_models,
            mapping.MODEL_FIELDS_ASIDE,
        )

    def test_unavailable_model_is_not_on_sale(self):
        (model,) = mapping.listing_values(
            {"item_id": 5, "item_status": "NORMAL"},
            [{"model_id": 7, "model_status": "MODEL_UNAVAILABLE"}],
        )
        self.assertEqual(model["state"], "inactive")

    def test_returns_map_to_the_neutral_form(self):
        (example,) = self.example(const.PATH_RETURN_LIST)["return"]
        self.assertTrue(self.sandbox_returns)
        for record in [example, *self.sandbox_returns]:
            ret = returns.map_return(record)
            self.assertEqual(ret.external_id, record["return_sn"])
            self.assertEqual(ret.order_external_id, record["order_sn"])
            self.assertEqual(ret.raw, record)
            self.assertEqual(ret.platform_status, record["status"])
            self.assertIn(record["status"], ret.dedup_key)
            self.assertEqual(len(ret.lines), len(record["item"]))
            self.assertEqual(
                sum(line.quantity for line in ret.lines),
                sum(item["amount"] for item in record["item"]),
            )
        moved = dict(example, update_time=example["update_time"] + 1)
        self.assertNotEqual(
            returns.map_return(moved).dedup_key, returns.map_return(example).dedup_key
        )
        self.assertEqual(returns.map_return({}).external_id, "")
        closed = dict(example, status="CLOSED", refund_amount=10.0)
        self.assertTrue(returns.map_return(closed).refunded)
        cancelled = dict(example, status="CANCELLED")
        self.assertEqual(returns.map_return(cancelled).state, "closed")
        shipped = dict(
            example, status="ACCEPTED", logistics_status="LOGISTICS_PICKUP_DONE"
        )
        self.assertEqual(returns.map_return(shipped).state, "buyer_shipped")
