"""Orders: the buyer side (generation, status changes), listing and the
seller's cancellations.
"""

import random
import string

from . import catalog, const
from .common import (
    Reply,
    ShopeeError,
    cursor_param,
    list_param,
    money,
    page_size_param,
    param_error,
    required_param,
    time_window,
)


class OrdersMixin:
    """Orders part of :class:`ShopeeShop`."""

    def generate_orders(
        self,
        n,
        skus=None,
        cod_ratio=0.2,
        voucher_ratio=0.3,
        multi_item_ratio=0.3,
        seed=None,
        created_from=None,
        created_to=None,
        channel_id=None,
    ):
        """Place ``n`` buyer orders on models whose SKU is in ``skus`` (all
        sellable models by default), created between ``created_from`` and
        ``created_to``; by default a second apart up to now, as buyers order
        (a back-dated order falls before the cursor of a shop that already
        pulled). Returns the new order_sn list, oldest first. Paid orders
        start READY_TO_SHIP; some COD orders UNPAID. ``channel_id``: the
        logistics channel of every order (e.g. an optional one), instead of
        one of the default channels at random."""
        rng = random.Random(seed) if seed is not None else self.rng
        pool = self._sellable_models(skus)
        if not pool:
            raise ValueError("no sellable model matches the requested SKUs")
        now = self.now()
        if created_from is None and created_to is None:
            # as buyers order: the last one now, one second apart
            times = [now - n + 1 + index for index in range(n)]
        else:
            created_to = int(created_to if created_to is not None else now)
            created_from = int(
                created_from if created_from is not None else created_to - 3 * 86400
            )
            times = sorted(rng.randint(created_from, created_to) for _dummy in range(n))
        order_sns = []
        for create_time in times:
            lines_count = rng.randint(2, 3) if rng.random() < multi_item_ratio else 1
            picks = rng.sample(pool, min(lines_count, len(pool)))
            cod = rng.random() < cod_ratio
            voucher = rng.random() < voucher_ratio
            order_sns.append(
                self._place_order(
                    rng, create_time, picks, cod, voucher, channel_id=channel_id
                )
            )
        return order_sns

    def _sellable_models(self, skus=None):
        pool = []
        for item in self.items.values():
            if item["item_status"] != "NORMAL":
                continue
            for model in item["_models"].values():
                sku = model["model_sku"] or item["item_sku"]
                if skus is None or sku in skus:
                    pool.append((item, model))
        return pool

    def place_order(self, sku, quantity, cod=False):
        """A buyer orders ``quantity`` of one SKU now; returns the order_sn."""
        pool = self._sellable_models([sku])
        if not pool:
            raise ValueError(f"no sellable model has the SKU {sku}")
        stock = pool[0][1]["stock"]
        if quantity > stock:
            raise ValueError(f"only {stock} of {sku} in stock")
        return self._place_order(
            self.rng, self.now(), pool[:1], cod, False, quantity=quantity
        )

    def _place_order(
        self, rng, create_time, picks, cod, voucher, quantity=None, channel_id=None
    ):
        order_sn = self._new_order_sn(create_time)
        lines = []
        for item, model in picks:
            units = quantity or rng.randint(1, 3)
            original = model["original_price"]
            discounted = money(original * 0.9) if rng.random() < 0.3 else original
            model["stock"] = max(model["stock"] - units, 0)
            lines.append(
                {
                    "item_id": item["item_id"],
                    "item_name": item["item_name"],
                    "item_sku": item["item_sku"],
                    "model_id": model["model_id"],
                    "model_name": model["model_name"],
                    "model_sku": model["model_sku"],
                    "model_quantity_purchased": units,
                    "model_original_price": original,
                    "model_discounted_price": discounted,
                    "wholesale": False,
                    "weight": item["weight"],
                    "add_on_deal": False,
                    "main_item": False,
                    "add_on_deal_id": 0,
                    "promotion_type": "product_promotion"
                    if discounted != original
                    else "",
                    "promotion_id": 0,
                    "order_item_id": item["item_id"],
                    "promotion_group_id": 0,
                    "image_info": {"image_url": item["image"]["image_url_list"][0]},
                    "product_location_id": [],
                }
            )
        channel, _mode, carrier = rng.choice(
            [entry for entry in catalog.CHANNELS if entry[0]["cod_enabled"] or not cod]
        )
        if channel_id is not None:
            channel, _mode, carrier = self._channel(channel_id)
        subtotal = money(
            sum(
                line["model_discounted_price"] * line["model_quantity_purchased"]
                for line in lines
            )
        )
        seller_voucher = shopee_voucher = 0.0
        if voucher:
            if rng.random() < 0.5:
                seller_voucher = money(min(5.0, subtotal * 0.2))
            else:
                shopee_voucher = money(min(3.0, subtotal * 0.2))
        coins = money(rng.choice([0, 0, 0.5, 1.0]))
        buyer_shipping_fee = rng.choice([0.0, 4.9])
        actual_shipping_fee = 6.5
        total_amount = money(
            subtotal - seller_voucher - shopee_voucher - coins + buyer_shipping_fee
        )
        status = const.UNPAID if cod and rng.random() < 0.5 else const.READY_TO_SHIP
        buyer_id = self._next_buyer_id
        self._next_buyer_id += 1
        name = rng.choice(catalog.BUYER_NAMES)
        city, state, zipcode = rng.choice(catalog.BUYER_CITIES)
        phone = "601" + "".join(rng.choice(string.digits) for _dummy in range(8))
        road = rng.choice(["Ampang", "Tun Razak", "Sultan"])
        street = f"{rng.randint(1, 200)}, Jalan {road}"
        self.orders[order_sn] = {
            "order_sn": order_sn,
            "region": self.region,
            "currency": self.currency,
            "cod": cod,
            "order_status": status,
            "create_time": create_time,
            "update_time": create_time,
            "pay_time": create_time + 60
            if status == const.READY_TO_SHIP and not cod
            else None,
            "days_to_ship": 2,
            "ship_by_date": create_time + 2 * 86400,
            "message_to_seller": "",
            "note": "",
            "note_update_time": 0,
            "buyer_user_id": buyer_id,
            "buyer_username": name.lower().replace(" ", "_"),
            "recipient_address": {
                "name": name,
                "phone": phone,
                "town": "",
                "district": "",
                "city": city,
                "state": state,
                "region": self.region,
                "zipcode": zipcode,
                "full_address": f"{street}, {zipcode} {city}, {state}",
            },
            "item_list": lines,
            "package_list": [
                {
                    "package_number": "OFG"
                    + "".join(rng.choice(string.digits) for _dummy in range(15)),
                    "logistics_status": (
                        const.LOGISTICS_READY
                        if status == const.READY_TO_SHIP
                        else const.LOGISTICS_NOT_START
                    ),
                    "logistics_channel_id": channel["logistics_channel_id"],
                    "shipping_carrier": carrier,
                    "allow_self_design_awb": False,
                    "item_list": [
                        {
                            "item_id": line["item_id"],
                            "model_id": line["model_id"],
                            "model_quantity": line["model_quantity_purchased"],
                            "order_item_id": line["order_item_id"],
                            "promotion_group_id": 0,
                            "product_location_id": "",
                        }
                        for line in lines
                    ],
                    "parcel_chargeable_weight_gram": int(
                        1000
                        * sum(
                            line["weight"] * line["model_quantity_purchased"]
                            for line in lines
                        )
                    ),
                    "_tracking_number": "",
                    "_tracking_due": None,
                    "_tracking_visible": False,
                }
            ],
            "payment_method": "Cash on Delivery" if cod else "Online Banking",
            "shipping_carrier": carrier,
            "checkout_shipping_carrier": carrier,
            "total_amount": total_amount,
            "estimated_shipping_fee": actual_shipping_fee,
            "actual_shipping_fee": actual_shipping_fee,
            "actual_shipping_fee_confirmed": False,
            "goods_to_declare": False,
            "dropshipper": None,
            "dropshipper_phone": None,
            "split_up": False,
            "buyer_cancel_reason": "",
            "cancel_by": "",
            "cancel_reason": "",
            "fulfillment_flag": "fulfilled_by_local_seller",
            "pickup_done_time": 0,
            "reverse_shipping_fee": 0,
            "_previous_status": None,
            "_seller_voucher": seller_voucher,
            "_shopee_voucher": shopee_voucher,
            "_coins": coins,
            "_buyer_shipping_fee": buyer_shipping_fee,
            "_escrow_release_time": None,
            "_return_sn": None,
        }
        self.queue_push(
            const.PUSH_ORDER_STATUS, self._status_push_data(self.orders[order_sn])
        )
        return order_sn

    def _status_push_data(self, order):
        return {
            "ordersn": order["order_sn"],
            "status": order["order_status"],
            "completed_scenario": "",
            "update_time": order["update_time"],
            "items": [],
        }

    def _order(self, order_sn, error=None):
        order = self.orders.get(order_sn) if isinstance(order_sn, str) else None
        if order is None:
            raise error or ShopeeError(
                const.ERROR_NOT_FOUND,
                "Wrong parameters, detail: the order is not found.",
            )
        return order

    def _set_status(self, order, status):
        order["order_status"] = status
        order["update_time"] = max(self.now(), order["update_time"])
        self.queue_push(const.PUSH_ORDER_STATUS, self._status_push_data(order))

    def _release_stock(self, order):
        for line in order["item_list"]:
            item = self.items.get(line["item_id"])
            model = item and item["_models"].get(line["model_id"])
            if model:
                model["stock"] += line["model_quantity_purchased"]

    def _set_logistics(self, order, status):
        for package in order["package_list"]:
            package["logistics_status"] = status

    def set_order_status(self, order_sn, status, reason=None):
        """Move an order as the buyer, Shopee or the 3PL would (test hook)."""
        order = self._order(order_sn)
        if status not in const.ORDER_STATUSES:
            raise ValueError(f"unknown order status {status}")
        current = order["order_status"]
        if status == const.IN_CANCEL:
            if current not in const.CANCELLABLE_STATUSES:
                raise ValueError(f"a buyer cannot request cancellation in {current}")
            order["_previous_status"] = current
            order["buyer_cancel_reason"] = reason or self.rng.choice(
                catalog.BUYER_CANCEL_REASONS
            )
        elif status == const.READY_TO_SHIP:
            if current == const.UNPAID and not order["cod"]:
                order["pay_time"] = self.now()
            self._set_logistics(order, const.LOGISTICS_READY)
        elif status == const.SHIPPED:
            order["pickup_done_time"] = self.now()
            self._set_logistics(order, const.LOGISTICS_PICKUP_DONE)
        elif status in (const.TO_CONFIRM_RECEIVE, const.COMPLETED):
            self._set_logistics(order, const.LOGISTICS_DELIVERY_DONE)
            order["actual_shipping_fee_confirmed"] = True
            if status == const.COMPLETED:
                order["_escrow_release_time"] = self.now()
                if order["cod"] and not order["pay_time"]:
                    order["pay_time"] = self.now()
        elif status == const.CANCELLED:
            self._cancel(order, "system", reason or "Auto Cancel")
            return order
        elif status == const.TO_RETURN:
            self._create_return(order, reason)
        self._set_status(order, status)
        return order

    def _cancel(self, order, cancel_by, reason):
        arranged = any(
            package["logistics_status"] == const.LOGISTICS_REQUEST_CREATED
            for package in order["package_list"]
        )
        self._set_logistics(
            order,
            const.LOGISTICS_REQUEST_CANCELED if arranged else const.LOGISTICS_INVALID,
        )
        order["cancel_by"] = cancel_by
        order["cancel_reason"] = reason
        self._release_stock(order)
        self._set_status(order, const.CANCELLED)

    def api_get_order_list(self, params):
        field = required_param(params, "time_range_field")
        if field not in ("create_time", "update_time"):
            raise param_error("time_range_field should be create_time or update_time")
        time_from, time_to = time_window(
            params,
            "time_from",
            "time_to",
            const.ORDER_LIST_MAX_WINDOW,
            "order.order_list_invalid_time",
        )
        page_size = page_size_param(params, None)
        status = params.get("order_status") or None
        if status and status not in const.ORDER_STATUSES + (
            const.INVOICE_PENDING,
            const.PENDING,
        ):
            raise param_error("order_status is invalid")
        with_status = "order_status" in str(
            params.get("response_optional_fields") or ""
        )
        orders = sorted(
            (
                order
                for order in self.orders.values()
                if time_from <= order[field] <= time_to
                and (status is None or order["order_status"] == status)
            ),
            key=lambda order: (order[field], order["order_sn"]),
        )
        start = cursor_param(params)
        page = orders[start : start + page_size]
        more = start + page_size < len(orders)
        return {
            "more": more,
            "next_cursor": str(start + page_size) if more else "",
            "order_list": [
                {
                    "order_sn": order["order_sn"],
                    **({"order_status": order["order_status"]} if with_status else {}),
                }
                for order in page
            ],
        }

    def api_get_shipment_list(self, params):
        page_size = page_size_param(params, None)
        orders = sorted(
            (
                order
                for order in self.orders.values()
                if order["order_status"] in (const.READY_TO_SHIP, const.RETRY_SHIP)
            ),
            key=lambda order: (order["create_time"], order["order_sn"]),
        )
        packages = [
            {"order_sn": order["order_sn"], "package_number": package["package_number"]}
            for order in orders
            for package in order["package_list"]
            if package["logistics_status"] == const.LOGISTICS_READY
        ]
        start = cursor_param(params)
        more = start + page_size < len(packages)
        return {
            "order_list": packages[start : start + page_size],
            "more": more,
            "next_cursor": str(start + page_size) if more else "",
        }

    DEFAULT_ORDER_FIELDS = (
        "order_sn",
        "region",
        "currency",
        "cod",
        "order_status",
        "create_time",
        "update_time",
        "days_to_ship",
        "ship_by_date",
        "message_to_seller",
    )

    # What Shopee sends, when asked, for what the emulated shop (Malaysian,
    # local, no invoices, no group shipments) does not model.
    ORDER_DETAIL_DEFAULTS = {
        "pending_terms": [],
        "invoice_data": None,  # BR invoices only: null elsewhere
        "advance_package": False,
        "is_buyer_shop_collection": False,
        "buyer_proof_of_collection": [],
        "hot_listing_order": False,
    }
    ORDER_ITEM_DEFAULTS = {
        "is_prescription_item": False,
        "is_b2c_owned_item": False,
        "consultation_id": "",
        "promotion_list": [],
        "hot_listing_item": False,
    }
    PACKAGE_DEFAULTS = {"group_shipment_id": None}

    def _order_public(self, order, optional_fields):
        data = {field: order[field] for field in self.DEFAULT_ORDER_FIELDS}
        for field in optional_fields:
            if field.startswith("_"):
                continue
            if field in order:
                value = order[field]
            elif field in self.ORDER_DETAIL_DEFAULTS:
                value = self.ORDER_DETAIL_DEFAULTS[field]
            elif field == "order_chargeable_weight_gram":
                value = sum(
                    package["parcel_chargeable_weight_gram"]
                    for package in order["package_list"]
                )
            elif field == "return_request_due_date":
                value = (
                    order["update_time"] + 15 * 86400
                    if order["order_status"] == const.COMPLETED
                    else 0
                )
            else:
                continue  # another market's field (BR, ID, PH, TW)
            if field == "package_list":
                value = [
                    {
                        **self.PACKAGE_DEFAULTS,
                        **{k: v for k, v in package.items() if not k.startswith("_")},
                    }
                    for package in value
                ]
            elif field == "item_list":
                value = [{**self.ORDER_ITEM_DEFAULTS, **line} for line in value]
            data[field] = value
        return data

    def api_get_order_detail(self, params):
        order_sns = [
            str(sn) for sn in list_param(required_param(params, "order_sn_list"))
        ]
        if len(order_sns) > const.ORDER_DETAIL_BATCH:
            raise param_error("order_sn_list must be between 1 and 50")
        optional = [
            field.strip()
            for field in list_param(params.get("response_optional_fields") or "")
            if field
        ]
        found = [self.orders[sn] for sn in order_sns if sn in self.orders]
        if not found:
            raise ShopeeError(
                const.ERROR_NOT_FOUND,
                "Wrong parameters, detail: the order is not found.",
            )
        reply = Reply(
            {"order_list": [self._order_public(order, optional) for order in found]}
        )
        missing = [sn for sn in order_sns if sn not in self.orders]
        if missing:
            reply.warning = [f"order_sn {sn} is not found" for sn in missing]
        return reply

    def api_cancel_order(self, params):
        order = self._order(required_param(params, "order_sn"))
        reason = required_param(params, "cancel_reason")
        if reason not in const.CANCEL_REASONS:
            raise param_error("cancel_reason is invalid")
        if reason == "OUT_OF_STOCK" and not params.get("item_list"):
            raise param_error(
                "item_list is required when cancel_reason is OUT_OF_STOCK"
            )
        if order["order_status"] not in (
            const.UNPAID,
            const.READY_TO_SHIP,
            const.PROCESSED,
        ):
            raise ShopeeError("order.error_limit", "Can not cancel this order.")
        self._cancel(order, "seller", catalog.SELLER_CANCEL_REASON_TEXT[reason])
        return {"update_time": order["update_time"]}

    def api_unsplit_order(self, params):
        """``v2.order.unsplit_order``: a split order whose packages are not
        arranged yet is one package again (the first one's number)."""
        order = self._order(required_param(params, "order_sn"))
        arranged = any(
            package["logistics_status"] == const.LOGISTICS_REQUEST_CREATED
            for package in order["package_list"]
        )
        if (
            not order["split_up"]
            or order["order_status"] != const.READY_TO_SHIP
            or arranged
        ):
            raise ShopeeError(
                "order.order_cannot_undo_split", "Cannot undo split this order."
            )
        packages = order["package_list"]
        items = [item for package in packages for item in package["item_list"]]
        order["package_list"] = [
            dict(
                packages[0],
                item_list=items,
                parcel_chargeable_weight_gram=sum(
                    package["parcel_chargeable_weight_gram"] for package in packages
                ),
            )
        ]
        order["split_up"] = False
        order["update_time"] = self.now()
        return Reply(None)

    def api_split_order(self, params):
        """``v2.order.split_order``: every item of the order in exactly one
        of 2 to 5 packages (30 in TW), READY_TO_SHIP orders only, once."""
        order = self._order(required_param(params, "order_sn"))
        packages = params.get("package_list")
        if not isinstance(packages, list) or not packages:
            raise param_error("package_list is required")
        if not self.split_allowed:
            raise ShopeeError(
                "order.order_cannot_split",
                "You don\u2019t have the permission to split order.",
            )
        if order["split_up"]:
            raise ShopeeError(
                "order.order_has_been_split", "This order has already been split."
            )
        if order["order_status"] != const.READY_TO_SHIP:
            raise ShopeeError(
                "order.order_split_failed", "Split order failed, please try again."
            )
        if len(packages) > (30 if self.region == "TW" else 5):
            raise param_error("The size of package list is over limit.")
        lines = {(li["item_id"], li["model_id"]): li for li in order["item_list"]}
        seen = []
        for package in packages:
            items = package.get("item_list") if isinstance(package, dict) else None
            if not items:
                raise param_error("item_list is required")
            for item in items:
                for name in ("item_id", "model_id"):
                    if not isinstance(item, dict) or not isinstance(
                        item.get(name), int
                    ):
                        raise param_error(f"package_list.item_list.{name} is required")
                key = (item["item_id"], item["model_id"])
                if key not in lines:
                    raise ShopeeError(
                        "order.order_split_item_not_exist",
                        "Cannot split order with invalid items.",
                    )
                if key in seen:
                    raise ShopeeError(
                        "order.order_split_duplicate_item",
                        "Cannot split order with duplicate items.",
                    )
                seen.append(key)
        if set(seen) != set(lines):
            raise ShopeeError(
                "order.order_split_package_missing_item",
                "Cannot split order with missing items.",
            )
        if len(packages) < 2:
            raise param_error("package_list should contain at least 2 packages")
        template = order["package_list"][0]
        new_packages = []
        for index, package in enumerate(packages, start=1):
            items = [
                lines[int(item["item_id"]), int(item.get("model_id") or 0)]
                for item in package["item_list"]
            ]
            new_packages.append(
                dict(
                    template,
                    package_number=f"{template['package_number'][:-1]}{index}",
                    item_list=[
                        {
                            "item_id": line["item_id"],
                            "model_id": line["model_id"],
                            "model_quantity": line["model_quantity_purchased"],
                            "order_item_id": line["order_item_id"],
                            "promotion_group_id": line["promotion_group_id"],
                            "product_location_id": "",
                        }
                        for line in items
                    ],
                    parcel_chargeable_weight_gram=int(
                        1000
                        * sum(
                            line["weight"] * line["model_quantity_purchased"]
                            for line in items
                        )
                    ),
                )
            )
        order["package_list"] = new_packages
        order["split_up"] = True
        order["update_time"] = self.now()
        return {
            "order_sn": order["order_sn"],
            "package_list": [
                {
                    "package_number": package["package_number"],
                    "item_list": [
                        {
                            key: item[key]
                            for key in (
                                "item_id",
                                "model_id",
                                "model_quantity",
                                "order_item_id",
                                "promotion_group_id",
                            )
                        }
                        for item in package["item_list"]
                    ],
                }
                for package in new_packages
            ],
        }

    def api_handle_buyer_cancellation(self, params):
        order = self._order(required_param(params, "order_sn"))
        operation = required_param(params, "operation")
        if operation not in const.BUYER_CANCELLATION_OPERATIONS:
            raise param_error("operation should be ACCEPT or REJECT")
        if order["order_status"] != const.IN_CANCEL:
            raise ShopeeError(
                "order.cancel_order_invalid_status",
                "Invalid order_status.The order status should be IN_CANCEL.",
            )
        if operation == "ACCEPT":
            self._cancel(order, "buyer", order["buyer_cancel_reason"])
        else:
            previous = order["_previous_status"] or const.READY_TO_SHIP
            order["_previous_status"] = None
            self._set_status(order, previous)
        return {"update_time": order["update_time"]}
