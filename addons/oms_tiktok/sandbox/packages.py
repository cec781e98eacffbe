"""Logistics of the shop's orders: TikTok's split of an order into several
packages (Get Order Split Attributes, Split Orders), each shipped on its
own, the buyer's change of delivery address before the carrier collects,
and the webhooks that say so (package update, recipient address update).
"""

from .common import TikTokError
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

    def notify_package_update(self, order, sc_type, role):
        self.notify(
            4,
            {
                "sc_type": sc_type,
                "role_type": role,
                "package_list": [
                    {"package_id": package_id, "order_id_list": [order["id"]]}
                    for package_id in self.order_packages(order)
                ],
                "update_time": order["update_time"],
            },
        )

    def shipped_status(self, order):
        """The order's status once one more of its packages is arranged:
        every package, or only some (TikTok's PARTIALLY_SHIPPING)."""
        packages = self.order_packages(order)
        if all(self.packages[p]["tracking_number"] for p in packages):
            return None
        return PARTIALLY_SHIPPING
