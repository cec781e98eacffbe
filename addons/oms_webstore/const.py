"""Data of the web store Open API: statuses, webhook types, limits."""

from odoo.addons.oms_base import normalized

PLATFORM = "webstore"
API_ROOT = "/oms/api/v1"
API_KEY_HEADER = "X-Api-Key"
SIGNATURE_HEADER = "X-Oms-Signature"
EVENT_HEADER = "X-Oms-Event"
DELIVERY_HEADER = "X-Oms-Delivery"

# Order statuses the store reads, the neutral ones of oms_base.
ORDER_STATUSES = normalized.STATUSES

# What a store may say about a parcel it ships itself: the neutral status
# the order takes then.
PARCEL_STATUSES = {
    "shipped": normalized.SHIPPED,
    "delivered": normalized.DELIVERED,
    "returned": normalized.RETURNED,
}

# Webhook types sent to the store (X-Oms-Event), with the oms.event kind
# that records them.
WEBHOOK_ORDER_STATUS = "order.status_changed"
# an order accepted with ``Prefer: respond-async``, made or refused by a job
WEBHOOK_ORDER_CREATED = "order.created"
WEBHOOK_ORDER_FAILED = "order.failed"
WEBHOOK_PARCEL_STATUS = "parcel.status_changed"
WEBHOOK_CANCEL_REQUEST = "order.cancel_request_answered"
WEBHOOK_STOCK = "stock.changed"
WEBHOOK_KINDS = {
    WEBHOOK_ORDER_STATUS: "order",
    WEBHOOK_ORDER_CREATED: "order",
    WEBHOOK_ORDER_FAILED: "order",
    WEBHOOK_PARCEL_STATUS: "package",
    WEBHOOK_CANCEL_REQUEST: "order",
    WEBHOOK_STOCK: "product",
}

# Webhook deliveries: tries before the event stays failed (replayable), and
# the wait before each retry in seconds (the last one repeats).
WEBHOOK_MAX_ATTEMPTS = 8
WEBHOOK_BACKOFF = (10, 30, 120, 600, 1800, 3600)
WEBHOOK_TIMEOUT = 10

# Request limits (ir.config_parameter oms_webstore.max_body_bytes overrides).
MAX_BODY_BYTES = 1024 * 1024
MAX_LABEL_BYTES = 5 * 1024 * 1024
PAGE_SIZE_MAX = 200
