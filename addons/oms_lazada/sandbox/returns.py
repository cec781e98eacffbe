"""The reverse-order (returns) APIs of the Lazada sandbox."""

import json

from . import catalog
from .errors import LazadaError
from .params import RequestParams


class ReturnApis(RequestParams):
    """Handlers of the reverse-order APIs over ``self.reverse_orders``."""

    _LINE_KEYS = ("buyer_id", "product_id")

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
