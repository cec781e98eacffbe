"""Returns and refunds requested by buyers."""

import time

from . import catalog, const
from .common import (
    ShopeeError,
    int_param,
    money,
    page_size_param,
    required_param,
    time_window,
)


class ReturnsMixin:
    """Returns part of :class:`ShopeeShop`."""

    def _create_return(self, order, reason=None):
        if order["_return_sn"]:
            return self.returns[order["_return_sn"]]
        now = self.now()
        return_sn = time.strftime("%y%m%d", time.gmtime(now)) + self._random_code(9)
        refund = money(
            sum(
                line["model_discounted_price"] * line["model_quantity_purchased"]
                for line in order["item_list"]
            )
            - order["_seller_voucher"]
        )
        before_discount = money(
            sum(
                line["model_original_price"] * line["model_quantity_purchased"]
                for line in order["item_list"]
            )
        )
        self.returns[return_sn] = {
            "return_sn": return_sn,
            "order_sn": order["order_sn"],
            "status": "REQUESTED",
            "reason": reason or self.rng.choice(catalog.RETURN_REASONS),
            "text_reason": "Item received is not as described",
            "refund_amount": refund,
            "amount_before_discount": before_discount,
            "currency": self.currency,
            "create_time": now,
            "update_time": now,
            "due_date": now + 3 * 86400,
            "return_ship_due_date": now + 7 * 86400,
            "return_seller_due_date": now + 10 * 86400,
            "tracking_number": "",
            "needs_logistics": True,
            "dispute_reason": [],
            "dispute_text_reason": [],
            "image": [],
            "buyer_videos": [],
            "user": {
                "username": order["buyer_username"],
                "email": f"{order['buyer_username']}@example.com",
                "portrait": "",
            },
            "item": [
                {
                    "item_id": line["item_id"],
                    "model_id": line["model_id"],
                    "name": line["item_name"],
                    "images": [line["image_info"]["image_url"]],
                    "amount": line["model_quantity_purchased"],
                    "item_price": line["model_discounted_price"],
                    "is_add_on_deal": False,
                    "is_main_item": False,
                    "add_on_deal_id": 0,
                    "item_sku": line["item_sku"],
                    "variation_sku": line["model_sku"],
                    "refund_amount": money(
                        line["model_discounted_price"]
                        * line["model_quantity_purchased"]
                    ),
                }
                for line in order["item_list"]
            ],
            "negotiation": {
                "negotiation_status": "TERMINATED",
                "latest_solution": "RETURN_REFUND",
                "latest_offer_amount": refund,
                "latest_offer_creator": order["buyer_username"],
                "counter_limit": 0,
                "offer_due_date": 0,
            },
            "seller_proof": {"seller_proof_status": "", "seller_evidence_deadline": 0},
            "seller_compensation": {
                "seller_compensation_status": "",
                "seller_compensation_due_date": 0,
                "compensation_amount": 0,
            },
            "logistics_status": "LOGISTICS_PENDING_ARRANGE",
            "return_refund_type": "RRAOC",
            "return_solution": 0,
        }
        order["_return_sn"] = return_sn
        return self.returns[return_sn]

    def set_return_status(self, return_sn, status):
        if status not in const.RETURN_STATUSES:
            raise ValueError(f"unknown return status {status}")
        record = self.returns[return_sn]
        record["status"] = status
        record["update_time"] = max(self.now(), record["update_time"])
        return record

    def api_get_return_list(self, params):
        page_no = int_param(params, "page_no", required=True)
        page_size = page_size_param(params, None)
        windows = []
        for field in ("create_time", "update_time"):
            if params.get(f"{field}_from") not in (None, "") or params.get(
                f"{field}_to"
            ) not in (None, ""):
                windows.append(
                    (
                        field,
                        *time_window(
                            params,
                            f"{field}_from",
                            f"{field}_to",
                            const.RETURN_LIST_MAX_WINDOW,
                            const.ERROR_PARAM,
                        ),
                    )
                )
        status = params.get("status") or None
        records = sorted(
            (
                record
                for record in self.returns.values()
                if all(
                    time_from <= record[field] <= time_to
                    for field, time_from, time_to in windows
                )
                and (status is None or record["status"] == status)
            ),
            key=lambda record: (record["create_time"], record["return_sn"]),
        )
        start = page_no * page_size
        page = records[start : start + page_size]
        return {
            "more": start + page_size < len(records),
            "return": [
                {
                    key: value
                    for key, value in record.items()
                    if key
                    not in (
                        "negotiation",
                        "seller_proof",
                        "seller_compensation",
                        "buyer_videos",
                    )
                }
                | {
                    "negotiation_status": record["negotiation"]["negotiation_status"],
                    "seller_proof_status": record["seller_proof"][
                        "seller_proof_status"
                    ],
                    "seller_compensation_status": record["seller_compensation"][
                        "seller_compensation_status"
                    ],
                }
                for record in page
            ],
        }

    def api_get_return_detail(self, params):
        return_sn = required_param(params, "return_sn")
        record = self.returns.get(return_sn)
        if record is None:
            raise ShopeeError("error_data", "The return you queried doesn't exist.")
        return dict(record)
