"""The orders of the Lazada sandbox: buyers' orders with per-item statuses
(generation, the buyer's and carrier's status changes), the order APIs as
the reference shows them, and the seller's cancellations."""

import json
import random
from datetime import datetime, timedelta

from . import apis, catalog
from .catalog import VENTURE_CURRENCY
from .common import LazadaError, RequestParams
from .common import money as _money


class OrderApis(RequestParams):
    """Orders over ``self.orders`` (their items under ``"items"``)."""

    def _buyer(self):
        if self._buyers and self.rng.random() < 0.2:
            return self.rng.choice(self._buyers)
        first, last = self.rng.choice(catalog.BUYER_NAMES)
        buyer = {
            "buyer_id": str(self._next_id()),
            "first_name": first,
            "last_name": last,
            "phone": "+65 " + str(self.rng.randint(81000000, 98999999)),
            "address1": f"{self.rng.randint(1, 300)} "
            + self.rng.choice(catalog.STREETS),
            "post_code": str(self.rng.randint(100000, 829999)),
        }
        self._buyers.append(buyer)
        return buyer

    def generate_orders(
        self,
        n,
        skus,
        cod_ratio=0.3,
        voucher_ratio=0.3,
        multi_item_ratio=0.5,
        seed=None,
        units=None,
        shipping_provider_type=None,
    ):
        """Create ``n`` pending orders over the given seller SKUs, dated now.

        ``units`` fixes the number of units (order items) of each order;
        ``shipping_provider_type`` the delivery option the buyer chose
        (EXPRESS, INSTANT, SELLER_OWN_FLEET...; standard by default).
        """
        rng = random.Random(seed) if seed is not None else self.rng
        created = []
        with self.lock:
            for _index in range(n):
                order_id = self._next_id() + 300000000000000
                count = units or (
                    rng.randint(2, 4) if rng.random() < multi_item_ratio else 1
                )
                buyer = self._buyer()
                now = self._stamp()
                items = []
                for _unit in range(count):
                    product, sku = self._sku(seller_sku=rng.choice(skus))
                    if not sku:
                        continue
                    sku["occupied"] += 1
                    voucher_seller = voucher_platform = 0.0
                    if rng.random() < voucher_ratio:
                        if rng.random() < 0.5:
                            voucher_seller = round(sku["special_price"] * 0.1, 2)
                        else:
                            voucher_platform = round(sku["special_price"] * 0.1, 2)
                    items.append(
                        self._new_item(
                            order_id,
                            product,
                            sku,
                            buyer,
                            now,
                            voucher_seller,
                            voucher_platform,
                        )
                    )
                if not items:
                    continue
                if shipping_provider_type:
                    own_fleet = shipping_provider_type == "SELLER_OWN_FLEET"
                    for item in items:
                        item["shipping_provider_type"] = shipping_provider_type
                        item["delivery_option_sof"] = "1" if own_fleet else "0"
                cod = rng.random() < cod_ratio
                order = {
                    "order_id": order_id,
                    "order_number": order_id,
                    "created_at": now.isoformat(),
                    "updated_at": now.isoformat(),
                    "price": _money(sum(float(i["item_price"]) for i in items)),
                    "shipping_fee": _money(rng.choice([0.0, 1.99, 2.99])),
                    "shipping_fee_original": "2.99",
                    "voucher": _money(sum(float(i["voucher_amount"]) for i in items)),
                    "voucher_seller": _money(
                        sum(float(i["voucher_seller"]) for i in items)
                    ),
                    "voucher_platform": _money(
                        sum(float(i["voucher_platform"]) for i in items)
                    ),
                    "payment_method": "COD" if cod else "MIXEDCARD",
                    "items_count": len(items),
                    "customer_first_name": buyer["first_name"],
                    "customer_last_name": buyer["last_name"],
                    "buyer_note": "",
                    "warehouse_code": "dropshipping",
                    "address_shipping": {
                        "first_name": buyer["first_name"],
                        "last_name": buyer["last_name"],
                        "phone": buyer["phone"],
                        "address1": buyer["address1"],
                        "address3": "Singapore",
                        "address4": "Singapore",
                        "address5": buyer["post_code"],
                        "post_code": buyer["post_code"],
                        "city": "Singapore",
                        "country": "Singapore",
                    },
                    "items": items,
                }
                self.orders[order_id] = order
                self._refresh_statuses(order)
                created.append(order_id)
                for item in items:
                    self._queue_order_push(order, item)
        return created

    def _new_item(
        self, order_id, product, sku, buyer, now, voucher_seller, voucher_platform
    ):
        price = sku["special_price"]
        return {
            "order_item_id": self._next_id() + 400000000000000,
            "order_id": order_id,
            "status": "pending",
            "sku": sku["SellerSku"],
            "sku_id": str(sku["SkuId"]),
            "shop_sku": sku["ShopSku"],
            "product_id": str(product["item_id"]),
            "name": product["attributes"].get("name"),
            "variation": "",
            "item_price": _money(price),
            "paid_price": _money(price - voucher_seller - voucher_platform),
            "voucher_amount": _money(voucher_seller + voucher_platform),
            "voucher_seller": _money(voucher_seller),
            "voucher_platform": _money(voucher_platform),
            "tax_amount": "0.00",
            "shipping_amount": "0.00",
            "currency": VENTURE_CURRENCY.get(self.venture, "SGD"),
            "buyer_id": buyer["buyer_id"],
            "package_id": "",
            "tracking_code": "",
            "shipment_provider": "",
            "shipping_type": "Dropshipping",
            "shipping_provider_type": "standard",
            "reason": "",
            "cancel_return_initiator": "",
            "reverse_order_id": "",
            "promised_shipping_time": (now + timedelta(days=2)).strftime(
                "%Y-%m-%d %H:%M:%S %z"
            ),
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S %z"),
            "updated_at": now.strftime("%Y-%m-%d %H:%M:%S %z"),
            "order_type": "Normal",
        }

    def _refresh_statuses(self, order):
        order["statuses"] = sorted({item["status"] for item in order["items"]})

    def _touch(self, order, items, status, **values):
        now = self._stamp()
        for item in items:
            item["status"] = status
            item["updated_at"] = now.strftime("%Y-%m-%d %H:%M:%S %z")
            item.update(values)
            self._queue_order_push(order, item)
        order["updated_at"] = now.isoformat()
        self._refresh_statuses(order)

    def _release(self, items):
        for item in items:
            _product, sku = self._sku(sku_id=item["sku_id"])
            if sku and sku["occupied"]:
                sku["occupied"] -= 1

    def set_order_status(self, order_id, status, reason=None, item_ids=None):
        """Move an order on like the marketplace would (buyer, carrier).

        With ``item_ids``, only those order items move (Lazada statuses are
        per item: a buyer may cancel one item of an order).
        """
        wanted = {str(item_id) for item_id in item_ids or ()}
        with self.lock:
            order = self.orders[int(order_id)]
            live = [
                i
                for i in order["items"]
                if i["status"] != "canceled"
                and (not wanted or str(i["order_item_id"]) in wanted)
            ]
            if status == "canceled":
                self._release(live)
                self._touch(
                    order,
                    live,
                    status,
                    reason=reason or "Change of mind",
                    cancel_return_initiator="cancellation-customer",
                )
            elif status == "returned":
                reverse_id = self._create_reverse(order, live, reason)
                self._touch(
                    order,
                    live,
                    status,
                    reverse_order_id=str(reverse_id),
                    cancel_return_initiator="return-customer",
                )
            else:
                if status in ("shipped", "delivered"):
                    for item in live:
                        if item["status"] in ("pending", "packed", "ready_to_ship"):
                            _product, sku = self._sku(sku_id=item["sku_id"])
                            if sku and sku["occupied"]:
                                sku["occupied"] -= 1
                                sku["quantity"] -= 1
                self._touch(order, live, status)
                if status == "delivered":
                    self._book_transactions(order, live)

    @staticmethod
    def _lazada_time(moment_text):
        """``2014-10-15 18:36:05 +0800`` (items' format) of an ISO time."""
        try:
            moment = datetime.fromisoformat(moment_text)
        except (TypeError, ValueError):
            return moment_text or ""
        return moment.strftime("%Y-%m-%d %H:%M:%S %z")

    def _public_address(self, address, district_key):
        public = {
            "first_name": "",
            "last_name": "",
            "phone": "",
            "phone2": "",
            "address1": "",
            "address2": "",
            "address3": "",
            "address4": "",
            "address5": "",
            "city": "",
            "post_code": "",
            "country": catalog.VENTURE_COUNTRY.get(self.venture, "Singapore"),
            **address,
        }
        public.setdefault(district_key, "")
        return public

    def _order_public(self, order, district_key="addressDistrict"):
        """An order as /orders/get and /order/get show it: what the sandbox
        keeps plus every field the reference marks required. The two APIs
        spell the district key differently (addressDsitrict in GetOrders,
        addressDistrict in GetOrder); each gets its own spelling."""
        public = {k: v for k, v in order.items() if k != "items"}
        shipping = self._public_address(order["address_shipping"], district_key)
        billing = self._public_address(
            order.get("address_billing") or order["address_shipping"], district_key
        )
        items = [self._item_public(order, item) for item in order["items"]]
        promised = sorted(
            i["promised_shipping_time"]
            for i in items
            if i.get("promised_shipping_time")
        )
        vouchers = sorted({i["voucher_code"] for i in items if i["voucher_code"]})
        defaults = {
            "address_updated_at": self._lazada_time(order["created_at"]),
            "branch_number": "",
            "tax_code": "",
            "national_registration_number": "",
            "extra_attributes": '{"TaxInvoiceRequested":"false"}',
            "remarks": "",
            "gift_option": False,
            "gift_message": "",
            "delivery_info": "",
            "voucher_code": ",".join(vouchers),
            "shipping_fee_discount_seller": "0.00",
            "shipping_fee_discount_platform": "0.00",
            "promised_shipping_times": promised[0][:19] if promised else "",
            "need_cancel_confirm": False,
            "is_cancel_pending": False,
        }
        return {
            **defaults,
            **public,
            "address_shipping": shipping,
            "address_billing": billing,
        }

    def _item_public(self, order, item):
        """An order item with every field the reference marks required."""
        product = self.products.get(int(item["product_id"] or 0)) or {}
        images = list(product.get("images") or [])
        for sku in product.get("skus") or []:
            if str(sku["SkuId"]) == str(item["sku_id"]):
                images += sku.get("Images") or []
        tld = catalog.VENTURE_TLD.get(self.venture, "sg")
        defaults = {
            "purchase_order_id": "",
            "purchase_order_number": "",
            "product_main_image": images[0]
            if images
            else f"https://{self.venture}-live-01.slatic.net/p/{item['sku_id']}.jpg",
            "product_detail_url": f"https://www.lazada.{tld}/products/"
            f"i{item['product_id']}-s{item['sku_id']}.html",
            "digital_delivery_info": "",
            "return_status": "",
            "invoice_number": "",
            "shop_id": f"{self.venture.upper()}{self.seller_id}",
            **self._voucher_codes(order, item),
            "wallet_credits": "0.00",
            "is_digital": 0,
            "tracking_code_pre": "",
            "shipping_service_cost": 0,
            "extra_attributes": "",
            "reason_detail": "",
            "warehouse_code": order.get("warehouse_code") or "dropshipping",
            "delivery_option_sof": "0",
            "is_fbl": "0",
            "is_reroute": "0",
            "shipping_fee_original": "0.00",
            "shipping_fee_discount_seller": "0.00",
            "shipping_fee_discount_platform": "0.00",
            "voucher_seller_lpi": "0.00",
            "voucher_platform_lpi": "0.00",
            "sla_time_stamp": self._sla_time(item.get("promised_shipping_time")),
            "need_cancel_confirm": False,
            "is_cancel_pending": False,
        }
        public = {**defaults, **item}
        if not public.get("reverse_order_id"):
            # a Number in the reference: absent until there is a return
            public.pop("reverse_order_id", None)
        return public

    @staticmethod
    def _voucher_codes(order, item):
        """Codes of the vouchers an item was bought with (none: empty)."""
        suffix = str(order["order_id"])[-6:]
        seller = f"SV{suffix}" if float(item.get("voucher_seller") or 0) else ""
        platform = f"LV{suffix}" if float(item.get("voucher_platform") or 0) else ""
        return {
            "voucher_code": ",".join(c for c in (seller, platform) if c),
            "voucher_code_seller": seller,
            "voucher_code_platform": platform,
        }

    @staticmethod
    def _sla_time(promised):
        try:
            moment = datetime.strptime(promised or "", "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            return ""
        return moment.isoformat()

    def _orders_window(self, params):
        bounds = {}
        for name in (
            "created_after",
            "created_before",
            "update_after",
            "update_before",
        ):
            bounds[name] = self._date_param(params, name)
        return bounds

    @staticmethod
    def _order_in_window(order, bounds):
        created = datetime.fromisoformat(order["created_at"])
        updated = datetime.fromisoformat(order["updated_at"])
        checks = (
            (bounds["created_after"], created, 1),
            (bounds["created_before"], created, -1),
            (bounds["update_after"], updated, 1),
            (bounds["update_before"], updated, -1),
        )
        return all(
            bound is None or (moment - bound).total_seconds() * sign >= 0
            for bound, moment, sign in checks
        )

    def _orders_get(self, params, request):
        bounds = self._orders_window(params)
        offset = self._int_param(
            params,
            "offset",
            0,
            ("14", 'E014: "%s" Invalid Offset'),
            maximum=apis.ORDERS_MAX_OFFSET,
        )
        limit = self._int_param(
            params,
            "limit",
            apis.ORDERS_MAX_LIMIT,
            ("19", 'E019: "%s" Invalid Limit'),
            minimum=1,
            maximum=apis.ORDERS_MAX_LIMIT,
        )
        status = params.get("status")
        if status and status not in apis.ORDER_STATUSES:
            raise LazadaError("36", "E036: Invalid status filter")
        direction = (params.get("sort_direction") or "DESC").upper()
        if direction not in ("ASC", "DESC"):
            raise LazadaError("74", "E074: Invalid sort direction.")
        sort_by = params.get("sort_by") or "created_at"
        if sort_by not in ("created_at", "updated_at"):
            raise LazadaError("75", "E075: Invalid sort filter.")
        selected = [
            order
            for order in self.orders.values()
            if self._order_in_window(order, bounds)
            and (not status or status in order["statuses"])
        ]
        selected.sort(
            key=lambda o: (datetime.fromisoformat(o[sort_by]), o["order_id"]),
            reverse=direction == "DESC",
        )
        page = selected[offset : offset + limit]
        return {
            "data": {
                "count": len(page),
                "countTotal": len(selected),
                "orders": [self._order_public(o, "addressDsitrict") for o in page],
            }
        }

    def _find_order(self, order_id):
        try:
            order = self.orders.get(int(order_id))
        except (TypeError, ValueError):
            order = None
        if not order:
            raise LazadaError("16", 'E016: "%s" Invalid Order ID' % order_id)
        return order

    def _order_get(self, params, request):
        return {"data": self._order_public(self._find_order(params.get("order_id")))}

    def _order_items_get(self, params, request):
        order = self._find_order(params.get("order_id"))
        return {"data": [self._item_public(order, item) for item in order["items"]]}

    def _orders_items_get(self, params, request):
        try:
            ids = json.loads(params["order_ids"])
        except ValueError:
            ids = None
        if not isinstance(ids, list) or not ids:
            raise LazadaError(
                "56", "E056: Invalid OrdersIdList format. Must use array format [1,2]"
            )
        if len(ids) > apis.ORDER_ITEMS_BATCH:
            raise LazadaError("38", "E038: Too many orders were requested")
        if not all(str(i).isdigit() for i in ids):
            raise LazadaError(
                "37", "E037: One or more order id in the list are incorrect"
            )
        data = []
        for order_id in ids:
            order = self.orders.get(int(order_id))
            if order:
                data.append(
                    {
                        "order_id": order["order_id"],
                        "order_number": order["order_number"],
                        "order_items": [
                            self._item_public(order, item) for item in order["items"]
                        ],
                    }
                )
        if not data:
            raise LazadaError("39", "E039: No orders were found")
        return {"data": data}

    # ------------------------------------------------------------------
    # The seller's cancellations (reverse-order service)
    # ------------------------------------------------------------------

    CANCELLABLE = ("unpaid", "pending", "packed", "ready_to_ship", "repacked")

    def _cancel_target(self, params):
        """The order and items of a cancel call, as the reverse-order
        service checks them (E0115, E0122, E0102, E0123)."""
        raw = str(params.get("order_id") or "")
        if not raw.isdigit():
            raise LazadaError("115", "E0115: order id is null")
        order = self.orders.get(int(raw))
        if not order:
            raise LazadaError("122", "E0122: invalid trade order")
        try:
            wanted = json.loads(params.get("order_item_id_list") or "")
        except ValueError:
            wanted = None
        if (
            not isinstance(wanted, list)
            or not wanted
            or not all(str(i).isdigit() for i in wanted)
        ):
            raise LazadaError("102", "E0102: trade order line id is empty or invalid")
        by_id = {str(i["order_item_id"]): i for i in order["items"]}
        unknown = [str(i) for i in wanted if str(i) not in by_id]
        if unknown:
            raise LazadaError(
                "123", "E0123: invalid trade order lines %s" % ",".join(unknown)
            )
        return order, [by_id[str(i)] for i in wanted]

    def _cancel_validate(self, params, request):
        _order, items = self._cancel_target(params)
        if any(i["status"] not in self.CANCELLABLE for i in items):
            return {
                "data": {
                    "tip_content": "These items can no longer be cancelled",
                    "tip_type": "error",
                    "reason_options": [],
                }
            }
        return {
            "data": {
                "tip_content": "",
                "tip_type": "NONE",
                "reason_options": catalog.CANCEL_REASONS,
            }
        }

    def _cancel_create(self, params, request):
        order, items = self._cancel_target(params)
        reason_id = str(params.get("reason_id") or "")
        reasons = {r["reason_id"]: r["reason_name"] for r in catalog.CANCEL_REASONS}
        if reason_id not in reasons:
            raise LazadaError("104", "E0104: reason is empty or invalid")
        refused = [
            str(i["order_item_id"])
            for i in items
            if i["status"] not in self.CANCELLABLE
        ]
        if refused:
            raise LazadaError(
                "123", "E0123: invalid trade order lines %s" % ",".join(refused)
            )
        self._release(items)
        self._touch(
            order,
            items,
            "canceled",
            reason=reasons[reason_id],
            cancel_return_initiator="cancellation-seller",
        )
        return {"data": {"tip_content": "", "tip_type": "NONE"}}
