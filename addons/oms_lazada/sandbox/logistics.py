"""Fulfilment in the Lazada sandbox: shipment providers, packing items in
packages, ready to ship and the AWB document. These APIs answer refusals
inside ``result`` (:class:`ResultRefusal`), not in the error envelope."""

import base64
import json
import secrets

from oms_api_common import make_pdf

from . import apis, catalog
from .common import RequestParams, ResultRefusal
from .payload import as_list


class LogisticsApis(RequestParams):
    """Packages over ``self.packages``, packed from ``self.orders``."""

    def pack_items(self, order_id, item_ids):
        """Pack these items of an order in one parcel, as a seller does in
        the Seller Center; return the package id.

        Packing an order's items in several calls ships it in several
        packages, each with its own tracking number.
        """
        with self.lock:
            order = self.orders[int(order_id)]
            lines = self._pack_order(
                order,
                [str(item_id) for item_id in item_ids],
                catalog.SHIPMENT_PROVIDERS[0]["name"],
            )
        return next(
            (line["package_id"] for line in lines if line.get("package_id")), None
        )

    @staticmethod
    def _result(data):
        # The reference's examples leave an error code next to "success":
        # true; a success here carries "0" (the items' own success code).
        return {
            "result": {
                "success": True,
                "error_code": "0",
                "error_msg": "success",
                "data": data,
            }
        }

    @staticmethod
    def _request_json(params, key, required=()):
        """The JSON object of a fulfilment request, its ``required`` keys
        present (PARAM_ILLEGAL / PARAM_IS_NULL otherwise)."""
        try:
            value = json.loads(params.get(key) or "")
        except ValueError as err:
            raise ResultRefusal("700004", "PARAM_ILLEGAL") from err
        if not isinstance(value, dict):
            raise ResultRefusal("700004", "PARAM_ILLEGAL")
        for name in required:
            if value.get(name) in (None, "", []):
                raise ResultRefusal("700017", f"PARAM_IS_NULL: {name}")
        return value

    @staticmethod
    def _entries(request, key, required):
        entries = request.get(key)
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) for e in entries
        ):
            raise ResultRefusal("700004", f"PARAM_ILLEGAL: {key}")
        for entry in entries:
            for name in required:
                if entry.get(name) in (None, "", []):
                    raise ResultRefusal("700017", f"PARAM_IS_NULL: {name}")
        if len(entries) > apis.MAX_PACKAGES_PER_CALL:
            raise ResultRefusal("700022", "BATCH_SIZE_OUT_OF_LIMIT")
        return entries

    def _shipment_providers(self, params, request):
        providers_request = self._request_json(
            params, "getShipmentProvidersReq", ("orders",)
        )
        for entry in self._entries(
            providers_request, "orders", ("order_id", "order_item_ids")
        ):
            if not self.orders.get(self._number(entry["order_id"], int)):
                raise ResultRefusal("700021", "ORDER_NOT_FOUND")
        return self._result(
            {
                "platform_default": 0,
                "shipment_providers": catalog.SHIPMENT_PROVIDERS,
                "shipping_allocate_type": "TFS",
            }
        )

    def _pack_line(self, order_item_id, code, msg, **values):
        return {
            "order_item_id": order_item_id,
            "item_err_code": code,
            "msg": msg,
            "tracking_number": "",
            "shipment_provider": "",
            "package_id": "",
            "retry": False,
            **values,
        }

    def _pack(self, params, request):
        pack_request = self._request_json(
            params,
            "packReq",
            ("pack_order_list", "delivery_type", "shipping_allocate_type"),
        )
        orders = self._entries(
            pack_request, "pack_order_list", ("order_id", "order_item_list")
        )
        if pack_request["delivery_type"] != "dropship":
            raise ResultRefusal("700013", "OP_NOT_SUPPORT: delivery_type")
        if pack_request["shipping_allocate_type"] not in ("TFS", "NTFS"):
            raise ResultRefusal("700004", "PARAM_ILLEGAL: shipping_allocate_type")
        provider = next(
            (
                p["name"]
                for p in catalog.SHIPMENT_PROVIDERS
                if p["provider_code"] == pack_request.get("shipment_provider_code")
            ),
            catalog.SHIPMENT_PROVIDERS[0]["name"],
        )
        result = []
        for entry in orders:
            order = self.orders.get(self._number(entry["order_id"], int))
            wanted = [str(i) for i in as_list(entry["order_item_list"])]
            if not order:
                result.append(
                    {
                        "order_id": entry["order_id"],
                        "order_item_list": [
                            self._pack_line(i, "700021", "ORDER_NOT_FOUND")
                            for i in wanted
                        ],
                    }
                )
                continue
            result.append(
                {
                    "order_id": order["order_id"],
                    "order_item_list": self._pack_order(order, wanted, provider),
                }
            )
        return self._result({"pack_order_list": result})

    def _pack_order(self, order, wanted, provider):
        package_id = f"FP{self._next_id():012d}"
        tracking = f"SGLZ{self.rng.randint(10**9, 10**10 - 1)}"
        by_id = {str(i["order_item_id"]): i for i in order["items"]}
        lines = []
        packed = []
        for item_id in wanted:
            item = by_id.get(item_id)
            if not item:
                lines.append(self._pack_line(item_id, "700025", "ORDER_ITEM_NOT_FOUND"))
                continue
            if item["status"] not in ("pending", "repacked"):
                lines.append(
                    self._pack_line(
                        item["order_item_id"], "700026", "FO_ITEM_NOT_ALLOW_TO_PACK"
                    )
                )
                continue
            packed.append(item)
            lines.append(
                self._pack_line(
                    item["order_item_id"],
                    "0",
                    "success",
                    tracking_number=tracking,
                    shipment_provider=provider,
                    package_id=package_id,
                )
            )
        if packed:
            self.packages[package_id] = {
                "package_id": package_id,
                "order_id": order["order_id"],
                "status": "packed",
                "tracking_number": tracking,
                "shipment_provider": provider,
            }
            self._touch(
                order,
                packed,
                "packed",
                package_id=package_id,
                tracking_code=tracking,
                shipment_provider=provider,
            )
        return lines

    def _rts(self, params, request):
        rts_request = self._request_json(params, "readyToShipReq", ("packages",))
        result = []
        for entry in self._entries(rts_request, "packages", ("package_id",)):
            package = self.packages.get(entry["package_id"])
            if not package or package["status"] != "packed":
                result.append(
                    {
                        "package_id": entry["package_id"],
                        "item_err_code": "700000",
                        "msg": "PACKAGE_STATUS_NOT_ALLOW_TO_OP",
                        "retry": False,
                    }
                )
                continue
            package["status"] = "ready_to_ship"
            order = self.orders[package["order_id"]]
            items = [
                i for i in order["items"] if i["package_id"] == package["package_id"]
            ]
            self._touch(order, items, "ready_to_ship")
            result.append(
                {
                    "package_id": package["package_id"],
                    "item_err_code": "0",
                    "msg": "success",
                    "retry": False,
                }
            )
        return self._result({"packages": result})

    def _document(self, params, request):
        document = self._request_json(
            params, "getDocumentReq", ("doc_type", "packages")
        )
        doc_type = str(document["doc_type"]).upper()
        if doc_type not in ("PDF", "HTML"):
            raise ResultRefusal("700004", "PARAM_ILLEGAL: doc_type")
        pages = []
        for entry in self._entries(document, "packages", ("package_id",)):
            package = self.packages.get(entry["package_id"])
            if not package:
                raise ResultRefusal("700021", "ORDER_NOT_FOUND")
            order = self.orders[package["order_id"]]
            address = order["address_shipping"]
            pages.append(
                [
                    "Lazada AWB",
                    f"Package {package['package_id']}",
                    f"Carrier {package['shipment_provider']}",
                    f"Tracking {package['tracking_number']}",
                    f"Order {order['order_number']}",
                    f"To {address['first_name']} {address['last_name']}",
                    address["address1"],
                    f"COD {order['price']}"
                    if order["payment_method"] == "COD"
                    else "Prepaid",
                ]
            )
        if doc_type == "PDF":
            content = make_pdf(pages)
        else:
            content = "".join(
                "<div class='awb'>" + "<br/>".join(page) + "</div>" for page in pages
            ).encode()
        name = secrets.token_hex(8)
        return self._result(
            {
                "doc_type": doc_type,
                "file": base64.b64encode(content).decode(),
                "pdf_url": f"https://sandbox-awb.lazada.example/{name}.pdf",
            }
        )
