import base64
import io

from oms_api_common.pdf import make_pdf
from PyPDF2 import PdfFileReader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OmsCase


@tagged("post_install", "-at_install")
class TestLabels(OmsCase):
    def test_bulk_print_merges_labels_into_one_pdf(self):
        self.import_orders(self.make_order("L-1"), self.make_order("L-2"))
        pickings = (self.find_sale("L-1") | self.find_sale("L-2")).picking_ids
        self.assertEqual(len(pickings), 2)
        pickings._oms_attach_labels(
            {
                pickings[0]: make_pdf([["AWB L-1"]]),
                pickings[1]: make_pdf([["AWB L-2 page 1"], ["AWB L-2 page 2"]]),
            }
        )
        self.assertTrue(all(pickings.mapped("oms_label_id")))
        self.assertEqual(pickings[0].oms_label_id.mimetype, "application/pdf")
        action = pickings.action_oms_print_labels()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[-1].split("?")[0])
        merged = self.env["ir.attachment"].browse(attachment_id)
        reader = PdfFileReader(io.BytesIO(base64.b64decode(merged.datas)))
        self.assertEqual(reader.getNumPages(), 3)

    def test_print_without_marketplace_pickings_is_clear(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        with self.assertRaises(UserError):
            picking.action_oms_print_labels()
