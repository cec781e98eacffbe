"""A shop of ours pointed at a running TikTok sandbox, for benchmarks and
the 11.11 scenario. Takes an Odoo environment but imports nothing of Odoo
nor of the connector, so that code outside the test framework can use it."""

from oms_api_common.odoo_shop import shop_values


def create_shop(env, sandbox, warehouse=None, name=None):
    """Create a TikTok shop (with a pricelist in the sandbox's currency)
    talking to the first shop of ``sandbox``, which must be started."""
    return env["oms.channel"].create(
        {
            **shop_values(env, "TikTok", sandbox.currency, warehouse),
            "name": name or f"TikTok {sandbox.region} sandbox",
            "platform": "tiktok",
            "tiktok_region": sandbox.region,
            "api_url": sandbox.base_url,
            "tiktok_app_key": sandbox.app_key,
            "tiktok_app_secret": sandbox.app_secret,
            "tiktok_service_id": sandbox.service_id,
            "external_shop_id": sandbox.shop.id,
        }
    )


def connect_shop(shop, sandbox):
    """The seller's authorization code (the consent page is the client
    tests'), exchanged by the connector: tokens stored, the shop selected
    among the authorized ones."""
    code = sandbox.authorize()
    shop._oms_exchange_code(code)
    return code
