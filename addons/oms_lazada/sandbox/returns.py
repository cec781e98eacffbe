"""The reverse orders (returns) of the Lazada sandbox: the buyer's return
request, its steps and the reverse-order APIs."""

import json
from datetime import datetime

from . import catalog
from .common import LazadaError, RequestParams


class ReturnApis(RequestParams):
    """Handlers of the reverse-order APIs over ``self.reverse_orders``."""

    _LINE_KEYS = ("buyer_id", "product_id")

    def _create_reverse(self, order, items, reason):
        reverse_id = self._next_id() + 700000000000000
        now = int(self.clock() * 1000)
        created = int(datetime.fromisoformat(order["created_at"]).timestamp() * 1000)
        self.reverse_orders[reverse_id] = {
            "reverse_order_id": reverse_id,
            "trade_order_id": order["order_id"],
            "request_type": "RETURN",
            "is_rtm": True,
            "shipping_type": "DROP_OFF",
            "reverse_order_lines": [
                {
                    "reverse_order_line_id": self._next_id() + 710000000000000,
                    "trade_order_line_id": item["order_item_id"],
                    "reverse_status": "REQUEST_INITIATE",
                    "ofc_status": "",
                    "refund_amount": round(float(item["paid_price"]) * 100),
                    "item_unit_price": round(float(item["item_price"]) * 100),
                    "reason_code": "1001",
                    "reason_text": reason or "Item does not match description",
                    "seller_sku_id": item["sku"],
                    "platform_sku_id": item["sku_id"],
                    "is_need_refund": True,
                    "is_dispute": False,
                    "refund_payment_method": order["payment_method"],
                    "whqc_decision": "",
                    "tracking_number": "",
                    "receiver_address": catalog.RETURN_ADDRESS,
                    "buyer_id": item["buyer_id"],
                    "product_id": item["product_id"],
                    "trade_order_gmt_create": created,
                    "return_order_line_gmt_create": now,
                    "return_order_line_gmt_modified": now,
                    "sla": now + 3 * 86400 * 1000,
                }
                for item in items
            ],
        }
        return reverse_id

    def _public_reverse_line(self, line):
        public = {k: v for k, v in line.items() if k not in self._LINE_KEYS}
        public["buyer"] = {"buyer_id": line["buyer_id"]}
        public["product"] = {
            "product_id": line["product_id"],
            "product_sku": line["platform_sku_id"],
        }
        return public

    def _public_reverse_detail_line(self, line):
        # GetReverseOrderDetail names these two nodes differently
        public = {k: v for k, v in line.items() if k not in self._LINE_KEYS}
        public["buyer"] = {"user_id": line["buyer_id"]}
        public["productDTO"] = {
            "product_id": line["product_id"],
            "sku": line["platform_sku_id"],
        }
        return public

    def _list_param(self, params, name):
        if params.get(name) in (None, ""):
            return None
        try:
            values = json.loads(params[name])
        except ValueError:
            values = None
        if not isinstance(values, list):
            raise LazadaError("InvalidParameter", f"Invalid parameter: {name}")
        return {str(v) for v in values}

    _REVERSE_RANGES = (
        ("TradeOrderLineCreatedTimeRange", "trade_order_gmt_create"),
        ("ReverseOrderLineTimeRange", "return_order_line_gmt_create"),
        ("ReverseOrderLineModifiedTimeRange", "return_order_line_gmt_modified"),
    )

    def _reverse_filters(self, params):
        error = ("InvalidParameter", "Invalid parameter: %s")
        ranges = []
        for prefix, key in self._REVERSE_RANGES:
            start = self._int_param(params, prefix + "Start", None, error)
            end = self._int_param(params, prefix + "End", None, error)
            if start is not None or end is not None:
                ranges.append((key, start, end))
        return {
            "reverse_order_id": self._int_param(
                params, "reverse_order_id", None, ("105", "E0105: %s")
            ),
            "trade_order_id": self._int_param(params, "trade_order_id", None, error),
            "request_type": self._list_param(params, "request_type_list"),
            "reverse_status": self._list_param(params, "reverse_status_list"),
            "ofc_status": self._list_param(params, "ofc_status_list"),
            "return_to_type": params.get("return_to_type") or None,
            "ranges": ranges,
        }

    @staticmethod
    def _line_matches(line, filters):
        for name in ("reverse_status", "ofc_status"):
            if filters[name] is not None and line[name] not in filters[name]:
                return False
        return all(
            (start is None or line[key] >= start) and (end is None or line[key] <= end)
            for key, start, end in filters["ranges"]
        )

    def _reverse_matches(self, reverse, filters):
        checks = (
            filters["reverse_order_id"] in (None, reverse["reverse_order_id"]),
            filters["trade_order_id"] in (None, reverse["trade_order_id"]),
            filters["request_type"] is None
            or reverse["request_type"] in filters["request_type"],
            filters["return_to_type"] is None
            or filters["return_to_type"] == ("RTM" if reverse["is_rtm"] else "RTW"),
        )
        return all(checks) and any(
            self._line_matches(line, filters) for line in reverse["reverse_order_lines"]
        )

    def _reverse_list(self, params, request):
        error = ("InvalidParameter", "Invalid parameter: %s")
        page_no = self._int_param(params, "page_no", 1, error, minimum=1)
        size = self._int_param(params, "page_size", 10, error, minimum=1, maximum=100)
        filters = self._reverse_filters(params)
        items = [
            r for r in self.reverse_orders.values() if self._reverse_matches(r, filters)
        ]
        page = items[(page_no - 1) * size : page_no * size]
        return {
            "result": {
                "page_no": page_no,
                "page_size": size,
                "total": len(items),
                "success": True,
                "items": [
                    {
                        **{k: v for k, v in r.items() if k != "reverse_order_lines"},
                        "reverse_order_lines": [
                            self._public_reverse_line(line)
                            for line in r["reverse_order_lines"]
                        ],
                    }
                    for r in page
                ],
            }
        }

    def _reverse_detail(self, params, request):
        raw = str(params.get("reverse_order_id"))
        if not raw.isdigit():
            raise LazadaError("105", "E0105: reverse order id is empty or invalid")
        reverse = self.reverse_orders.get(int(raw))
        if not reverse:
            # the reference: E0106 when the id is not one of this store's
            raise LazadaError("106", "E0106: ROC internal error")
        return {
            "data": {
                **{k: v for k, v in reverse.items() if k != "reverse_order_lines"},
                "reverseOrderLineDTOList": [
                    self._public_reverse_detail_line(line)
                    for line in reverse["reverse_order_lines"]
                ],
            }
        }

    def _reverse_reasons(self, params, request):
        raw = str(params.get("reverse_order_line_id"))
        if not raw.isdigit():
            raise LazadaError(
                "103", "E0103: reverse order line id is empty when query reject reason"
            )
        known = any(
            line["reverse_order_line_id"] == int(raw)
            for reverse in self.reverse_orders.values()
            for line in reverse["reverse_order_lines"]
        )
        if not known:
            raise LazadaError("106", "E0106: ROC internal error")
        return {
            "data": [
                {**reason, "muti_language_text": reason["text"]}
                for reason in catalog.REVERSE_REASONS
            ]
        }

    # ------------------------------------------------------------------
    # The seller's decisions (ReverseOrderReturnUpdate, OnlyRefundDecide)
    # ------------------------------------------------------------------

    # action -> (line statuses it applies to, status after it). Statuses
    # are the reference's: the reverse_status values of the APIs and the
    # keys of the reverse order push (RTM_INIT: the return to the merchant
    # is initiated once agreed; REFUND_REJECTED: the refund refused).
    RETURN_ACTIONS = {
        "agreeReturn": ({"REQUEST_INITIATE"}, "RTM_INIT"),
        "instantRefund": ({"REQUEST_INITIATE"}, "REFUND_SUCCESS"),
        "refuseReturn": ({"REQUEST_INITIATE"}, "REQUEST_REJECT"),
        "confirmDelivery": ({"RTM_SHIPPING_BACK"}, "RTM_RECEIVE_ITEM"),
        "agreeRefund": ({"RTM_RECEIVE_ITEM"}, "REFUND_SUCCESS"),
        "refuseRefund": ({"RTM_RECEIVE_ITEM"}, "REFUND_REJECTED"),
    }

    def _reverse_target(self, params):
        raw = str(params.get("reverse_order_id") or "")
        if not raw.isdigit():
            raise LazadaError("125", "E0125: invalid reverse id")
        reverse = self.reverse_orders.get(int(raw))
        if not reverse:
            raise LazadaError("112", "E0112: no reverse order found")
        try:
            wanted = json.loads(params.get("reverse_order_item_ids") or "")
        except ValueError:
            wanted = None
        if not isinstance(wanted, list):
            raise LazadaError("126", "E0126: invalid reverse order lines")
        if not wanted:
            raise LazadaError("100", "E0100: reverse order list is empty")
        wanted = {str(v) for v in wanted}
        lines = [
            line
            for line in reverse["reverse_order_lines"]
            if str(line["reverse_order_line_id"]) in wanted
        ]
        if len(lines) != len(wanted):
            raise LazadaError("126", "E0126: invalid reverse order lines")
        return reverse, lines

    def _reverse_update(self, params, request):
        action = params.get("action") or ""
        if action not in self.RETURN_ACTIONS:
            raise LazadaError("107", "E0107: invalid action")
        reverse, lines = self._reverse_target(params)
        refusing = action in ("refuseReturn", "refuseRefund")
        if refusing:
            if len(lines) > 1:
                raise LazadaError(
                    "111",
                    "E0111: do not support massive reverse order line operation "
                    "if you want to refuse return or refund",
                )
            reasons = {str(r["reason_id"]) for r in catalog.REVERSE_REASONS}
            if str(params.get("reason_id") or "") not in reasons:
                raise LazadaError(
                    "108",
                    "E0108: reason can't be empty if you want to refuse return or "
                    "refund",
                )
            if not params.get("comment"):
                raise LazadaError(
                    "109",
                    "E0109: comment can't be empty if you want to refuse return "
                    "or refund",
                )
            if action == "refuseRefund" and not params.get("image_info"):
                raise LazadaError(
                    "110", "E0110: image can't be empty if you want to refuse refund"
                )
        allowed, after = self.RETURN_ACTIONS[action]
        if reverse["request_type"] != "RETURN" or any(
            line["reverse_status"] not in allowed for line in lines
        ):
            raise LazadaError("114", "E0114: this reverse does not support this action")
        self._move_reverse(reverse, lines, after)
        return {
            "data": {
                "reverse_order_id": reverse["reverse_order_id"],
                "reverse_order_line": [
                    {
                        "reverse_order_line_id": line["reverse_order_line_id"],
                        "refund_amount": line["refund_amount"],
                        "seller_sku": line["seller_sku_id"],
                        "order_line_id": line["trade_order_line_id"],
                    }
                    for line in lines
                ],
                "total_refund": str(sum(line["refund_amount"] for line in lines)),
            }
        }

    def _only_refund_decide(self, params, request):
        action = params.get("action") or ""
        if action not in ("agreeRefund", "startDispute"):
            raise LazadaError("107", "E0107: invalid action")
        reverse, lines = self._reverse_target(params)
        if len(lines) > 1:
            # "currently list size can be only 1" (reverse_order_item_ids)
            raise LazadaError("133", "E0133: do not support batch operation")
        if reverse["request_type"] != "ONLY_REFUND" or any(
            line["reverse_status"] != "REQUEST_INITIATE" for line in lines
        ):
            raise LazadaError("114", "E0114: this reverse does not support this action")
        if action == "startDispute":
            if not params.get("comment"):
                raise LazadaError(
                    "109", "E0109: comment can't be empty if startDispute"
                )
            if not params.get("image_info_list"):
                raise LazadaError("110", "E0110: image can't be empty if startDispute")
            for line in lines:
                line["is_dispute"] = True
            self._move_reverse(reverse, lines, lines[0]["reverse_status"])
        else:
            self._move_reverse(reverse, lines, "REFUND_SUCCESS")
        return {"data": None}

    def _move_reverse(self, reverse, lines, status, **values):
        now = int(self.clock() * 1000)
        for line in lines:
            # a modification time strictly after the last one, as Lazada's
            line["return_order_line_gmt_modified"] = max(
                now, line["return_order_line_gmt_modified"] + 1
            )
            line["reverse_status"] = status
            line.update(values)
            # reverse order status push (message type 10)
            self._push(
                10,
                {
                    "reverse_order_id": str(reverse["reverse_order_id"]),
                    "reverse_order_line_id": str(line["reverse_order_line_id"]),
                    "reverse_status": status,
                    "trade_order_id": str(reverse["trade_order_id"]),
                    "trade_order_line_id": str(line["trade_order_line_id"]),
                    "buyer_id": str(line["buyer_id"]),
                    "seller_id": self.seller_id,
                    "status_update_time": int(self.clock()),
                },
            )

    # ------------------------------------------------------------------
    # What buyers, carriers and Lazada do (control API)
    # ------------------------------------------------------------------

    # step -> (line statuses it applies to, status after it)
    REVERSE_STEPS = {
        "approve": ({"REQUEST_INITIATE"}, "RTM_INIT"),
        "reject": ({"REQUEST_INITIATE"}, "REQUEST_REJECT"),
        "ship": ({"RTM_INIT"}, "RTM_SHIPPING_BACK"),
        "arrive": ({"RTM_SHIPPING_BACK"}, "RTM_RECEIVE_ITEM"),
        "refund": (
            {"REQUEST_INITIATE", "RTM_INIT", "RTM_RECEIVE_ITEM"},
            "REFUND_SUCCESS",
        ),
        "cancel": ({"REQUEST_INITIATE", "RTM_INIT"}, "REQUEST_CANCEL"),
        "dispute": (None, None),
    }

    def advance_reverse(self, reverse_order_id, step):
        """Move a reverse order on as the buyer (ship), the carrier (arrive)
        or Lazada (approve, reject, refund, dispute, cancel) would."""
        if step not in self.REVERSE_STEPS:
            raise ValueError(f"unknown reverse step {step}")
        with self.lock:
            reverse = self.reverse_orders[int(reverse_order_id)]
            allowed, after = self.REVERSE_STEPS[step]
            lines = reverse["reverse_order_lines"]
            if step == "dispute":
                for line in lines:
                    line["is_dispute"] = True
                self._move_reverse(reverse, lines, lines[0]["reverse_status"])
                return reverse
            if any(line["reverse_status"] not in allowed for line in lines):
                raise ValueError(
                    f"{step} is not possible in "
                    f"{sorted({line['reverse_status'] for line in lines})}"
                )
            values = {}
            if step == "ship":
                values["tracking_number"] = f"LZRTN{reverse_order_id}"
            if step in ("refund", "reject", "cancel"):
                values["is_dispute"] = False
            self._move_reverse(reverse, lines, after, **values)
            return reverse

    def _control_reverse(self, request):
        data = request.json()
        reverse = self.advance_reverse(data["reverse_order_id"], data["step"])
        return (
            200,
            {
                "statuses": sorted(
                    {line["reverse_status"] for line in reverse["reverse_order_lines"]}
                )
            },
            {},
        )

    def _control_reverses(self, request):
        """The reverse orders of a trade order (tests and the page)."""
        order_id = int(request.json()["order_id"])
        with self.lock:
            ids = [
                r["reverse_order_id"]
                for r in self.reverse_orders.values()
                if r["trade_order_id"] == order_id
            ]
        return 200, {"reverse_order_ids": ids}, {}
