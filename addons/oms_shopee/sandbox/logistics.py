"""Logistics: shipping parameters, arrangement, tracking numbers and the
asynchronous shipping-document (AWB) flow.
"""

from . import catalog, const
from .common import (
    Reply,
    ShopeeError,
    param_error,
    required_param,
)


class LogisticsMixin:
    """Logistics part of :class:`ShopeeShop`."""

    def api_get_channel_list(self, params):
        return {
            "logistics_channel_list": [
                channel for channel, *_rest in catalog.ALL_CHANNELS
            ]
        }

    def _package(
        self, order, package_number, unknown="logistics.package_number_not_exist"
    ):
        """The order's package ``package_number``; ``unknown``: the error code
        the calling API documents for a package the order does not have."""
        packages = order["package_list"]
        if package_number in (None, ""):
            if len(packages) > 1:
                raise ShopeeError(
                    "logistics.package_number_not_exist",
                    "Please request with package_number for this split order.",
                )
            return packages[0]
        for package in packages:
            if package["package_number"] == package_number:
                return package
        raise ShopeeError(unknown, "The package is not exist.")

    def _pickup_slots(self):
        day = (self.now() // 86400 + 1) * 86400
        return [
            {
                "date": day + offset * 86400,
                "time_text": "09:00-18:00",
                "pickup_time_id": str(day + offset * 86400),
                "flags": ["recommended"] if offset == 0 else [],
            }
            for offset in range(3)
        ]

    def api_get_shipping_parameter(self, params):
        order = self._order(required_param(params, "order_sn"))
        if order["order_status"] == const.CANCELLED:
            raise ShopeeError("error_status", "The order has been cancelled.")
        package = self._package(order, params.get("package_number"))
        _channel, mode, _carrier = self._channel(package["logistics_channel_id"])
        slots = self._pickup_slots()
        if mode == catalog.PICKUP:
            return {
                "info_needed": {
                    "pickup": ["address_id", "pickup_time_id"],
                    "dropoff": [],
                },
                "pickup": {
                    "address_list": [
                        dict(address, time_slot_list=slots)
                        for address in catalog.PICKUP_ADDRESSES
                    ]
                },
                "dropoff": None,
            }
        if mode == catalog.NON_INTEGRATED:
            return {
                "info_needed": {"non_integrated": ["tracking_number"]},
                "pickup": None,
                "dropoff": None,
            }
        return {
            "info_needed": {"dropoff": ["branch_id"], "pickup": []},
            "dropoff": {"branch_list": catalog.DROPOFF_BRANCHES, "slug_list": []},
            "pickup": None,
        }

    def api_ship_order(self, params):
        order = self._order(required_param(params, "order_sn"))
        modes = [
            mode for mode in ("pickup", "dropoff", "non_integrated") if mode in params
        ]
        if len(modes) != 1:
            raise ShopeeError(
                "logistics.ship_order_only_support_one_type",
                "Please select just one way to ship order: "
                "pickup or dropoff or non_integrated.",
            )
        package = self._package(
            order, params.get("package_number"), "logistics.package_not_exist"
        )
        if package["logistics_status"] == const.LOGISTICS_REQUEST_CREATED:
            raise ShopeeError(
                "logistics.package_already_shipped",
                "This package has already been arranged shipment "
                "and you can't call this API again.",
            )
        if order["order_status"] not in (const.READY_TO_SHIP, const.RETRY_SHIP):
            raise ShopeeError(
                "logistics.ship_order_not_ready_to_ship",
                "The order is not ready to ship.",
            )
        _channel, channel_mode, _carrier = self._channel(
            package["logistics_channel_id"]
        )
        mode = modes[0]
        details = params[mode] or {}
        if mode == "pickup":
            if channel_mode != catalog.PICKUP:
                raise ShopeeError(
                    "logistics.ship_order_unsupport_pickup",
                    "This order does not support ship with pickup.",
                )
            address_ids = {
                address["address_id"] for address in catalog.PICKUP_ADDRESSES
            }
            slot_ids = {slot["pickup_time_id"] for slot in self._pickup_slots()}
            if details.get("address_id") not in address_ids:
                raise ShopeeError(
                    "logistics.address_not_found", "Address is not found."
                )
            if str(details.get("pickup_time_id", "")) not in slot_ids:
                raise ShopeeError(
                    "logistics.ship_order_pickup_time_invalid",
                    "Invalid pickup time id. Please check the pick up time id.",
                )
        elif mode == "dropoff":
            if channel_mode != catalog.DROPOFF:
                raise ShopeeError(
                    "logistics.ship_order_unsupport_dropoff",
                    "This order does not support ship with dropoff.",
                )
            branch_ids = {branch["branch_id"] for branch in catalog.DROPOFF_BRANCHES}
            if details.get("branch_id") not in branch_ids:
                raise ShopeeError(
                    "logistics.ship_order_need_branch_id",
                    "Parameter branch_id is required.",
                )
        else:
            raise ShopeeError(
                "logistics.ship_order_unsupport_non_integrated",
                "This order does not support ship with non_integrated.",
            )
        package["logistics_status"] = const.LOGISTICS_REQUEST_CREATED
        package["_tracking_number"] = (
            f"SPX{self.region}{self.rng.randint(10**11, 10**12 - 1)}"
        )
        package["_tracking_due"] = self.clock() + self.tracking_delay
        package["_tracking_visible"] = False
        # A split order waits for all its packages to be arranged.
        if all(
            p["logistics_status"] == const.LOGISTICS_REQUEST_CREATED
            for p in order["package_list"]
        ):
            self._set_status(order, const.PROCESSED)
        self.settle()
        return Reply(None)

    def api_get_tracking_number(self, params):
        order = self._order(
            required_param(params, "order_sn"),
            ShopeeError("logistics.invalid_error", "The order is not exist."),
        )
        package = self._package(order, params.get("package_number"))
        visible = package["_tracking_visible"]
        response = {"tracking_number": package["_tracking_number"] if visible else ""}
        if not visible:
            response["hint"] = "Tracking number is being generated, please retry later."
        optional = {
            name.strip()
            for name in str(params.get("response_optional_fields") or "").split(",")
        }
        # BR (plp_number) and cross-border (first/last mile) numbers: a local
        # Malaysian parcel has none, asked for they are empty.
        for field in (
            "plp_number",
            "first_mile_tracking_number",
            "last_mile_tracking_number",
        ):
            if field in optional:
                response[field] = ""
        return response

    def _document_orders(self, params):
        entries = params.get("order_list") or []
        if not entries:
            raise param_error("order_list is a required field")
        if len(entries) > const.SHIPPING_DOCUMENT_BATCH:
            raise ShopeeError(
                "logistics.error_limit", "The batch request reach limit 50."
            )
        return entries

    def _batch_result(self, results):
        failed = [result for result in results if result.get("fail_error")]
        if failed and len(failed) == len(results):
            raise ShopeeError(
                "common.batch_api_all_failed",
                "Failed, please check result_list for more details.",
                response={"result_list": results},
            )
        warning = [
            {
                "order_sn": result["order_sn"],
                "package_number": result.get("package_number", ""),
            }
            for result in failed
        ]
        return Reply({"result_list": results}, warning=warning or None)

    def _document_target(self, entry):
        """Return (order, package) or a failure dict for one order_list entry."""
        order_sn = entry.get("order_sn")
        order = self.orders.get(order_sn)
        if order is None:
            return None, {
                "order_sn": order_sn,
                "fail_error": "logistics.order_not_exist",
                "fail_message": f"The order_sn {order_sn} is not exist.",
            }
        try:
            package = self._package(order, entry.get("package_number"))
        except ShopeeError as error:
            return None, {
                "order_sn": order_sn,
                "fail_error": error.error,
                "fail_message": error.message,
            }
        return (order, package), None

    def api_get_shipping_document_parameter(self, params):
        results = []
        for entry in self._document_orders(params):
            target, failure = self._document_target(entry)
            if failure:
                results.append(failure)
                continue
            results.append(
                {
                    "order_sn": target[0]["order_sn"],
                    "package_number": target[1]["package_number"],
                    "suggest_shipping_document_type": "THERMAL_AIR_WAYBILL",
                    "selectable_shipping_document_type": [
                        "NORMAL_AIR_WAYBILL",
                        "THERMAL_AIR_WAYBILL",
                    ],
                }
            )
        return self._batch_result(results)

    def api_create_shipping_document(self, params):
        results = []
        for entry in self._document_orders(params):
            target, failure = self._document_target(entry)
            if failure:
                results.append(failure)
                continue
            order, package = target
            document_type = entry.get("shipping_document_type") or "THERMAL_AIR_WAYBILL"
            base = {
                "order_sn": order["order_sn"],
                "package_number": package["package_number"],
            }
            if order["order_status"] != const.PROCESSED or package[
                "logistics_status"
            ] != (const.LOGISTICS_REQUEST_CREATED):
                results.append(
                    dict(
                        base,
                        fail_error="logistics.order_status_error",
                        fail_message="Order status does not support awb printing.",
                    )
                )
            elif document_type not in const.SHIPPING_DOCUMENT_TYPES:
                results.append(
                    dict(
                        base,
                        fail_error="logistics.shipping_document_type_invalid",
                        fail_message="The shipping_document_type is not invalid. "
                        "Please check the shipping_document_type.",
                    )
                )
            elif not package["_tracking_visible"] or entry.get(
                "tracking_number"
            ) not in (
                None,
                "",
                package["_tracking_number"],
            ):
                results.append(
                    dict(
                        base,
                        fail_error="logistics.tracking_number_invalid",
                        fail_message="The tracking number is invalid. "
                        "Please check the tracking number.",
                    )
                )
            else:
                self.document_tasks[(order["order_sn"], package["package_number"])] = {
                    "status": const.DOCUMENT_PROCESSING,
                    "polls_left": self.document_polls,
                    "shipping_document_type": document_type,
                }
                results.append(base)
        return self._batch_result(results)

    def _task_failure(self, base):
        return dict(
            base,
            fail_error="logistics.shipping_document_should_print_first",
            fail_message="The package can not print now, "
            "please create shipping document first.Detail: " + base["order_sn"],
        )

    def api_get_shipping_document_result(self, params):
        results = []
        for entry in self._document_orders(params):
            target, failure = self._document_target(entry)
            if failure:
                results.append(failure)
                continue
            order, package = target
            base = {
                "order_sn": order["order_sn"],
                "package_number": package["package_number"],
            }
            task = self.document_tasks.get(
                (order["order_sn"], package["package_number"])
            )
            if task is None:
                results.append(self._task_failure(base))
                continue
            if task["status"] == const.DOCUMENT_PROCESSING:
                # The first ``document_polls`` results say PROCESSING.
                if task["polls_left"] > 0:
                    task["polls_left"] -= 1
                else:
                    task["status"] = const.DOCUMENT_READY
                    self.queue_push(
                        const.PUSH_SHIPPING_DOCUMENT_STATUS,
                        {
                            "ordersn": order["order_sn"],
                            "package_number": package["package_number"],
                            "status": const.DOCUMENT_READY,
                        },
                    )
            results.append(dict(base, status=task["status"]))
        return self._batch_result(results)

    def api_download_shipping_document(self, params, make_pdf):
        pages = []
        for entry in self._document_orders(params):
            target, failure = self._document_target(entry)
            if failure:
                raise ShopeeError(failure["fail_error"], failure["fail_message"])
            order, package = target
            task = self.document_tasks.get(
                (order["order_sn"], package["package_number"])
            )
            if task is None:
                failure = self._task_failure({"order_sn": order["order_sn"]})
                raise ShopeeError(failure["fail_error"], failure["fail_message"])
            if task["status"] != const.DOCUMENT_READY:
                raise ShopeeError(
                    "logistics.download_later",
                    f"Processing, please download later. Detail: {order['order_sn']}",
                )
            pages.append(
                self._label_lines(order, package, task["shipping_document_type"])
            )
        return Reply(raw=make_pdf(pages), content_type="application/pdf")

    def _label_lines(self, order, package, document_type):
        address = order["recipient_address"]
        lines = [
            f"Shopee {document_type.replace('_', ' ').title()}",
            f"Carrier: {package['shipping_carrier']}",
            f"Tracking: {package['_tracking_number']}",
            f"Order: {order['order_sn']}  Package: {package['package_number']}",
            f"COD: {self.currency} {order['total_amount']:.2f}"
            if order["cod"]
            else "Prepaid",
            f"To: {address['name']} {address['phone']}",
            address["full_address"],
            f"From: {self.shop_name}",
        ]
        lines += [
            f"{line['model_quantity_purchased']} x "
            f"{line['model_sku'] or line['item_sku']} {line['item_name']}"
            for line in order["item_list"]
        ]
        return lines
