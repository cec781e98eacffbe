import base64
import io
from datetime import timedelta

from PyPDF2 import PdfReader

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base import normalized
from odoo.addons.oms_lazada.tests.common import LazadaSandboxMixin

from .common import FloorCase


@tagged("post_install", "-at_install")
class TestWaves(FloorCase):
    def test_waves_group_by_shop_carrier_and_ship_by_day(self):
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        second_shop = self.channel.copy({"name": "Second Shop"})
        pickings = self.env["stock.picking"]
        specs = [
            ("W-1", self.channel, "LEX", tomorrow),
            ("W-2", self.channel, "LEX", tomorrow + timedelta(minutes=30)),
            ("W-3", self.channel, "Ninja Van", tomorrow),
            ("W-4", self.channel, "LEX", tomorrow + timedelta(days=1)),
            ("W-5", second_shop, "LEX", tomorrow),
        ]
        for external_id, channel, carrier, ship_by in specs:
            self.import_orders(self.make_order(external_id), channel=channel)
            sale = self.find_sale(external_id, channel=channel)
            sale._oms_marketplace_writer().write({"oms_ship_by": ship_by})
            picking = sale.picking_ids
            picking.oms_shipment_provider = carrier
            pickings |= picking
        action = pickings.with_user(self.packer).action_oms_create_waves()
        waves = self.env["stock.picking.batch"].search(action["domain"])
        self.assertEqual(len(waves), 4)
        by_parcels = {
            tuple(sorted(w.picking_ids.mapped("oms_external_id"))): w for w in waves
        }
        self.assertEqual(
            set(by_parcels), {("W-1", "W-2"), ("W-3",), ("W-4",), ("W-5",)}
        )
        wave = by_parcels[("W-1", "W-2")]
        self.assertEqual(wave.oms_channel_id, self.channel)
        self.assertEqual(wave.oms_carrier, "LEX")
        self.assertEqual(wave.oms_cutoff, tomorrow.replace(microsecond=0))
        self.assertEqual(wave.state, "in_progress")
        # parcels in a wave are not waved again
        with self.assertRaises(UserError):
            pickings.action_oms_create_waves()

    def test_held_orders_stay_out_of_waves_until_released(self):
        ready = self.order_picking("WH-1")
        self.import_orders(self.make_order("WH-2", hold_reason="TikTok holds it"))
        platform_held = self.find_sale("WH-2").picking_ids
        person_held = self.order_picking("WH-3")
        person_held.sale_id._oms_hold("Buyer asks for another address", "manual")
        asking = self.order_picking("WH-4", platform_status="IN_CANCEL")
        pickings = ready | platform_held | person_held | asking
        self.assertEqual(platform_held.state, "assigned", "held, still reserved")
        action = pickings.with_user(self.packer).action_oms_create_waves()
        self.assertEqual(action["params"]["type"], "warning")
        message = action["params"]["message"]
        self.assertIn("1 parcel(s) in 1 wave(s)", message)
        self.assertIn(f"{platform_held.name}: On hold: do not ship", message)
        self.assertIn("TikTok holds it", message)
        self.assertIn("Buyer asks for another address", message)
        self.assertIn("the buyer asked to cancel", message)
        waves = self.env["stock.picking.batch"].search(
            action["params"]["next"]["domain"]
        )
        self.assertEqual(waves.picking_ids, ready)
        self.assertFalse((platform_held | person_held | asking).batch_id)
        # only held parcels left: refused, saying why
        with self.assertRaisesRegex(UserError, "order on hold"):
            (platform_held | person_held).with_user(
                self.packer
            ).action_oms_create_waves()
        # nor can they be added to a batch by hand
        with self.assertRaisesRegex(UserError, "go in no wave or batch"):
            waves.write({"picking_ids": [(4, person_held.id)]})
        # nor batched automatically by their operation type
        person_held.picking_type_id.write(
            {"auto_batch": True, "batch_group_by_partner": True}
        )
        self.assertFalse(person_held._find_auto_batch())
        self.assertFalse(person_held.batch_id)
        # released: candidates again (the buyer's request still waits)
        (platform_held | person_held).sale_id.with_user(
            self.packer
        ).action_oms_release_hold()
        action = (
            (platform_held | person_held | asking)
            .with_user(self.packer)
            .action_oms_create_waves()
        )
        self.assertIn("2 parcel(s) in 1 wave(s)", action["params"]["message"])
        waves = self.env["stock.picking.batch"].search(
            action["params"]["next"]["domain"]
        )
        self.assertEqual(waves.picking_ids, platform_held | person_held)
        self.assertFalse(asking.batch_id)

    def test_pick_list_is_sorted_by_location(self):
        shelf_z, shelf_a = self.env["stock.location"].create(
            [
                {"name": "Z-99", "location_id": self.stock_location.id},
                {"name": "A-01", "location_id": self.stock_location.id},
            ]
        )
        product_z, product_a = self.env["product.product"].create(
            [
                {"name": "Far Widget", "default_code": "SKU-Z", "is_storable": True},
                {"name": "Near Widget", "default_code": "SKU-N", "is_storable": True},
            ]
        )
        self.env["stock.quant"]._update_available_quantity(product_z, shelf_z, 5)
        self.env["stock.quant"]._update_available_quantity(product_a, shelf_a, 5)
        self.env["oms.product.binding"].create(
            [
                {
                    "channel_id": self.channel.id,
                    "product_id": product.id,
                    "seller_sku": product.default_code,
                    "external_id": external,
                }
                for product, external in ((product_z, "2001"), (product_a, "2002"))
            ]
        )
        lines = [
            normalized.OrderLine(
                external_id="PL-1-1", sku="SKU-Z", external_sku_id="2001", quantity=2
            ),
            normalized.OrderLine(
                external_id="PL-1-2", sku="SKU-N", external_sku_id="2002", quantity=1
            ),
        ]
        picking = self.order_picking("PL-1", lines=lines)
        wave = picking._oms_create_waves()
        pick_lines = wave._oms_pick_lines()
        self.assertEqual(
            [(line[0], line[1], line[3]) for line in pick_lines],
            [(shelf_a, product_a, 1.0), (shelf_z, product_z, 2.0)],
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.packer)
            ._render_qweb_html("oms_warehouse.report_oms_pick_list", wave.ids)[0]
            .decode()
        )
        self.assertLess(html.index("A-01"), html.index("Z-99"))
        self.assertIn(picking.name, html)


@tagged("post_install", "-at_install")
class TestWaveLazada(LazadaSandboxMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_lazada()
        cls.skus = ["WV-A", "WV-B"]
        for sku in cls.skus:
            cls.sandbox.add_product(sku, price=12.0, quantity=500)
        cls.make_products(cls.skus, quantity=1000)
        cls.shop._oms_import_listings()
        cls.env.cr.precommit.clear()

    def test_bulk_ready_to_ship_and_one_merged_label_pdf(self):
        self.sandbox.reset_orders()
        self.sandbox.generate_orders(3, self.skus, seed=81)
        self.shop._oms_sync_orders()
        pickings = self.env["stock.picking"].search(
            [("oms_channel_id", "=", self.shop.id)]
        )
        self.assertEqual(len(pickings), 3)
        waves = pickings._oms_create_waves()
        self.assertEqual(len(waves), 1)
        waves.action_oms_ready_to_ship()
        self.assertEqual(set(pickings.mapped("oms_fulfilment_state")), {"ready"})
        self.assertTrue(all(pickings.mapped("oms_label_id")))
        action = waves.action_oms_print_labels()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0])
        )
        reader = PdfReader(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(len(reader.pages), 3)
