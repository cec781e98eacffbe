from odoo import api, fields, models


class OmsLazadaCategory(models.Model):
    """Lazada's category tree, cached per shop to choose where to list."""

    _name = "oms.lazada.category"
    _description = "Lazada Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    external_id = fields.Char(string="Category ID", required=True, index=True)
    name = fields.Char(required=True)
    parent_id = fields.Many2one("oms.lazada.category", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    leaf = fields.Boolean(help="Products can only be listed in leaf categories.")
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )

    _sql_constraints = [
        ("external_uniq", "unique(channel_id, external_id)", "Category already known."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    @api.model
    def _sync_tree(self, channel):
        """Fetch Lazada's category tree and upsert it for ``channel``."""
        tree = channel._oms_client().get_category_tree()
        existing = self.search([("channel_id", "=", channel.id)])
        by_external = {c.external_id: c for c in existing}
        flat = []

        def walk(nodes, parent_external):
            for node in nodes or []:
                flat.append((node, parent_external))
                walk(node.get("children"), str(node["category_id"]))

        walk(tree, None)
        to_create = [
            {
                "channel_id": channel.id,
                "external_id": str(node["category_id"]),
                "name": node.get("name") or str(node["category_id"]),
                "leaf": bool(node.get("leaf")),
            }
            for node, _parent in flat
            if str(node["category_id"]) not in by_external
        ]
        for category in self.create(to_create):
            by_external[category.external_id] = category
        for node, parent_external in flat:
            category = by_external[str(node["category_id"])]
            parent = by_external.get(parent_external) if parent_external else self
            vals = {
                "name": node.get("name") or category.name,
                "leaf": bool(node.get("leaf")),
                "parent_id": parent.id,
            }
            # The tree rarely changes: only touch what did.
            changed = {
                k: v
                for k, v in vals.items()
                if category[k] != v
                and not (k == "parent_id" and category.parent_id.id == v)
            }
            if changed:
                category.write(changed)
        return len(flat)
