"""The shop's catalogue: warehouses, uploaded images, products and their
SKUs with stock per warehouse, and the product APIs over them.
"""

import base64
import hashlib
from decimal import Decimal, InvalidOperation

from . import catalog
from .common import TikTokError, decimal, money, page

PARAM = 12052910  # "Invalid input parameters" of the product APIs
DRAFT, PENDING, ACTIVATE = "DRAFT", "PENDING", "ACTIVATE"
SELLER_DEACTIVATED, DELETED = "SELLER_DEACTIVATED", "DELETED"
PRODUCT_STATUSES = (
    "ALL",
    DRAFT,
    PENDING,
    "FAILED",
    ACTIVATE,
    SELLER_DEACTIVATED,
    "PLATFORM_DEACTIVATED",
    "FREEZE",
    DELETED,
)
WEIGHT_UNITS = ("KILOGRAM", "GRAM", "POUND")
DIMENSION_UNITS = ("CENTIMETER", "INCH")
MAX_QUANTITY = 99999
MAX_SKUS = 100
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# A product's main images: how many, and their side in pixels.
MAX_MAIN_IMAGES = 9
MAIN_IMAGE_SIDE = (300, 4000)
# The picture of a seeded product: TikTok lists no product without one.
SEED_IMAGE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
IMAGE_USE_CASES = (
    "MAIN_IMAGE",
    "ATTRIBUTE_IMAGE",
    "DESCRIPTION_IMAGE",
    "CERTIFICATION_IMAGE",
    "SIZE_CHART_IMAGE",
)
# Codes per check, for create and edit (the reference lists different ones).
CREATE_CODES = {"sku_list": PARAM, "price": PARAM, "sku_foreign": PARAM}
EDIT_CODES = {"sku_list": 12052902, "price": 12052571, "sku_foreign": 12052557}


def _custom_id(*parts):
    """A stable id for a seller-defined attribute or value name."""
    digest = hashlib.sha1("/".join(parts).encode()).hexdigest()
    return str(7000000000000000000 + int(digest[:15], 16))


class ProductsMixin:
    """Catalogue half of :class:`TikTokShop`."""

    def _init_products(self):
        self.products = {}
        self.images = {}

    # Warehouses -------------------------------------------------------------------

    def warehouse_ids(self):
        return [w["id"] for w in self.warehouses]

    def default_warehouse_id(self):
        return next(w["id"] for w in self.warehouses if w["is_default"])

    def api_warehouses(self, call):
        return {"warehouses": [dict(w) for w in self.warehouses]}

    # Categories -------------------------------------------------------------------

    def api_categories(self, call):
        version = call.query.get("category_version") or "v1"
        if version != "v1":
            raise TikTokError(
                12052217,
                "Incorrect category version. Shops of this region use "
                "category_version v1.",
            )
        return {"categories": catalog.category_list(call.query.get("keyword"))}

    def api_attributes(self, call):
        category_id = call.path_params["category_id"]
        if not catalog.category(category_id):
            raise TikTokError(12052023, "Category does not exist")
        if not catalog.is_leaf(category_id):
            raise TikTokError(12052024, "Category is not final category")
        return {
            "attributes": [dict(a) for a in catalog.ATTRIBUTES.get(category_id, ())]
        }

    # Images -----------------------------------------------------------------------

    def api_upload_image(self, call):
        upload = call.files.get("data")
        if not upload:
            raise TikTokError(
                11050001, "invalid param: data (the image file) is required"
            )
        use_case = call.form.get("use_case") or "MAIN_IMAGE"
        if use_case not in IMAGE_USE_CASES:
            raise TikTokError(11050001, "invalid param: use_case")
        _filename, content = upload
        if not content:
            raise TikTokError(
                12038002,
                "Invalid upload file. Please ensure you are passing the correct "
                "file data.",
            )
        if len(content) > MAX_IMAGE_BYTES:
            raise TikTokError(
                12038005, "The file size exceeds the maximum allowed size."
            )
        size = catalog.image_size(content)
        if size is None:
            raise TikTokError(
                12038004,
                "Failed to process the image. The format or content is not supported.",
            )
        _format, width, height = size
        digest = hashlib.sha1(content).hexdigest()[:32]
        uri = f"tos-sandbox-i-oms/{digest}"
        self.images[uri] = {
            "content": content,
            "width": width,
            "height": height,
            "use_case": use_case,
        }
        return {
            "uri": uri,
            "url": self.image_url(call.base_url, uri),
            "height": height,
            "width": width,
            "use_case": use_case,
        }

    @staticmethod
    def image_url(base_url, uri):
        return f"{base_url}/_sandbox/images/{uri.rsplit('/', 1)[-1]}"

    def image_content(self, key):
        for uri, image in self.images.items():
            if uri.rsplit("/", 1)[-1] == key:
                return image["content"]
        return None

    # Products: Python API (seeding, tests) ----------------------------------------

    def add_product(
        self,
        title,
        skus,
        category_id=catalog.DEFAULT_CATEGORY,
        status=ACTIVATE,
        description=None,
    ):
        """Create a live product; ``skus`` are ``{seller_sku, price, stock
        (default warehouse) or inventory {warehouse_id: qty}, attributes
        [(name, value)]}``. Returns the product id."""
        product_id = self.ids.next("product")
        now = self.now()
        product = {
            "id": product_id,
            "title": title,
            "description": description or f"<p>{title}</p>",
            "category_id": category_id,
            "main_images": [self._seed_image(product_id)],
            "package_weight": {"value": "0.5", "unit": "KILOGRAM"},
            "package_dimensions": None,
            "product_attributes": _seed_attributes(category_id),
            "is_cod_allowed": True,
            "external_product_id": None,
            "skus": [],
            "status": status,
            "create_time": now,
            "update_time": now,
            "audit_at": None,
        }
        for entry in skus:
            inventory = entry.get("inventory") or {
                self.default_warehouse_id(): int(entry.get("stock", 0))
            }
            product["skus"].append(
                {
                    "id": self.ids.next("sku"),
                    "seller_sku": entry.get("seller_sku") or "",
                    "price": decimal(entry.get("price", 0)),
                    "inventory": {str(k): int(v) for k, v in inventory.items()},
                    "sales_attributes": [
                        {
                            "id": _custom_id(name),
                            "name": name,
                            "value_id": _custom_id(name, value),
                            "value_name": value,
                        }
                        for name, value in entry.get("attributes")
                        # TikTok tells a product's SKUs apart by their sales
                        # attributes: a seeded one without gets its own
                        or (
                            (("Variant", entry.get("seller_sku") or ""),)
                            if len(skus) > 1
                            else ()
                        )
                    ],
                    "external_sku_id": None,
                }
            )
        self.products[product_id] = product
        return product_id

    def find_sku(self, seller_sku):
        """``(product, sku)`` of a live SKU by its seller SKU."""
        for product in self.products.values():
            if product["status"] == DELETED:
                continue
            for sku in product["skus"]:
                if sku["seller_sku"] == seller_sku:
                    return product, sku
        raise KeyError(f"no SKU {seller_sku}")

    def sellable_skus(self):
        return [
            (product, sku)
            for product in self.products.values()
            if product["status"] == ACTIVATE
            for sku in product["skus"]
            if sum(sku["inventory"].values()) > 0
        ]

    def settle_products(self):
        """Finish the audit of pending products whose review time is over."""
        for product in self.products.values():
            if product["status"] == PENDING and product["audit_at"] <= self.now():
                product["status"] = ACTIVATE
                product["update_time"] = self.now()
                self.notify(
                    5,
                    {
                        "product_id": product["id"],
                        "status": "PRODUCT_FIRST_PASS_REVIEW",
                        "suspended_reason": "",
                        "update_time": self.now(),
                    },
                )

    # Products: serialisation ------------------------------------------------------

    def _price(self, sku):
        amount = money(sku["price"])
        return {
            "currency": self.currency,
            "tax_exclusive_price": amount,
            "sale_price": amount,
        }

    def _inventory(self, sku):
        return [
            {"warehouse_id": warehouse_id, "quantity": quantity}
            for warehouse_id, quantity in sku["inventory"].items()
        ]

    def _audit(self, product):
        status = {PENDING: "AUDITING", ACTIVATE: "APPROVED"}.get(product["status"])
        return {"status": status or "NONE"}

    def _seed_image(self, product_id):
        uri = f"tos-sandbox-i-oms/seed-{product_id}"
        self.images[uri] = {
            "content": SEED_IMAGE,
            "width": 600,
            "height": 600,
            "use_case": "MAIN_IMAGE",
        }
        return uri

    def _image(self, base_url, uri):
        image = self.images.get(uri) or {"width": 0, "height": 0}
        url = self.image_url(base_url, uri)
        return {
            "height": image["height"],
            "width": image["width"],
            "thumb_urls": [url],
            "uri": uri,
            "urls": [url],
        }

    def product_summary(self, product):
        return {
            "id": product["id"],
            "title": product["title"],
            "status": product["status"],
            "skus": [
                {
                    "id": sku["id"],
                    "seller_sku": sku["seller_sku"],
                    "price": self._price(sku),
                    "inventory": self._inventory(sku),
                    "status_info": {"status": "NORMAL"},
                }
                for sku in product["skus"]
            ],
            "sales_regions": [self.region],
            "create_time": product["create_time"],
            "update_time": product["update_time"],
            "is_not_for_sale": False,
            "audit": self._audit(product),
            "has_draft": False,
        }

    def product_detail(self, product, base_url):
        detail = {
            "id": product["id"],
            "status": product["status"],
            "title": product["title"],
            "category_chains": catalog.category_chain(product["category_id"]),
            "main_images": [
                self._image(base_url, uri) for uri in product["main_images"]
            ],
            "description": product["description"],
            "package_weight": dict(product["package_weight"]),
            "skus": [
                {
                    "id": sku["id"],
                    "seller_sku": sku["seller_sku"],
                    "price": self._price(sku),
                    "inventory": self._inventory(sku),
                    "sales_attributes": [dict(a) for a in sku["sales_attributes"]],
                    **(
                        {"external_sku_id": sku["external_sku_id"]}
                        if sku["external_sku_id"]
                        else {}
                    ),
                }
                for sku in product["skus"]
            ],
            "is_cod_allowed": product["is_cod_allowed"],
            "product_attributes": [dict(a) for a in product["product_attributes"]],
            "update_time": product["update_time"],
            "create_time": product["create_time"],
            "is_not_for_sale": False,
            "audit": self._audit(product),
            "has_draft": False,
            "product_status": product["status"]
            if product["status"] != PENDING
            else "INITIAL",
        }
        if product["package_dimensions"]:
            detail["package_dimensions"] = dict(product["package_dimensions"])
        if product["external_product_id"]:
            detail["external_product_id"] = product["external_product_id"]
        return detail

    # Products: API ----------------------------------------------------------------

    def _product(self, product_id, code=12052032):
        product = self.products.get(str(product_id))
        if product is None or product["status"] == DELETED:
            raise TikTokError(code, "The product does not exist")
        return product

    def api_search_products(self, call):
        size = call.page_size(None, 100, code=12019109)
        offset = call.offset(code=12019108)
        status = call.body_value("status", str, default="ALL")
        if status not in PRODUCT_STATUSES:
            raise call.refuse("status is not a product status.")
        seller_skus = call.body_list("seller_skus", str)
        if len(seller_skus) > 10:
            raise TikTokError(
                12019027, "The maximum count of seller_skus in the search filter is 10."
            )
        sku_ids = call.body_list("sku_ids", str)
        if len(sku_ids) > 10:
            raise TikTokError(12019087, "The number of SKU IDs exceeds the limit of 10")
        created = call.time_range("create_time", "le", code=12019118)
        updated = call.time_range("update_time", "le", code=12019119)
        found = []
        for product in self.products.values():
            if status == "ALL" and product["status"] == DELETED:
                continue
            if status != "ALL" and product["status"] != status:
                continue
            if not _between(product["create_time"], created):
                continue
            if not _between(product["update_time"], updated):
                continue
            skus = {sku["seller_sku"] for sku in product["skus"]}
            if seller_skus and not skus & set(seller_skus):
                continue
            if sku_ids and not {sku["id"] for sku in product["skus"]} & set(sku_ids):
                continue
            found.append(product)
        chunk, token = page(found, offset, size)
        return {
            "total_count": len(found),
            "products": [self.product_summary(p) for p in chunk],
            "next_page_token": token,
        }

    def api_get_product(self, call):
        product = self._product(call.path_params["product_id"])
        return self.product_detail(product, call.base_url)

    def api_create_product(self, call):
        fields = self._product_fields(call, CREATE_CODES)
        product_id = self.ids.next("product")
        now = self.now()
        draft = call.body.get("save_mode") == "AS_DRAFT"
        product = {
            "id": product_id,
            "create_time": now,
            "update_time": now,
            "status": DRAFT if draft else PENDING,
            "audit_at": None if draft else now + self.audit_delay,
            **fields,
        }
        for sku in product["skus"]:
            sku["id"] = sku["id"] or self.ids.next("sku")
        self.products[product_id] = product
        self.settle_products()
        return self._product_answer(product)

    def api_edit_product(self, call):
        product = self._product(call.path_params["product_id"])
        fields = self._product_fields(call, EDIT_CODES, product)
        for sku in fields["skus"]:
            sku["id"] = sku["id"] or self.ids.next("sku")
        product.update(fields)
        product["update_time"] = self.now()
        if product["status"] == ACTIVATE and call.body.get("save_mode") != "AS_DRAFT":
            # a live product goes back to review after an edit
            product["status"], product["audit_at"] = (
                PENDING,
                self.now() + self.audit_delay,
            )
        self.settle_products()
        answer = self._product_answer(product)
        answer["audit"] = self._audit(product)
        return answer

    @staticmethod
    def _product_answer(product):
        return {
            "product_id": product["id"],
            "skus": [
                {
                    "id": sku["id"],
                    "seller_sku": sku["seller_sku"],
                    "sales_attributes": [
                        {"id": a["id"], "value_id": a["value_id"]}
                        for a in sku["sales_attributes"]
                    ],
                    **(
                        {"external_sku_id": sku["external_sku_id"]}
                        if sku["external_sku_id"]
                        else {}
                    ),
                }
                for sku in product["skus"]
            ],
            "warnings": [],
        }

    def _product_fields(self, call, codes, existing=None):
        """Validate a create/edit body into stored product fields."""
        title = call.body_value("title", str)
        if not title or not title.strip():
            raise TikTokError(12052261, "product name is empty")
        description = call.body_value("description", str)
        if not description:
            raise TikTokError(12052015, "The product description is required")
        category_id = str(call.body_value("category_id", str, required=True))
        if not catalog.category(category_id):
            raise TikTokError(12052023, "Category does not exist")
        if not catalog.is_leaf(category_id):
            raise TikTokError(12052024, "Category is not final category")
        images = call.body_value("main_images", list)
        if not images:
            raise TikTokError(12052028, "Main product image is required")
        if len(images) > MAX_MAIN_IMAGES:
            raise call.refuse(f"main_images holds at most {MAX_MAIN_IMAGES} images.")
        uris = []
        for image in images:
            uri = image.get("uri") if isinstance(image, dict) else None
            if uri not in self.images:
                raise TikTokError(12052300, "product main image uri illegal")
            self._check_main_image(uri)
            uris.append(uri)
        weight = call.body_value("package_weight", dict, required=True)
        if weight.get("unit") not in WEIGHT_UNITS or not _positive(weight.get("value")):
            raise TikTokError(12019011, "product package weight is invalid")
        dimensions = call.body_value("package_dimensions", dict)
        if dimensions and (
            dimensions.get("unit") not in DIMENSION_UNITS
            or not all(
                _positive(dimensions.get(k)) for k in ("length", "width", "height")
            )
        ):
            raise call.refuse("package_dimensions is invalid.")
        attributes = self._product_attributes(call, category_id)
        return {
            "title": title,
            "description": description,
            "category_id": category_id,
            "main_images": uris,
            "package_weight": {"value": str(weight["value"]), "unit": weight["unit"]},
            "package_dimensions": dimensions
            and {k: str(dimensions[k]) for k in ("length", "width", "height", "unit")},
            "product_attributes": attributes,
            "is_cod_allowed": bool(call.body.get("is_cod_allowed", True)),
            "external_product_id": call.body_value("external_product_id", str),
            "skus": self._skus(call, codes, existing),
        }

    def _check_main_image(self, uri):
        low, high = MAIN_IMAGE_SIDE
        image = self.images[uri]
        if min(image["width"], image["height"]) < low:
            raise TikTokError(
                12052301,
                f"Width and length of main image must be at least {low}, check "
                f"uri {uri}",
            )
        if max(image["width"], image["height"]) > high:
            raise TikTokError(12052302, "The main images size exceed limit.")

    def _product_attributes(self, call, category_id):
        names = catalog.attribute_names()
        attributes = []
        for entry in call.body_list("product_attributes", dict):
            attribute_id = str(entry.get("id") or "")
            values = entry.get("values")
            if attribute_id not in names or not isinstance(values, list) or not values:
                raise call.refuse("product_attributes needs an id and values.")
            known = names[attribute_id][1]
            attributes.append(
                {
                    "id": attribute_id,
                    "name": names[attribute_id][0],
                    "values": [
                        {
                            "id": str(
                                value.get("id")
                                or _custom_id(attribute_id, value.get("name", ""))
                            ),
                            "name": known.get(
                                str(value.get("id")), value.get("name") or ""
                            ),
                        }
                        for value in values
                        if isinstance(value, dict)
                    ],
                }
            )
        given = {a["id"] for a in attributes}
        for attribute_id in catalog.REQUIRED_ATTRIBUTES.get(category_id, ()):
            if attribute_id not in given:
                raise TikTokError(
                    12052104, f"property is required: {names[attribute_id][0]}"
                )
        return attributes

    def _skus(self, call, codes, existing):
        entries = call.body_value("skus", list)
        if not entries:
            raise TikTokError(codes["sku_list"], "The SKU list is empty.")
        if len(entries) > MAX_SKUS:
            raise TikTokError(
                12052050, "A single product cannot have more than 100 different SKUs"
            )
        old = {sku["id"]: sku for sku in (existing or {}).get("skus", ())}
        skus, combinations = [], set()
        for entry in entries:
            if not isinstance(entry, dict):
                raise call.refuse("skus holds a value that is not an object.")
            sku_id = str(entry.get("id") or "") or None
            if sku_id and sku_id not in old:
                raise TikTokError(
                    codes["sku_foreign"], "The SKU ID does not belong to the product."
                )
            price = entry.get("price")
            if not isinstance(price, dict) or not price.get("currency"):
                raise TikTokError(codes["price"], "Missing price for SKU(s)")
            if price["currency"] != self.currency or not _positive(price.get("amount")):
                raise TikTokError(
                    codes["price"] if existing else PARAM, "the sale price is invalid"
                )
            inventory = self._sku_inventory(call, entry.get("inventory"))
            attributes = self._sales_attributes(call, entry.get("sales_attributes"))
            combination = tuple(sorted((a["id"], a["value_id"]) for a in attributes))
            if combination in combinations:
                raise TikTokError(
                    12052560, "The SKU contains duplicate sales attribute."
                )
            combinations.add(combination)
            skus.append(
                {
                    "id": sku_id,
                    "seller_sku": str(entry.get("seller_sku") or ""),
                    "price": decimal(price["amount"]),
                    "inventory": inventory,
                    "sales_attributes": attributes,
                    "external_sku_id": entry.get("external_sku_id") or None,
                }
            )
        return skus

    def _sku_inventory(self, call, entries):
        if not isinstance(entries, list) or not entries:
            raise call.refuse("skus.inventory is required.")
        inventory = {}
        for entry in entries:
            warehouse_id = (
                str(entry.get("warehouse_id") or "") if isinstance(entry, dict) else ""
            )
            if not warehouse_id:
                raise call.refuse("skus.inventory.warehouse_id is required.")
            self._check_warehouse(warehouse_id)
            quantity = entry.get("quantity", 0)
            if isinstance(quantity, bool) or not isinstance(quantity, int):
                raise call.refuse("skus.inventory.quantity must be an integer.")
            if not 0 <= quantity <= MAX_QUANTITY:
                raise TikTokError(
                    12052055,
                    "The SKU inventory quantity for the warehouse must be within "
                    "allowed limits.",
                )
            inventory[warehouse_id] = quantity
        return inventory

    def _check_warehouse(self, warehouse_id):
        if warehouse_id in self.warehouse_ids():
            return
        if warehouse_id in self.foreign_warehouses():
            raise TikTokError(
                12052530,
                f"The warehouse '{warehouse_id}' does not belong to this shop/seller.",
            )
        raise TikTokError(12052097, "The warehouse does not exist")

    def _sales_attributes(self, call, entries):
        names = catalog.attribute_names()
        attributes = []
        for entry in entries or []:
            if not isinstance(entry, dict):
                raise call.refuse(
                    "sales_attributes holds a value that is not an object."
                )
            attribute_id = str(entry.get("id") or "")
            name = entry.get("name") or names.get(attribute_id, ("",))[0]
            if not attribute_id and not name:
                raise call.refuse("sales_attributes needs an id or a name.")
            attribute_id = attribute_id or _custom_id(name)
            value_id = str(entry.get("value_id") or "")
            known = names.get(attribute_id, ("", {}))[1]
            value_name = entry.get("value_name") or known.get(value_id, "")
            if not value_id and not value_name:
                raise call.refuse("sales_attributes needs a value_id or a value_name.")
            attributes.append(
                {
                    "id": attribute_id,
                    "name": name,
                    "value_id": value_id or _custom_id(attribute_id, value_name),
                    "value_name": value_name,
                }
            )
        return attributes

    def _product_batch(self, call, code_unknown, change):
        """Apply ``change`` to each of ``product_ids`` (at most 20); products
        that cannot change are listed in ``errors`` (code 0 overall)."""
        ids = call.body_list("product_ids", str, required=True)
        if len(ids) > 20:
            raise TikTokError(
                12019120, "The number of provided product IDs exceeds the limit."
            )
        failures = []
        for product_id in ids:
            product = self.products.get(product_id)
            if product is None or product["status"] == DELETED:
                failures.append(
                    {
                        "code": code_unknown,
                        "message": "The product does not exist",
                        "detail": {"product_id": product_id},
                    }
                )
                continue
            message = change(product)
            if message:
                failures.append(
                    {
                        "code": 12052901,
                        "message": message,
                        "detail": {"product_id": product_id},
                    }
                )
            else:
                product["update_time"] = self.now()
        self.settle_products()
        return {"errors": failures} if failures else {}

    def api_activate_products(self, call):
        def activate(product):
            if product["status"] not in (DRAFT, SELLER_DEACTIVATED, "FAILED"):
                return (
                    "The product in its current status is not available for this "
                    "operation."
                )
            product["status"], product["audit_at"] = (
                PENDING,
                self.now() + self.audit_delay,
            )
            return None

        return self._product_batch(call, 12052048, activate)

    def api_deactivate_products(self, call):
        def deactivate(product):
            if product["status"] not in (ACTIVATE, PENDING):
                return (
                    "The product in its current status is not available for this "
                    "operation."
                )
            product["status"] = SELLER_DEACTIVATED
            return None

        return self._product_batch(call, 12052032, deactivate)

    def api_delete_products(self, call):
        def delete(product):
            product["status"] = DELETED

        return self._product_batch(call, 12052032, delete)

    def api_update_inventory(self, call):
        product = self._product(call.path_params["product_id"])
        entries = call.body_value("skus", list)
        if not entries:
            raise TikTokError(12052902, "The SKU list is empty.")
        skus = {sku["id"]: sku for sku in product["skus"]}
        updates = []
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get("id"):
                raise TikTokError(12052036, "The SKU ID is necessary")
            sku = skus.get(str(entry["id"]))
            if sku is None:
                raise TikTokError(
                    12052557, "The SKU ID does not belong to the product."
                )
            inventory = entry.get("inventory")
            if not isinstance(inventory, list) or not inventory:
                raise TikTokError(12019024, "stock count is invalid")
            quantities = {}
            for line in inventory:
                quantity = line.get("quantity") if isinstance(line, dict) else None
                if isinstance(quantity, bool) or not isinstance(quantity, int):
                    raise TikTokError(12019024, "stock count is invalid")
                if not 0 <= quantity <= MAX_QUANTITY:
                    raise TikTokError(
                        12052055,
                        "The SKU inventory quantity for the warehouse must be within "
                        "allowed limits.",
                    )
                warehouse_id = str(line.get("warehouse_id") or "")
                if not warehouse_id:
                    if len(sku["inventory"]) > 1:
                        raise TikTokError(
                            12019028,
                            "Multiple warehouses detected. Include all warehouse IDs "
                            "and the corresponding details and try again.",
                        )
                    warehouse_id = next(iter(sku["inventory"]))
                self._check_warehouse(warehouse_id)
                quantities[warehouse_id] = quantity
            if set(quantities) != set(sku["inventory"]):
                raise TikTokError(
                    12019028,
                    "Multiple warehouses detected. Include all warehouse IDs and the "
                    "corresponding details and try again.",
                )
            updates.append((sku, quantities))
        for sku, quantities in updates:
            sku["inventory"] = quantities
        product["update_time"] = self.now()
        return {}


def _between(value, bounds):
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def _positive(value):
    try:
        return Decimal(str(value)) > 0
    except (InvalidOperation, ValueError):
        return False


def _seed_attributes(category_id):
    """The mandatory product attributes of a seeded product, each with its
    category's first value: TikTok lists no product without them."""
    attributes = []
    for attribute in catalog.ATTRIBUTES.get(category_id, ()):
        if attribute["type"] != "PRODUCT_PROPERTY" or not attribute["is_requried"]:
            continue
        value = (attribute["values"] or [{"id": "", "name": "1"}])[0]
        attributes.append(
            {
                "id": attribute["id"],
                "name": attribute["name"],
                "values": [
                    {
                        "id": value["id"] or _custom_id(attribute["id"], value["name"]),
                        "name": value["name"],
                    }
                ],
            }
        )
    return attributes
