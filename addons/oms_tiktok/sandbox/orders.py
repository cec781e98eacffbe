"""The shop's orders: buyers' orders with one line item per unit, the
ON_HOLD window, packages, shipment and labels, seller and buyer
cancellations, returns and refunds, and the APIs over them.
"""

import copy
import random

from .common import TikTokError, decimal, money, page

UNPAID, ON_HOLD, AWAITING_SHIPMENT = "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT"
AWAITING_COLLECTION, IN_TRANSIT = "AWAITING_COLLECTION", "IN_TRANSIT"
PARTIALLY_SHIPPING = "PARTIALLY_SHIPPING"
DELIVERED, COMPLETED, CANCELLED = "DELIVERED", "COMPLETED", "CANCELLED"
ORDER_STATUSES = (
    UNPAID,
    ON_HOLD,
    AWAITING_SHIPMENT,
    PARTIALLY_SHIPPING,
    AWAITING_COLLECTION,
    IN_TRANSIT,
    DELIVERED,
    COMPLETED,
    CANCELLED,
)
NOT_SHIPPED = (UNPAID, ON_HOLD, AWAITING_SHIPMENT)
# package status per order status, once the order has a package
PACKAGE_STATUS = {
    ON_HOLD: "TO_FULFILL",
    AWAITING_SHIPMENT: "TO_FULFILL",
    PARTIALLY_SHIPPING: "TO_FULFILL",
    AWAITING_COLLECTION: "PROCESSING",
    IN_TRANSIT: "FULFILLING",
    DELIVERED: "COMPLETED",
    COMPLETED: "COMPLETED",
    CANCELLED: "CANCELLED",
}
SELLER_REASONS_UNPAID = (
    "seller_cancel_unpaid_reason_out_of_stock",
    "seller_cancel_unpaid_reason_wrong_price",
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed",
    "seller_cancel_unpaid_reason_buyer_requested_cancellation",
)
SELLER_REASONS_PAID = (
    "seller_cancel_reason_out_of_stock",
    "seller_cancel_reason_wrong_price",
    "seller_cancel_paid_reason_address_not_deliver",
    "seller_cancel_paid_reason_buyer_requested_cancellation",
)
REASON_TEXTS = {
    "seller_cancel_unpaid_reason_out_of_stock": "Out of stock",
    "seller_cancel_unpaid_reason_wrong_price": "Pricing error",
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed": "Buyer did "
    "not pay on time",
    "seller_cancel_unpaid_reason_buyer_requested_cancellation": "Buyer requested "
    "cancellation",
    "seller_cancel_reason_out_of_stock": "Out of stock",
    "seller_cancel_reason_wrong_price": "Pricing error",
    "seller_cancel_paid_reason_address_not_deliver": "Unable to deliver to buyer "
    "address",
    "seller_cancel_paid_reason_buyer_requested_cancellation": "Buyer requested "
    "cancellation",
    "ecom_order_to_ship_cancel_reason_no_longer_needed": "No longer needed",
    "ecom_order_unpaid_cancel_reason_change_of_mind": "Change of mind",
    "ecom_order_delivered_refund_and_return_reason_damaged": "Damaged product",
}
BUYER_CANCEL_REASON = "ecom_order_to_ship_cancel_reason_no_longer_needed"
REJECT_REASONS = (
    "seller_reject_apply_product_has_been_packed",
    "seller_reject_apply_unable_to_change_address",
    "order_manage_list_action_respond_popup_reject_reason_delivered",
    "order_manage_list_action_respond_popup_reject_reason_buyer_agree",
    "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason",
)
RETURN_REASON = "ecom_order_delivered_refund_and_return_reason_damaged"
CANCEL_PENDING = "CANCELLATION_REQUEST_PENDING"
CANCEL_SUCCESS = "CANCELLATION_REQUEST_SUCCESS"
CANCEL_CLOSED = "CANCELLATION_REQUEST_CANCEL"
CANCEL_COMPLETE = "CANCELLATION_REQUEST_COMPLETE"
CANCEL_STATUSES = (CANCEL_PENDING, CANCEL_SUCCESS, CANCEL_CLOSED, CANCEL_COMPLETE)
RETURN_PENDING = "RETURN_OR_REFUND_REQUEST_PENDING"
RETURN_STATUSES = (
    RETURN_PENDING,
    "REFUND_OR_RETURN_REQUEST_REJECT",
    "AWAITING_BUYER_SHIP",
    "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE",
    "RETURN_OR_REFUND_REQUEST_SUCCESS",
    "RETURN_OR_REFUND_REQUEST_CANCEL",
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
)
RETURN_TYPES = ("REFUND", "RETURN_AND_REFUND", "REPLACEMENT")
DOCUMENT_TYPES = (
    "SHIPPING_LABEL",
    "PACKING_SLIP",
    "SHIPPING_LABEL_AND_PACKING_SLIP",
    "SHIPPING_LABEL_PICTURE",
    "HAZMAT_LABEL",
    "INVOICE_LABEL",
)
PROVIDER = ("6617675021119438849", "J&T Express")
DELIVERY_OPTION = ("7091146663229654785", "Standard Shipping")
# Seller shipping: the option and the carriers a seller may ship with
SELLER_DELIVERY_OPTION = ("7091146663229654786", "Shipped by seller")
SELLER_PROVIDERS = (
    ("7117858858072016686", "Pos Laju"),
    ("7117858858072016687", "J&T Express"),
    ("7117858858072016688", "DHL eCommerce"),
)


def delivery_option(order):
    """``(id, name)`` of the order's delivery option."""
    return (
        SELLER_DELIVERY_OPTION
        if order["shipping_type"] == "SELLER"
        else DELIVERY_OPTION
    )


def seller_provider(provider_id):
    """``(id, name)`` of a provider the seller may ship with, or None."""
    return next((p for p in SELLER_PROVIDERS if p[0] == str(provider_id)), None)


RESPOND_WINDOW = 2 * 86400
FIRST_NAMES = ("Aisyah", "Wei Jie", "Priya", "Daniel", "Nur", "Mei Ling", "Arjun")
LAST_NAMES = ("Rahman", "Tan", "Kumar", "Lim", "Abdullah", "Wong", "Lee")
CITIES = (
    ("Kuala Lumpur", "Wilayah Persekutuan", "50450"),
    ("Petaling Jaya", "Selangor", "46000"),
    ("George Town", "Penang", "10200"),
)


class OrdersMixin:
    """Order half of :class:`TikTokShop`."""

    def _init_orders(self, seed=None):
        self.orders = {}
        self.packages = {}
        self.cancellations = {}
        self.returns = {}
        self.documents = {}
        self.rng = random.Random(seed)

    # Buyers -----------------------------------------------------------------------

    def _buyer(self):
        first = self.rng.choice(FIRST_NAMES)
        last = self.rng.choice(LAST_NAMES)
        city, state, postal_code = self.rng.choice(CITIES)
        street = f"{self.rng.randint(1, 99)} Jalan {self.rng.choice(LAST_NAMES)}"
        return {
            "user_id": self.ids.next("user"),
            "address": {
                "full_address": f"{street}, {postal_code} {city}, {state}, Malaysia",
                "phone_number": f"(+60)1{self.rng.randint(10000000, 99999999)}",
                "name": f"{first} {last}",
                "first_name": first,
                "last_name": last,
                "address_detail": street,
                "address_line1": street,
                "address_line2": "",
                "address_line3": "",
                "address_line4": "",
                "district_info": [
                    {
                        "address_level_name": "Country",
                        "address_name": "Malaysia",
                        "address_level": "L0",
                    },
                    {
                        "address_level_name": "State",
                        "address_name": state,
                        "address_level": "L1",
                    },
                    {
                        "address_level_name": "City",
                        "address_name": city,
                        "address_level": "L2",
                    },
                ],
                "postal_code": postal_code,
                "region_code": self.region,
            },
        }

    # Placing and moving orders (buyer, carrier, platform) -------------------------

    def place_order(
        self,
        items,
        paid=True,
        cod=False,
        created=None,
        shipping_type="TIKTOK",
        seller_discount=0,
        platform_discount=0,
        shipping_fee=4.9,
        buyer_message="",
        same_buyer_as=None,
    ):
        """A buyer orders ``items`` ``[(seller_sku, quantity)]``: stock is
        reserved, one line item per unit. Returns the order id.
        ``same_buyer_as``: an order of the same buyer, to the same address."""
        lines = []
        reserved = []
        for seller_sku, quantity in items:
            product, sku = self.find_sku(seller_sku)
            if quantity < 1:
                raise ValueError("the quantity must be at least 1")
            warehouse_id = self._take_stock(sku, quantity)
            reserved.append((sku, warehouse_id, quantity))
            for _unit in range(quantity):
                lines.append(
                    {
                        "id": self.ids.next("line"),
                        "sku_id": sku["id"],
                        "product_id": product["id"],
                        "product_name": product["title"],
                        "sku_name": ", ".join(
                            a["value_name"] for a in sku["sales_attributes"]
                        ),
                        "seller_sku": sku["seller_sku"],
                        "sku_image": "",
                        "original_price": decimal(sku["price"]),
                        "seller_discount": decimal(0),
                        "platform_discount": decimal(0),
                        "status": None,
                        "package_id": None,
                        "cancel_user": None,
                        "cancel_reason": None,
                        "warehouse_id": warehouse_id,
                    }
                )
        if not lines:
            raise ValueError("an order needs at least one item")
        self._spread(lines, "seller_discount", decimal(seller_discount))
        self._spread(lines, "platform_discount", decimal(platform_discount))
        now = int(created or self.now())
        if same_buyer_as:
            earlier = self._order_or_error(same_buyer_as)
            buyer = {
                "user_id": earlier["user_id"],
                "address": copy.deepcopy(earlier["recipient_address"]),
            }
        else:
            buyer = self._buyer()
        order_id = self.ids.next("order")
        order = {
            "id": order_id,
            "status": UNPAID,
            "create_time": now,
            "update_time": now,
            "paid_time": None,
            "user_id": buyer["user_id"],
            "buyer_message": buyer_message,
            "recipient_address": buyer["address"],
            "is_cod": bool(cod),
            "is_on_hold_order": False,
            "hold_until": None,
            "is_buyer_request_cancel": False,
            "request_cancel_time": None,
            "cancel_reason": None,
            "cancellation_initiator": None,
            "cancel_time": None,
            "shipping_type": shipping_type,
            "warehouse_id": lines[0]["warehouse_id"],
            "tracking_number": None,
            "shipping_provider": None,
            "shipping_provider_id": None,
            "original_shipping_fee": decimal(shipping_fee),
            "rts_time": None,
            "collection_time": None,
            "delivery_time": None,
            "lines": lines,
            "reserved": reserved,
        }
        self.orders[order_id] = order
        self.notify_order(order)
        if paid or cod:
            self._pay(order, now)
        return order_id

    @staticmethod
    def _spread(lines, field, total):
        """Share a discount over the units, the rounding on the first one."""
        if not total:
            return
        share = (total / len(lines)).quantize(decimal("0.01"))
        for line in lines:
            line[field] = share
        lines[0][field] += total - share * len(lines)

    def _take_stock(self, sku, quantity):
        for warehouse_id, available in sku["inventory"].items():
            if available >= quantity:
                sku["inventory"][warehouse_id] = available - quantity
                return warehouse_id
        raise ValueError(f"not enough stock of {sku['seller_sku']}")

    def _release_stock(self, order, lines):
        skus = {}
        for product in self.products.values():
            for sku in product["skus"]:
                skus[sku["id"]] = sku
        for line in lines:
            sku = skus.get(line["sku_id"])
            if sku is not None and line["warehouse_id"] in sku["inventory"]:
                sku["inventory"][line["warehouse_id"]] += 1

    def _touch(self, order, when=None):
        order["update_time"] = max(int(when or self.now()), order["update_time"])

    def _pay(self, order, when=None):
        when = int(when or self.now())
        order["paid_time"] = when
        if self.on_hold_seconds:
            order["status"] = ON_HOLD
            order["is_on_hold_order"] = True
            order["hold_until"] = when + self.on_hold_seconds
        else:
            order["status"] = AWAITING_SHIPMENT
        package_id = self.new_package(order, when)
        for line in order["lines"]:
            line["package_id"] = package_id
        self._touch(order, when)
        self.notify_order(order)

    def new_package(self, order, when, **extra):
        """A package of ``order``, not yet arranged; returns its id."""
        package_id = self.ids.next("package")
        self.packages[package_id] = {
            "id": package_id,
            "order_id": order["id"],
            "handover_method": None,
            "pickup_slot": None,
            "tracking_number": None,
            "create_time": when,
            "update_time": when,
            **extra,
        }
        return package_id

    def settle_orders(self):
        """End the ON_HOLD window of orders whose time has come."""
        for order in self.orders.values():
            if order["status"] == ON_HOLD and order["hold_until"] <= self.now():
                self.release_hold(order["id"])

    def release_hold(self, order_id):
        order = self._order_or_error(order_id)
        if order["status"] != ON_HOLD:
            raise ValueError(f"order {order_id} is not ON_HOLD")
        order["status"] = AWAITING_SHIPMENT
        self._touch(order)
        self.notify_order(order)

    def set_order_status(self, order_id, status):
        """Move an order as the buyer, the carrier or TikTok would: pay it
        (``AWAITING_SHIPMENT``/``ON_HOLD`` from UNPAID), end its hold,
        ``IN_TRANSIT`` (collected), ``DELIVERED``, ``COMPLETED``, or a
        system ``CANCELLED``."""
        order = self._order_or_error(order_id)
        current = order["status"]
        if current == UNPAID and status in (ON_HOLD, AWAITING_SHIPMENT):
            self._pay(order)
        elif current == ON_HOLD and status == AWAITING_SHIPMENT:
            self.release_hold(order_id)
        elif (current, status) in (
            (AWAITING_COLLECTION, IN_TRANSIT),
            (IN_TRANSIT, DELIVERED),
            (DELIVERED, COMPLETED),
        ):
            order["status"] = status
            field = {IN_TRANSIT: "collection_time", DELIVERED: "delivery_time"}
            if status in field:
                order[field[status]] = self.now()
            self._touch(order)
            self.notify_order(order)
        elif status == CANCELLED and current in NOT_SHIPPED:
            self._cancel_lines(order, order["lines"], "SYSTEM", None)
        else:
            raise ValueError(f"order {order_id} cannot go from {current} to {status}")
        return order["status"]

    def _cancel_lines(self, order, lines, role, reason):
        for line in lines:
            line["status"] = CANCELLED
            line["cancel_user"] = role
            line["cancel_reason"] = REASON_TEXTS.get(reason, reason)
        self._release_stock(order, lines)
        if all(line["status"] == CANCELLED for line in order["lines"]):
            order["status"] = CANCELLED
            order["cancel_reason"] = REASON_TEXTS.get(reason, reason or "System cancel")
            order["cancellation_initiator"] = role
            order["cancel_time"] = self.now()
        order["is_buyer_request_cancel"] = False
        self._touch(order)
        self.notify_order(order)

    def _order_or_error(self, order_id, code=None):
        order = self.orders.get(str(order_id))
        if order is None:
            if code:
                raise TikTokError(
                    code, "The order does not belong to the current seller."
                )
            raise KeyError(f"no order {order_id}")
        return order

    def notify_order(self, order):
        status = order["status"]
        self.notify(
            1,
            {
                "order_id": order["id"],
                "order_status": "CANCEL" if status == CANCELLED else status,
                "is_on_hold_order": order["is_on_hold_order"],
                "update_time": order["update_time"],
            },
        )

    # Serialisation ----------------------------------------------------------------

    def _payment(self, order):
        lines = order["lines"]
        original = sum((line["original_price"] for line in lines), decimal(0))
        seller = sum((line["seller_discount"] for line in lines), decimal(0))
        platform = sum((line["platform_discount"] for line in lines), decimal(0))
        sub_total = original - seller - platform
        shipping = order["original_shipping_fee"]
        return {
            "currency": self.currency,
            "sub_total": money(sub_total),
            "shipping_fee": money(shipping),
            "seller_discount": money(seller),
            "platform_discount": money(platform),
            "total_amount": money(sub_total + shipping),
            "original_total_product_price": money(original),
            "original_shipping_fee": money(shipping),
            "shipping_fee_seller_discount": "0.00",
            "shipping_fee_platform_discount": "0.00",
            "tax": "0.00",
        }

    def _line_dict(self, order, line):
        status = line["status"] or order["status"]
        entry = {
            "id": line["id"],
            "sku_id": line["sku_id"],
            "display_status": status,
            "product_name": line["product_name"],
            "seller_sku": line["seller_sku"],
            "sku_image": line["sku_image"],
            "sku_name": line["sku_name"],
            "product_id": line["product_id"],
            "sale_price": money(
                line["original_price"]
                - line["seller_discount"]
                - line["platform_discount"]
            ),
            "platform_discount": money(line["platform_discount"]),
            "seller_discount": money(line["seller_discount"]),
            "original_price": money(line["original_price"]),
            "currency": self.currency,
            "is_gift": False,
        }
        package = self.packages.get(line["package_id"]) or {}
        if line["package_id"]:
            package_status = "CANCELLED" if line["status"] == CANCELLED else None
            entry["package_id"] = line["package_id"]
            entry["package_status"] = package_status or self.package_status(
                order, package
            )
        tracking = package.get("tracking_number") or order["tracking_number"]
        if tracking and line["status"] != CANCELLED:
            entry["tracking_number"] = tracking
            entry["shipping_provider_name"] = order["shipping_provider"]
            entry["shipping_provider_id"] = order["shipping_provider_id"]
            entry["rts_time"] = order["rts_time"]
        if line["status"] == CANCELLED:
            entry["cancel_user"] = line["cancel_user"]
            entry["cancel_reason"] = line["cancel_reason"]
        return entry

    def order_dict(self, order):
        """The order as Get Order List and Get Order Detail answer it."""
        status = order["status"]
        created = order["create_time"]
        data = {
            "id": order["id"],
            "status": status,
            "create_time": created,
            "update_time": order["update_time"],
            "user_id": order["user_id"],
            "buyer_message": order["buyer_message"],
            "buyer_email": f"{order['user_id']}@buyer.sandbox.invalid",
            "is_cod": order["is_cod"],
            "is_on_hold_order": order["is_on_hold_order"],
            "is_buyer_request_cancel": order["is_buyer_request_cancel"],
            "is_sample_order": False,
            "is_replacement_order": False,
            "has_updated_recipient_address": bool(order.get("address_updated")),
            "shipping_type": order["shipping_type"],
            "fulfillment_type": "FULFILLMENT_BY_SELLER",
            "delivery_type": "HOME_DELIVERY",
            "delivery_option_id": delivery_option(order)[0],
            "delivery_option_name": delivery_option(order)[1],
            "warehouse_id": order["warehouse_id"],
            "payment_method_name": "Cash on delivery" if order["is_cod"] else "Card",
            "commerce_platform": "TIKTOK_SHOP",
            "order_type": "NORMAL",
            "payment": self._payment(order),
            "line_items": [self._line_dict(order, line) for line in order["lines"]],
            "packages": [
                {"id": package_id}
                for package_id in dict.fromkeys(
                    line["package_id"] for line in order["lines"] if line["package_id"]
                )
            ],
            "cancel_order_sla_time": created + 3 * 86400,
        }
        if not data["packages"]:
            del data["packages"]
        if status not in (UNPAID, ON_HOLD):
            data["recipient_address"] = dict(order["recipient_address"])
        if order["paid_time"]:
            data["paid_time"] = order["paid_time"]
            data["rts_sla_time"] = order["paid_time"] + 2 * 86400
            data["tts_sla_time"] = order["paid_time"] + 3 * 86400
            data["shipping_due_time"] = order["paid_time"] + 2 * 86400
            data["collection_due_time"] = order["paid_time"] + 3 * 86400
            data["delivery_due_time"] = order["paid_time"] + 10 * 86400
        for field in (
            "tracking_number",
            "shipping_provider",
            "shipping_provider_id",
            "rts_time",
            "collection_time",
            "delivery_time",
            "request_cancel_time",
            "cancel_reason",
            "cancellation_initiator",
            "cancel_time",
        ):
            if order[field] is not None:
                data[field] = order[field]
        return data

    # Orders: API ------------------------------------------------------------------

    def api_search_orders(self, call):
        size = call.page_size(None, 100)
        offset = call.offset()
        sort_field = call.query_choice(
            "sort_field", ("create_time", "update_time"), "create_time"
        )
        descending = call.query_choice("sort_order", ("ASC", "DESC"), "DESC") == "DESC"
        status = call.body_value("order_status", str)
        if status is not None and status not in ORDER_STATUSES:
            raise call.refuse("order_status is not an order status.")
        created = call.time_range("create_time")
        updated = call.time_range("update_time")
        shipping_type = call.body_value("shipping_type", str)
        buyer = call.body_value("buyer_user_id", str)
        buyer_cancel = call.body_value("is_buyer_request_cancel", bool)
        warehouses = call.body_list("warehouse_ids", str)
        found = [
            order
            for order in self.orders.values()
            if (status is None or order["status"] == status)
            and _between(order["create_time"], created)
            and _between(order["update_time"], updated)
            and (shipping_type is None or order["shipping_type"] == shipping_type)
            and (buyer is None or order["user_id"] == buyer)
            and (
                buyer_cancel is None or order["is_buyer_request_cancel"] == buyer_cancel
            )
            and (not warehouses or order["warehouse_id"] in warehouses)
        ]
        found.sort(key=lambda o: (o[sort_field], o["id"]), reverse=descending)
        chunk, token = page(found, offset, size)
        return {
            "next_page_token": token,
            "total_count": len(found),
            "orders": [self.order_dict(order) for order in chunk],
        }

    def api_get_orders(self, call):
        ids = [i for i in (call.query.get("ids") or "").split(",") if i]
        if not ids:
            raise call.refuse("ids is required.")
        if len(ids) > 50:
            raise call.refuse("ids holds more than 50 order IDs.")
        orders = []
        for order_id in ids:
            order = self.orders.get(order_id)
            if order is None:
                raise TikTokError(
                    21008111,
                    "The order or package does not belong to the current seller.",
                )
            orders.append(self.order_dict(order))
        return {"orders": orders}

    # Packages and labels ----------------------------------------------------------

    def _package(self, package_id, code):
        package = self.packages.get(str(package_id))
        if package is None:
            raise TikTokError(code, "The package does not belong to the current shop.")
        return package, self.orders[package["order_id"]]

    def package_orders(self, package):
        """The orders a package carries (several once combined)."""
        return [
            self.orders[order_id]
            for order_id in package.get("order_ids") or [package["order_id"]]
        ]

    def api_get_package(self, call):
        package, order = self._package(call.path_params["package_id"], 10006402)
        orders, lines, all_skus = [], [], set()
        for carried in self.package_orders(package):
            own = [li for li in carried["lines"] if li["package_id"] == package["id"]]
            skus = {}
            for line in own:
                entry = skus.setdefault(
                    line["sku_id"],
                    {
                        "id": line["sku_id"],
                        "name": line["sku_name"] or line["product_name"],
                        "image_url": line["sku_image"],
                        "quantity": 0,
                    },
                )
                entry["quantity"] += 1
            orders.append({"id": carried["id"], "skus": list(skus.values())})
            lines += own
            all_skus |= set(skus)
        address = order["recipient_address"]
        tag = "COMBINE" if package.get("order_ids") else None
        data = {
            "package_id": package["id"],
            "orders": orders,
            "package_status": self.package_status(order, package),
            "split_and_combine_tag": tag
            or ("SPLIT" if package.get("split") else "DEFAULT"),
            "has_multi_skus": len(all_skus) > 1,
            "note_tag": "BUYER_NOTED" if order["buyer_message"] else "BUYER_UNNOTED",
            "shipping_type": order["shipping_type"],
            "delivery_option_name": delivery_option(order)[1],
            "delivery_option_id": delivery_option(order)[0],
            "create_time": package["create_time"],
            "update_time": package["update_time"],
            "order_line_item_ids": [line["id"] for line in lines],
        }
        if order["status"] not in (UNPAID, ON_HOLD):
            data["recipient_address"] = {
                key: address[key]
                for key in (
                    "full_address",
                    "phone_number",
                    "name",
                    "postal_code",
                    "address_detail",
                    "region_code",
                    "address_line1",
                    "address_line2",
                    "address_line3",
                    "address_line4",
                )
            }
        if package["tracking_number"]:
            data["tracking_number"] = package["tracking_number"]
            data["shipping_provider_name"] = order["shipping_provider"]
            data["shipping_provider_id"] = order["shipping_provider_id"]
        if package["handover_method"]:
            data["handover_method"] = package["handover_method"]
        if package["pickup_slot"]:
            data["pickup_slot"] = dict(package["pickup_slot"])
        return data

    @staticmethod
    def package_status(order, package):
        """A package's status: its order's, or PROCESSING for the arranged
        package of an order whose other packages are not yet."""
        if order["status"] == PARTIALLY_SHIPPING and package.get("tracking_number"):
            return "PROCESSING"
        return PACKAGE_STATUS.get(order["status"], "TO_FULFILL")

    def api_ship_package(self, call):
        package, order = self._package(call.path_params["package_id"], 21011028)
        if order["status"] == CANCELLED:
            raise TikTokError(
                21011041, "Cannot complete the operation when order is cancelled."
            )
        if package["tracking_number"] or order["status"] not in (
            *NOT_SHIPPED,
            PARTIALLY_SHIPPING,
        ):
            raise TikTokError(21011040, "Package has already been shipped.")
        if order["status"] in (UNPAID, ON_HOLD):
            raise TikTokError(21011003, "fulfill_unit action not allowed")
        if order["is_buyer_request_cancel"]:
            raise TikTokError(
                21008044,
                "Package item has after-sale request, please process the after-sale "
                "request first.",
            )
        handover = call.body_value(
            "handover_method", str, default="PICKUP", code=21001001
        )
        if handover not in ("PICKUP", "DROP_OFF"):
            raise call.refuse("handover_method must be PICKUP or DROP_OFF.", 21001001)
        slot = call.body_value("pickup_slot", dict, code=21001001)
        if slot is not None:
            start, end = slot.get("start_time"), slot.get("end_time")
            if not (isinstance(start, int) and isinstance(end, int) and start <= end):
                raise call.refuse(
                    "pickup_slot needs start_time and end_time.", 21001001
                )
        self_shipment = call.body_value("self_shipment", dict, code=21001001)
        if self_shipment is not None and not (
            self_shipment.get("tracking_number")
            and self_shipment.get("shipping_provider_id")
        ):
            raise call.refuse(
                "self_shipment needs tracking_number and shipping_provider_id.",
                21001001,
            )
        if order["shipping_type"] == "SELLER":
            if not self_shipment:
                raise call.refuse(
                    "self_shipment is required for seller shipping.", 21001001
                )
            tracking = str(self_shipment["tracking_number"])
            provider = seller_provider(self_shipment["shipping_provider_id"])
            if provider is None:
                raise call.refuse(
                    "self_shipment.shipping_provider_id is not a provider of the "
                    "delivery option.",
                    21001001,
                )
        else:
            tracking = f"SBXMY{self.ids.next('tracking')}"
            provider = PROVIDER
        now = self.now()
        package.update(
            tracking_number=tracking,
            handover_method=handover,
            pickup_slot=slot
            and {"start_time": slot["start_time"], "end_time": slot["end_time"]},
            update_time=now,
        )
        for carried in self.package_orders(package):  # a combined one ships all
            carried.update(
                status=self.shipped_status(carried) or AWAITING_COLLECTION,
                tracking_number=carried["tracking_number"] or tracking,
                shipping_provider_id=provider[0],
                shipping_provider=provider[1],
                rts_time=now,
            )
            self._touch(carried, now)
            self.notify_order(carried)
        return {}

    def api_shipping_document(self, call):
        package, order = self._package(call.path_params["package_id"], 21008109)
        document_type = call.query_choice(
            "document_type", DOCUMENT_TYPES, required=True
        )
        size = call.query_choice("document_size", ("A6", "A5"), "A6")
        call.query_choice("document_format", ("PDF", "ZPL"), "PDF")
        if order["shipping_type"] == "SELLER":
            raise TikTokError(
                11034002,
                "This API is only applicable to TikTok Shipping orders. For seller "
                "shipping, please obtain the shipping label offline.",
            )
        if order["status"] == CANCELLED:
            raise TikTokError(21023059, "Package has already been cancelled.")
        if not package["tracking_number"]:
            raise TikTokError(
                21023035,
                "Please arrange shipment before retrieving the shipping document.",
            )
        if order["status"] not in (AWAITING_COLLECTION, PARTIALLY_SHIPPING):
            raise TikTokError(
                21042102,
                "Documents couldn't be printed after the package has been pickup.",
            )
        key = f"{package['id']}-{document_type.lower()}-{size.lower()}"
        self.documents[key] = (package["id"], document_type, size)
        return {
            "doc_url": f"{call.base_url}/_sandbox/documents/{key}.pdf",
            "tracking_number": package["tracking_number"],
        }

    def document_lines(self, key):
        """Text of the PDF behind a ``doc_url``, or None."""
        entry = self.documents.get(key)
        if entry is None:
            return None
        package_id, document_type, size = entry
        package = self.packages[package_id]
        order = self.orders[package["order_id"]]
        address = order["recipient_address"]
        lines = [
            f"TikTok Shop sandbox - {document_type} ({size})",
            f"Package {package_id} - order {order['id']}",
            f"{order['shipping_provider']} tracking {package['tracking_number']}",
            f"To: {address['name']}",
            address["full_address"],
            f"Handover: {package['handover_method']}",
        ]
        for line in order["lines"]:
            if line["package_id"] == package_id and line["status"] != CANCELLED:
                lines.append(f"1 x {line['seller_sku']} {line['product_name']}")
        return lines

    # Cancellations ----------------------------------------------------------------

    def _cancel_record(self, order, lines, cancel_type, role, reason, status):
        cancel_id = self.ids.next("cancel")
        now = self.now()
        self.cancellations[cancel_id] = {
            "cancel_id": cancel_id,
            "order_id": order["id"],
            "cancel_type": cancel_type,
            "cancel_status": status,
            "role": role,
            "cancel_reason": reason,
            "line_ids": [line["id"] for line in lines],
            "create_time": now,
            "update_time": now,
        }
        self._notify_cancellation(self.cancellations[cancel_id])
        return self.cancellations[cancel_id]

    def _notify_cancellation(self, record):
        status = record["cancel_status"]
        self.notify(
            11,
            {
                "order_id": record["order_id"],
                "cancellations_role": record["role"],
                # the webhook spells the closed status out
                "cancel_status": "CANCELLATION_REQUEST_CANCELLED"
                if status == CANCEL_CLOSED
                else status,
                "cancel_id": record["cancel_id"],
                "create_time": record["create_time"],
            },
        )

    def api_cancel_order(self, call):
        order_id = call.body_value("order_id", str, required=True)
        reason = call.body_value("cancel_reason", str, required=True)
        order = self.orders.get(order_id)
        if order is None:
            raise TikTokError(25020005, "No permission to process this order")
        if order["status"] in (COMPLETED, CANCELLED, DELIVERED):
            raise TikTokError(
                25001051,
                "Not allowed to return or cancel since order is completed or cancelled",
            )
        if order["status"] not in NOT_SHIPPED:
            raise TikTokError(
                25001045,
                "The order has already been shipped and we are unable to cancel it.",
            )
        if reason not in SELLER_REASONS_UNPAID + SELLER_REASONS_PAID:
            raise TikTokError(
                25001014,
                "Unknown return reason. Please ensure you are passing a valid reason.",
            )
        allowed = (
            SELLER_REASONS_UNPAID if order["status"] == UNPAID else SELLER_REASONS_PAID
        )
        if reason not in allowed:
            raise TikTokError(25001021, "Reason not match order status")
        if order["is_buyer_request_cancel"]:
            raise TikTokError(
                25001011,
                "A return request is already in process, or the order has already been "
                "cancelled.",
            )
        lines = self._lines_to_cancel(call, order)
        record = self._cancel_record(
            order, lines, "CANCEL", "SELLER", reason, CANCEL_COMPLETE
        )
        self._cancel_lines(order, lines, "SELLER", reason)
        return {
            "cancel_id": record["cancel_id"],
            "cancel_status": record["cancel_status"],
        }

    def _lines_to_cancel(self, call, order):
        open_lines = [line for line in order["lines"] if line["status"] != CANCELLED]
        line_ids = call.body_list("order_line_item_ids", str, code=25001001)
        skus = call.body_list("skus", dict, code=25001001)
        if not line_ids and not skus:
            return open_lines
        chosen = []
        by_id = {line["id"]: line for line in open_lines}
        for line_id in line_ids:
            if line_id not in by_id:
                raise TikTokError(
                    25005011,
                    "The requested line item(s) for return or refund exceeds the "
                    "available quantity.",
                )
            chosen.append(by_id.pop(line_id))
        for entry in skus:
            quantity = entry.get("quantity")
            if not entry.get("sku_id") or not isinstance(quantity, int) or quantity < 1:
                raise call.refuse(
                    "skus needs sku_id and a positive quantity.", 25001001
                )
            matches = [l for l in by_id.values() if l["sku_id"] == str(entry["sku_id"])]
            if len(matches) < quantity:
                raise TikTokError(
                    25005011,
                    "The requested line item(s) for return or refund exceeds the "
                    "available quantity.",
                )
            for line in matches[:quantity]:
                chosen.append(by_id.pop(line["id"]))
        return chosen

    def buyer_cancel(self, order_id, reason=BUYER_CANCEL_REASON):
        """The buyer cancels: at once while UNPAID or ON_HOLD, else a request
        the seller must answer. Returns the cancel id."""
        order = self._order_or_error(order_id)
        if order["status"] in (UNPAID, ON_HOLD):
            record = self._cancel_record(
                order, order["lines"], "BUYER_CANCEL", "BUYER", reason, CANCEL_COMPLETE
            )
            self._cancel_lines(order, order["lines"], "BUYER", reason)
            return record["cancel_id"]
        if order["status"] not in (AWAITING_SHIPMENT, AWAITING_COLLECTION):
            raise ValueError(f"order {order_id} cannot be cancelled by the buyer now")
        if order["is_buyer_request_cancel"]:
            raise ValueError(f"order {order_id} already has a cancellation request")
        lines = [line for line in order["lines"] if line["status"] != CANCELLED]
        record = self._cancel_record(
            order, lines, "BUYER_CANCEL", "BUYER", reason, CANCEL_PENDING
        )
        order["is_buyer_request_cancel"] = True
        order["request_cancel_time"] = self.now()
        self._touch(order)
        self.notify_order(order)
        return record["cancel_id"]

    def _pending_request(self, cancel_id, refuse_code):
        record = self.cancellations.get(str(cancel_id))
        if record is None:
            raise TikTokError(25007006, "Order not found.")
        if record["cancel_status"] == CANCEL_CLOSED:
            raise TikTokError(25020009, "reverse already cancelled")
        if record["cancel_status"] != CANCEL_PENDING:
            raise TikTokError(
                refuse_code, "The cancellation is not waiting for an answer."
            )
        return record, self.orders[record["order_id"]]

    def api_approve_cancellation(self, call):
        record, order = self._pending_request(call.path_params["cancel_id"], 25011012)
        lines = [line for line in order["lines"] if line["id"] in record["line_ids"]]
        record["cancel_status"] = CANCEL_COMPLETE
        record["update_time"] = self.now()
        self._notify_cancellation(record)
        self._cancel_lines(order, lines, "BUYER", record["cancel_reason"])
        if order["status"] == CANCELLED and order["tracking_number"]:
            # an arranged shipment is called off with the order
            self.packages[lines[0]["package_id"]]["tracking_number"] = None
        return {}

    def api_reject_cancellation(self, call):
        record, order = self._pending_request(call.path_params["cancel_id"], 25011011)
        reason = call.body_value("reject_reason", str, required=True, code=25001001)
        for image in call.body_list("images", dict, code=25001001):
            if not image.get("image_id"):
                raise call.refuse("images need an image_id.", 25001001)
        if reason not in REJECT_REASONS:
            raise TikTokError(
                25001014,
                "Unknown return reason. Please ensure you are passing a valid reason.",
            )
        record["cancel_status"] = CANCEL_CLOSED
        record["update_time"] = self.now()
        record["reject_reason"] = reason
        order["is_buyer_request_cancel"] = False
        self._touch(order)
        self._notify_cancellation(record)
        self.notify_order(order)
        return {}

    def _refund_amount(self, order, lines, with_shipping=False):
        subtotal = sum(
            (
                line["original_price"]
                - line["seller_discount"]
                - line["platform_discount"]
                for line in lines
            ),
            decimal(0),
        )
        shipping = order["original_shipping_fee"] if with_shipping else decimal(0)
        return {
            "currency": self.currency,
            "refund_total": money(subtotal + shipping),
            "refund_subtotal": money(subtotal),
            "refund_shipping_fee": money(shipping),
            "refund_tax": "0.00",
        }

    def _line_refund(self, order, line):
        return self._refund_amount(order, [line])

    def cancellation_dict(self, record):
        order = self.orders[record["order_id"]]
        lines = [line for line in order["lines"] if line["id"] in record["line_ids"]]
        whole = len(lines) == len(order["lines"])
        data = {
            "cancel_id": record["cancel_id"],
            "order_id": record["order_id"],
            "cancel_type": record["cancel_type"],
            "cancel_status": record["cancel_status"],
            "role": record["role"],
            "cancel_reason": record["cancel_reason"],
            "cancel_reason_text": REASON_TEXTS.get(
                record["cancel_reason"], record["cancel_reason"]
            ),
            "create_time": record["create_time"],
            "update_time": record["update_time"],
            "refund_amount": self._refund_amount(order, lines, whole),
            "cancel_line_items": [
                {
                    "cancel_line_item_id": f"{record['cancel_id']}{index:02d}",
                    "order_line_item_id": line["id"],
                    "sku_id": line["sku_id"],
                    "sku_name": line["sku_name"],
                    "product_name": line["product_name"],
                    "seller_sku": line["seller_sku"],
                    "refund_amount": self._line_refund(order, line),
                }
                for index, line in enumerate(lines)
            ],
        }
        if record["cancel_status"] == CANCEL_PENDING:
            data["seller_next_action_response"] = [
                {
                    "action": "SELLER_RESPOND_CANCEL",
                    "deadline": record["create_time"] + RESPOND_WINDOW,
                }
            ]
        return data

    def _search(
        self, call, records, ids_name, id_key, filters, default_size, minimum=1
    ):
        """One page of cancellation or return ``records`` matching the
        search body; ``filters`` maps list filters to record fields."""
        size = call.page_size(default_size, 50, minimum)
        offset = call.offset()
        sort_field = call.query_choice(
            "sort_field", ("create_time", "update_time"), "create_time"
        )
        descending = call.query_choice("sort_order", ("ASC", "DESC"), "ASC") == "DESC"
        ids = call.body_list(ids_name, str)
        order_ids = call.body_list("order_ids", str)
        buyers = call.body_list("buyer_user_ids", str)
        wanted = {field: call.body_list(name, str) for name, field in filters.items()}
        created = call.time_range("create_time")
        updated = call.time_range("update_time")
        found = [
            record
            for record in records
            if (not ids or record[id_key] in ids)
            and (not order_ids or record["order_id"] in order_ids)
            and (not buyers or self.orders[record["order_id"]]["user_id"] in buyers)
            and all(not values or record[f] in values for f, values in wanted.items())
            and _between(record["create_time"], created)
            and _between(record["update_time"], updated)
        ]
        found.sort(key=lambda r: (r[sort_field], r[id_key]), reverse=descending)
        chunk, token = page(found, offset, size)
        return chunk, {"total_count": len(found), "next_page_token": token}

    def api_search_cancellations(self, call):
        for name, choices in (
            ("cancel_types", ("CANCEL", "BUYER_CANCEL")),
            ("cancel_status", CANCEL_STATUSES),
        ):
            if any(value not in choices for value in call.body_list(name, str)):
                raise call.refuse(f"{name} holds an unknown value.")
        chunk, meta = self._search(
            call,
            list(self.cancellations.values()),
            "cancel_ids",
            "cancel_id",
            {"cancel_types": "cancel_type", "cancel_status": "cancel_status"},
            10,
        )
        return {"cancellations": [self.cancellation_dict(r) for r in chunk], **meta}

    # Returns and refunds ----------------------------------------------------------

    def request_return(
        self,
        order_id,
        return_type="RETURN_AND_REFUND",
        line_ids=None,
        reason=RETURN_REASON,
    ):
        """The buyer asks to return (or only be refunded for) delivered lines;
        returns the return id."""
        order = self._order_or_error(order_id)
        if return_type not in RETURN_TYPES:
            raise ValueError(f"return_type must be one of {', '.join(RETURN_TYPES)}")
        if order["status"] not in (DELIVERED, COMPLETED, IN_TRANSIT):
            raise ValueError(f"order {order_id} is not delivered")
        lines = [
            line
            for line in order["lines"]
            if line["status"] != CANCELLED and (not line_ids or line["id"] in line_ids)
        ]
        if not lines:
            raise ValueError("no line to return")
        return_id = self.ids.next("return")
        now = self.now()
        self.returns[return_id] = {
            "return_id": return_id,
            "order_id": order["id"],
            "return_type": return_type,
            "return_status": RETURN_PENDING,
            "return_reason": reason,
            "line_ids": [line["id"] for line in lines],
            "return_tracking_number": None,
            "create_time": now,
            "update_time": now,
        }
        self._notify_return(self.returns[return_id])
        return return_id

    def set_return_status(self, return_id, status):
        record = self.returns[str(return_id)]
        if status not in RETURN_STATUSES:
            raise ValueError(f"unknown return status {status}")
        record["return_status"] = status
        record["update_time"] = self.now()
        if status == "BUYER_SHIPPED_ITEM" and not record["return_tracking_number"]:
            record["return_tracking_number"] = f"SBXRT{self.ids.next('tracking')}"
        self._notify_return(record)
        return status

    def _notify_return(self, record):
        self.notify(
            12,
            {
                "order_id": record["order_id"],
                "return_role": "BUYER",
                "return_type": record["return_type"],
                "return_status": record["return_status"],
                "return_id": record["return_id"],
                "create_time": record["create_time"],
                "update_time": record["update_time"],
            },
        )

    def return_dict(self, record):
        order = self.orders[record["order_id"]]
        lines = [line for line in order["lines"] if line["id"] in record["line_ids"]]
        data = {
            "return_id": record["return_id"],
            "order_id": record["order_id"],
            "return_type": record["return_type"],
            "return_status": record["return_status"],
            "role": "BUYER",
            "return_reason": record["return_reason"],
            "return_reason_text": REASON_TEXTS.get(record["return_reason"], ""),
            "shipment_type": "PLATFORM",
            "handover_method": "DROP_OFF",
            "return_method": "PLATFORM_SHIPPED",
            "can_buyer_keep_item": record["return_type"] == "REFUND",
            "create_time": record["create_time"],
            "update_time": record["update_time"],
            "refund_amount": self._refund_amount(order, lines),
            "return_line_items": [
                {
                    "return_line_item_id": f"{record['return_id']}{index:02d}",
                    "order_line_item_id": line["id"],
                    "sku_id": line["sku_id"],
                    "sku_name": line["sku_name"],
                    "product_name": line["product_name"],
                    "seller_sku": line["seller_sku"],
                    "refund_amount": self._line_refund(order, line),
                }
                for index, line in enumerate(lines)
            ],
            "is_combined_return": False,
        }
        if record["return_tracking_number"]:
            data["return_tracking_number"] = record["return_tracking_number"]
            data["return_provider_name"] = PROVIDER[1]
            data["return_provider_id"] = PROVIDER[0]
        next_action = self.return_next_action(record)
        if next_action:
            data["seller_next_action_response"] = next_action
        return data

    def api_search_returns(self, call):
        for name, choices in (
            ("return_types", RETURN_TYPES),
            ("return_status", RETURN_STATUSES),
        ):
            if any(value not in choices for value in call.body_list(name, str)):
                raise call.refuse(f"{name} holds an unknown value.")
        chunk, meta = self._search(
            call,
            list(self.returns.values()),
            "return_ids",
            "return_id",
            {"return_types": "return_type", "return_status": "return_status"},
            10,
            minimum=10,
        )
        return {"return_orders": [self.return_dict(r) for r in chunk], **meta}


def _between(value, bounds):
    low, high = bounds
    return (low is None or value >= low) and (high is None or value < high)
