from odoo import api, fields, models


class OmsShopeeCategory(models.Model):
    """Shopee's category tree, cached per shop to choose where to list."""

    _name = "oms.shopee.category"
    _description = "Shopee Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    external_id = fields.Char(string="Category ID", required=True, index=True)
    name = fields.Char(required=True)
    parent_id = fields.Many2one("oms.shopee.category", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    leaf = fields.Boolean(help="Items can only be listed in leaf categories.")
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
        """Fetch Shopee's categories (a flat list with parents) for ``channel``."""
        nodes = channel._oms_client().get_category()
        by_external = {
            c.external_id: c for c in self.search([("channel_id", "=", channel.id)])
        }

        def values(node):
            return {
                "name": node.get("display_category_name")
                or node.get("original_category_name")
                or str(node["category_id"]),
                "leaf": not node.get("has_children"),
            }

        created = self.create(
            [
                dict(
                    values(node),
                    channel_id=channel.id,
                    external_id=str(node["category_id"]),
                )
                for node in nodes
                if str(node["category_id"]) not in by_external
            ]
        )
        by_external.update({c.external_id: c for c in created})
        for node in nodes:
            category = by_external[str(node["category_id"])]
            parent = by_external.get(str(node.get("parent_category_id") or 0))
            vals = dict(values(node), parent_id=parent.id if parent else False)
            # The tree rarely changes: only touch what did.
            changed = {
                key: value
                for key, value in vals.items()
                if (category[key].id if key == "parent_id" else category[key]) != value
            }
            if changed:
                category.write(changed)
        return len(nodes)
