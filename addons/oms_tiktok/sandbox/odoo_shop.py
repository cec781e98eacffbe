"""A shop of ours pointed at a running TikTok sandbox, for benchmarks and
the 11.11 scenario. Takes an Odoo environment but imports nothing of Odoo
nor of the connector, so that code outside the test framework can use it."""


def create_shop(env, sandbox, warehouse=None, name=None):
    """Create a TikTok shop (with a pricelist in the sandbox's currency)
    talking to the first shop of ``sandbox``, which must be started."""
    currency = env.ref(f"base.{sandbox.currency}")
    currency.active = True
    pricelist = env["product.pricelist"].create(
        {"name": f"TikTok {currency.name}", "currency_id": currency.id}
    )
    warehouse = warehouse or env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    return env["oms.channel"].create(
        {
            "name": name or f"TikTok {sandbox.region} sandbox",
            "platform": "tiktok",
            "tiktok_region": sandbox.region,
            "api_url": sandbox.base_url,
            "tiktok_app_key": sandbox.app_key,
            "tiktok_app_secret": sandbox.app_secret,
            "tiktok_service_id": sandbox.service_id,
            "external_shop_id": sandbox.shop.id,
            "warehouse_ids": [(6, 0, warehouse.ids)],
            "pricelist_id": pricelist.id,
        }
    )


def connect_shop(shop, sandbox):
    """The seller's authorization code (the consent page is the client
    tests'), exchanged by the connector: tokens stored, the shop selected
    among the authorized ones."""
    code = sandbox.authorize()
    shop._oms_exchange_code(code)
    return code
