"""Logistics of the shop's orders: TikTok's split of an order into several
packages (Get Order Split Attributes, Split Orders), each shipped on its
own, the buyer's change of delivery address before the carrier collects,
and the webhooks that say so (package update, recipient address update).
"""

from .common import TikTokError, page
from .orders import (
    AWAITING_COLLECTION,
    AWAITING_SHIPMENT,
    CANCELLED,
    NOT_SHIPPED,
    PARTIALLY_SHIPPING,
)

# The most packages one order is split into (a package per line item at most)
MAX_SPLIT = 30


class PackagesMixin:
    """Packages and addresses of :class:`TikTokShop` (orders live in
    OrdersMixin)."""

    def update_address(self, order_id, street, postal_code=None, city=None):
        """The buyer moves the delivery to another street (and town), until
        the carrier collects the parcel."""
        order = self._order_or_error(order_id)
        if order["status"] not in (
            *NOT_SHIPPED,
            PARTIALLY_SHIPPING,
            AWAITING_COLLECTION,
        ):
            raise ValueError(f"order {order_id} is {order['status']}: too late")
        address = order["recipient_address"]
        address.update(address_line1=street, address_detail=street)
        if postal_code:
            address["postal_code"] = postal_code
        for level in address["district_info"]:
            if city and level["address_level"] == "L2":
                level["address_name"] = city
        town = next(
            d["address_name"]
            for d in address["district_info"]
            if d["address_level"] == "L2"
        )
        address["full_address"] = f"{street}, {address['postal_code']} {town}, Malaysia"
        order["address_updated"] = True
        self._touch(order)
        self.notify(3, {"order_id": order["id"], "update_time": order["update_time"]})
        return dict(address)

    def order_packages(self, order):
        """Package ids of an order's live line items, in line order."""
        return list(
            dict.fromkeys(
                line["package_id"]
                for line in order["lines"]
                if line["package_id"] and line["status"] != CANCELLED
            )
        )

    def _split_refusal(self, order):
        """Why TikTok does not split this order now, or None."""
        if order["status"] != AWAITING_SHIPMENT:
            return "Order status does not allow a split"
        live = [line for line in order["lines"] if line["status"] != CANCELLED]
        if len(live) < 2:
            return "Order has only one item"
        if any(self.packages[p]["tracking_number"] for p in self.order_packages(order)):
            return "Order has a package arranged for shipment"
        if order["is_buyer_request_cancel"]:
            return "Order has an after-sale request"
        return None

    def api_split_attributes(self, call):
        ids = [i for i in (call.query.get("order_ids") or "").split(",") if i]
        if not ids:
            raise call.refuse("order_ids is required.", 36009004)
        if len(ids) > 50:
            raise call.refuse("order_ids holds more than 50 order IDs.", 36009004)
        answers = []
        for order_id in ids:
            order = self.orders.get(order_id)
            if order is None:
                raise call.refuse(f"order {order_id} is unknown.", 36009004)
            reason = self._split_refusal(order)
            entry = {"order_id": order_id, "can_split": reason is None}
            if reason:
                entry["reason"] = reason
            entry["must_split"] = False
            answers.append(entry)
        return {"split_attributes": answers}

    def api_split_order(self, call):
        """One new package per splittable group; every live line item of
        the order in exactly one group."""
        order = self.orders.get(str(call.path_params["order_id"]))
        if order is None:
            raise TikTokError(21011005, "Invalid parameters: unknown order_id.")
        groups = call.body_list("splittable_groups", dict, required=True, code=21011005)
        reason = self._split_refusal(order)
        if reason:
            raise TikTokError(21011035, f"split order not allowed: {reason}")
        live = {
            line["id"]: line for line in order["lines"] if line["status"] != CANCELLED
        }
        seen, keys = set(), set()
        for group in groups:
            key = group.get("id")
            items = group.get("order_line_item_ids")
            if not key or not isinstance(items, list) or not items:
                raise call.refuse(
                    "each splittable group needs an id and order_line_item_ids.",
                    21011005,
                )
            if key in keys or set(items) & seen or not set(items) <= set(live):
                raise call.refuse(
                    "a line item is unknown, cancelled or in two groups.", 21011005
                )
            keys.add(key)
            seen |= set(items)
        if seen != set(live) or not 2 <= len(groups) <= MAX_SPLIT:
            raise call.refuse(
                "the groups must hold every line item of the order, in at least "
                "two packages.",
                21011005,
            )
        old = self.order_packages(order)
        now = self.now()
        answer = []
        for group in groups:
            package_id = self.new_package(order, now, split=True)
            for item_id in group["order_line_item_ids"]:
                live[item_id]["package_id"] = package_id
            answer.append({"splittable_group_id": str(group["id"]), "id": package_id})
        for package_id in old:
            self.packages.pop(package_id, None)
        self._touch(order, now)
        self.notify_package_update(order, "SPLIT", "ROLE_SELLER")
        return {"packages": answer}

    def notify_package_update(self, order, sc_type, role, package_list=None):
        self.notify(
            4,
            {
                "sc_type": sc_type,
                "role_type": role,
                "package_list": package_list
                or [
                    {"package_id": package_id, "order_id_list": [order["id"]]}
                    for package_id in self.order_packages(order)
                ],
                "update_time": order["update_time"],
            },
        )

    # Combined shipping: one package for orders of one buyer and address ----------

    def _combinable_groups(self):
        """``{pre-generated package id: [order ids]}`` of the orders TikTok
        would ship together: one buyer, one address, TikTok shipping, each
        order in one package not yet arranged."""
        groups = {}
        for order in self.orders.values():
            packages = self.order_packages(order)
            if (
                order["status"] != AWAITING_SHIPMENT
                or order["shipping_type"] != "TIKTOK"
                or order["is_buyer_request_cancel"]
                or len(packages) != 1
                or self.packages[packages[0]].get("order_ids")
            ):
                continue
            key = (order["user_id"], order["recipient_address"]["full_address"])
            groups.setdefault(key, []).append(order["id"])
        return {
            self._pre_package_id(order_ids): order_ids
            for order_ids in groups.values()
            if len(order_ids) > 1
        }

    @staticmethod
    def _pre_package_id(order_ids):
        return str(1150000000000000000 + int(min(order_ids)) % 10**15)

    def api_search_combinable(self, call):
        size = call.query_int("page_size", minimum=1, maximum=50, code=36009004)
        if size is None:
            raise call.refuse("page_size is required.", 36009004)
        groups = [
            {"id": package_id, "order_ids": order_ids}
            for package_id, order_ids in self._combinable_groups().items()
        ]
        chunk, token = page(groups, call.offset(code=36009004), size)
        return {
            "combinable_packages": chunk,
            "next_page_token": token,
            "total_count": len(groups),
        }

    def api_combine(self, call):
        entries = call.body_list(
            "combinable_packages", dict, required=True, code=21011028
        )
        groups = self._combinable_groups()
        done, errors = [], []
        for entry in entries:
            package_id = str(entry.get("id") or "")
            if not package_id:
                raise call.refuse("combinable_packages need an id.", 36009004)
            order_ids = groups.get(package_id)
            wanted = entry.get("order_ids") or order_ids
            if not order_ids or not set(wanted) <= set(order_ids) or len(wanted) < 2:
                errors.append(
                    {
                        "code": 21011031,
                        "message": "Order does not belong to pre_pkg.",
                        "detail": {"package_id": package_id},
                    }
                )
                continue
            done.append(self._combine([self.orders[o] for o in wanted]))
        return {"packages": done, "errors": errors}

    def _combine(self, orders):
        now = self.now()
        old = [p for order in orders for p in self.order_packages(order)]
        package_id = self.new_package(
            orders[0], now, order_ids=[order["id"] for order in orders]
        )
        for order in orders:
            for line in order["lines"]:
                if line["status"] != CANCELLED:
                    line["package_id"] = package_id
            self._touch(order, now)
        for stale in old:
            self.packages.pop(stale, None)
        order_ids = [order["id"] for order in orders]
        self.notify_package_update(
            orders[0],
            "COMBINE",
            "ROLE_SELLER",
            [{"package_id": package_id, "order_id_list": order_ids}],
        )
        return {"id": package_id, "order_ids": order_ids}

    def api_uncombine(self, call):
        package, _order = self._package(call.path_params["package_id"], 21011028)
        carried = [order["id"] for order in self.package_orders(package)]
        if len(carried) < 2 or package["tracking_number"]:
            raise TikTokError(21011029, "order does not belong to fulfill unit")
        leaving = call.body_list("order_ids", str, code=21011005) or carried[1:]
        if not set(leaving) <= set(carried):
            raise TikTokError(21011029, "order does not belong to fulfill unit")
        staying = [o for o in carried if o not in leaving]
        now = self.now()
        answer = []
        for order_id in leaving:
            order = self.orders[order_id]
            own = self.new_package(order, now)
            for line in order["lines"]:
                if line["package_id"] == package["id"]:
                    line["package_id"] = own
            self._touch(order, now)
            answer.append({"id": own, "order_ids": [order_id]})
        if len(staying) == 1:
            package.pop("order_ids")
            package["order_id"] = staying[0]
        elif staying:
            package["order_ids"], package["order_id"] = staying, staying[0]
        else:
            self.packages.pop(package["id"])
        if staying:
            answer.append({"id": package["id"], "order_ids": staying})
        self.notify_package_update(
            self.orders[carried[0]],
            "CANCEL_COMBINE",
            "ROLE_SELLER",
            [{"package_id": p["id"], "order_id_list": p["order_ids"]} for p in answer],
        )
        return {"packages": answer}

    def shipped_status(self, order):
        """The order's status once one more of its packages is arranged:
        every package, or only some (TikTok's PARTIALLY_SHIPPING)."""
        packages = self.order_packages(order)
        if all(self.packages[p]["tracking_number"] for p in packages):
            return None
        return PARTIALLY_SHIPPING
