"""What every connector's sandbox shop needs in Odoo, for tests, benchmarks
and the scenario: takes an Odoo environment, imports nothing of Odoo."""


def shop_values(env, platform_label, currency_code, warehouse=None):
    """``oms.channel`` values selling from ``warehouse`` (the company's
    first by default) with a pricelist in ``currency_code``, activated."""
    currency = env.ref(f"base.{currency_code}")
    currency.active = True
    pricelist = env["product.pricelist"].create(
        {"name": f"{platform_label} {currency.name}", "currency_id": currency.id}
    )
    warehouse = warehouse or env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    return {
        "warehouse_ids": [(6, 0, warehouse.ids)],
        "pricelist_id": pricelist.id,
    }
