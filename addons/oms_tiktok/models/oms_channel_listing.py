from collections import defaultdict

from oms_api_common import errors as api_errors

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.oms_base.models.oms_channel import USER_GROUP

from .. import mapping
from ..tiktok_api import const


class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    tiktok_warehouse_ids = fields.One2many(
        "oms.tiktok.warehouse",
        "channel_id",
        string="TikTok Warehouses",
        # the OMS people's; an accountant opening the shop reads it without
        groups=USER_GROUP,
    )

    # ------------------------------------------------------------------
    # Warehouses
    # ------------------------------------------------------------------

    def _tiktok_sync_warehouses(self, client=None):
        """Store the shop's TikTok warehouses, keeping their Odoo link."""
        self._tiktok_require_shop()
        warehouses = (client or self._oms_client()).get_warehouses()
        known = {w.warehouse_ref: w for w in self.tiktok_warehouse_ids}
        to_create = []
        for warehouse in warehouses:
            values = {
                "name": warehouse.get("name"),
                "is_default": bool(warehouse.get("is_default")),
            }
            record = known.pop(str(warehouse["id"]), None)
            if record:
                record.write(values)
            else:
                to_create.append(
                    dict(values, channel_id=self.id, warehouse_ref=str(warehouse["id"]))
                )
        self.env["oms.tiktok.warehouse"].create(to_create)
        self.env["oms.tiktok.warehouse"].concat(*known.values()).unlink()

    def _tiktok_stock_targets(self, binding, qty, free_by_warehouse):
        """``[{warehouse_id, quantity}]`` of a SKU: every TikTok warehouse
        holding it (TikTok wants them all), Odoo's stock in those linked to
        an Odoo warehouse (the default TikTok warehouse when none is), the
        marketplace's own quantity kept in the others."""
        inventory = dict((binding.data or {}).get("inventory") or {})
        linked = self.tiktok_warehouse_ids.filtered(
            lambda w: w.warehouse_id and w.warehouse_ref in inventory
        )
        if len(linked) > 1:
            for warehouse in linked:
                free = free_by_warehouse[warehouse.warehouse_id.id]
                inventory[warehouse.warehouse_ref] = self._oms_publishable_quantity(
                    free.get(binding.product_id.id, 0.0)
                )
        else:
            default = linked or self.tiktok_warehouse_ids.filtered(
                lambda w: w.is_default and w.warehouse_ref in inventory
            )
            ref = default[:1].warehouse_ref or next(iter(inventory), None)
            if ref is None:
                ref = self.tiktok_warehouse_ids.filtered("is_default")[:1].warehouse_ref
            inventory[ref] = qty
        return [
            {"warehouse_id": ref, "quantity": min(quantity, const.MAX_INVENTORY)}
            for ref, quantity in inventory.items()
            if ref
        ]

    def _tiktok_free_by_warehouse(self, bindings):
        """Free quantities per Odoo warehouse linked to a TikTok one."""
        result = defaultdict(dict)
        for warehouse in self.tiktok_warehouse_ids.warehouse_id:
            products = bindings.product_id.with_context(
                location=warehouse.lot_stock_id.id, compute_child=True
            )
            products.invalidate_recordset(["free_qty"])
            result[warehouse.id] = {p.id: p.free_qty for p in products}
        return result

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------

    def _oms_stock_batch_size(self):
        if self.platform != "tiktok":
            return super()._oms_stock_batch_size()
        return const.PRODUCTS_PAGE_SIZE

    def _oms_push_stock_batch(self, updates):
        """Override of `oms_base`: TikTok sets stock per product, each SKU
        per TikTok warehouse; a refused SKU is reported, the rest applied."""
        if self.platform != "tiktok":
            return super()._oms_push_stock_batch(updates)
        self._tiktok_require_shop()
        client = self._oms_client()
        if not self.tiktok_warehouse_ids:
            self._tiktok_sync_warehouses(client)
        bindings = self.env["oms.product.binding"].concat(*(b for b, _q in updates))
        free_by_warehouse = self._tiktok_free_by_warehouse(bindings)
        by_product = defaultdict(list)
        for binding, qty in updates:
            by_product[binding.external_product_id].append((binding, qty))
        errors = {}
        for product_id, entries in by_product.items():
            skus = [
                {
                    "id": binding.external_id,
                    "inventory": self._tiktok_stock_targets(
                        binding, qty, free_by_warehouse
                    ),
                }
                for binding, qty in entries
            ]
            failures = client.update_inventory(product_id, skus)
            by_sku = {binding.external_id: binding for binding, _qty in entries}
            for failure in failures:
                detail = failure.get("detail") or {}
                binding = by_sku.get(str(detail.get("sku_id") or failure.get("sku_id")))
                for target in binding or self.env["oms.product.binding"].concat(
                    *by_sku.values()
                ):
                    errors[target.id] = failure.get("message") or str(failure)
            for binding, sku in zip((b for b, _q in entries), skus, strict=True):
                if binding.id not in errors:
                    binding.data = dict(
                        binding.data or {},
                        inventory={
                            t["warehouse_id"]: t["quantity"] for t in sku["inventory"]
                        },
                    )
        return errors

    # ------------------------------------------------------------------
    # Listings
    # ------------------------------------------------------------------

    def _oms_import_listings(self):
        if self.platform != "tiktok":
            return super()._oms_import_listings()
        self._tiktok_require_shop()
        client = self._oms_client()
        self._tiktok_sync_warehouses(client)
        values = []
        for product in client.iter_products():
            values.extend(mapping.listing_values(product))
        bindings = self.env["oms.product.binding"]._bind_by_sku(self, values)
        return bindings._import_summary()

    def _tiktok_refresh_listing(self, product_id):
        product = self._oms_call("_tiktok_get_product", product_id)
        values = mapping.listing_values(product)
        self.env["oms.product.binding"]._bind_by_sku(self, values)
        return _("%s SKU(s) updated", len(values))

    def _tiktok_get_product(self, product_id):
        self._tiktok_require_shop()
        return self._oms_client().get_product(product_id)

    def _tiktok_edit_products(self, bindings, prices=None, content=False):
        """Edit each product of ``bindings`` (TikTok replaces it whole):
        new ``prices`` ``{binding id: amount}``, content from Odoo."""
        self._tiktok_require_shop()
        client = self._oms_client()
        for product_id in set(bindings.mapped("external_product_id")):
            product_bindings = bindings.filtered(
                lambda b, p=product_id: b.external_product_id == p
            )
            detail = client.get_product(product_id)
            template = product_bindings.product_id.product_tmpl_id[:1]
            client.edit_product(
                product_id,
                mapping.edit_body(
                    detail,
                    prices={
                        b.external_id: prices[b.id]
                        for b in product_bindings
                        if prices and b.id in prices
                    },
                    title=template.name if content and template else None,
                    description=(
                        template.description_sale if content and template else None
                    ),
                ),
            )

    def _oms_push_price_batch(self, bindings):
        if self.platform != "tiktok":
            return super()._oms_push_price_batch(bindings)
        # TikTok edits a product whole, one call each: a refused product's
        # SKUs are in error, the other products' go on. A price TikTok
        # refuses would fail its product's other SKUs, so it stays here.
        unpriced = bindings.filtered(lambda b: b.expected_price <= 0)
        errors = dict.fromkeys(
            unpriced.ids, _("TikTok Shop sells nothing for free: set a price.")
        )
        bindings -= unpriced
        for product_id in set(bindings.mapped("external_product_id")):
            product_bindings = bindings.filtered(
                lambda b, p=product_id: b.external_product_id == p
            )
            try:
                self._tiktok_edit_products(
                    product_bindings,
                    prices={b.id: b.expected_price for b in product_bindings},
                )
            except api_errors.ApiBusinessError as err:
                errors.update(dict.fromkeys(product_bindings.ids, str(err)))
        return errors

    def _oms_listing_update(self, bindings, listing=None):
        """Override of `oms_base`: the wizard's ``listing`` on the product of
        each binding (TikTok replaces a product whole), or without it the
        bound product's name and sales description."""
        if self.platform != "tiktok":
            return super()._oms_listing_update(bindings, listing)
        if listing is None:
            self._tiktok_edit_products(bindings.filtered("product_id"), content=True)
        else:
            self._tiktok_require_shop()
            client = self._oms_client()
            for product_id in set(bindings.mapped("external_product_id")):
                detail = client.get_product(product_id)
                client.edit_product(
                    product_id, mapping.listing_edit_body(detail, listing)
                )
                self._tiktok_refresh_listing(product_id)
        bindings.listing_state = "pending"  # TikTok reviews edited products
        return _("%s listing(s) updated", len(bindings))

    # ------------------------------------------------------------------
    # The listing wizard: categories, attributes, images, create
    # ------------------------------------------------------------------

    def _oms_fetch_categories(self):
        if self.platform != "tiktok":
            return super()._oms_fetch_categories()
        self._tiktok_require_shop()
        return mapping.category_nodes(self._oms_client().get_categories())

    def _oms_listing_attributes(self, category_ref):
        if self.platform != "tiktok":
            return super()._oms_listing_attributes(category_ref)
        self._tiktok_require_shop()
        return mapping.listing_attributes(
            self._oms_client().get_attributes(category_ref)
        )

    def _oms_listing_read(self, binding):
        if self.platform != "tiktok":
            return super()._oms_listing_read(binding)
        detail = self._tiktok_get_product(binding.external_product_id)
        return mapping.product_listing(detail, binding.external_id)

    def _oms_listing_upload_image(self, content, filename):
        if self.platform != "tiktok":
            return super()._oms_listing_upload_image(content, filename)
        return self._oms_client().upload_image(content, filename)["uri"]

    def _oms_listing_image_required(self):
        if self.platform != "tiktok":
            return super()._oms_listing_image_required()
        return True  # Create Product: main_images is required

    def _oms_listing_find(self, seller_sku):
        if self.platform != "tiktok":
            return super()._oms_listing_find(seller_sku)
        self._tiktok_require_shop()
        products = self._oms_client().iter_products(seller_skus=[seller_sku])
        values = [v for product in products for v in mapping.listing_values(product)]
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _oms_listing_create(self, listing):
        """Override of `oms_base`: a product of one SKU, its initial stock
        in the TikTok warehouse of the shop's first Odoo warehouse (the
        default one when none is linked); TikTok reviews it first."""
        if self.platform != "tiktok":
            return super()._oms_listing_create(listing)
        self._tiktok_require_shop()
        client = self._oms_client()
        if not self.tiktok_warehouse_ids:
            self._tiktok_sync_warehouses(client)
        currency = self.pricelist_id.currency_id or self.currency_id
        created = client.create_product(
            mapping.create_body(
                listing, self._tiktok_listing_warehouse(), currency.name
            )
        )
        values = mapping.listing_values(client.get_product(created["product_id"]))
        return self.env["oms.product.binding"]._bind_by_sku(self, values)

    def _tiktok_listing_warehouse(self):
        """The TikTok warehouse a new listing's stock goes to."""
        warehouses = self.tiktok_warehouse_ids
        linked = warehouses.filtered(lambda w: w.warehouse_id == self.warehouse_ids[:1])
        target = linked or warehouses.filtered("is_default") or warehouses
        if not target:
            raise UserError(
                _(
                    "TikTok Shop lists no warehouse for %s: add one in Seller Center.",
                    self.name,
                )
            )
        return target[:1].warehouse_ref

    def _oms_listing_set_active(self, bindings, active):
        if self.platform != "tiktok":
            return super()._oms_listing_set_active(bindings, active)
        self._tiktok_require_shop()
        client = self._oms_client()
        product_ids = list(set(bindings.mapped("external_product_id")))
        if active:
            failures = client.activate_products(product_ids)
        else:
            failures = client.deactivate_products(product_ids)
        failed = self._tiktok_failed_products(bindings, failures)
        (bindings - failed).listing_state = "active" if active else "inactive"
        return _("%s listing(s) updated", len(bindings - failed))

    def _oms_listing_delete(self, bindings):
        if self.platform != "tiktok":
            return super()._oms_listing_delete(bindings)
        self._tiktok_require_shop()
        product_ids = list(set(bindings.mapped("external_product_id")))
        failures = self._oms_client().delete_products(product_ids)
        failed = self._tiktok_failed_products(bindings, failures)
        (bindings - failed).write({"listing_state": "deleted", "active": False})
        return _("%s SKU(s) removed", len(bindings - failed))

    def _tiktok_failed_products(self, bindings, failures):
        """Bindings of the products TikTok refused in a batch call; their
        error is written on them."""
        failed = self.env["oms.product.binding"]
        for failure in failures or []:
            product_id = str((failure.get("detail") or {}).get("product_id") or "")
            matched = bindings.filtered(
                lambda b, p=product_id: b.external_product_id == p
            )
            matched.write({"sync_state": "error", "last_error": failure.get("message")})
            failed |= matched
        return failed
