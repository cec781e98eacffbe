"""Shop catalogue and listings: categories, attributes, items, models,
images, prices and stock.
"""

import uuid

from . import catalog, const
from .common import (
    Reply,
    ShopeeError,
    as_int,
    int_param,
    list_param,
    money,
    page_size_param,
    param_error,
)


class ProductsMixin:
    """Products and catalogue part of :class:`ShopeeShop`."""

    def _category(self, category_id, language="en"):
        for cid, parent, name, has_children in catalog.CATEGORIES:
            if cid == category_id:
                return {
                    "category_id": cid,
                    "parent_category_id": parent,
                    "original_category_name": name,
                    "display_category_name": catalog.translate(name, language),
                    "has_children": has_children,
                }
        return None

    @staticmethod
    def _language(params, supported):
        """The ``language`` asked for, one the market supports (else the
        documented error_invalid_language)."""
        language = params.get("language") or "en"
        if language.lower() not in {value.lower() for value in supported}:
            raise ShopeeError(
                "error_invalid_language",
                f"Invalid language, the shop supports {', '.join(supported)}.",
            )
        return language

    def api_get_category(self, params):
        language = self._language(params, catalog.CATEGORY_LANGUAGES)
        return {
            "category_list": [
                self._category(category[0], language) for category in catalog.CATEGORIES
            ]
        }

    def _attribute_public(self, attribute, language):
        multi_lang = (
            [
                {
                    "language": language,
                    "value": catalog.translate(attribute["name"], language),
                }
            ]
            if language.lower() != "en"
            else []
        )
        values = []
        for value in attribute["attribute_value_list"]:
            values.append(
                dict(
                    value,
                    multi_lang=[
                        {
                            "language": language,
                            "value": catalog.translate(value["name"], language),
                        }
                    ]
                    if multi_lang
                    else [],
                )
            )
        return dict(attribute, attribute_value_list=values, multi_lang=multi_lang)

    def api_get_attribute_tree(self, params):
        category_ids = [
            as_int(value, "category_id_list")
            for value in list_param(params.get("category_id_list"))
        ]
        if len(category_ids) > const.ATTRIBUTE_TREE_BATCH:
            raise param_error("category_id_list max count is 20")
        language = self._language(params, catalog.ATTRIBUTE_LANGUAGES)
        result = []
        for category_id in category_ids:
            category = self._category(category_id)
            if category is None:
                raise ShopeeError(
                    "error_invalid_category", f"Invalid category ID {category_id}"
                )
            result.append(
                {
                    "category_id": category_id,
                    "attribute_tree": [
                        self._attribute_public(attribute, language)
                        for attribute in catalog.ATTRIBUTE_TREES.get(category_id, [])
                    ],
                }
            )
        return {"list": result}

    def _channel(self, channel_id):
        for channel, mode, carrier in catalog.ALL_CHANNELS:
            if channel["logistics_channel_id"] == channel_id:
                return channel, mode, carrier
        return None

    def add_image(self, content=b"", filename="image.jpg"):
        image_id = f"my-11134207-{uuid.uuid4().hex[:20]}"
        self.images[image_id] = {"filename": filename, "size": len(content)}
        return image_id

    def add_item(
        self,
        name,
        sku=None,
        price=10.0,
        stock=100,
        variants=None,
        category_id=100017,
        status="NORMAL",
        weight=0.3,
        attributes=None,
        logistic_ids=None,
    ):
        """Create a listing; ``variants`` is a list of dicts with ``option``,
        ``sku``, ``price`` and ``stock`` (one model each). Returns item_id."""
        item_id = self._next_item_id
        self._next_item_id += 1
        now = self.now()
        image_id = self.add_image(filename=f"{item_id}.jpg")
        models = {}
        tier_variation = []
        if variants:
            tier_variation = [
                {
                    "name": "Variation",
                    "option_list": [
                        {"option": variant["option"], "image": None}
                        for variant in variants
                    ],
                }
            ]
            for index, variant in enumerate(variants):
                model_id = self._next_model_id
                self._next_model_id += 1
                models[model_id] = self._new_model(
                    model_id,
                    variant.get("sku", ""),
                    variant.get("price", price),
                    variant.get("stock", stock),
                    [index],
                    variant["option"],
                )
        else:
            models[0] = self._new_model(0, sku or "", price, stock, [], "")
        self.items[item_id] = {
            "item_id": item_id,
            "category_id": category_id,
            "item_name": name,
            "description": f"{name} - sold by {self.shop_name}.",
            "item_sku": sku or "",
            "create_time": now,
            "update_time": now,
            "attribute_list": attributes
            or [
                {
                    "attribute_id": catalog.BRAND_ATTRIBUTE_ID,
                    "attribute_value_list": [
                        {"value_id": 0, "original_value_name": "No Brand"}
                    ],
                }
            ],
            "image": {
                "image_id_list": [image_id],
                "image_url_list": [self._image_url(image_id)],
            },
            "weight": weight,
            "dimension": {
                "package_length": 20,
                "package_width": 15,
                "package_height": 5,
            },
            "logistic_info": [
                {"logistic_id": channel_id, "enabled": True, "is_free": False}
                for channel_id in (
                    logistic_ids
                    or [c["logistics_channel_id"] for c, *_r in catalog.CHANNELS]
                )
            ],
            "pre_order": {"is_pre_order": False, "days_to_ship": 2},
            "wholesales": [],
            "condition": "NEW",
            "size_chart": "",
            "item_status": status,
            "video_info": [],
            "brand": {"brand_id": 0, "original_brand_name": "NoBrand"},
            "item_dangerous": 0,
            "description_type": "normal",
            "_tier_variation": tier_variation,
            "_models": models,
        }
        return item_id

    def _new_model(self, model_id, sku, price, stock, tier_index, option):
        return {
            "model_id": model_id,
            "model_sku": sku,
            "model_name": option,
            "tier_index": tier_index,
            "original_price": money(price),
            "current_price": money(price),
            "stock": int(stock),
            "reserved": 0,
            # the seller's ongoing discount promotion (0: none)
            "promotion_id": 0,
        }

    def start_promotion(self, sku, price, promotion_id=None):
        """The seller puts the model (or item) ``sku`` in a discount
        promotion at ``price``: while it runs, ``current_price`` is the
        promotion price and ``has_promotion`` is set (get_item_base_info,
        get_model_list). Returns the promotion id."""
        item, model = self.find_model(sku)
        model["promotion_id"] = promotion_id or self._next_model_id * 7
        model["current_price"] = money(price)
        item["update_time"] = self.now()
        return model["promotion_id"]

    def end_promotion(self, sku):
        item, model = self.find_model(sku)
        model["promotion_id"] = 0
        model["current_price"] = model["original_price"]
        item["update_time"] = self.now()

    @staticmethod
    def _promotion(models):
        """(promotion_id, has_promotion) of an item or model: the first
        ongoing promotion of its models."""
        promotion_id = next((m["promotion_id"] for m in models if m["promotion_id"]), 0)
        return promotion_id, bool(promotion_id)

    def _item(self, item_id, deleted_ok=False):
        item = self.items.get(item_id)
        if item is None or (
            not deleted_ok and item["item_status"] in ("SELLER_DELETE", "SHOPEE_DELETE")
        ):
            raise ShopeeError("error_item_not_found", "Item_id is not found.")
        return item

    def find_model(self, sku):
        """Return (item, model) whose model or item SKU is ``sku``."""
        for item in self.items.values():
            for model in item["_models"].values():
                if model["model_sku"] == sku or (
                    model["model_id"] == 0 and item["item_sku"] == sku
                ):
                    return item, model
        raise KeyError(sku)

    def _price_info(self, model):
        return {
            "currency": self.currency,
            "original_price": model["original_price"],
            "current_price": model["current_price"],
            "inflated_price_of_original_price": model["original_price"],
            "inflated_price_of_current_price": model["current_price"],
        }

    def _stock_info(self, models):
        total = sum(model["stock"] for model in models)
        reserved = sum(model["reserved"] for model in models)
        return {
            "summary_info": {
                "total_reserved_stock": reserved,
                "total_available_stock": max(total - reserved, 0),
            },
            "seller_stock": [{"location_id": "", "stock": total, "if_saleable": True}],
            "shopee_stock": [],
        }

    def _attributes_public(self, item):
        """The item's attributes as get_item_base_info names them."""
        tree = {
            attribute["attribute_id"]: attribute
            for attribute in catalog.ATTRIBUTE_TREES.get(item["category_id"], [])
        }
        attributes = []
        for given in item["attribute_list"]:
            known = tree.get(given["attribute_id"], {})
            names = {
                value["value_id"]: value["name"]
                for value in known.get("attribute_value_list", [])
            }
            attributes.append(
                {
                    "attribute_id": given["attribute_id"],
                    "original_attribute_name": known.get("name", ""),
                    "is_mandatory": bool(known.get("mandatory")),
                    "attribute_value_list": [
                        {
                            "value_id": value.get("value_id", 0),
                            "original_value_name": value.get("original_value_name")
                            or names.get(value.get("value_id"), ""),
                            "value_unit": value.get("value_unit", ""),
                        }
                        for value in given.get("attribute_value_list") or []
                    ],
                }
            )
        return attributes

    def _logistics_public(self, item):
        entries = []
        for entry in item["logistic_info"]:
            found = self._channel(entry["logistic_id"])
            entries.append(
                {
                    "logistic_id": entry["logistic_id"],
                    "logistic_name": found[0]["logistics_channel_name"]
                    if found
                    else "",
                    "enabled": entry.get("enabled", True),
                    "shipping_fee": float(entry.get("shipping_fee") or 0.0),
                    "size_id": int(entry.get("size_id") or 0),
                    "is_free": bool(entry.get("is_free")),
                    "estimated_shipping_fee": self._estimated_fee(item),
                }
            )
        return entries

    @staticmethod
    def _estimated_fee(item):
        """Shopee's weight-based estimate: 4.90 for the first kg, 1.00 a kg on."""
        return money(4.9 + max(float(item["weight"]) - 1.0, 0.0))

    def _images_public(self, item):
        return dict(item["image"], image_ratio="1:1")

    def _item_public(self, item, params=None):
        """One item of get_item_base_info."""
        params = params or {}
        has_model = bool(item["_tier_variation"])
        data = {
            key: item[key]
            for key in (
                "item_id",
                "category_id",
                "item_name",
                "description",
                "item_sku",
                "create_time",
                "update_time",
            )
        }
        data["attribute_list"] = self._attributes_public(item)
        if not has_model:
            data["price_info"] = [self._price_info(item["_models"][0])]
        data["promotion_id"], data["has_promotion"] = self._promotion(
            list(item["_models"].values())
        )
        data.update(
            image=self._images_public(item),
            weight=str(item["weight"]),
            dimension=item["dimension"],
            logistic_info=self._logistics_public(item),
            pre_order=item["pre_order"],
            wholesales=item["wholesales"],
            condition=item["condition"],
            size_chart=item["size_chart"],
            item_status=item["item_status"],
            deboost=False,
            has_model=has_model,
            video_info=item["video_info"],
            brand=item["brand"],
            item_dangerous=item["item_dangerous"],
            description_type=item["description_type"],
            tag={"kit": False},
        )
        if str(params.get("need_tax_info")).lower() == "true":
            # A Malaysian item has none of the BR/IN/PL tax codes.
            data["tax_info"] = dict.fromkeys(
                (
                    "ncm",
                    "diff_state_cfop",
                    "csosn",
                    "origin",
                    "cest",
                    "measure_unit",
                    "invoice_option",
                    "vat_rate",
                    "hs_code",
                    "tax_code",
                ),
                "",
            )
        if not has_model:
            data["stock_info_v2"] = self._stock_info([item["_models"][0]])
        return data

    def api_get_item_list(self, params):
        offset = int_param(params, "offset", 0)
        page_size = page_size_param(params, None)
        statuses = [str(status) for status in list_param(params.get("item_status"))]
        if not statuses:
            raise param_error("item_status is a required field")
        invalid = set(statuses) - set(const.ITEM_STATUSES)
        if invalid:
            raise ShopeeError("error_param_item_status", "Item status error.")
        update_from = int_param(params, "update_time_from")
        update_to = int_param(params, "update_time_to")
        items = sorted(
            (
                item
                for item in self.items.values()
                if item["item_status"] in statuses
                and (update_from is None or item["update_time"] >= update_from)
                and (update_to is None or item["update_time"] <= update_to)
            ),
            key=lambda item: item["item_id"],
        )
        page = items[offset : offset + page_size]
        has_next = offset + page_size < len(items)
        return {
            "item": [
                {
                    "item_id": item["item_id"],
                    "item_status": item["item_status"],
                    "update_time": item["update_time"],
                    "tag": {"kit": False},
                }
                for item in page
            ],
            "total_count": len(items),
            "has_next_page": has_next,
            "next_offset": offset + page_size if has_next else 0,
        }

    def api_search_item(self, params):
        offset = int_param(params, "offset", 0)
        page_size = page_size_param(params, None)
        sku = params.get("item_sku") or ""
        name = (params.get("item_name") or "").lower()
        attribute_status = int_param(params, "attribute_status")
        if not (sku or name or attribute_status is not None):
            raise param_error("request must set one of [item_name,attribute_status]")
        if attribute_status not in (None, 1, 2):
            raise param_error("attribute_status must be 1 or 2")
        statuses = [str(status) for status in list_param(params.get("item_status"))]
        if set(statuses) - set(const.ITEM_STATUSES):
            raise ShopeeError("error_param_item_status", "Item status error.")
        statuses = statuses or const.LISTED_ITEM_STATUSES
        deboost_only = str(params.get("deboost_only")).lower() == "true"

        def matches(item):
            if item["item_status"] not in statuses or deboost_only:
                return False  # no item of the sandbox is deboosted
            if sku:  # Shopee: the SKU wins over the name
                found = item["item_sku"] == sku or any(
                    model["model_sku"] == sku for model in item["_models"].values()
                )
            else:
                found = not name or name in item["item_name"].lower()
            lacking = self._lacking_attributes(item)
            return found and (
                attribute_status is None
                or (attribute_status == 1 and lacking["mandatory"])
                or (attribute_status == 2 and lacking["optional"])
            )

        ids = sorted(i for i, item in self.items.items() if matches(item))
        page = ids[offset : offset + page_size]
        more = offset + page_size < len(ids)
        return {
            "item_id_list": page,
            "total_count": len(ids),
            "next_offset": str(offset + page_size) if more else "",
        }

    def _lacking_attributes(self, item):
        """Whether ``item`` lacks a mandatory, an optional attribute of its
        category (search_item's ``attribute_status`` 1 and 2)."""
        given = {
            attribute["attribute_id"]
            for attribute in item["attribute_list"]
            if attribute.get("attribute_value_list")
        }
        lacking = {"mandatory": False, "optional": False}
        for attribute in catalog.ATTRIBUTE_TREES.get(item["category_id"], []):
            if attribute["attribute_id"] not in given:
                lacking["mandatory" if attribute["mandatory"] else "optional"] = True
        return lacking

    def api_get_item_base_info(self, params):
        item_ids = [
            as_int(v, "item_id_list") for v in list_param(params["item_id_list"])
        ]
        if len(item_ids) > const.ITEM_BASE_INFO_BATCH:
            raise param_error("item_id_list length should be between 0 and 50")
        found = [self.items[item_id] for item_id in item_ids if item_id in self.items]
        reply = Reply(
            {"item_list": [self._item_public(item, params) for item in found]}
        )
        missing = [item_id for item_id in item_ids if item_id not in self.items]
        if missing:
            reply.warning = f"item_id {','.join(map(str, missing))} not found"
        return reply

    def api_get_model_list(self, params):
        item = self._item(int_param(params, "item_id", required=True), deleted_ok=True)
        tier_variation = [
            {
                "name": tier["name"],
                "option_list": [
                    {
                        "option": option["option"],
                        # an option without its own picture shows the item's
                        "image": option.get("image")
                        or {
                            "image_id": item["image"]["image_id_list"][0],
                            "image_url": item["image"]["image_url_list"][0],
                        },
                    }
                    for option in tier["option_list"]
                ],
            }
            for tier in item["_tier_variation"]
        ]
        models = [
            {
                "model_id": model["model_id"],
                "model_sku": model["model_sku"],
                "model_status": "MODEL_NORMAL",
                "tier_index": model["tier_index"],
                "promotion_id": model["promotion_id"],
                "has_promotion": bool(model["promotion_id"]),
                "price_info": [self._price_info(model)],
                "stock_info_v2": self._stock_info([model]),
                "pre_order": item["pre_order"],
                "weight": str(item["weight"]),
                "dimension": item["dimension"],
                "is_fulfillment_by_shopee": False,
            }
            for model in item["_models"].values()
            if tier_variation
        ]
        # Standardised variations are Shopee's own option lists; the emulated
        # listings use the seller's free variations only.
        return {
            "tier_variation": tier_variation,
            "model": models,
            "standardise_tier_variation": [],
        }

    def api_upload_image(self, files, params):
        """``files`` is a list of (filename, content) from the multipart body."""
        if not files:
            raise param_error("image is a required field")
        if params.get("scene", "normal") not in ("normal", "desc"):
            raise param_error("scene should be normal or desc")
        if params.get("ratio", "1:1") not in ("1:1", "3:4"):
            raise param_error("ratio should be 1:1 or 3:4")
        if len(files) >= 9:
            raise param_error("image number should be less than 9")
        infos = []
        for index, (filename, content) in enumerate(files):
            if len(content) > const.UPLOAD_IMAGE_MAX_BYTES:
                raise param_error("image size should be less than 10MB")
            if not (content.startswith((b"\xff\xd8\xff", b"\x89PNG"))):
                raise param_error("image format should be JPG, JPEG or PNG")
            image_id = self.add_image(content, filename)
            info = {
                "image_id": image_id,
                "image_url_list": [
                    {
                        "image_url_region": self.region,
                        "image_url": self._image_url(image_id),
                    }
                ],
            }
            infos.append({"id": index, "error": "", "message": "", "image_info": info})
        return {"image_info": infos[0]["image_info"], "image_info_list": infos}

    def _validate_attributes(self, category_id, attribute_list):
        tree = {
            attr["attribute_id"]: attr
            for attr in catalog.ATTRIBUTE_TREES.get(category_id, [])
        }
        given = {}
        for attribute in attribute_list or []:
            attribute_id = as_int(attribute.get("attribute_id"), "attribute_id")
            if attribute_id not in tree:
                raise ShopeeError(
                    "error_invalid_category_attribute",
                    "Category and attribute not match.",
                )
            values = attribute.get("attribute_value_list") or []
            allowed = {
                value["value_id"]
                for value in tree[attribute_id]["attribute_value_list"]
            }
            for value in values:
                value_id = as_int(value.get("value_id", 0), "value_id")
                if value_id == 0 and not value.get("original_value_name"):
                    raise ShopeeError(
                        "error_invalid_attribute_value", "Invalid attribute value."
                    )
                if value_id and value_id not in allowed:
                    raise ShopeeError(
                        "error_invalid_attribute_value", "Invalid attribute value."
                    )
            given[attribute_id] = values
        missing = [
            attr["name"]
            for attr_id, attr in tree.items()
            if attr["mandatory"] and not given.get(attr_id)
        ]
        if missing:
            raise ShopeeError(
                "error_less_required_attribute",
                "Mandatory attribute information required",
            )

    def _check_listing(self, params):
        """Business checks of add_item/update_item (the gateway checked the
        parameters' presence and types)."""
        image_ids = (params.get("image") or {}).get("image_id_list") or []
        unknown = [image_id for image_id in image_ids if image_id not in self.images]
        if unknown:
            raise param_error(f"image_id {unknown[0]} is invalid")
        for entry in params.get("logistic_info") or []:
            if self._channel(entry["logistic_id"]) is None:
                raise ShopeeError(
                    "error_invalid_logistic_info", "Logistic channel is invalid."
                )
        if "original_price" in params and params["original_price"] <= 0:
            raise ShopeeError(
                "error_invalid_price", "Invalid price, please use the correct format"
            )

    def _store_listing(self, item, params):
        """Keep what add_item/update_item set on the listing."""
        for key in (
            "item_name",
            "description",
            "item_sku",
            "condition",
            "dimension",
            "brand",
            "pre_order",
            "item_status",
            "item_dangerous",
            "description_type",
        ):
            if key in params:
                item[key] = params[key]
        if "weight" in params:
            item["weight"] = float(params["weight"])
        if "wholesale" in params:
            item["wholesales"] = [
                dict(tier, inflated_price_of_unit_price=tier["unit_price"])
                for tier in params["wholesale"]
            ]
        if "logistic_info" in params:
            item["logistic_info"] = [dict(entry) for entry in params["logistic_info"]]
        if "image" in params:
            image_ids = params["image"]["image_id_list"]
            item["image"] = {
                "image_id_list": list(image_ids),
                "image_url_list": [self._image_url(image_id) for image_id in image_ids],
            }

    def _listing_answer(self, item):
        """What add_item and update_item answer: the listing as stored."""
        return {
            "item_id": item["item_id"],
            "category_id": item["category_id"],
            "item_name": item["item_name"],
            "description": item["description"],
            "item_sku": item["item_sku"],
            "weight": float(item["weight"]),
            "pre_order": item["pre_order"],
            "images": item["image"],
            "item_status": item["item_status"],
            "dimension": item["dimension"],
            "condition": item["condition"],
            "brand": item["brand"],
            "item_dangerous": item["item_dangerous"],
            "description_type": item["description_type"],
        }

    def api_add_item(self, params):
        self._check_listing(params)
        category_id = params["category_id"]
        category = self._category(category_id)
        if category is None:
            raise ShopeeError(
                "error_invalid_category", f"Invalid category ID {category_id}"
            )
        if category["has_children"]:
            raise ShopeeError("error_invalid_category", "Invalid category.")
        self._validate_attributes(category_id, params.get("attribute_list"))
        price = float(params["original_price"])
        stock = sum(entry["stock"] for entry in params.get("seller_stock") or [])
        item_id = self.add_item(
            params["item_name"],
            sku=params.get("item_sku") or "",
            price=price,
            stock=stock,
            category_id=category_id,
            status=params.get("item_status") or "NORMAL",
            weight=float(params["weight"]),
            attributes=params.get("attribute_list") or [],
        )
        item = self.items[item_id]
        self._store_listing(item, params)
        answer = self._listing_answer(item)
        logistics = [
            {
                "logistic_id": entry["logistic_id"],
                "enabled": entry["enabled"],
                "shipping_fee": entry["shipping_fee"],
                "size_id": entry["size_id"],
                "is_free": entry["is_free"],
            }
            for entry in self._logistics_public(item)
        ]
        answer.update(
            price_info={"original_price": price, "current_price": price},
            logistic_info=logistics,
            # add_item names them "attributes" (see its example answer)
            attributes=[
                {
                    "attribute_id": attribute["attribute_id"],
                    "attribute_value_list": attribute["attribute_value_list"],
                }
                for attribute in self._attributes_public(item)
            ],
            video_info=item["video_info"],
            wholesale=[
                {k: tier[k] for k in ("min_count", "max_count", "unit_price")}
                for tier in item["wholesales"]
            ],
            seller_stock=[{"location_id": "", "stock": stock}],
        )
        return answer

    def api_update_item(self, params):
        item = self._item(int_param(params, "item_id", required=True))
        self._check_listing(params)
        if "category_id" in params or "attribute_list" in params:
            category_id = params.get("category_id", item["category_id"])
            if self._category(category_id) is None:
                raise ShopeeError(
                    "error_invalid_category", f"Invalid category ID {category_id}"
                )
            self._validate_attributes(
                category_id, params.get("attribute_list", item["attribute_list"])
            )
            item["category_id"] = category_id
            item["attribute_list"] = params.get(
                "attribute_list", item["attribute_list"]
            )
        self._store_listing(item, params)
        item["update_time"] = self.now()
        answer = self._listing_answer(item)
        answer["logistic_info"] = [
            {
                key: entry[key]
                for key in (
                    "estimated_shipping_fee",
                    "logistic_name",
                    "enabled",
                    "logistic_id",
                    "is_free",
                )
            }
            for entry in self._logistics_public(item)
        ]
        return answer

    def api_delete_item(self, params):
        item = self._item(int_param(params, "item_id", required=True))
        item["item_status"] = "SELLER_DELETE"
        item["update_time"] = self.now()
        return Reply(None)

    def api_unlist_item(self, params):
        entries = params.get("item_list") or []
        if not 1 <= len(entries) <= const.UNLIST_BATCH:
            raise param_error("item_list length should be between 1 to 50")
        success, failure = [], []
        for entry in entries:
            item_id = as_int(entry.get("item_id"), "item_id")
            item = self.items.get(item_id)
            unlist = bool(entry.get("unlist"))
            if item is None or item["item_status"] not in ("NORMAL", "UNLIST"):
                failure.append(
                    {"item_id": item_id, "failed_reason": "Product not found"}
                )
                continue
            item["item_status"] = "UNLIST" if unlist else "NORMAL"
            item["update_time"] = self.now()
            success.append({"item_id": item_id, "unlist": unlist})
        if not success:
            raise ShopeeError(
                "error_unlist_item_all_failed",
                "Unlist item all failed.",
                response={"failure_list": failure, "success_list": []},
            )
        return {"failure_list": failure, "success_list": success}

    def _model_updates(self, params, list_name, batch):
        item = self._item(int_param(params, "item_id", required=True))
        entries = params.get(list_name) or []
        if not 1 <= len(entries) <= batch:
            raise param_error(f"{list_name} length should be between 1 to {batch}")
        model_ids = [as_int(entry.get("model_id", 0), "model_id") for entry in entries]
        if len(set(model_ids)) != len(model_ids):
            raise ShopeeError(const.ERROR_PARAM, "Repeat model_id.")
        return item, list(zip(model_ids, entries, strict=True))

    def api_update_price(self, params):
        item, updates = self._model_updates(
            params, "price_list", const.PRICE_UPDATE_BATCH
        )
        success, failure = [], []
        for model_id, entry in updates:
            model = item["_models"].get(model_id)
            price = entry.get("original_price")
            if model is None:
                failure.append(
                    {"model_id": model_id, "failed_reason": "Wrong model_id."}
                )
            elif (
                not isinstance(price, (int, float))
                or isinstance(price, bool)
                or price <= 0
            ):
                failure.append(
                    {
                        "model_id": model_id,
                        "failed_reason": "Invalid price, please use the correct format",
                    }
                )
            else:
                model["original_price"] = money(price)
                # a running promotion keeps its price (update_price sets
                # the original price)
                if not model["promotion_id"]:
                    model["current_price"] = model["original_price"]
                success.append(
                    {"model_id": model_id, "original_price": model["original_price"]}
                )
        if success:
            item["update_time"] = self.now()
        return {"failure_list": failure, "success_list": success}

    def api_update_stock(self, params):
        item, updates = self._model_updates(
            params, "stock_list", const.STOCK_UPDATE_BATCH
        )
        success, failure = [], []
        for model_id, entry in updates:
            model = item["_models"].get(model_id)
            seller_stock = entry.get("seller_stock")
            if model is None:
                failure.append(
                    {"model_id": model_id, "failed_reason": "Wrong model_id."}
                )
                continue
            if not seller_stock:
                failure.append(
                    {"model_id": model_id, "failed_reason": "seller_stock is required"}
                )
                continue
            stock = sum(int(location.get("stock", 0)) for location in seller_stock)
            if stock < 0:
                failure.append(
                    {"model_id": model_id, "failed_reason": "Invalid stock."}
                )
            elif stock < model["reserved"]:
                failure.append(
                    {
                        "model_id": model_id,
                        "failed_reason": (
                            "Can not update item with stock less than reserved stock"
                        ),
                    }
                )
            else:
                model["stock"] = stock
                success.append(
                    {"model_id": model_id, "location_id": "", "stock": stock}
                )
        if success:
            item["update_time"] = self.now()
        return {"failure_list": failure, "success_list": success}
