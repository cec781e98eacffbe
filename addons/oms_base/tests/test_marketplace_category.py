from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


def node(external_id, name, parent=False, leaf=False):
    return {
        "external_id": external_id,
        "name": name,
        "parent_external_id": parent,
        "leaf": leaf,
    }


TREE = [
    node("1", "Fashion"),
    node("11", "Shirts", "1", leaf=True),
    node("12", "Dresses", "1", leaf=True),
    node("2", "Home"),
    node("21", "Mugs", "2", leaf=True),
]


@tagged("post_install", "-at_install")
class TestMarketplaceCategory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Category = cls.env["oms.marketplace.category"]
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.shop, cls.shop_2, cls.other_shop = cls.env["oms.channel"].create(
            [
                {"name": "Shop TH"},
                {"name": "Shop MY"},
                {"name": "Other Co shop", "company_id": cls.other_company.id},
            ]
        )

    def _tree(self, shop):
        categories = self.Category.with_context(active_test=False).search(
            [("channel_id", "=", shop.id)]
        )
        return {
            c.external_id: (c.complete_name, c.parent_id.external_id, c.leaf, c.active)
            for c in categories
        }

    def test_tree_created_once(self):
        self.assertEqual(self.Category._upsert_tree(self.shop, TREE), 5)
        self.assertEqual(
            self._tree(self.shop),
            {
                "1": ("Fashion", False, False, True),
                "11": ("Fashion / Shirts", "1", True, True),
                "12": ("Fashion / Dresses", "1", True, True),
                "2": ("Home", False, False, True),
                "21": ("Home / Mugs", "2", True, True),
            },
        )
        fashion = self.Category.search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", "1")]
        )
        in_fashion = self.Category.search([("id", "child_of", fashion.id)])
        self.assertEqual(sorted(in_fashion.mapped("external_id")), ["1", "11", "12"])
        # The same tree again: nothing new, nothing written.
        ids = self.Category.search([("channel_id", "=", self.shop.id)]).ids
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.Category._upsert_tree(self.shop, TREE)
            self.env.flush_all()
        self.assertEqual(
            self.Category.search([("channel_id", "=", self.shop.id)]).ids, ids
        )

    def test_children_before_parents(self):
        self.Category._upsert_tree(self.shop, list(reversed(TREE)))
        self.assertEqual(self._tree(self.shop)["21"], ("Home / Mugs", "2", True, True))

    def test_second_fetch_renames_moves_and_archives(self):
        self.Category._upsert_tree(self.shop, TREE)
        mugs = self.Category.search(
            [("channel_id", "=", self.shop.id), ("external_id", "=", "21")]
        )
        self.Category._upsert_tree(
            self.shop,
            [
                node("1", "Apparel"),  # renamed: its children's names follow
                node("11", "Shirts", "1", leaf=True),
                node("2", "Home"),
                node("21", "Mugs & Cups", "1", leaf=True),  # moved and renamed
                node("22", "Lamps", "2", leaf=True),  # new
                # 12 (Dresses) is gone
            ],
        )
        self.assertEqual(
            self._tree(self.shop),
            {
                "1": ("Apparel", False, False, True),
                "11": ("Apparel / Shirts", "1", True, True),
                "12": ("Apparel / Dresses", "1", True, False),
                "2": ("Home", False, False, True),
                "21": ("Apparel / Mugs & Cups", "1", True, True),
                "22": ("Home / Lamps", "2", True, True),
            },
        )
        self.assertEqual(mugs.external_id, "21", "the same record, moved")
        # Swapping parent and child: the old parent becomes the child.
        self.Category._upsert_tree(
            self.shop,
            [
                node("1", "Apparel", "11"),
                node("11", "Shirts"),
                node("12", "Dresses", "1", leaf=True),  # back again
            ],
        )
        tree = self._tree(self.shop)
        self.assertEqual(tree["1"], ("Shirts / Apparel", "11", False, True))
        self.assertEqual(tree["12"], ("Shirts / Apparel / Dresses", "1", True, True))
        self.assertFalse(tree["2"][3], "Home is gone")
        self.assertFalse(tree["21"][3], "so are the categories the tree lost")

    def test_shops_keep_separate_trees(self):
        self.Category._upsert_tree(self.shop, TREE)
        self.Category._upsert_tree(
            self.shop_2, [node("1", "Mode"), node("11", "Chemises", "1", leaf=True)]
        )
        self.assertEqual(len(self._tree(self.shop)), 5)
        self.assertEqual(self._tree(self.shop)["11"][0], "Fashion / Shirts")
        self.assertEqual(
            self._tree(self.shop_2),
            {
                "1": ("Mode", False, False, True),
                "11": ("Mode / Chemises", "1", True, True),
            },
        )

    def test_company_rule_and_rights(self):
        self.Category._upsert_tree(self.shop, TREE)
        self.Category._upsert_tree(self.other_shop, TREE)
        user = new_test_user(
            self.env,
            login="oms_category_user",
            groups="oms_base.group_oms_user",
            company_id=self.env.company.id,
        )
        manager = new_test_user(
            self.env,
            login="oms_category_manager",
            groups="oms_base.group_oms_manager",
            company_id=self.env.company.id,
        )
        visible = self.Category.with_user(user).search([])
        self.assertEqual(visible.channel_id, self.shop)
        self.assertEqual(len(visible), 5)
        with self.assertRaises(AccessError):
            visible[0].write({"name": "Renamed"})
        visible.with_user(manager)[0].write({"name": "Renamed"})
        self.assertEqual(
            self.Category.with_user(manager).search([]).channel_id, self.shop
        )

    def test_shop_without_connector_has_no_tree(self):
        with self.assertRaises(UserError):
            self.shop._oms_load_categories()
