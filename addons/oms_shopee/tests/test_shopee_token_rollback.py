from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from odoo.addons.oms_base.tests.committed import CommittedShopCase
from odoo.addons.oms_shopee.sandbox import ShopeeSandbox
from odoo.addons.oms_shopee.sandbox.odoo_shop import connect_shop, create_shop
from odoo.addons.oms_shopee.shopee_api import const

from .common import PARTNER_ID, PARTNER_KEY, SHOP_ID


class JobFailed(Exception):
    """What makes the job below roll back after its marketplace calls."""


@tagged("post_install", "-at_install")
class TestShopeeTokenSurvivesRollback(CommittedShopCase):
    """A refreshed token pair outlives the transaction that refreshed it.

    Shopee refresh tokens are single use, and the sandbox refuses a spent
    one as Shopee does: a new pair rolled back with a failing job would
    leave the shop a spent refresh token, locked out until the seller
    authorizes again. Real transactions are needed (see ``CommittedShopCase``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = ShopeeSandbox(
            partner_id=PARTNER_ID, partner_key=PARTNER_KEY, shop_id=SHOP_ID
        )
        cls.sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)

    def setUp(self):
        self.sandbox.reset(seed=5)
        super().setUp()

    def _create_shop(self, env):
        shop = create_shop(env, self.sandbox, name="Shopee rollback test")
        connect_shop(shop)
        self.pricelist_id = shop.pricelist_id.id
        return shop

    def _cleanup_shop_data(self, env):
        shop = self.shop(env)
        env["queue.job"].search([("model_name", "=", "oms.channel")]).filtered(
            lambda job: job.records == shop
        ).unlink()

    def _cleanup(self):
        res = super()._cleanup()
        # after the shop, which points at it
        with self.transaction() as env:
            env["product.pricelist"].browse(self.pricelist_id).unlink()
        return res

    def job_shop(self, cr):
        """The shop as its jobs see it, in the transaction of ``cr``."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        return env["oms.channel"].browse(self.channel_id)._oms_as_bot()

    def refreshes(self):
        return self.sandbox.call_count(const.PATH_TOKEN_REFRESH)

    def test_refreshed_tokens_survive_a_failing_job(self):
        with self.assertRaises(JobFailed), self.registry.cursor() as cr:
            shop = self.job_shop(cr)
            spent = shop.sudo().refresh_token
            self.sandbox.expire_access_token()
            # the call refreshes the expired token and goes through ...
            self.assertIn("Connected", shop._oms_call("_oms_test_connection"))
            fresh = shop.sudo().access_token, shop.sudo().refresh_token
            self.assertNotEqual(fresh[1], spent)
            # ... then the job fails: its transaction is rolled back
            raise JobFailed
        refreshes = self.refreshes()
        with self.registry.cursor() as cr:
            shop = self.job_shop(cr)
            self.assertEqual(
                (shop.sudo().access_token, shop.sudo().refresh_token), fresh
            )
            # the next call uses the new access token, no refresh needed
            self.assertIn("Connected", shop._oms_call("_oms_test_connection"))
            self.assertEqual(self.refreshes(), refreshes)
        with self.registry.cursor() as cr:
            shop = self.job_shop(cr)
            # and the stored refresh token was not spent yet
            self.assertEqual(shop._oms_refresh_job(), "Token refreshed")
            self.assertEqual(self.refreshes(), refreshes + 1)
            self.assertEqual(shop.state, "connected")
            self.assertNotEqual(shop.sudo().refresh_token, fresh[1])

    def test_second_worker_uses_the_tokens_of_the_first(self):
        with self.registry.cursor() as cr_late:
            late = self.job_shop(cr_late)
            # what this worker's snapshot knows
            old_access, spent = late.sudo().access_token, late.sudo().refresh_token
            with self.registry.cursor() as cr_first:
                self.assertEqual(
                    self.job_shop(cr_first)._oms_refresh_job(), "Token refreshed"
                )
            refreshes = self.refreshes()
            self.sandbox.expire_access_token(old_access)
            # the late worker's access token expired: it takes the stored
            # pair instead of spending the refresh token it still knows
            self.assertIn("Connected", late._oms_call("_oms_test_connection"))
            self.assertEqual(self.refreshes(), refreshes)
            self.assertNotEqual(late.sudo().refresh_token, spent)
            self.assertEqual(late.state, "connected")
