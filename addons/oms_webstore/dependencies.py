"""FastAPI dependencies of the web store API: the shop of the API key."""

from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader

from odoo.api import Environment

from odoo.addons.fastapi.dependencies import odoo_env

from . import const, ratelimit
from .errors import WebstoreApiError

api_key_header = APIKeyHeader(
    name=const.API_KEY_HEADER,
    auto_error=False,
    description="The shop's API key (OMS > Configuration > Shops > API Keys).",
)

# Minute-wide windows of the per-key limit.
RATE_PERIOD = 60


def webstore_channel(
    env: Annotated[Environment, Depends(odoo_env)],
    api_key: Annotated[str | None, Security(api_key_header)],
):
    """The web store shop of the request's API key, as its Marketplace Bot.

    401 without a key or with an unknown one, 403 for a revoked key or a
    shop that is archived or not a web store, 429 past the key's limit.
    """
    if not api_key:
        raise WebstoreApiError(
            401,
            "missing_api_key",
            f"Send the API key in the {const.API_KEY_HEADER} header.",
        )
    # The caller is anonymous until its key is checked: keys are read as
    # superuser, and only to find the one whose hash matches.
    key_sudo = env["oms.webstore.key"].sudo()._find(api_key)
    if not key_sudo:
        raise WebstoreApiError(401, "invalid_api_key", "Unknown API key.")
    if not key_sudo.active:
        raise WebstoreApiError(403, "revoked_api_key", "This API key was revoked.")
    channel_sudo = key_sudo.channel_id
    if not channel_sudo.active or channel_sudo.platform != const.PLATFORM:
        raise WebstoreApiError(
            403, "shop_inactive", "The key's shop is not an active web store."
        )
    # counted for every worker and node at once (see ratelimit)
    wait = ratelimit.hit(env.cr.dbname, key_sudo.id, key_sudo.rate_limit, RATE_PERIOD)
    if wait:
        raise WebstoreApiError(
            429,
            "rate_limited",
            f"More than {key_sudo.rate_limit} requests per minute: retry in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    return channel_sudo._oms_as_bot()


Channel = Annotated[object, Depends(webstore_channel)]
