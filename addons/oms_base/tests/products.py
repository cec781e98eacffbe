"""Products the connectors' tests sell: storable, their default code the
seller SKU, with stock in a location."""


def storable_products(env, skus, location, quantity=10.0):
    products = env["product.product"].create(
        [{"name": sku, "default_code": sku, "is_storable": True} for sku in skus]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, location, quantity)
    return products
