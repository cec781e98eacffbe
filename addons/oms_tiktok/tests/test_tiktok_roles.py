"""Each role logs in and does its TikTok Shop job through the web client's
own calls (see ``oms_base.tests.webclient``), against the sandbox."""

import io
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from PyPDF2 import PdfReader

from odoo.tests import HttpCase, tagged

from odoo.addons.oms_base.tests.test_roles import OMS_MANAGER, OMS_USER, WAREHOUSE
from odoo.addons.oms_base.tests.users import role_users
from odoo.addons.oms_base.tests.webclient import WebClientMixin

from ..tiktok_api import const
from .common import TikTokSandboxMixin

SECRETS = ("access_token", "refresh_token", "tiktok_app_key", "tiktok_app_secret")
SKUS = ["TTROLE-A", "TTROLE-B"]


@tagged("post_install", "-at_install")
class TestTikTokRoles(WebClientMixin, TikTokSandboxMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.make_products(SKUS, quantity=100)
        users = role_users(
            cls.env,
            "tt_role",
            operator=OMS_USER,
            warehouse=WAREHOUSE,
            manager=OMS_MANAGER,
        )
        cls.operator = users["operator"]
        cls.warehouse_user = users["warehouse"]
        cls.manager = users["manager"]

    def setUp(self):
        super().setUp()
        self.list_skus(SKUS, stock=100)
        self.shop._oms_import_listings()

    def login(self, user):
        self.authenticate(user.login, user.login)

    def test_manager_authorizes_through_the_consent_page(self):
        self.shop.sudo().write(
            {"access_token": False, "refresh_token": False, "state": "draft"}
        )
        self.login(self.manager)
        action = self.click("oms.channel", "action_authorize", self.shop.ids)
        consent = requests.get(action["url"], allow_redirects=False, timeout=10)
        self.assertEqual(consent.status_code, 302, consent.text)
        location = urlsplit(consent.headers["Location"])
        self.assertEqual(location.path, "/oms/oauth/tiktok/callback")
        query = {key: values[0] for key, values in parse_qs(location.query).items()}
        response = self.url_open(
            f"{location.path}?{urlencode(query)}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303), response.text)
        self.assertEqual(self.shop.state, "connected")
        self.assertIn(self.shop.sudo().access_token, self.sandbox.auth.access_tokens)
        self.assertEqual(self.shop.tiktok_shop_cipher, self.sandbox.shop.cipher)
        # the code is single use: a replayed callback changes nothing
        replay = self.url_open(
            f"{location.path}?{urlencode(query)}", allow_redirects=False
        )
        self.assertNotEqual(replay.status_code, 500)
        self.assertEqual(self.shop.state, "connected")

    def test_operator_syncs_cancels_and_ships(self):
        cancel_ref = self.sandbox.place_order([(SKUS[0], 1)])
        ship_ref = self.sandbox.place_order([(SKUS[1], 1)])
        self.login(self.operator)
        action = self.open_menu("oms_base.menu_oms_shops")
        values, view = self.open_action_form(action, self.shop.id)
        self.assertIn("action_sync_orders", view.buttons(values))
        self.click("oms.channel", "action_sync_orders", self.shop.ids)
        outcome = self.run_jobs()
        self.assertEqual(set(outcome.values()), {"done"}, outcome)
        sale = self.sales([cancel_ref])
        self.cancel_on_marketplace(sale)
        self.assertEqual(sale.state, "cancel")
        self.assertEqual(self.sandbox.order(cancel_ref)["status"], const.CANCELLED)
        picking = self.sales([ship_ref]).picking_ids
        self.run_server_action(
            "oms_base.action_server_pack", picking.ids, "stock.picking"
        )
        self.assertEqual(picking.oms_fulfilment_state, "packed")
        self.click("stock.picking", "action_oms_ready_to_ship", picking.ids)
        download = self.run_server_action(
            "oms_base.action_server_print_labels", picking.ids, "stock.picking"
        )
        self.assertEqual(download["type"], "ir.actions.act_url", download)
        pdf = self.download(download["url"]).content
        self.assertGreaterEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)

    def test_warehouse_never_reads_secrets(self):
        self.login(self.warehouse_user)
        values, view = self.open_form("oms.channel", self.shop.id)
        fields = self.call_kw("oms.channel", "fields_get", attributes=["type"])
        for secret in SECRETS:
            self.assertNotIn(secret, view.spec)
            self.assertNotIn(secret, values)
            self.assertNotIn(secret, fields)
            self.assertAccessError(
                self.call_kw, "oms.channel", "read", [self.shop.id], [secret]
            )
