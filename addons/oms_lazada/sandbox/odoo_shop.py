"""A shop of ours pointed at a running sandbox, for tests, benchmarks and
the scenario. Takes an Odoo environment but imports nothing of Odoo, so
that code outside the test framework can use it too."""

from urllib.parse import parse_qs, urlsplit

import requests
from oms_api_common.odoo_shop import shop_values

from .catalog import VENTURE_CURRENCY


def create_shop(env, sandbox, warehouse=None, name=None):
    """Create a Lazada shop (with a pricelist in the venture's currency)
    talking to ``sandbox``, which must be started."""
    venture = sandbox.venture
    return env["oms.channel"].create(
        {
            **shop_values(env, "Lazada", VENTURE_CURRENCY[venture], warehouse),
            "name": name or f"Lazada {venture.upper()} sandbox",
            "platform": "lazada",
            "lazada_region": venture,
            "country_id": env.ref(f"base.{venture}").id,
            "api_url": f"{sandbox.base_url}/rest",
            "lazada_auth_url": f"{sandbox.base_url}/auth/rest",
            "lazada_app_key": sandbox.app_key,
            "lazada_app_secret": sandbox.app_secret,
        }
    )


def connect_shop(shop, state="state-1"):
    """Run the seller authorization: consent page, callback code, tokens.

    Return the authorization code.
    """
    url = shop._oms_authorize_url("https://odoo.example/callback", state)
    response = requests.get(url, allow_redirects=False, timeout=10)
    if response.status_code not in (301, 302, 303):
        raise RuntimeError(f"Sandbox refused the authorization: {response.text}")
    code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    shop._oms_exchange_code(code)
    return code
