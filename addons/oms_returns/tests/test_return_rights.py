from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.oms_base import normalized

from .common import ReturnsCase


@tagged("post_install", "-at_install")
class TestReturnRights(ReturnsCase):
    """Customer service decides, the warehouse receives and inspects,
    accountants read; each company sees its own returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oms_user = new_test_user(
            cls.env, "ret_oms_user", groups="oms_base.group_oms_user"
        )
        cls.stock_user = new_test_user(
            cls.env, "ret_stock_user", groups="stock.group_stock_user"
        )
        cls.accountant = new_test_user(
            cls.env, "ret_accountant", groups="account.group_account_invoice"
        )

    def setUp(self):
        super().setUp()
        self.ship_order()
        self.import_returns(self.make_return(state=normalized.RETURN_APPROVED))
        self.ret = self.find_return()

    def test_warehouse_receives_and_inspects_but_does_not_decide(self):
        ret = self.ret.with_user(self.stock_user)
        self.assertEqual(ret.receipt_state, "expected")
        found = (
            self.env["oms.return"].with_user(self.stock_user)._oms_find_by_code("ORD-1")
        )
        self.assertEqual(found, self.ret)
        ret.action_receive()
        ret.line_ids.inspection = "restock"
        ret.action_inspect()
        self.assertEqual(self.ret.state, "inspected")
        with self.assertRaises(AccessError):
            ret.action_refund()
        with self.assertRaises(AccessError):
            ret.unlink()

    def test_accountant_reads_but_does_not_receive(self):
        ret = self.ret.with_user(self.accountant)
        self.assertEqual(ret.name, self.ret.name)
        self.assertEqual(ret.line_ids.product_id, self.product_a)
        with self.assertRaises(AccessError):
            ret.action_receive()
        with self.assertRaises(AccessError):
            ret.write({"note": "mine"})

    def test_customer_service_decides_on_a_shop_that_allows_it(self):
        ret = self.ret.with_user(self.oms_user)
        # the test shop has no platform: the decision is refused as such
        with self.assertRaisesRegex(Exception, "not available"):
            ret.action_refund()
        self.assertEqual(self.ret.state, "approved")

    def test_other_company_sees_no_return(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            "ret_outsider",
            groups="oms_base.group_oms_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Return = self.env["oms.return"].with_user(outsider)
        self.assertFalse(Return.search([("id", "=", self.ret.id)]))
        with self.assertRaises(AccessError):
            self.ret.with_user(outsider).read(["name"])

    def test_each_role_opens_the_returns_views(self):
        for user in (self.oms_user, self.stock_user, self.accountant):
            Return = self.env["oms.return"].with_user(user)
            views = Return.get_views(
                [(False, kind) for kind in ("list", "kanban", "form", "search")]
            )
            form = views["views"]["form"]["arch"]
            self.assertIn("line_ids", form)
            # decisions are shown to customer service only
            self.assertEqual(
                "action_approve" in form, user == self.oms_user, user.login
            )
            self.assertEqual(
                "action_receive" in form, user != self.accountant, user.login
            )
            Return.search_read(
                [("id", "=", self.ret.id)], ["name", "state", "respond_by"]
            )
        Lines = self.env["oms.return.line"].with_user(self.oms_user)
        Lines.get_views([(False, "pivot"), (False, "graph")])
        self.assertTrue(
            Lines.read_group([], ["quantity:sum"], ["reason"]), "reasons by group"
        )

    def test_warehouse_attaches_inspection_photos(self):
        ret = self.ret.with_user(self.stock_user)
        ret.action_receive()
        line = ret.line_ids
        photo = (
            self.env["ir.attachment"]
            .with_user(self.stock_user)
            .create(
                {
                    "name": "item.jpg",
                    "raw": b"\xff\xd8\xff photo",
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )
        line.write({"inspection": "damaged", "photo_ids": [(4, photo.id)]})
        self.assertEqual(photo.sudo().res_model, "oms.return")
        ret.action_inspect()
        self.assertEqual(ret.inspection_photo_ids, photo)
        # readable by whoever reads the return
        photo.with_user(self.accountant).read(["name"])

    def test_credit_note_form_shows_the_return_to_its_readers_only(self):
        salesman = new_test_user(
            self.env, "ret_salesman", groups="sales_team.group_sale_salesman"
        )
        for user, shown in ((self.accountant, True), (salesman, False)):
            arch = (
                self.env["account.move"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual('name="oms_return_id"' in arch, shown, user.login)
