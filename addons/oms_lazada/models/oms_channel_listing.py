from odoo import _, models

from .. import mapping
from ..lazada_api import const


class OmsChannel(models.Model):
    """Lazada listings, categories, stock and prices."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_import_listings(self):
        if self.platform != "lazada":
            return super()._oms_import_listings()
        values = []
        for product in self._oms_client().iter_products(filter="all"):
            values.extend(mapping.listing_values(product))
        bindings = self.env["oms.product.binding"]._bind_by_sku(self, values)
        return bindings._import_summary()

    def _oms_fetch_categories(self):
        if self.platform != "lazada":
            return super()._oms_fetch_categories()
        return mapping.category_nodes(self._oms_client().get_category_tree())

    def _lazada_refresh_listing(self, item_id):
        product = self._oms_call("_lazada_get_product", item_id)
        return self._lazada_bind_products([product])

    def _lazada_bind_products(self, products):
        values = [v for product in products for v in mapping.listing_values(product)]
        self.env["oms.product.binding"]._bind_by_sku(self, values)
        return _("%s SKU(s) updated", len(values))

    def _lazada_get_product(self, item_id):
        return self._oms_client().get_product(item_id=item_id)

    def _oms_listing_attributes(self, category_ref):
        if self.platform != "lazada":
            return super()._oms_listing_attributes(category_ref)
        attributes = self._oms_client().get_category_attributes(category_ref)
        return mapping.listing_attributes(attributes)

    def _oms_listing_read(self, binding):
        if self.platform != "lazada":
            return super()._oms_listing_read(binding)
        product = self._lazada_get_product(binding.external_product_id)
        return mapping.product_listing(product, binding.external_id)

    def _oms_listing_upload_image(self, content, filename):
        if self.platform != "lazada":
            return super()._oms_listing_upload_image(content, filename)
        return self._oms_client().upload_image(content, filename)["url"]

    def _oms_listing_find(self, seller_sku):
        if self.platform != "lazada":
            return super()._oms_listing_find(seller_sku)
        data = self._oms_client().get_products(sku_seller_list=[seller_sku])
        products = data.get("products") or []
        values = [v for product in products for v in mapping.listing_values(product)]
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _oms_listing_create(self, listing):
        """Override of `oms_base`: Lazada's CreateProduct, reviewed (QC) by
        Lazada before it is on sale."""
        if self.platform != "lazada":
            return super()._oms_listing_create(listing)
        data = self._oms_client().create_product(mapping.create_payload(listing))
        values = mapping.created_listing_values(data, listing)
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _oms_listing_update(self, bindings, listing=None):
        """Override of `oms_base`: Lazada's UpdateProduct, per item, for the
        SKUs of ``bindings``; the bindings are refreshed from Lazada."""
        if self.platform != "lazada":
            return super()._oms_listing_update(bindings, listing)
        client = self._oms_client()
        products = []
        for item_id in set(bindings.mapped("external_product_id")):
            item_bindings = bindings.filtered(
                lambda b, item=item_id: b.external_product_id == item
            )
            content = listing or item_bindings._oms_product_listing()
            if not content:
                continue
            client.update_product(
                mapping.update_payload(
                    item_id, item_bindings.mapped("external_id"), content
                )
            )
            products.append(client.get_product(item_id=item_id))
        self._lazada_bind_products(products)
        return _("%s listing(s) updated", len(products))

    def _oms_stock_batch_size(self):
        if self.platform != "lazada":
            return super()._oms_stock_batch_size()
        return const.MAX_SKUS_PER_UPDATE

    def _oms_push_stock_batch(self, updates):
        if self.platform != "lazada":
            return super()._oms_push_stock_batch(updates)
        skus = [
            {
                "ItemId": binding.external_product_id,
                "SkuId": binding.external_id,
                "SellerSku": binding.seller_sku,
                "SellableQuantity": qty,
            }
            for binding, qty in updates
        ]
        results = self._oms_client().update_sellable_quantity(skus)
        return self._lazada_sku_errors(updates, results)

    def _lazada_sku_errors(self, updates, results):
        """Map Lazada's per-SKU ``detail`` errors back to binding ids."""
        by_sku = {binding.seller_sku: binding for binding, _qty in updates}
        errors = {}
        for result in results or []:
            for detail in (result or {}).get("detail") or []:
                binding = by_sku.get(detail.get("seller_sku"))
                if binding:
                    errors[binding.id] = detail.get("message") or str(detail)
        return errors

    def _oms_push_price_batch(self, bindings):
        if self.platform != "lazada":
            return super()._oms_push_price_batch(bindings)
        skus = [
            {
                "ItemId": b.external_product_id,
                "SkuId": b.external_id,
                "SellerSku": b.seller_sku,
                "Price": f"{b.expected_price:.2f}",
            }
            for b in bindings
        ]
        results = self._oms_client().update_price_quantity(skus)
        return self._lazada_sku_errors([(b, 0) for b in bindings], results)

    def _oms_listing_set_active(self, bindings, active):
        if self.platform != "lazada":
            return super()._oms_listing_set_active(bindings, active)
        client = self._oms_client()
        for item_id in set(bindings.mapped("external_product_id")):
            item_bindings = bindings.filtered(
                lambda b, item=item_id: b.external_product_id == item
            )
            sku_ids = item_bindings.mapped("external_id")
            if active:
                client.activate_product(item_id, sku_ids)
            else:
                client.deactivate_product(item_id, sku_ids)
            item_bindings.listing_state = "active" if active else "inactive"
        return _("%s listing(s) updated", len(bindings))

    def _oms_listing_delete(self, bindings):
        if self.platform != "lazada":
            return super()._oms_listing_delete(bindings)
        sku_ids = [f"SkuId_{b.external_product_id}_{b.external_id}" for b in bindings]
        self._oms_client().remove_products(sku_ids)
        bindings.write({"listing_state": "deleted", "active": False})
        return _("%s SKU(s) removed", len(bindings))
