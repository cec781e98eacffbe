from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class OmsMarketplaceCategory(models.Model):
    """A marketplace's category tree, cached per shop to choose where to list.

    Trees differ per shop (Lazada venture, Shopee region, seller's own
    categories): each shop keeps its own copy, filled by
    :meth:`_upsert_tree` from the connector's ``_oms_fetch_categories``.
    """

    _name = "oms.marketplace.category"
    _description = "Marketplace Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    platform = fields.Selection(related="channel_id.platform", store=True)
    company_id = fields.Many2one(
        related="channel_id.company_id", store=True, index=True
    )
    external_id = fields.Char(string="Category ID", required=True, index=True)
    name = fields.Char(required=True)
    parent_id = fields.Many2one(
        "oms.marketplace.category", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("oms.marketplace.category", "parent_id")
    leaf = fields.Boolean(help="Products can only be listed in leaf categories.")
    active = fields.Boolean(
        default=True,
        help="Archived when the marketplace no longer lists the category.",
    )
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

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A category cannot be its own ancestor."))
        if any(c.parent_id and c.parent_id.channel_id != c.channel_id for c in self):
            raise ValidationError(_("A category's parent belongs to the same shop."))

    @api.model
    def _sync_tree(self, channel):
        """Fetch ``channel``'s category tree and store it; return its size."""
        return self._upsert_tree(channel, channel._oms_fetch_categories())

    @api.model
    def _upsert_tree(self, channel, nodes):
        """Make ``nodes`` the category tree of ``channel``.

        ``nodes`` is the flat list of ``_oms_fetch_categories``. Unknown
        categories are created, renamed or moved ones updated, the shop's
        categories missing from ``nodes`` archived (a listed product may
        still point at one). Return the number of categories in the tree.
        """
        channel.ensure_one()
        nodes = {str(node["external_id"]): node for node in nodes}
        existing = self.with_context(active_test=False).search(
            [("channel_id", "=", channel.id)]
        )
        by_external = {category.external_id: category for category in existing}
        created = self.create(
            [
                {
                    "channel_id": channel.id,
                    "external_id": external_id,
                    "name": node.get("name") or external_id,
                    "leaf": bool(node.get("leaf")),
                }
                for external_id, node in nodes.items()
                if external_id not in by_external
            ]
        )
        by_external.update({category.external_id: category for category in created})

        # Parents are set once every category exists (a parent may come after
        # its children); the tree rarely changes: only what did is written,
        # records getting the same values together.
        changes = defaultdict(lambda: self.browse())
        moved = self.browse()
        for external_id, node in nodes.items():
            category = by_external[external_id]
            parent_external = str(node.get("parent_external_id") or "")
            parent = (
                by_external[parent_external]
                if parent_external in nodes and parent_external != external_id
                else self.browse()
            )
            vals = {
                "name": node.get("name") or category.name,
                "leaf": bool(node.get("leaf")),
                "active": True,
            }
            changed = tuple(
                (key, value) for key, value in vals.items() if category[key] != value
            )
            if changed:
                changes[changed] |= category
            if category.parent_id != parent:
                if category.parent_id:
                    moved |= category
                if parent:
                    changes[(("parent_id", parent.id),)] |= category
        # Moved categories go to the root first: then, whatever the order
        # their new parents are set in, none makes a loop with an old one.
        moved.parent_id = False
        for changed, categories in changes.items():
            categories.write(dict(changed))
        existing.filtered(lambda c: c.active and c.external_id not in nodes).write(
            {"active": False}
        )
        return len(nodes)


# The category hooks of the shop, next to the model they fill.
class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_categories(self):
        """Return the marketplace's category tree for this shop, flat.

        One dict per category: ``external_id``, ``name``,
        ``parent_external_id`` (False at the root) and ``leaf`` (products
        can be listed in it). For a connector to offer categories, it must
        override this method.
        """
        self.ensure_one()
        raise UserError(_("This platform has no category tree."))

    def _oms_load_categories(self):
        """Fetch this shop's category tree and store it; return its size.

        Talks to the marketplace: call it through ``_oms_call``.
        """
        self.ensure_one()
        return self.env["oms.marketplace.category"]._sync_tree(self)
