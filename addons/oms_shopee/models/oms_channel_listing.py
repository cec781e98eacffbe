from collections import defaultdict

from oms_api_common import errors as api_errors

from odoo import _, models
from odoo.exceptions import UserError

from .. import mapping
from ..shopee_api import const

# Item statuses whose listings are imported (deleted ones are not).
IMPORTED_ITEM_STATUSES = ("NORMAL", "UNLIST", "REVIEWING", "BANNED")


def _by_item(bindings_or_updates, key=lambda entry: entry):
    """Group bindings (or ``(binding, value)`` pairs) by Shopee item id."""
    groups = defaultdict(list)
    for entry in bindings_or_updates:
        item_id, _model_id = mapping.split_sku_key(key(entry).external_id)
        groups[item_id].append(entry)
    return groups


# One file per concern (auth/orders, listings, fulfilment) of the same hooks.
class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_import_listings(self):
        """Override of `oms_base` to bind Shopee models to variants by SKU.

        One binding per model, or one per item without variations; the
        binding's external id is ``<item_id>:<model_id>`` (see ``mapping``).
        """
        if self.platform != "shopee":
            return super()._oms_import_listings()
        client = self._oms_client()
        item_ids = [
            item["item_id"]
            for item in client.iter_item_list(item_status=IMPORTED_ITEM_STATUSES)
        ]
        bindings = self._shopee_bind_items(item_ids)
        return bindings._import_summary()

    def _oms_fetch_categories(self):
        if self.platform != "shopee":
            return super()._oms_fetch_categories()
        return mapping.category_nodes(self._oms_client().get_category())

    def _shopee_bind_items(self, item_ids):
        """Bind the items as Shopee now shows them (as the listing import
        does); returns their bindings."""
        client = self._oms_client()
        values = []
        for item in client.get_item_base_info([int(i) for i in item_ids]):
            models_ = (
                client.get_model_list(item["item_id"]).get("model")
                if item.get("has_model")
                else None
            )
            values.extend(mapping.listing_values(item, models_))
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _oms_stock_batch_size(self):
        """Override of `oms_base` to use Shopee's per-call model limit."""
        if self.platform != "shopee":
            return super()._oms_stock_batch_size()
        return const.STOCK_UPDATE_BATCH

    def _oms_push_stock_batch(self, updates):
        """Override of `oms_base` to push stock item by item.

        Shopee's update_stock takes one item and up to 50 of its models per
        call (the client splits bigger lists). Models in ``failure_list`` and
        items Shopee refuses as a whole are returned as per-binding errors.
        """
        if self.platform != "shopee":
            return super()._oms_push_stock_batch(updates)
        client = self._oms_client()
        errors = {}
        for item_id, entries in _by_item(updates, key=lambda e: e[0]).items():
            by_model = {
                mapping.split_sku_key(binding.external_id)[1]: binding
                for binding, _qty in entries
            }
            stock_list = [
                {
                    "model_id": mapping.split_sku_key(binding.external_id)[1],
                    "seller_stock": [{"stock": qty}],
                }
                for binding, qty in entries
            ]
            try:
                result = client.update_stock(item_id, stock_list)
            except (api_errors.ApiBusinessError, api_errors.ApiNotFoundError) as err:
                errors.update({binding.id: str(err) for binding, _qty in entries})
                continue
            for failure in result.get("failure_list") or []:
                binding = by_model.get(int(failure.get("model_id") or 0))
                if binding:
                    errors[binding.id] = failure.get("failed_reason") or str(failure)
        return errors

    def _oms_push_price_batch(self, bindings):
        """Override of `oms_base` to set Shopee's original price per model."""
        if self.platform != "shopee":
            return super()._oms_push_price_batch(bindings)
        client = self._oms_client()
        errors = {}
        for item_id, item_bindings in _by_item(bindings).items():
            by_model = {
                mapping.split_sku_key(b.external_id)[1]: b for b in item_bindings
            }
            price_list = [
                {"model_id": model_id, "original_price": round(b.expected_price, 2)}
                for model_id, b in by_model.items()
            ]
            try:
                result = client.update_price(item_id, price_list)
            except (api_errors.ApiBusinessError, api_errors.ApiNotFoundError) as err:
                errors.update({b.id: str(err) for b in item_bindings})
                continue
            for failure in result.get("failure_list") or []:
                binding = by_model.get(int(failure.get("model_id") or 0))
                if binding:
                    errors[binding.id] = failure.get("failed_reason") or str(failure)
        return errors

    def _shopee_item_bindings(self, item_ids):
        """Every binding of this shop on these items (Shopee acts per item)."""
        return (
            self.env["oms.product.binding"]
            .with_context(active_test=False)
            .search(
                [
                    ("channel_id", "=", self.id),
                    ("external_product_id", "in", [str(i) for i in item_ids]),
                ]
            )
        )

    def _oms_listing_set_active(self, bindings, active):
        """Override of `oms_base` to (un)list Shopee items.

        Shopee lists and unlists whole items: every model of the item follows.
        """
        if self.platform != "shopee":
            return super()._oms_listing_set_active(bindings, active)
        item_ids = list(_by_item(bindings))
        result = self._oms_client().unlist_item(
            [{"item_id": item_id, "unlist": not active} for item_id in item_ids]
        )
        done = [entry["item_id"] for entry in result.get("success_list") or []]
        self._shopee_item_bindings(done).listing_state = (
            "active" if active else "inactive"
        )
        failures = [
            f"{entry.get('item_id')}: {entry.get('failed_reason')}"
            for entry in result.get("failure_list") or []
        ]
        if failures:
            self._oms_report_partial(self, _("Shopee refused some items"), failures)
        return _("%s item(s) updated", len(done))

    def _oms_listing_attributes(self, category_ref):
        if self.platform != "shopee":
            return super()._oms_listing_attributes(category_ref)
        tree = self._oms_client().get_attributes(category_ref)
        return mapping.listing_attributes(tree)

    def _oms_listing_read(self, binding):
        if self.platform != "shopee":
            return super()._oms_listing_read(binding)
        item_id = binding.external_product_id
        items = self._oms_client().get_item_base_info([int(item_id)])
        if not items:
            raise UserError(_("Shopee does not know item %s.", item_id))
        return mapping.item_listing(items[0])

    def _oms_listing_upload_image(self, content, filename):
        if self.platform != "shopee":
            return super()._oms_listing_upload_image(content, filename)
        return self._oms_client().upload_image(content, filename)["image_id"]

    def _oms_listing_image_required(self):
        if self.platform != "shopee":
            return super()._oms_listing_image_required()
        return True

    def _oms_listing_find(self, seller_sku):
        if self.platform != "shopee":
            return super()._oms_listing_find(seller_sku)
        item_ids = self._oms_client().search_item_ids(seller_sku)
        return self._shopee_bind_items(item_ids)

    def _oms_listing_create(self, listing):
        """Override of `oms_base`: an item without variations, shipped by
        the shop's enabled logistics channels."""
        if self.platform != "shopee":
            return super()._oms_listing_create(listing)
        client = self._oms_client()
        logistic_info = [
            {"logistic_id": channel["logistics_channel_id"], "enabled": True}
            for channel in client.get_channel_list()
            if channel.get("enabled")
        ]
        if not logistic_info:
            raise UserError(
                _("Enable a logistics channel of the shop in Shopee Seller Centre.")
            )
        created = client.add_item(mapping.add_item_payload(listing, logistic_info))
        return self._shopee_bind_items([created["item_id"]])

    def _oms_listing_update(self, bindings, listing=None):
        """Override of `oms_base` to send the content of Shopee items.

        Content is per item: every model of the item shares it.
        """
        if self.platform != "shopee":
            return super()._oms_listing_update(bindings, listing)
        client = self._oms_client()
        item_ids = []
        for item_id, item_bindings in _by_item(bindings).items():
            content = listing or bindings.concat(*item_bindings)._oms_product_listing()
            values = mapping.item_changes(content) if content else {}
            if not values:
                continue
            client.update_item(dict(values, item_id=int(item_id)))
            item_ids.append(item_id)
        if item_ids:
            self._shopee_bind_items(item_ids)
        return _("%s item(s) updated", len(item_ids))

    def _oms_listing_delete(self, bindings):
        """Override of `oms_base` to delete Shopee items (all their models)."""
        if self.platform != "shopee":
            return super()._oms_listing_delete(bindings)
        client = self._oms_client()
        item_ids = list(_by_item(bindings))
        for item_id in item_ids:
            client.delete_item(item_id)
        self._shopee_item_bindings(item_ids).write(
            {"listing_state": "deleted", "active": False}
        )
        return _("%s item(s) deleted", len(item_ids))
