"""Seller-shipped orders (``shipping_type`` SELLER): the seller ships with
a carrier of its own and gives TikTok the tracking number (Ship Package's
``self_shipment``), from the providers TikTok lists for the delivery option
(Get Shipping Providers); a wrong tracking number is corrected (Update
Package Shipping Info).
"""

from .common import TikTokError
from .orders import (
    CANCELLED,
    COMPLETED,
    DELIVERED,
    DELIVERY_OPTION,
    SELLER_DELIVERY_OPTION,
    SELLER_PROVIDERS,
    seller_provider,
)


class SellerShippingMixin:
    """Seller shipping of :class:`TikTokShop`."""

    def api_shipping_providers(self, call):
        option = str(call.path_params["delivery_option_id"])
        if option == DELIVERY_OPTION[0]:
            raise TikTokError(
                21008117,
                "The delivery of the specified delivery_option_id is fulfilled by "
                "TikTok. No shipping provider will be returned.",
            )
        if option != SELLER_DELIVERY_OPTION[0]:
            raise TikTokError(
                21008116, "No Subscription without specified delivery option."
            )
        return {
            "shipping_providers": [
                {"id": provider_id, "name": name}
                for provider_id, name in SELLER_PROVIDERS
            ]
        }

    def api_update_shipping_info(self, call):
        package, order = self._package(call.path_params["package_id"], 21011028)
        tracking = call.body_value("tracking_number", str, required=True, code=21011022)
        provider = seller_provider(
            call.body_value("shipping_provider_id", str, required=True, code=21011022)
        )
        if order["status"] == CANCELLED:
            raise TikTokError(
                21011042, "Cannot complete the operation when order is cancelled."
            )
        if order["shipping_type"] != "SELLER":
            raise TikTokError(
                21011004,
                "This API cannot be used to update package shipping information "
                "for packages that are not shipped by sellers.",
            )
        if not package["tracking_number"]:
            raise TikTokError(21011043, "The package has not been shipped yet.")
        if order["status"] in (DELIVERED, COMPLETED):
            raise TikTokError(
                21011030,
                "Package has already been delivered. If you would still like to "
                "update the tracking number, please contact the platform for "
                "assistance.",
            )
        if not tracking.strip() or provider is None:
            raise TikTokError(
                21011022,
                "Invalid tracking number or provider ID. Please double check and "
                "try again.",
            )
        package.update(tracking_number=tracking, update_time=self.now())
        order.update(
            tracking_number=tracking,
            shipping_provider_id=provider[0],
            shipping_provider=provider[1],
        )
        self._touch(order)
        self.notify_order(order)
        return {}
