"""Returns and refunds requested by buyers."""

import time

from . import catalog, const
from .common import (
    ShopeeError,
    int_param,
    money,
    page_size_param,
    param_error,
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
            # ReturnDisputeReason code and text; 0 and "" until disputed
            "_dispute_reason": 0,
            "_dispute_text_reason": "",
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
            "seller_proof": {
                "seller_proof_status": "NOT_NEEDED",
                "seller_evidence_deadline": 0,
            },
            "seller_compensation": {
                "seller_compensation_status": "COMPENSATION_NOT_APPLICABLE",
                "seller_compensation_due_date": 0,
                "compensation_amount": 0.0,
            },
            "logistics_status": "LOGISTICS_PENDING_ARRANGE",
            "reverse_logistic_status": "LOGISTICS_PENDING_ARRANGE",
            "return_address": {"whs_id": ""},
            "return_refund_type": "RRAOC",
            "return_solution": 0,
            "is_seller_arrange": False,
            "is_shipping_proof_mandatory": False,
            "has_uploaded_shipping_proof": False,
            "is_reverse_logistics_channel_integrated": True,
            "reverse_logistic_channel_name": "SPX Express",
            "return_refund_request_type": 0,
            "validation_type": "seller_validation",
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

    LIST_FILTERS = {
        "status": (const.RETURN_STATUSES, lambda r: r["status"]),
        "negotiation_status": (
            const.NEGOTIATION_STATUSES,
            lambda r: r["negotiation"]["negotiation_status"],
        ),
        "seller_proof_status": (
            const.SELLER_PROOF_STATUSES,
            lambda r: r["seller_proof"]["seller_proof_status"],
        ),
        "seller_compensation_status": (
            const.SELLER_COMPENSATION_STATUSES,
            lambda r: r["seller_compensation"]["seller_compensation_status"],
        ),
    }
    # get_return_list gives the detail's nested statuses flat and keeps no
    # videos, negotiation offer, proof/compensation details nor logistics.
    DETAIL_ONLY = (
        "buyer_videos",
        "negotiation",
        "seller_proof",
        "seller_compensation",
        "logistics_status",
        "reverse_logistic_status",
        "return_address",
        "has_uploaded_shipping_proof",
        "is_reverse_logistics_channel_integrated",
        "reverse_logistic_channel_name",
    )

    def _return_public(self, record):
        """get_return_detail's answer: the dispute as one code and one text."""
        data = {k: v for k, v in record.items() if not k.startswith("_")}
        data["dispute_reason"] = record["_dispute_reason"]
        data["dispute_text_reason"] = record["_dispute_text_reason"]
        return data

    def _return_listed(self, record):
        """One return of get_return_list: its dispute reasons are lists
        (each API as its own reference page and example say)."""
        data = {
            k: v
            for k, v in record.items()
            if not k.startswith("_") and k not in self.DETAIL_ONLY
        }
        data["item"] = [
            {k: v for k, v in line.items() if k != "refund_amount"}
            for line in record["item"]
        ]
        disputed = bool(record["_dispute_reason"])
        data["dispute_reason"] = [str(record["_dispute_reason"])] if disputed else []
        data["dispute_text_reason"] = (
            [record["_dispute_text_reason"]] if disputed else []
        )
        data["negotiation_status"] = record["negotiation"]["negotiation_status"]
        data["seller_proof_status"] = record["seller_proof"]["seller_proof_status"]
        data["seller_compensation_status"] = record["seller_compensation"][
            "seller_compensation_status"
        ]
        return data

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
        filters = []
        for name, (allowed, read) in self.LIST_FILTERS.items():
            value = params.get(name) or None
            if value is None:
                continue
            if value not in allowed:
                raise param_error(f"{name} is invalid")
            filters.append((read, value))
        records = sorted(
            (
                record
                for record in self.returns.values()
                if all(
                    time_from <= record[field] <= time_to
                    for field, time_from, time_to in windows
                )
                and all(read(record) == value for read, value in filters)
            ),
            key=lambda record: (record["create_time"], record["return_sn"]),
        )
        start = page_no * page_size
        page = records[start : start + page_size]
        return {
            "more": start + page_size < len(records),
            "return": [self._return_listed(record) for record in page],
        }

    def api_get_return_detail(self, params):
        return self._return_public(self._return(params["return_sn"]))

    def _return(self, return_sn):
        record = self.returns.get(return_sn)
        if record is None:
            raise ShopeeError("error_data", "The return you queried doesn't exist.")
        return record

    def _touch_return(self, record, status=None):
        if status:
            record["status"] = status
        record["update_time"] = max(self.now(), record["update_time"])

    # The seller's answers --------------------------------------------------------

    def api_return_confirm(self, params):
        """Confirm refund: the buyer gets the refund, the return closes."""
        record = self._return(params["return_sn"])
        if record["status"] not in ("REQUESTED", "ACCEPTED", "PROCESSING"):
            raise param_error(
                f"The return cannot be confirmed in status {record['status']}."
            )
        self._touch_return(record, "CLOSED")
        return {"return_sn": record["return_sn"]}

    def api_get_return_dispute_reason(self, params):
        self._return(params["return_sn"])
        return {
            "dispute_reason_list": [
                {
                    "dispute_reason": code,
                    "dispute_requirement": text,
                    "sample_evidence": [],
                    "evidence_module_list": [
                        {
                            "module_index": 1,
                            "requirement": "Photo(s) of the returned item",
                            "is_required": True,
                        }
                    ],
                }
                for code, text in catalog.RETURN_DISPUTE_REASONS
            ]
        }

    def api_return_dispute(self, params):
        record = self._return(params["return_sn"])
        if record["status"] not in ("REQUESTED", "PROCESSING", "ACCEPTED"):
            raise param_error(
                "Support to raise dispute when return_status in REQUESTED / "
                "PROCESSING/ACCEPTED"
            )
        reasons = dict(catalog.RETURN_DISPUTE_REASONS)
        if params["dispute_reason_id"] not in reasons:
            raise ShopeeError(
                "dispute.request.param.error",
                "Can't raise dispute because the dispute reason is empty",
            )
        record["_dispute_reason"] = params["dispute_reason_id"]
        record["_dispute_text_reason"] = params.get("dispute_text_reason") or ""
        self._touch_return(record, "SELLER_DISPUTE")
        return {"return_sn": record["return_sn"], "msg": "success"}

    def api_return_offer(self, params):
        record = self._return(params["return_sn"])
        if record["status"] in ("JUDGING", "SELLER_DISPUTE"):
            raise ShopeeError(
                "error_ongoing_dispute",
                "cannot offer refund to buyer when return has ongoing dispute",
            )
        if record["status"] not in ("REQUESTED", "PROCESSING", "ACCEPTED"):
            raise param_error("parameter invalid")
        solution = params["proposed_solution"]
        if solution not in ("RETURN_REFUND", "REFUND"):
            raise param_error("proposed_solution is invalid")
        amount = params.get("proposed_adjusted_refund_amount")
        if amount is not None and not 0 < amount <= record["refund_amount"]:
            raise param_error("proposed_adjusted_refund_amount is invalid")
        record["negotiation"].update(
            negotiation_status="PENDING_BUYER_RESPOND",
            latest_solution=solution,
            latest_offer_amount=money(amount or record["refund_amount"]),
            latest_offer_creator=self.shop_name,
            offer_due_date=self.now() + 2 * 86400,
        )
        self._touch_return(record)
        return {"return_sn": record["return_sn"]}

    # What the buyer, the carrier and Shopee do (control API) ---------------------

    RETURN_STEPS = {
        # step: (statuses it applies to, status after it, reverse logistics)
        "approve": (("REQUESTED",), "ACCEPTED", None),
        "ship": (("ACCEPTED", "PROCESSING"), "PROCESSING", "LOGISTICS_PICKUP_DONE"),
        "arrive": (("PROCESSING",), "PROCESSING", "LOGISTICS_DELIVERY_DONE"),
        "refund": (
            ("REQUESTED", "ACCEPTED", "PROCESSING", "JUDGING", "SELLER_DISPUTE"),
            "CLOSED",
            None,
        ),
        "cancel": (("REQUESTED", "ACCEPTED"), "CANCELLED", None),
        "accept_offer": (("REQUESTED", "ACCEPTED", "PROCESSING"), None, None),
    }

    def advance_return(self, return_sn, step):
        """Move a return on as the buyer (ship, accept_offer), the carrier
        (arrive) or Shopee (approve, refund, cancel) would."""
        if step not in self.RETURN_STEPS:
            raise ValueError(f"unknown return step {step}")
        record = self._return(return_sn)
        allowed, status, logistics = self.RETURN_STEPS[step]
        if record["status"] not in allowed:
            raise ValueError(f"{step} is not possible in {record['status']}")
        if logistics:
            record["logistics_status"] = logistics
            record["reverse_logistic_status"] = logistics
        if step == "ship":
            record["tracking_number"] = f"SPXRTN{return_sn}"
        if step == "accept_offer":
            negotiation = record["negotiation"]
            record["refund_amount"] = negotiation["latest_offer_amount"]
            negotiation["negotiation_status"] = "TERMINATED"
        self._touch_return(record, status)
        return record

    def fail_delivery(self, order_sn):
        """The carrier could not deliver the shipped parcel: it goes back."""
        order = self._order(order_sn)
        if order["order_status"] != const.SHIPPED:
            raise ValueError(
                f"only a shipped order can fail delivery, not {order['order_status']}"
            )
        self._set_logistics(order, const.LOGISTICS_DELIVERY_FAILED)
        order["update_time"] = max(self.now(), order["update_time"])
        self.queue_push(const.PUSH_ORDER_STATUS, self._status_push_data(order))
        return order
