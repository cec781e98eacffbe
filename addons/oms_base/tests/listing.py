"""Helpers of the listing wizard's tests, for every connector."""


def marketplace_category(shop, external_id):
    """The shop's stored category of the marketplace's ``external_id``."""
    return shop.env["oms.marketplace.category"].search(
        [("channel_id", "=", shop.id), ("external_id", "=", external_id)]
    )


def listing_wizard(shop, product, category_ref, **values):
    """The create wizard of ``product`` on ``shop``, the marketplace's
    categories loaded and ``category_ref`` chosen with its attributes."""
    wizard = (
        shop.env["oms.listing.wizard"]
        .with_context(default_product_id=product.id)
        .create(dict({"channel_id": shop.id}, **values))
    )
    wizard.action_load_categories()
    wizard.category_id = marketplace_category(shop, category_ref)
    wizard.action_load_attributes()
    return wizard


def wizard_attribute(wizard, name):
    """The wizard's line of the attribute called ``name``."""
    return wizard.attribute_ids.filtered(lambda a: a.name == name)


def listing_form_model(shop):
    """The wizard as the shop's *Create Listing* button opens it (for a
    ``Form``), the marketplace's categories stored."""
    shop.env["oms.marketplace.category"]._sync_tree(shop)
    action = shop.action_create_listing()
    return shop.env[action["res_model"]].with_context(**action["context"])
