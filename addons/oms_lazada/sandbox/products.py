"""The products of the Lazada sandbox: the shop's SKUs and their stock, and
the product APIs (listing, create, update, price, stock, deactivate, remove
and images)."""

import json
import secrets

from . import apis, catalog
from .common import LazadaError, RequestParams
from .payload import as_list, child_list, request_part

QUANTITY_ILLEGAL = (
    "4152: THD_INVENTORY_ERR_INV_PARAM_ILLEGAL:illegal parameter:quantity"
)


class ProductApis(RequestParams):
    """Handlers of the product APIs over ``self.products``."""

    def add_product(
        self, seller_sku, price, quantity, name=None, item_id=None, category=10002019
    ):
        with self.lock:
            sku_id = self._next_id()
            if item_id not in self.products:
                item_id = item_id or self._next_id()
                self.products[item_id] = {
                    "item_id": item_id,
                    "primary_category": category,
                    "attributes": {
                        "name": name or seller_sku,
                        "description": name or seller_sku,
                    },
                    "skus": [],
                    "images": [],
                    "status": "active",
                    "created_time": str(int(self.clock() * 1000)),
                    "updated_time": str(int(self.clock() * 1000)),
                }
            self.products[item_id]["skus"].append(
                {
                    "SkuId": sku_id,
                    "SellerSku": seller_sku,
                    "ShopSku": f"{item_id}_{self.venture.upper()}-{sku_id}",
                    "quantity": int(quantity),
                    "occupied": 0,
                    "price": float(price),
                    "special_price": float(price),
                    "Status": "active",
                    "Images": [],
                }
            )
        return item_id, sku_id

    def _sku(self, seller_sku=None, sku_id=None):
        for product in self.products.values():
            for sku in product["skus"]:
                if (seller_sku and sku["SellerSku"] == seller_sku) or (
                    sku_id and str(sku["SkuId"]) == str(sku_id)
                ):
                    return product, sku
        return None, None

    def change_price_in_seller_center(self, seller_sku, price):
        """The seller edits a price on Lazada: the product-update push follows."""
        with self.lock:
            product, sku = self._sku(seller_sku=seller_sku)
            sku["price"] = sku["special_price"] = float(price)
            product["updated_time"] = str(int(self.clock() * 1000))
            self._push(4, {"item_id": product["item_id"], "action": "EDITED_UPDATED"})

    def sellable_quantity(self, seller_sku):
        _product, sku = self._sku(seller_sku=seller_sku)
        return sku["quantity"] - sku["occupied"] if sku else None

    def _public_sku(self, product, sku):
        public = {k: v for k, v in sku.items() if k not in ("occupied", "warehouses")}
        sellable = sku["quantity"] - sku["occupied"]
        public["quantity"] = sellable
        public["Available"] = sellable
        public["Url"] = (
            f"https://www.lazada.{catalog.VENTURE_TLD.get(self.venture, 'sg')}"
            f"/products/i{product['item_id']}-s{sku['SkuId']}.html"
        )
        warehouses = sku.get("warehouses") or {"dropshipping": sku["quantity"]}
        public["multiWarehouseInventories"] = [
            {
                "warehouseCode": code,
                "quantity": quantity,
                "totalQuantity": quantity,
                "occupyQuantity": sku["occupied"] if code == "dropshipping" else 0,
                "withholdQuantity": 0,
                "sellableQuantity": quantity
                - (sku["occupied"] if code == "dropshipping" else 0),
            }
            for code, quantity in warehouses.items()
        ]
        return public

    def _public_product(self, product):
        qc_status = product.get("qc_status", "approved")
        return {
            "item_id": product["item_id"],
            "primary_category": product["primary_category"],
            "attributes": product["attributes"],
            "skus": [self._public_sku(product, sku) for sku in product["skus"]],
            # Typed String in the reference, whose example serialises the
            # list of image URLs into it.
            "images": json.dumps(product.get("images") or []),
            "marketImages": json.dumps([]),
            "status": product["status"],
            "subStatus": {"pending": "Pending QC", "rejected": "Reject"}.get(
                qc_status, ""
            ),
            "suspendedSkus": [],
            "trialProduct": False,
            "rejectReason": product.get("reject_reason") or [],
            "hiddenStatus": "",
            "hiddenReason": "",
            "created_time": product["created_time"],
            "updated_time": product["updated_time"],
        }

    def _product_matches(self, product, wanted):
        status = product["status"]
        qc_status = product.get("qc_status", "approved")
        if wanted == "all":
            return True
        if wanted == "live":
            return status == "active" and qc_status == "approved"
        if wanted in ("inactive", "deleted"):
            return status == wanted
        if status == "deleted":
            return False
        if wanted in ("pending", "rejected"):
            return qc_status == wanted
        if wanted == "image-missing":
            return not product.get("images") and not any(
                s.get("Images") for s in product["skus"]
            )
        # sold-out
        return all(s["quantity"] - s["occupied"] <= 0 for s in product["skus"])

    def _products_get(self, params, request):
        offset = self._int_param(
            params,
            "offset",
            0,
            ("14", 'E014: "%s" Invalid Offset'),
            maximum=apis.PRODUCTS_MAX_OFFSET,
        )
        limit = self._int_param(
            params,
            "limit",
            20,
            ("19", 'E019: "%s" Invalid Limit'),
            minimum=1,
            maximum=apis.PRODUCTS_MAX_LIMIT,
        )
        wanted = params.get("filter") or "all"
        if wanted not in apis.PRODUCT_FILTERS:
            raise LazadaError("36", "E036: Invalid status filter")
        window = {
            name: self._date_param(params, name)
            for name in (
                "create_after",
                "create_before",
                "update_after",
                "update_before",
            )
        }
        skus = None
        if params.get("sku_seller_list"):
            try:
                skus = json.loads(params["sku_seller_list"])
            except ValueError:
                skus = None
            if not isinstance(skus, list) or not all(isinstance(s, str) for s in skus):
                raise LazadaError(
                    "70", "E070: You have corrupt data in your sku seller list."
                )
            skus = set(skus)
        products = [
            p
            for p in self.products.values()
            if self._product_matches(p, wanted)
            and self._in_window(p, window)
            and (skus is None or any(s["SellerSku"] in skus for s in p["skus"]))
        ]
        page = products[offset : offset + limit]
        return {
            "data": {
                "total_products": len(products),
                "products": [self._public_product(p) for p in page],
            }
        }

    @staticmethod
    def _in_window(product, window):
        created = int(product["created_time"]) / 1000
        updated = int(product["updated_time"]) / 1000
        bounds = (
            (window["create_after"], created, 1),
            (window["create_before"], created, -1),
            (window["update_after"], updated, 1),
            (window["update_before"], updated, -1),
        )
        return all(
            bound is None or (moment - bound.timestamp()) * sign >= 0
            for bound, moment, sign in bounds
        )

    def _product_get(self, params, request):
        if params.get("item_id"):
            raw = str(params["item_id"])
            product = self.products.get(int(raw)) if raw.isdigit() else None
            if not product:
                raise LazadaError("208", "E208: Item not exist")
        else:
            product, _sku = self._sku(seller_sku=params.get("seller_sku"))
            if not product:
                raise LazadaError("207", "E207: SKU not exist")
        return {"data": self._public_product(product)}

    def _category_tree(self, params, request):
        return {"data": catalog.CATEGORY_TREE}

    def _category_attributes(self, params, request):
        raw = str(params.get("primary_category_id"))
        attributes = (
            catalog.CATEGORY_ATTRIBUTES.get(int(raw)) if raw.isdigit() else None
        )
        if attributes is None:
            raise LazadaError("4227", "Query category is null")
        return {"data": attributes}

    def _image_upload(self, params, request):
        upload = request.files.get("image")
        if not upload:
            # a text field where the file should be
            raise LazadaError("302", "Not supported URL")
        if not upload[1]:
            raise LazadaError("300", "E300: Upload Image Failed")
        if len(upload[1]) > catalog.IMAGE_MAX_BYTES:
            raise LazadaError("303", "E303: The image is too large")
        url = f"https://sg-test-11.slatic.net/p/{secrets.token_hex(8)}.png"
        self.images.append(url)
        return {"data": {"image": {"url": url, "hash_code": secrets.token_hex(16)}}}

    def _image_migrate(self, params, request):
        source = request_part(params["payload"], "Image").get("Url")
        if not source:
            raise LazadaError("30", "E030: Empty Request")
        if not isinstance(source, str) or not source.startswith(
            ("http://", "https://")
        ):
            raise LazadaError("302", "E302: Not supported URL")
        url = f"https://sg-test-11.slatic.net/p/{secrets.token_hex(8)}.jpg"
        self.images.append(url)
        return {"data": {"image": {"url": url, "hash_code": secrets.token_hex(16)}}}

    @staticmethod
    def _product_payload(params, key="payload"):
        return request_part(params.get(key), "Product")

    def _sku_problems(self, sku, seen):
        problems = []
        seller_sku = sku.get("SellerSku") if isinstance(sku, dict) else None
        if not seller_sku:
            return [{"field": "SellerSku", "message": "E001: SellerSku is mandatory"}]
        _p, existing = self._sku(seller_sku=seller_sku)
        if existing or seller_sku in seen:
            problems.append(
                {
                    "seller_sku": seller_sku,
                    "field": "SellerSku",
                    "message": "4105: BIZ_CHECK_SELLER_SKU_DUPLICATE",
                }
            )
        seen.add(seller_sku)
        price = self._number(sku.get("price"))
        if not price or price <= 0:
            problems.append(
                {
                    "seller_sku": seller_sku,
                    "field": "price",
                    "message": "4118: BIZ_CHECK_PRICE_IS_ZERO",
                }
            )
        quantity = self._number(sku.get("quantity") or 0, int)
        if quantity is None or quantity < 0:
            problems.append(
                {
                    "seller_sku": seller_sku,
                    "field": "quantity",
                    "message": QUANTITY_ILLEGAL,
                }
            )
        return problems

    def _create_problems(self, product, attributes, skus):
        given = product.get("Attributes") if isinstance(product, dict) else None
        given = given if isinstance(given, dict) else {}
        detail = []
        for attribute in attributes:
            if not attribute["is_mandatory"]:
                continue
            names = {attribute["name"]}
            if attribute["name"] == "brand_id":
                names.add("brand")  # the deprecated name, still documented
            values = [given.get(n) for n in names] + [
                (sku.get(n) or (sku.get("saleProp") or {}).get(n))
                for sku in skus
                if isinstance(sku, dict)
                for n in names
            ]
            if not any(values):
                detail.append(
                    {
                        "field": attribute["name"],
                        "message": f"4110: {attribute['label']} is mandatory",
                    }
                )
        if len(child_list(product, "Images", "Image")) > catalog.MAX_IMAGES:
            detail.append({"field": "Images", "message": "4169: CHK_IMAGE_MAX_ITEMS"})
        seen = set()
        for sku in skus:
            detail += self._sku_problems(sku, seen)
        if not skus:
            detail.append({"field": "Skus", "message": "E001: Skus is mandatory"})
        return detail

    def _product_create(self, params, request):
        product = self._product_payload(params)
        category = self._number(product.get("PrimaryCategory"), int)
        attributes = catalog.CATEGORY_ATTRIBUTES.get(category)
        if attributes is None:
            raise LazadaError(
                "201", f"E201: {product.get('PrimaryCategory')} Invalid CategoryId"
            )
        skus = child_list(product, "Skus", "Sku")
        detail = self._create_problems(product, attributes, skus)
        if detail:
            raise LazadaError("500", "E500: Create product failed", detail=detail)
        given = dict(product.get("Attributes") or {})
        item_id = None
        sku_list = []
        for sku in skus:
            item_id, sku_id = self.add_product(
                sku["SellerSku"],
                self._number(sku.get("price")),
                self._number(sku.get("quantity") or 0, int),
                name=given.get("name"),
                item_id=item_id,
                category=category,
            )
            _p, stored = self._sku(sku_id=sku_id)
            self._store_sku_details(stored, sku)
            sku_list.append(
                {
                    "seller_sku": sku["SellerSku"],
                    "sku_id": sku_id,
                    "shop_sku": stored["ShopSku"],
                }
            )
        self.products[item_id]["attributes"] = given
        self.products[item_id]["images"] = child_list(product, "Images", "Image")
        self.products[item_id]["qc_status"] = "pending"
        self._push(3, {"item_id": item_id, "action": "PUBLISHED"})
        return {
            "data": {
                "item_id": item_id,
                "sku_list": sku_list,
                "item_status": "Pending QC",
            }
        }

    def _store_sku_details(self, stored, given):
        """Keep the documented SKU fields of a create or update payload."""
        for name in catalog.SKU_DETAIL_FIELDS:
            if given.get(name) not in (None, ""):
                stored[name] = given[name]
        if given.get("special_price") not in (None, ""):
            special = self._number(given["special_price"])
            if special:
                stored["special_price"] = special
        if "Images" in given:
            stored["Images"] = child_list(given, "Images", "Image")

    def _update_sku(self, item, change):
        """Apply one ``Sku`` of an update payload; a problem dict or None."""
        if not isinstance(change, dict):
            return {"field": "Sku", "message": "5: E005: Invalid Request Format"}
        # SkuId identifies the SKU; SellerSku cannot (update-a-product guide)
        wanted = str(change.get("SkuId") or "")
        sku = next((s for s in item["skus"] if str(s["SkuId"]) == wanted), None)
        if not sku:
            return {
                "seller_sku": change.get("SellerSku"),
                "field": "SkuId",
                "message": "4216: skuId is a mandatory field and must be filled in.",
            }
        if change.get("price") not in (None, ""):
            price = self._number(change["price"])
            if not price or price <= 0:
                return {
                    "seller_sku": sku["SellerSku"],
                    "field": "price",
                    "message": "4118: BIZ_CHECK_PRICE_IS_ZERO",
                }
            if sku["special_price"] == sku["price"]:
                sku["special_price"] = price
            sku["price"] = price
        if change.get("quantity") not in (None, ""):
            # UpdateProduct sets the sellable quantity (inventory guide)
            quantity = self._number(change["quantity"], int)
            if quantity is None or quantity < 0:
                return {
                    "seller_sku": sku["SellerSku"],
                    "field": "quantity",
                    "message": QUANTITY_ILLEGAL,
                }
            sku["quantity"] = sku["occupied"] + quantity
        if change.get("Status"):
            sku["Status"] = change["Status"]
        self._store_sku_details(sku, change)
        return None

    def _product_update(self, params, request):
        product = self._product_payload(params)
        item_id = self._number(product.get("ItemId"), int)
        if not item_id:
            raise LazadaError("1", "E001: Parameter ItemId is mandatory")
        item = self.products.get(item_id)
        if not item:
            raise LazadaError(
                "4137",
                "The item id entered in the request does not exist on the current "
                "country and store",
            )
        if product.get("PrimaryCategory") not in (None, ""):
            # the product moves to another category (update-a-product guide)
            category = self._number(product["PrimaryCategory"], int)
            if category not in catalog.CATEGORY_ATTRIBUTES:
                raise LazadaError(
                    "201", f"E201: {product['PrimaryCategory']} Invalid CategoryId"
                )
            item["primary_category"] = category
        attributes = product.get("Attributes")
        if isinstance(attributes, dict):
            item["attributes"].update(attributes)
        if "Images" in product:
            item["images"] = child_list(product, "Images", "Image")
        detail = [
            problem
            for change in child_list(product, "Skus", "Sku")
            if (problem := self._update_sku(item, change))
        ]
        if any(s["Status"] == "active" for s in item["skus"]):
            item["status"] = "active"
        item["updated_time"] = str(int(self.clock() * 1000))
        if detail:
            raise LazadaError("501", "E501: Update product failed", detail=detail)
        status = "Active" if item["status"] == "active" else "InActive"
        if item.get("qc_status") == "pending":
            status = "Pending QC"
        return {"data": {"item_status": status}}

    def _product_remove(self, params, request):
        by_id = self._json_list(params, "sku_id_list")
        by_seller_sku = self._json_list(params, "seller_sku_list")
        if len(by_id) + len(by_seller_sku) > apis.MAX_SKUS_PER_UPDATE:
            raise LazadaError("204", "E204: Too many SKU in one request")
        found = [self._sku(sku_id=str(entry).rsplit("_", 1)[-1]) for entry in by_id]
        found += [self._sku(seller_sku=str(entry)) for entry in by_seller_sku]
        for product, sku in found:
            if product and sku in product["skus"]:
                product["skus"].remove(sku)
                if not product["skus"]:
                    product["status"] = "deleted"
                product["updated_time"] = str(int(self.clock() * 1000))
        return {"data": {}}

    def _sku_changes(self, params):
        skus = child_list(self._product_payload(params), "Skus", "Sku")
        if not skus:
            raise LazadaError("30", "E030: Empty Request")
        if len(skus) > apis.MAX_SKUS_PER_UPDATE:
            raise LazadaError(
                "4171",
                "The updated SKU quantity exceeds the maximum number 50, please do "
                "not update more than 50 SKUs at once",
            )
        return skus

    def _find_change_sku(self, change):
        """The SKU a change addresses: SkuId first, else SellerSku."""
        if not isinstance(change, dict):
            return None
        if change.get("SkuId"):
            _product, sku = self._sku(sku_id=change["SkuId"])
            if sku:
                return sku
        if change.get("SellerSku"):
            return self._sku(seller_sku=change["SellerSku"])[1]
        return None

    def _apply_sku_changes(self, skus, apply):
        detail = []
        for change in skus:
            sku = self._find_change_sku(change)
            if not sku:
                detail.append(
                    {
                        "seller_sku": (change or {}).get("SellerSku")
                        if isinstance(change, dict)
                        else None,
                        "field": "SellerSku",
                        "message": "4136: SELLER_SKU_NOT_FOUND",
                    }
                )
                continue
            error = apply(sku, change)
            if error:
                detail.append({"seller_sku": sku["SellerSku"], "message": error})
        if detail:
            raise LazadaError("501", "E501: Update product failed", detail=detail)
        return {"data": {}}

    @staticmethod
    def _warehouse_entries(change):
        holder = change.get("MultiWarehouseInventories")
        if not isinstance(holder, dict):
            return []
        return [
            e
            for e in as_list(holder.get("MultiWarehouseInventory"))
            if isinstance(e, dict)
        ]

    def _set_warehouse_quantities(self, sku, quantities):
        """Total quantity per warehouse; the SKU's quantity is their sum."""
        warehouses = dict(sku.get("warehouses") or {"dropshipping": sku["quantity"]})
        warehouses.update(quantities)
        if sum(warehouses.values()) < sku["occupied"]:
            return (
                "4152: THD_INVENTORY_ERR_INV_PARAM_ILLEGAL:illegal parameter:quantity"
            )
        sku["warehouses"] = warehouses
        sku["quantity"] = sum(warehouses.values())
        return None

    def _price_quantity_apply(self, sku, change):
        quantities = {}
        for entry in self._warehouse_entries(change):
            quantity = self._number(entry.get("Quantity"), int)
            if quantity is None or quantity < 0 or not entry.get("WarehouseCode"):
                return "4152: THD_INVENTORY_ERR_INV_PARAM_ILLEGAL:illegal parameter"
            quantities[str(entry["WarehouseCode"])] = quantity
        if change.get("Quantity") not in (None, ""):
            quantity = self._number(change["Quantity"], int)
            if quantity is None or quantity < 0:
                return "4152: THD_INVENTORY_ERR_INV_PARAM_ILLEGAL:illegal parameter"
            quantities["dropshipping"] = quantity
        prices = {}
        for name in ("Price", "SalePrice"):
            if change.get(name) not in (None, ""):
                prices[name] = self._number(change[name])
                if not prices[name] or prices[name] <= 0:
                    return "4118: BIZ_CHECK_PRICE_IS_ZERO"
        if quantities:
            error = self._set_warehouse_quantities(sku, quantities)
            if error:
                return error
        if "Price" in prices:
            if "SalePrice" not in prices and sku["special_price"] == sku["price"]:
                sku["special_price"] = prices["Price"]
            sku["price"] = prices["Price"]
        if "SalePrice" in prices:
            sku["special_price"] = prices["SalePrice"]
            for date, field_name in (
                ("SaleStartDate", "special_from_date"),
                ("SaleEndDate", "special_to_date"),
            ):
                if change.get(date):
                    sku[field_name] = change[date]
        return None

    def _price_quantity_update(self, params, request):
        return self._apply_sku_changes(
            self._sku_changes(params), self._price_quantity_apply
        )

    def _sellable_apply(self, sku, change):
        quantities = {}
        entries = self._warehouse_entries(change)
        for entry in entries:
            quantity = self._number(entry.get("SellableQuantity"), int)
            if quantity is None or quantity < 0 or not entry.get("WarehouseCode"):
                return "212: sellable inventory cannot be negative"
            code = str(entry["WarehouseCode"])
            quantities[code] = quantity + (
                sku["occupied"] if code == "dropshipping" else 0
            )
        if change.get("SellableQuantity") not in (None, "") or not entries:
            quantity = self._number(change.get("SellableQuantity"), int)
            if quantity is None or quantity < 0:
                return "212: sellable inventory cannot be negative"
            quantities["dropshipping"] = sku["occupied"] + quantity
        return self._set_warehouse_quantities(sku, quantities)

    def _sellable_update(self, params, request):
        return self._apply_sku_changes(self._sku_changes(params), self._sellable_apply)

    def _product_deactivate(self, params, request):
        product = self._product_payload(params, "apiRequestBody")
        item_id = self._number(product.get("ItemId"), int)
        if not item_id:
            raise LazadaError("E0001", "Parameter ItemId is mandatory")
        item = self.products.get(item_id)
        if not item or item["status"] == "deleted":
            raise LazadaError("E0002", "Product not exists")
        skus = product.get("Skus") if isinstance(product.get("Skus"), dict) else {}
        sku_ids = {str(s) for s in as_list(skus.get("SkuId"))}
        if sku_ids - {str(s["SkuId"]) for s in item["skus"]}:
            raise LazadaError("E0003", "Seller Sku not exists")
        for sku in item["skus"]:
            if not sku_ids or str(sku["SkuId"]) in sku_ids:
                sku["Status"] = "inactive"
        if all(s["Status"] == "inactive" for s in item["skus"]):
            item["status"] = "inactive"
        item["updated_time"] = str(int(self.clock() * 1000))
        return {"data": {}}
