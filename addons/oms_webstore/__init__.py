from odoo.addons import oms_base

from . import models, ratelimit


def post_init_hook(env):
    oms_base.setup_platform(env, "webstore")


def uninstall_hook(env):
    oms_base.reset_platform(env, "webstore")
    ratelimit.drop_table(env.cr)
