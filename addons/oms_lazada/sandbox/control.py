"""The sandbox's own controls: the ``/_sandbox`` endpoints tests and demos
drive it with, and the control page and live mode (see SandboxServer)."""

from datetime import datetime


class ControlApis:
    """Handlers of ``/_sandbox/*`` and the ``page_*`` hooks."""

    def _control_generate(self, request):
        data = request.json()
        ids = self.generate_orders(
            int(data.get("n", 1)), data.get("skus") or [], seed=data.get("seed")
        )
        return 200, {"order_ids": ids}, {}

    def _control_status(self, request):
        data = request.json()
        self.set_order_status(
            data["order_id"],
            data["status"],
            data.get("reason"),
            item_ids=data.get("item_ids"),
        )
        return 200, {"ok": True}, {}

    def _control_flush(self, request):
        data = request.json()
        done = self.flush_pushes(
            int(data.get("duplicates", 0)), bool(data.get("shuffle")), data.get("seed")
        )
        return 200, {"delivered": len(done)}, {}

    def _control_expire(self, request):
        self.expire_access_token(request.json().get("token"))
        return 200, {"ok": True}, {}

    def _control_add_product(self, request):
        data = request.json()
        item_id, sku_id = self.add_product(
            data["seller_sku"],
            float(data.get("price", 10)),
            int(data.get("quantity", 0)),
        )
        return 200, {"item_id": item_id, "sku_id": sku_id}, {}

    # order item status -> the page's actions, as buyer, carrier or Lazada
    PAGE_ACTIONS = {
        "pending": (("canceled", "Cancel (buyer)"),),
        "packed": (("shipped", "Ship"), ("canceled", "Cancel (buyer)")),
        "ready_to_ship": (("shipped", "Ship"), ("canceled", "Cancel (buyer)")),
        "shipped": (("delivered", "Deliver"), ("failed_delivery", "Fail delivery")),
        "delivered": (("returned", "Return"),),
    }
    # steps of an order's reverse order, by its lines' status (see returns.py)
    PAGE_REVERSE_ACTIONS = {
        "REQUEST_INITIATE": (
            ("reverse:approve", "Approve return (Lazada)"),
            ("reverse:refund", "Refund (Lazada)"),
        ),
        "RTM_INIT": (("reverse:ship", "Buyer ships the return"),),
        "RTM_SHIPPING_BACK": (("reverse:arrive", "Return parcel arrives"),),
        "RTM_RECEIVE_ITEM": (("reverse:refund", "Refund (Lazada)"),),
    }

    def _page_reverse(self, order):
        return next(
            (
                r
                for r in self.reverse_orders.values()
                if r["trade_order_id"] == order["order_id"]
            ),
            None,
        )

    def _page_actions(self, order):
        actions = {}
        for status in order["statuses"]:
            actions.update(self.PAGE_ACTIONS.get(status, ()))
        reverse = self._page_reverse(order)
        if reverse:
            status = reverse["reverse_order_lines"][0]["reverse_status"]
            actions.update(self.PAGE_REVERSE_ACTIONS.get(status, ()))
        return actions

    def _active_skus(self):
        return [
            (product, sku)
            for product in self.products.values()
            if product["status"] == "active"
            for sku in product["skus"]
            if sku["Status"] == "active"
        ]

    def live_order(self):
        skus = [sku["SellerSku"] for _product, sku in self._active_skus()]
        return self.generate_orders(1, skus) if skus else []

    def page_products(self):
        return [
            {
                "sku": sku["SellerSku"],
                "name": product["attributes"].get("name"),
                "stock": sku["quantity"] - sku["occupied"],
            }
            for product, sku in self._active_skus()
        ]

    def page_orders(self, limit):
        orders = list(self.orders.values())[-limit:]
        rows = []
        for order in reversed(orders):
            units = {}
            for item in order["items"]:
                units[item["sku"]] = units.get(item["sku"], 0) + 1
            actions = self._page_actions(order)
            rows.append(
                {
                    "id": order["order_id"],
                    "created": datetime.fromisoformat(order["created_at"]).timestamp(),
                    "status": ", ".join(order["statuses"]),
                    "lines": ", ".join(f"{n} × {sku}" for sku, n in units.items()),
                    "actions": list(actions.items()),
                }
            )
        return rows

    def page_create_order(self, sku, quantity, cod):
        _product, found = self._sku(seller_sku=sku)
        if not found:
            raise ValueError(f"no SKU {sku} in this shop")
        if quantity > found["quantity"] - found["occupied"]:
            raise ValueError(
                f"only {found['quantity'] - found['occupied']} of {sku} in stock"
            )
        (order_id,) = self.generate_orders(
            1, [sku], cod_ratio=float(cod), voucher_ratio=0, units=quantity
        )
        return order_id

    def page_order_action(self, order_id, action):
        order = self._find_order(order_id)
        if action not in self._page_actions(order):
            raise ValueError(f"{action} is not possible in {order['statuses']}")
        if action.startswith("reverse:"):
            reverse = self._page_reverse(order)
            self.advance_reverse(reverse["reverse_order_id"], action.split(":")[1])
            return f"return {reverse['reverse_order_id']}: {action.split(':')[1]}."
        self.set_order_status(order["order_id"], action)
        return f"now {action}."

    def state_summary(self):
        return {
            **super().state_summary(),
            "orders": len(self.orders),
            "products": len(self.products),
            "pending_pushes": len(self.pending_pushes),
        }
