"""A shop of ours pointed at a running sandbox, for tests, benchmarks and
the scenario. Takes an Odoo environment but imports nothing of Odoo, so
that code outside the test framework can use it too."""

from urllib.parse import parse_qs, urlsplit

import requests
from oms_api_common.odoo_shop import shop_values

# Shopee's market currencies (the sandbox imports nothing of the connector).
REGION_CURRENCY = {
    "MY": "MYR",
    "SG": "SGD",
    "TH": "THB",
    "PH": "PHP",
    "VN": "VND",
    "ID": "IDR",
}


def create_shop(env, sandbox, warehouse=None, region="MY", name=None):
    """Create a Shopee shop (with a pricelist in the region's currency)
    talking to ``sandbox``, which must be started."""
    return env["oms.channel"].create(
        {
            **shop_values(env, "Shopee", REGION_CURRENCY[region], warehouse),
            "name": name or f"Shopee {region} sandbox",
            "platform": "shopee",
            "shopee_region": region,
            "country_id": env.ref(f"base.{region.lower()}").id,
            "api_url": sandbox.base_url,
            "shopee_partner_id": str(sandbox.partner_id),
            "shopee_partner_key": sandbox.partner_key,
        }
    )


def connect_shop(shop, state="state-1"):
    """Run the seller authorization: consent page, callback code + shop_id.

    Return ``(code, shop_id)``.
    """
    url = shop._oms_authorize_url(
        "https://odoo.example/oms/oauth/shopee/callback", state
    )
    response = requests.get(url, allow_redirects=False, timeout=10)
    if response.status_code not in (301, 302, 303):
        raise RuntimeError(f"Sandbox refused the authorization: {response.text}")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    if query.get("state") != [state]:
        raise RuntimeError(f"Sandbox returned another state: {query}")
    code, shop_id = query["code"][0], query["shop_id"][0]
    shop._oms_exchange_code(code, shop_id=shop_id)
    return code, shop_id
