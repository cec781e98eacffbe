from . import models
from . import controllers
from . import wizards
from . import job_log

job_log.install()


def setup_platform(env, code):
    """Post-init hook of the connector of platform ``code``."""
    env["oms.channel"]._oms_setup_platform(code)


def reset_platform(env, code):
    """Uninstall hook of the connector of platform ``code``."""
    env["oms.channel"]._oms_reset_platform(code)
