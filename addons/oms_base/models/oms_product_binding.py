from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import normalized
from ..concurrency import rerun_if_inserted_concurrently


class OmsProductBinding(models.Model):
    """A marketplace SKU (one variant of a listing) bound to a product variant."""

    _name = "oms.product.binding"
    _description = "Marketplace Listing SKU"
    _inherit = ["mail.thread"]
    _order = "channel_id, external_product_id, seller_sku"
    _rec_names_search = ["seller_sku", "name", "external_id"]
    _check_company_auto = True

    name = fields.Char(string="Listing Title")
    active = fields.Boolean(default=True)
    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    platform = fields.Selection(related="channel_id.platform", store=True)
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product",
        index=True,
        check_company=True,
        tracking=True,
        help="Odoo variant sold under this SKU. Listings without one are "
        "imported but not synchronised.",
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    seller_sku = fields.Char(string="Seller SKU", index=True, tracking=True)
    external_id = fields.Char(
        string="Marketplace SKU ID",
        index=True,
        help="The marketplace's identifier of this SKU (Lazada SkuId, Shopee "
        "model id...). Left empty on a SKU bound by hand, it is filled from "
        "the next order or listing import of its seller SKU.",
    )
    external_product_id = fields.Char(
        string="Marketplace Listing ID",
        index=True,
        help="Identifier of the listing (item) this SKU belongs to.",
    )
    listing_state = fields.Selection(
        [
            ("active", "Active"),
            ("inactive", "Inactive"),
            ("pending", "Pending Review"),
            ("deleted", "Deleted"),
        ],
        default="active",
        tracking=True,
    )
    marketplace_price = fields.Float(digits="Product Price")
    marketplace_quantity = fields.Float(string="Marketplace Stock")
    expected_price = fields.Float(
        compute="_compute_expected_price", digits="Product Price"
    )
    price_mismatch = fields.Boolean(
        compute="_compute_expected_price",
        search="_search_price_mismatch",
        help="The marketplace price differs from the shop's pricelist price.",
    )
    last_pushed_qty = fields.Integer(string="Last Pushed Quantity", readonly=True)
    last_pushed_price = fields.Float(readonly=True, digits="Product Price")
    last_stock_push = fields.Datetime(readonly=True)
    last_sync = fields.Datetime(readonly=True)
    stock_dirty = fields.Boolean(
        index=True,
        copy=False,
        help="Stock changed since the last push; picked up by the next push.",
    )
    sync_state = fields.Selection(
        [("pending", "Pending"), ("synced", "Synced"), ("error", "Error")],
        default="pending",
        required=True,
        copy=False,
    )
    last_error = fields.Text(readonly=True, copy=False)
    support_price_push = fields.Boolean(related="channel_id.support_price_push")
    support_listing_update = fields.Boolean(related="channel_id.support_listing_update")
    support_listing_delete = fields.Boolean(related="channel_id.support_listing_delete")
    support_listing_activation = fields.Boolean(
        related="channel_id.support_listing_activation"
    )
    data = fields.Json(
        string="Marketplace Data",
        copy=False,
        help="Marketplace fields kept for later calls (category, attributes).",
    )

    _sql_constraints = [
        (
            "external_uniq",
            "unique(channel_id, external_id)",
            "This marketplace SKU is already bound in this shop.",
        ),
    ]

    @api.constrains("channel_id", "external_id", "seller_sku")
    def _check_marketplace_key(self):
        for binding in self:
            if not binding.external_id and not binding.seller_sku:
                raise ValidationError(
                    _(
                        "Give the seller SKU the marketplace shows for this "
                        "listing: orders and listings are matched by it."
                    )
                )

    @api.depends("channel_id.pricelist_id", "product_id", "marketplace_price")
    def _compute_expected_price(self):
        for binding in self:
            pricelist = binding.channel_id.pricelist_id
            if not binding.product_id:
                binding.expected_price = 0.0
                binding.price_mismatch = False
                continue
            if pricelist:
                price = pricelist._get_product_price(binding.product_id, 1.0)
            else:
                price = binding.product_id.lst_price
            binding.expected_price = price
            currency = binding.channel_id.currency_id
            binding.price_mismatch = bool(binding.marketplace_price) and bool(
                currency.compare_amounts(price, binding.marketplace_price)
            )

    def _search_price_mismatch(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Unsupported search on price mismatch."))
        candidates = self.search([("product_id", "!=", False)])
        mismatched = candidates.filtered("price_mismatch")
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", mismatched.ids)]

    @api.depends("seller_sku", "name", "channel_id")
    def _compute_display_name(self):
        for binding in self:
            label = binding.seller_sku or binding.external_id
            binding.display_name = f"[{binding.channel_id.name}] {label}"

    @api.model
    def _mark_marketplace_count_changed(self, channel, products):
        """The marketplace changed its own stock of ``products`` in
        ``channel`` (a cancelled order's units back on sale): publish ours
        again even where it did not move."""
        if not products or not channel.stock_sync_enabled:
            return
        # Technical queue rows, the ORM twin of the INSERT every stock move
        # does (``_mark_products_dirty``): whoever imports or cancels the
        # order adds them, no access right of theirs is involved.
        self.env["oms.stock.change"].sudo().create(
            [
                {"channel_id": channel.id, "product_id": product.id, "force": True}
                for product in products
            ]
        )
        eta = fields.Datetime.now() + timedelta(seconds=channel.stock_push_delay)
        channel._oms_enqueue("_oms_push_stock", key="push_stock", eta=eta)

    def _mark_products_dirty(self, product_ids):
        """Record the stock change for every shop selling ``product_ids``.

        Runs from stock changes, so it is one INSERT and no API call; the
        shops' pushes are queued (debounced).
        """
        if not product_ids:
            return self.env["oms.channel"]
        self.env.cr.execute(
            """
            INSERT INTO oms_stock_change (channel_id, product_id)
            SELECT DISTINCT channel_id, product_id
              FROM oms_product_binding
             WHERE product_id IN %s AND active
         RETURNING channel_id
            """,
            [tuple(product_ids)],
        )
        channel_ids = {row[0] for row in self.env.cr.fetchall()}
        # Stock moves are often done by users outside the OMS groups; the
        # shop records are only read to queue the push.
        channels = (
            self.env["oms.channel"]
            .sudo()
            .browse(channel_ids)
            .filtered(lambda c: c.stock_sync_enabled and c.state == "connected")
        )
        for channel in channels:
            eta = fields.Datetime.now() + timedelta(seconds=channel.stock_push_delay)
            channel._oms_enqueue("_oms_push_stock", key="push_stock", eta=eta)
        return channels

    @api.model
    def _bind_by_sku(self, channel, listings):
        """Create or update bindings from listing dicts, matching by seller SKU.

        ``listings`` items have ``external_id``, ``external_product_id``,
        ``seller_sku``, ``name``, ``price``, ``quantity``, ``state`` and
        ``data``. A seller SKU equal to a product's internal reference binds
        it; existing bindings keep their product.
        """
        existing = self.with_context(active_test=False).search(
            [
                ("channel_id", "=", channel.id),
                ("external_id", "in", [item["external_id"] for item in listings]),
            ]
        )
        by_external = {binding.external_id: binding for binding in existing}
        skus = {item["seller_sku"] for item in listings if item.get("seller_sku")}
        # SKUs bound by hand, without the marketplace's ids: take them now.
        by_sku_without_id = {}
        for binding in self.search(
            [
                ("channel_id", "=", channel.id),
                ("external_id", "=", False),
                ("seller_sku", "in", list(skus)),
            ]
        ):
            by_sku_without_id.setdefault(binding.seller_sku, binding)
        products = self.env["product.product"].search(
            [
                ("default_code", "in", list(skus)),
                ("company_id", "in", [False, channel.company_id.id]),
            ]
        )
        product_by_sku = {product.default_code: product for product in products}
        now = fields.Datetime.now()
        to_create = []
        for item in listings:
            vals = {
                "name": item.get("name"),
                "seller_sku": item.get("seller_sku"),
                "external_product_id": item.get("external_product_id"),
                "marketplace_price": item.get("price") or 0.0,
                "marketplace_quantity": item.get("quantity") or 0.0,
                "listing_state": item.get("state") or "active",
                "data": item.get("data"),
                "last_sync": now,
            }
            binding = by_external.get(item["external_id"])
            if not binding and item.get("seller_sku") in by_sku_without_id:
                binding = by_sku_without_id.pop(item["seller_sku"])
                vals.update(external_id=item["external_id"], stock_dirty=True)
                existing |= binding
            if binding:
                if not binding.product_id and item.get("seller_sku") in product_by_sku:
                    vals["product_id"] = product_by_sku[item["seller_sku"]].id
                binding.write(vals)
            else:
                product = product_by_sku.get(item.get("seller_sku"))
                vals.update(
                    channel_id=channel.id,
                    external_id=item["external_id"],
                    product_id=product.id if product else False,
                    last_pushed_qty=int(item.get("quantity") or 0),
                    stock_dirty=bool(product),
                )
                to_create.append(vals)
        created = self._create_or_retry(channel, to_create)
        return existing | created

    @api.model
    def _create_or_retry(self, channel, vals_list):
        """Create bindings of ``channel``; if another worker bound one of the
        same marketplace SKUs since this transaction began (a listing import
        and an order import of a new SKU, say), the job runs again."""
        if not vals_list:
            return self.browse()
        with rerun_if_inserted_concurrently(
            self.env.cr,
            _("SKU bound concurrently by another worker; retrying."),
            f"SKU of shop {channel.id} bound",
        ):
            return self.create(vals_list)

    def _import_summary(self):
        """What a listing import of these bindings says to a person."""
        return _(
            "%(count)s SKUs imported, %(unbound)s without a product",
            count=len(self),
            unbound=len(self.filtered(lambda b: not b.product_id)),
        )

    def action_push_stock(self):
        self.write({"stock_dirty": True})
        for channel in self.channel_id:
            channel._oms_enqueue("_oms_push_stock", key="push_stock")

    def action_push_price(self):
        for channel, bindings in self._known_by_channel().items():
            channel._oms_enqueue("_oms_push_prices", bindings.ids)

    # Changing what a listing is on the marketplace is a manager's call:
    # checked here too, as RPC reaches these methods without the views.

    def action_activate(self):
        return self._call_listing_hook(
            "support_listing_activation", "_oms_listing_set_active", True
        )

    def action_deactivate(self):
        return self._call_listing_hook(
            "support_listing_activation", "_oms_listing_set_active", False
        )

    def action_delete_listing(self):
        return self._call_listing_hook("support_listing_delete", "_oms_listing_delete")

    def action_update_listing(self):
        self.env["oms.channel"]._check_manager()
        for channel, bindings in self._known_by_channel().items():
            channel._oms_enqueue(
                "_oms_run_listing_hook", "_oms_listing_update", bindings.ids
            )

    def action_edit_listing(self):
        """Open the listing wizard on this listing (content and attributes)."""
        self.ensure_one()
        self.env["oms.channel"]._check_manager()
        self.channel_id._oms_check_support("support_listing_update")
        return {
            "type": "ir.actions.act_window",
            "name": _("Edit Listing"),
            "res_model": "oms.listing.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_binding_id": self.id},
        }

    def _call_listing_hook(self, feature, hook, *args):
        """Call ``hook(bindings, *args)`` now, per shop, for the person who
        clicked: a refusal is the marketplace's message, not a traceback."""
        self.env["oms.channel"]._check_manager()
        self.channel_id._oms_check_support(feature)
        messages = [
            channel._oms_call_for_user(hook, bindings, *args)
            for channel, bindings in self._known_by_channel().items()
        ]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": "\n".join(str(m) for m in messages if m),
                "type": "success",
                "sticky": False,
                # the listing's state changed: show it
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _known_by_channel(self):
        """These bindings by shop, refusing those the marketplace's id of
        which is not known yet."""
        known = self.filtered("external_id")
        if not known:
            raise UserError(
                _(
                    "The marketplace SKU id of %s is not known yet: it is "
                    "filled by the next order or listing import of its "
                    "seller SKU.",
                    ", ".join(self.mapped("display_name")),
                )
            )
        return {
            channel: known.filtered(lambda b, c=channel: b.channel_id == c)
            for channel in known.channel_id
        }

    def _oms_product_listing(self):
        """The content of the bound product as a ``normalized.Listing``
        (what the *Update Listing* job sends); None without a product."""
        product = self.product_id[:1]
        if not product:
            return None
        return normalized.Listing(
            seller_sku=self[:1].seller_sku or product.default_code or "",
            name=product.name,
            description=product.description_sale or None,
            weight=product.weight or None,
        )
