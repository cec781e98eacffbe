"""Finance: escrow (order income) details and released escrow lists."""

from . import const
from .common import (
    ShopeeError,
    int_param,
    money,
    page_size_param,
    param_error,
    required_param,
)


class FinanceMixin:
    """Finance part of :class:`ShopeeShop`."""

    def escrow_detail(self, order):
        """Shopee's get_escrow_detail for one order.

        ``escrow_amount`` follows the documented formula for non-SIP shops;
        fields the sandbox does not model are present and zero.
        """
        items = []
        for line in order["item_list"]:
            quantity = line["model_quantity_purchased"]
            original = money(line["model_original_price"] * quantity)
            discounted = money(line["model_discounted_price"] * quantity)
            items.append(
                {
                    "item_id": line["item_id"],
                    "item_name": line["item_name"],
                    "item_sku": line["item_sku"],
                    "model_id": line["model_id"],
                    "model_name": line["model_name"],
                    "model_sku": line["model_sku"],
                    "original_price": original,
                    "selling_price": original,
                    "discounted_price": discounted,
                    "seller_discount": money(original - discounted),
                    "shopee_discount": 0.0,
                    "discount_from_coin": 0.0,
                    "discount_from_voucher_shopee": 0.0,
                    "discount_from_voucher_seller": 0.0,
                    "activity_type": "",
                    "activity_id": 0,
                    "is_main_item": False,
                    "quantity_purchased": quantity,
                    "is_b2c_shop_item": False,
                    "ams_commission_fee": 0.0,
                    "promotion_list": [],
                    "buyer_paid_extended_warranty": 0.0,
                    "installation_fee_paid_by_buyer": 0.0,
                    "seller_order_processing_fee": 0.0,
                }
            )
        original_price = money(sum(item["original_price"] for item in items))
        cost_of_goods = money(sum(item["discounted_price"] for item in items))
        seller_discount = money(original_price - cost_of_goods)
        record = self.returns.get(order["_return_sn"]) if order["_return_sn"] else None
        seller_return_refund = (
            -record["refund_amount"]
            if record and record["status"] != "CANCELLED"
            else 0.0
        )
        cancelled = order["order_status"] == const.CANCELLED
        shipped = order["pickup_done_time"] or order["order_status"] in (
            const.SHIPPED,
            const.TO_CONFIRM_RECEIVE,
            const.COMPLETED,
            const.TO_RETURN,
        )
        buyer_paid_shipping = 0.0 if cancelled else order["_buyer_shipping_fee"]
        actual_shipping = (
            order["actual_shipping_fee"] if shipped and not cancelled else 0.0
        )
        shipping_rebate = money(max(actual_shipping - buyer_paid_shipping, 0.0))
        base = 0.0 if cancelled else cost_of_goods
        # Fees are charged on what the seller keeps after refunds.
        kept = max(base + seller_return_refund, 0.0)
        kept_ratio = kept / base if base else 0.0
        commission = money(kept * 0.06 + order.get("_fee_overcharge", 0.0))
        service = money(kept * 0.03)
        transaction = money(order["total_amount"] * kept_ratio * 0.0212)
        income = {
            "original_price": original_price,
            "order_original_price": original_price,
            "order_discounted_price": cost_of_goods,
            "order_selling_price": original_price,
            "order_seller_discount": seller_discount,
            "seller_discount": seller_discount,
            "shopee_discount": 0.0,
            "original_shopee_discount": 0.0,
            "voucher_from_seller": 0.0 if cancelled else order["_seller_voucher"],
            "voucher_from_shopee": 0.0 if cancelled else order["_shopee_voucher"],
            "coins": 0.0 if cancelled else order["_coins"],
            "buyer_paid_shipping_fee": buyer_paid_shipping,
            "buyer_transaction_fee": 0.0,
            "cross_border_tax": 0.0,
            "payment_promotion": 0.0,
            "commission_fee": commission,
            "service_fee": service,
            "seller_transaction_fee": transaction,
            "credit_card_transaction_fee": transaction,
            "seller_lost_compensation": 0.0,
            "seller_coin_cash_back": 0.0,
            "escrow_tax": 0.0,
            "estimated_shipping_fee": order["estimated_shipping_fee"],
            "final_shipping_fee": money(
                buyer_paid_shipping + shipping_rebate - actual_shipping
            ),
            "actual_shipping_fee": actual_shipping,
            "shopee_shipping_rebate": shipping_rebate,
            "shipping_fee_discount_from_3pl": 0.0,
            "seller_shipping_discount": 0.0,
            "seller_voucher_code": ["SANDBOX5"] if order["_seller_voucher"] else [],
            "drc_adjustable_refund": 0.0,
            "cost_of_goods_sold": 0.0 if cancelled else cost_of_goods,
            "original_cost_of_goods_sold": base,
            "seller_return_refund": money(seller_return_refund),
            "reverse_shipping_fee": 0.0,
            "rsf_seller_protection_fee_claim_amount": 0.0,
            "final_return_to_seller_shipping_fee": 0.0,
            "campaign_fee": 0.0,
            "shipping_seller_protection_fee_amount": 0.0,
            "delivery_seller_protection_fee_premium_amount": 0.0,
            "final_escrow_product_gst": 0.0,
            "order_ams_commission_fee": 0.0,
            "sales_tax_on_lvg": 0.0,
            "reverse_shipping_fee_sst": 0.0,
            "shipping_fee_sst": 0.0,
            "withholding_tax": 0.0,
            "overseas_return_service_fee": 0.0,
            "vat_on_imported_goods": 0.0,
            "withholding_vat_tax": 0.0,
            "withholding_pit_tax": 0.0,
            "seller_order_processing_fee": 0.0,
            "buyer_paid_packaging_fee": 0.0,
            "trade_in_bonus_by_seller": 0.0,
            "fbs_fee": 0.0,
            "buyer_payment_method": order["payment_method"],
            "instalment_plan": "N/A",
            "tenure_info_list": [],
            "items": items,
            "order_chargeable_weight": sum(
                package["parcel_chargeable_weight_gram"]
                for package in order["package_list"]
            ),
            "tax_registration_code": "",
        }
        # Charges and taxes of other markets or programmes (BR, EU, SG GST,
        # installation, extended warranty...): Shopee sends them as zero.
        income.update(
            dict.fromkeys(
                (
                    "final_product_protection",
                    "credit_card_promotion",
                    "final_product_vat_tax",
                    "final_shipping_vat_tax",
                    "final_escrow_shipping_gst",
                    "prorated_coins_value_offset_return_items",
                    "prorated_shopee_voucher_offset_return_items",
                    "prorated_seller_voucher_offset_return_items",
                    "prorated_payment_channel_promo_bank_offset_return_items",
                    "prorated_payment_channel_promo_shopee_offset_return_items",
                    "fsf_seller_protection_fee_claim_amount",
                    "actual_installation_fee",
                    "buyer_paid_extended_warranty",
                    "escrow_import_tax",
                    "installation_fee_paid_by_buyer",
                ),
                0.0,
            )
        )
        income["buyer_total_amount"] = 0.0 if cancelled else order["total_amount"]
        income["escrow_amount"] = escrow_formula(income)
        income["total_adjustment_amount"] = 0.0
        income["escrow_amount_after_adjustment"] = income["escrow_amount"]
        return {
            "order_sn": order["order_sn"],
            "buyer_user_name": order["buyer_username"],
            "return_order_sn_list": [order["_return_sn"]]
            if order["_return_sn"]
            else [],
            "order_income": income,
            "buyer_payment_info": {
                "buyer_payment_method": order["payment_method"],
                "buyer_total_amount": order["total_amount"],
                "merchant_subtotal": cost_of_goods,
                "shipping_fee": order["_buyer_shipping_fee"],
                "seller_voucher": -order["_seller_voucher"],
                "shopee_voucher": -order["_shopee_voucher"],
                "shopee_coins_redeemed": -order["_coins"],
                "credit_card_promotion": 0.0,
                "insurance_premium": 0.0,
                "buyer_service_fee": 0.0,
                "buyer_tax_amount": 0.0,
                "is_paid_by_credit_card": False,
                **dict.fromkeys(
                    (
                        "icms_tax_amount",
                        "import_tax_amount",
                        "initial_buyer_txn_fee",
                        "iof_tax_amount",
                        "shipping_fee_sst_amount",
                        "trade_in_bonus",
                        "bulky_handling_fee",
                        "buyer_paid_extended_warranty",
                        "buyer_paid_installation_fee",
                        "footwear_tax",
                        "import_processing_charge",
                        "total_tax_and_fees_amount",
                        "trade_in_discount",
                        "vat",
                        "buyer_paid_packaging_fee",
                    ),
                    0.0,
                ),
            },
        }

    def _escrow_order(self, order_sn):
        order = self.orders.get(order_sn)
        if order is None or order["order_status"] == const.UNPAID:
            raise ShopeeError(
                "order_not_found",
                "Order SN provided is invalid or does not belong to you. "
                "Please enter a valid Order SN.",
            )
        return order

    def api_get_escrow_detail(self, params):
        return self.escrow_detail(
            self._escrow_order(required_param(params, "order_sn"))
        )

    def api_get_escrow_detail_batch(self, params):
        order_sns = params["order_sn_list"]
        if len(order_sns) > const.ESCROW_DETAIL_BATCH:
            raise ShopeeError(
                "exceed_max_limit", "Your request exceeds the max limit of 50 orders."
            )
        result = []
        for order_sn in order_sns:
            try:
                result.append(
                    {"escrow_detail": self.escrow_detail(self._escrow_order(order_sn))}
                )
            except ShopeeError as error:
                result.append(
                    {
                        "escrow_detail": {
                            "order_sn": order_sn,
                            "return_order_sn_list": [],
                        },
                        "fail_error": error.error,
                        "fail_message": error.message,
                    }
                )
        return result

    def offset_payout(self, order_sn, delta):
        """Fault: what Shopee releases for ``order_sn`` differs from its
        escrow detail by ``delta``."""
        order = self.orders[order_sn]
        order["_payout_offset"] = order.get("_payout_offset", 0.0) + delta

    def overcharge_fee(self, order_sn, delta):
        """Fault: Shopee charges ``order_sn`` a commission ``delta`` above
        its rate (and releases that much less)."""
        order = self.orders[order_sn]
        order["_fee_overcharge"] = order.get("_fee_overcharge", 0.0) + delta

    def api_get_escrow_list(self, params):
        time_from = int_param(params, "release_time_from", required=True)
        time_to = int_param(params, "release_time_to", required=True)
        if time_from > time_to:
            raise param_error(
                "release_time_from and/or release_time_to parameter is invalid"
            )
        page_size = page_size_param(params, 40)
        page_no = int_param(params, "page_no", 1)
        if page_no < 1:
            raise param_error("page_no must be 1 or more")
        released = sorted(
            (
                order
                for order in self.orders.values()
                if order["_escrow_release_time"] is not None
                and time_from <= order["_escrow_release_time"] <= time_to
            ),
            key=lambda order: (order["_escrow_release_time"], order["order_sn"]),
        )
        start = (page_no - 1) * page_size
        return {
            "more": start + page_size < len(released),
            "escrow_list": [
                {
                    "order_sn": order["order_sn"],
                    "payout_amount": money(
                        self.escrow_detail(order)["order_income"]["escrow_amount"]
                        + order.get("_payout_offset", 0.0)
                    ),
                    "escrow_release_time": order["_escrow_release_time"],
                }
                for order in released[start : start + page_size]
            ],
        }


# The documented escrow formula for non cb-SIP shops: (sign, field) terms.
ESCROW_TERMS = (
    (1, "original_cost_of_goods_sold"),
    (-1, "original_shopee_discount"),
    (1, "seller_return_refund"),
    (1, "shopee_discount"),
    (-1, "voucher_from_seller"),
    (-1, "seller_coin_cash_back"),
    (1, "buyer_paid_shipping_fee"),
    (-1, "actual_shipping_fee"),
    (1, "shopee_shipping_rebate"),
    (1, "shipping_fee_discount_from_3pl"),
    (-1, "reverse_shipping_fee"),
    (1, "rsf_seller_protection_fee_claim_amount"),
    (-1, "final_return_to_seller_shipping_fee"),
    (-1, "seller_transaction_fee"),
    (-1, "service_fee"),
    (-1, "commission_fee"),
    (-1, "campaign_fee"),
    (-1, "shipping_seller_protection_fee_amount"),
    (-1, "delivery_seller_protection_fee_premium_amount"),
    (-1, "final_escrow_product_gst"),
    (-1, "order_ams_commission_fee"),
    (-1, "escrow_tax"),
    (-1, "sales_tax_on_lvg"),
    (-1, "reverse_shipping_fee_sst"),
    (-1, "shipping_fee_sst"),
    (-1, "withholding_tax"),
    (-1, "overseas_return_service_fee"),
    (-1, "vat_on_imported_goods"),
    (-1, "withholding_vat_tax"),
    (-1, "withholding_pit_tax"),
    (-1, "seller_order_processing_fee"),
    (1, "buyer_paid_packaging_fee"),
    (-1, "trade_in_bonus_by_seller"),
    (-1, "fbs_fee"),
)


def escrow_formula(order_income):
    """escrow_amount as Shopee documents it for non cb-SIP shops."""
    return money(
        sum(sign * order_income.get(field, 0.0) for sign, field in ESCROW_TERMS)
    )
