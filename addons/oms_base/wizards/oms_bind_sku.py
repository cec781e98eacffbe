from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

# Products of the OMS itself, never proposed for a marketplace SKU.
OMS_PRODUCTS = (
    "oms_base.product_oms_unknown",
    "oms_base.product_oms_shipping",
    "oms_base.product_oms_discount",
)


class OmsBindSku(models.TransientModel):
    """Bind the unknown marketplace SKUs of an order to products, then
    reprocess it: the next orders of these SKUs map by themselves."""

    _name = "oms.bind.sku"
    _description = "Bind Marketplace SKUs"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    channel_id = fields.Many2one(related="order_id.oms_channel_id")
    company_id = fields.Many2one(related="order_id.company_id")
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Order Lines",
        help="The order lines whose SKUs are bound (all unknown ones by default).",
    )
    line_ids = fields.One2many("oms.bind.sku.line", "wizard_id", string="SKUs")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "line_ids" not in fields_list or not res.get("order_id"):
            return res
        order = self.env["sale.order"].browse(res["order_id"])
        sale_lines = order.order_line
        if res.get("sale_line_ids"):
            ids = self._fields["sale_line_ids"].convert_to_cache(
                res["sale_line_ids"], self
            )
            sale_lines = sale_lines.browse(ids) & order.order_line
        res["line_ids"] = [
            Command.create(vals) for vals in self._prepare_line_vals(order, sale_lines)
        ]
        return res

    @api.model
    def _prepare_line_vals(self, order, sale_lines):
        """One line per unknown SKU (Lazada sends one line per unit)."""
        by_key = {}
        for line in sale_lines.filtered("oms_needs_binding"):
            key = line._oms_sku_key()
            if key in by_key:
                by_key[key]["quantity"] += line.product_uom_qty
                continue
            by_key[key] = {
                "seller_sku": line.oms_sku,
                "external_sku_id": line.oms_external_sku_id,
                "external_product_id": line.oms_external_product_id,
                "name": line.name,
                "price_unit": line.price_unit,
                "quantity": line.product_uom_qty,
            }
        vals_list = list(by_key.values())
        bound = self._existing_bindings(order.oms_channel_id, vals_list)
        proposals = self._propose_products(order.company_id, vals_list)
        for vals in vals_list:
            binding = self._binding_of(bound, vals)
            if binding:
                vals.update(product_id=binding.product_id.id, binding_id=binding.id)
            else:
                vals["product_id"] = proposals.get(vals["seller_sku"] or vals["name"])
        return vals_list

    @api.model
    def _existing_bindings(self, channel, vals_list):
        """Bindings with a product that the import matches these SKUs with."""
        keys = [v["external_sku_id"] or v["seller_sku"] for v in vals_list]
        skus = [v["seller_sku"] for v in vals_list if v["seller_sku"]]
        return self.env["oms.product.binding"].search(
            [
                ("channel_id", "=", channel.id),
                ("product_id", "!=", False),
                "|",
                ("external_id", "in", keys),
                ("seller_sku", "in", skus),
            ]
        )

    @api.model
    def _binding_of(self, bindings, vals):
        key = vals["external_sku_id"] or vals["seller_sku"]
        return bindings.filtered(lambda b: b.external_id == key)[:1] or (
            vals["seller_sku"]
            and bindings.filtered(lambda b: b.seller_sku == vals["seller_sku"])[:1]
        )

    @api.model
    def _propose_products(self, company, vals_list):
        """Return ``{seller sku or name: product id}``: the product whose
        internal reference or barcode is the seller SKU, else the only one
        whose name contains the line's."""
        skus = [v["seller_sku"] for v in vals_list if v["seller_sku"]]
        names = [v["name"] for v in vals_list if v["name"]]
        criteria = [[("default_code", "in", skus)], [("barcode", "in", skus)]]
        criteria += [[("name", "ilike", name)] for name in names]
        excluded = [
            product.id
            for xmlid in OMS_PRODUCTS
            if (product := self.env.ref(xmlid, raise_if_not_found=False))
        ]
        products = self.env["product.product"].search(
            expression.AND(
                [
                    expression.OR(criteria),
                    [
                        ("company_id", "in", [False, company.id]),
                        ("id", "not in", excluded),
                    ],
                ]
            )
        )
        proposals = {}
        for vals in vals_list:
            sku = vals["seller_sku"]
            name = (vals["name"] or "").lower()
            product = sku and (
                products.filtered(lambda p, s=sku: p.default_code == s)[:1]
                or products.filtered(lambda p, s=sku: p.barcode == s)[:1]
            )
            if not product and name:
                named = products.filtered(lambda p, n=name: n in (p.name or "").lower())
                product = named if len(named) == 1 else False
            if product:
                proposals[sku or vals["name"]] = product.id
        return proposals

    def action_bind(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda li: not li.binding_id)
        if not lines.filtered("product_id") and not self.line_ids.binding_id:
            raise UserError(
                _("Pick a product for the SKUs to bind, or create it from the line.")
            )
        self._bind_lines(lines.filtered("product_id"))
        return self._reprocess_and_notify()

    def _bind_lines(self, lines):
        """Create the bindings of ``lines`` in one go; a SKU bound meanwhile
        (by someone else, or by the import) is left as it is."""
        self.ensure_one()
        channel = self.channel_id
        company = self.company_id
        foreign = lines.filtered(
            lambda li: li.product_id.company_id and li.product_id.company_id != company
        )
        if foreign:
            raise UserError(
                _(
                    "%(products)s belong to another company than %(company)s, "
                    "which the shop %(shop)s sells for: pick a product of "
                    "that company or one shared by all companies.",
                    products=", ".join(foreign.product_id.mapped("display_name")),
                    company=company.display_name,
                    shop=channel.display_name,
                )
            )
        vals_list = [line._binding_vals() for line in lines]
        bound = self._existing_bindings(channel, [li._read_vals() for li in lines])
        Binding = self.env["oms.product.binding"]
        unbound = Binding.with_context(active_test=False).search(
            [
                ("channel_id", "=", channel.id),
                ("external_id", "in", [v["external_id"] for v in vals_list]),
                "|",
                ("product_id", "=", False),
                ("active", "=", False),
            ]
        )
        unbound_by_key = {binding.external_id: binding for binding in unbound}
        to_create = []
        created_lines = self.env["oms.bind.sku.line"]
        for line, vals in zip(lines, vals_list, strict=True):
            binding = self._binding_of(bound, line._read_vals())
            if binding:
                line.write({"binding_id": binding.id, "state": "skipped"})
            elif vals["external_id"] in unbound_by_key:
                # A listing imported without product: complete it.
                binding = unbound_by_key[vals["external_id"]]
                binding.write({"product_id": vals["product_id"], "active": True})
                line.write({"binding_id": binding.id, "state": "bound"})
            else:
                to_create.append(vals)
                created_lines |= line
        bindings = Binding.create(to_create)
        for line, binding in zip(created_lines, bindings, strict=True):
            line.write({"binding_id": binding.id, "state": "bound"})

    def _reprocess_and_notify(self):
        order = self.order_id
        order.action_oms_reprocess()
        parts = []
        bound = self.line_ids.filtered(lambda li: li.state in ("bound", "created"))
        created = self.line_ids.filtered(lambda li: li.state == "created")
        skipped = self.line_ids.filtered(lambda li: li.state == "skipped")
        if bound:
            parts.append(
                _("1 SKU bound") if len(bound) == 1 else _("%s SKUs bound", len(bound))
            )
        if created:
            parts.append(_("%s product(s) created", len(created)))
        if skipped:
            parts.append(_("%s already bound, skipped", len(skipped)))
        if order.oms_needs_attention:
            parts.append(_("order still needs attention"))
        elif order.state == "sale":
            parts.append(_("order confirmed"))
        else:
            parts.append(_("order reprocessed"))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Bind SKU"),
                "message": ", ".join(parts),
                "type": "warning" if order.oms_needs_attention else "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Bind SKU"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class OmsBindSkuLine(models.TransientModel):
    _name = "oms.bind.sku.line"
    _description = "Marketplace SKU to Bind"

    wizard_id = fields.Many2one("oms.bind.sku", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="wizard_id.company_id")
    seller_sku = fields.Char(string="Seller SKU")
    external_sku_id = fields.Char(string="Marketplace SKU ID")
    external_product_id = fields.Char(string="Marketplace Listing ID")
    name = fields.Char(string="Description")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    quantity = fields.Float(digits="Product Unit of Measure")
    product_id = fields.Many2one(
        "product.product",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Proposed from the products whose internal reference, barcode "
        "or name matches the marketplace's.",
    )
    binding_id = fields.Many2one("oms.product.binding")
    state = fields.Selection(
        [
            ("todo", "To Bind"),
            ("bound", "Bound"),
            ("created", "Product Created"),
            ("skipped", "Already Bound"),
        ],
        default="todo",
        required=True,
    )
    can_create_product = fields.Boolean(compute="_compute_can_create_product")

    @api.depends_context("uid")
    def _compute_can_create_product(self):
        allowed = self.env["product.product"].has_access("create")
        for line in self:
            line.can_create_product = allowed

    def _read_vals(self):
        self.ensure_one()
        return {"seller_sku": self.seller_sku, "external_sku_id": self.external_sku_id}

    def _binding_vals(self):
        self.ensure_one()
        return {
            "channel_id": self.wizard_id.channel_id.id,
            "product_id": self.product_id.id,
            "seller_sku": self.seller_sku,
            # the key the import matches the next orders of this SKU with
            "external_id": self.external_sku_id or self.seller_sku,
            "external_product_id": self.external_product_id,
            "name": self.name,
            "stock_dirty": True,
        }

    def _prepare_product_vals(self):
        self.ensure_one()
        return {
            "name": self.name or self.seller_sku,
            "default_code": self.seller_sku or False,
            "list_price": self.price_unit,
            "is_storable": True,
        }

    def action_create_product(self):
        """Create the product this SKU sells, from the marketplace's line,
        and bind it."""
        self.ensure_one()
        if self.binding_id:
            raise UserError(_("SKU %s is already bound.", self.seller_sku))
        if not self.can_create_product:
            raise UserError(
                _(
                    "You are not allowed to create products: pick an existing "
                    "product for SKU %s or ask a product manager.",
                    self.seller_sku or self.external_sku_id,
                )
            )
        product = self.env["product.product"].create(self._prepare_product_vals())
        self.product_id = product
        wizard = self.wizard_id
        wizard._bind_lines(self)
        if self.state == "bound":
            self.state = "created"
        if wizard.line_ids.filtered(lambda li: not li.binding_id):
            return wizard._reopen()
        return wizard._reprocess_and_notify()
