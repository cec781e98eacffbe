from odoo.tests import BaseCase, tagged

from odoo.addons.oms_shopee import mapping


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
