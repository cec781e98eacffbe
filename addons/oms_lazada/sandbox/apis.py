"""What the Lazada gateway knows of each API the sandbox serves: its
mandatory parameters and published limits (from Lazada's API reference)."""

# Mandatory business parameters; the gateway answers MissingParameter.
REQUIRED = {
    "/seller/get": (),
    "/orders/get": (),
    "/order/get": ("order_id",),
    "/order/items/get": ("order_id",),
    "/orders/items/get": ("order_ids",),
    "/products/get": (),
    # The parameter table marks item_id mandatory but the API's own error
    # E200 ("Empty Item Id and Seller Sku") and its example request take
    # either: either identifies the product (see ONE_OF).
    "/product/item/get": (),
    "/category/tree/get": (),
    "/category/attributes/get": ("primary_category_id",),
    "/image/upload": ("image",),
    "/image/migrate": ("payload",),
    "/product/create": ("payload",),
    "/product/update": ("payload",),
    "/product/remove": (),
    "/product/price_quantity/update": ("payload",),
    "/product/stock/sellable/update": ("payload",),
    "/product/deactivate": ("apiRequestBody",),
    "/order/reverse/cancel/validate": ("order_id", "order_item_id_list"),
    "/order/reverse/cancel/create": ("order_id", "order_item_id_list", "reason_id"),
    "/order/shipment/providers/get": ("getShipmentProvidersReq",),
    "/order/fulfill/pack": ("packReq",),
    "/order/package/rts": ("readyToShipReq",),
    "/order/package/document/get": ("getDocumentReq",),
    "/reverse/getreverseordersforseller": ("page_size", "page_no"),
    "/order/reverse/return/detail/list": ("reverse_order_id",),
    "/order/reverse/reason/list": ("reverse_order_line_id",),
    "/order/reverse/return/update": (
        "action",
        "reverse_order_id",
        "reverse_order_item_ids",
    ),
    "/order/reverse/onlyrefund/seller/decide": (
        "action",
        "reverse_order_id",
        "reverse_order_item_ids",
    ),
    "/finance/transaction/details/get": ("start_time", "end_time"),
    "/finance/payout/status/get": ("created_after",),
    "/auth/token/create": ("code",),
    "/auth/token/refresh": ("refresh_token",),
}

# One of these is mandatory: (parameters, error code, message when none).
ONE_OF = {
    # the GetOrders guide: "created_after or update_after is mandatory"
    "/orders/get": (
        ("created_after", "update_after"),
        "MissingParameter",
        (
            "The input parameter “created_after” that is mandatory for "
            "processing this request is not supplied"
        ),
    ),
    "/product/item/get": (
        ("item_id", "seller_sku"),
        "200",
        "E200: Empty SellerSku",
    ),
    "/product/remove": (
        ("sku_id_list", "seller_sku_list"),
        "30",
        "E030: Empty Request",
    ),
}

TIMESTAMP_WINDOW = 7200  # seconds between the request's timestamp and now
ORDERS_MAX_LIMIT = 100
ORDERS_MAX_OFFSET = 5000
ORDER_ITEMS_BATCH = 50
PRODUCTS_MAX_LIMIT = 50
PRODUCTS_MAX_OFFSET = 10000
PRODUCTS_SKU_FILTER_MAX = 100
MAX_SKUS_PER_UPDATE = 50
MAX_PACKAGES_PER_CALL = 20
FINANCE_MAX_LIMIT = 500
FINANCE_MAX_DAYS = 180

ORDER_STATUSES = (
    "unpaid",
    "pending",
    "packed",
    "repacked",
    "ready_to_ship",
    "ready_to_ship_pending",
    "shipped",
    "delivered",
    "canceled",
    "returned",
    "failed",
    "topack",
    "toship",
    "confirmed",
    "lost",
    "lost_by_3pl",
    "damaged_by_3pl",
    "failed_delivery",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "package_scrapped",
)
PRODUCT_FILTERS = (
    "all",
    "live",
    "inactive",
    "deleted",
    "image-missing",
    "pending",
    "rejected",
    "sold-out",
)
