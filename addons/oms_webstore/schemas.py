"""Pydantic models of the web store Open API (requests and answers)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Ref = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)
]
Text = Annotated[str, StringConstraints(max_length=256)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------------
# Errors
# ----------------------------------------------------------------------
class ErrorItem(BaseModel):
    code: str = Field(description="Stable machine-readable code.")
    message: str
    field: str | None = Field(None, description="Path of the field at fault.")


class ErrorDetail(ErrorItem):
    errors: list[ErrorItem] | None = Field(
        None, description="Every validation error, when there are several."
    )


class Error(BaseModel):
    detail: ErrorDetail


ERROR_RESPONSES = {
    status: {"model": Error, "description": description}
    for status, description in {
        401: "Missing or unknown API key",
        403: "Revoked key, or a shop that is not active",
        404: "Not found",
        409: "Conflict with the current state",
        413: "Body too large",
        422: "Invalid request (malformed JSON, a field's value)",
        429: "Too many requests: wait Retry-After seconds",
    }.items()
}


# ----------------------------------------------------------------------
# Orders
# ----------------------------------------------------------------------
class Buyer(Strict):
    id: Annotated[str, StringConstraints(max_length=64)] = Field(
        "", description="The store's customer id."
    )
    name: Text = ""
    phone: Text = ""
    email: Text = ""


class Address(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    phone: Text = ""
    email: Text = ""
    street: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    street2: Text = ""
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    state: Text = ""
    zip: Text = ""
    country_code: Annotated[
        str, StringConstraints(min_length=2, max_length=2, to_upper=True)
    ]


class OrderLineIn(Strict):
    line_id: Annotated[str, StringConstraints(max_length=64)] = Field(
        "", description="The store's line id; defaults to the line's position."
    )
    sku: Ref = Field(description="Seller SKU (the product's internal reference).")
    name: Text = ""
    quantity: float = Field(gt=0)
    unit_price: float = Field(ge=0, description="Price per unit, tax included.")
    discount: float = Field(0.0, ge=0, description="Discount on the whole line.")


class Payment(Strict):
    method: Literal["prepaid", "cod"] = "prepaid"
    paid: bool = Field(
        True, description="Prepaid orders wait unshipped until they are paid."
    )


class Voucher(Strict):
    code: Text = ""
    amount: float = Field(ge=0)


class OrderIn(Strict):
    order_no: Ref = Field(description="The store's order number, unique per shop.")
    created_at: datetime | None = None
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)] | None = (
        None
    )
    buyer: Buyer = Buyer()
    shipping_address: Address
    lines: list[OrderLineIn] = Field(min_length=1, max_length=500)
    payment: Payment = Payment()
    shipping_fee: float = Field(0.0, ge=0)
    vouchers: list[Voucher] = []
    delivery_type: Literal["standard", "express", "instant", "seller"] = "standard"
    ship_by: datetime | None = None
    note: Annotated[str, StringConstraints(max_length=4000)] = ""


class OrderLineOut(BaseModel):
    line_id: str
    sku: str
    name: str
    quantity: float
    unit_price: float
    known_sku: bool = Field(description="False while the SKU is bound to no product.")


class ParcelOut(BaseModel):
    parcel_no: str
    order_no: str
    status: Literal["waiting", "ready", "shipped", "cancelled"]
    carrier: str
    tracking_number: str
    label_url: str | None = Field(
        None, description="API path of the label PDF, once there is one."
    )
    shipped_at: datetime | None = None


class OrderOut(BaseModel):
    order_no: str
    reference: str = Field(description="The order's reference in Odoo.")
    status: str
    currency: str
    total: float
    needs_attention: bool
    attention_reason: str
    created_at: datetime | None
    updated_at: datetime | None
    lines: list[OrderLineOut]
    parcels: list[ParcelOut]


class OrderAcceptedOut(BaseModel):
    """A create-order message taken with ``Prefer: respond-async``, whose
    order a job is still to make."""

    order_no: str
    status: Literal["pending", "failed"] = Field(
        description="pending: the order is being made; failed: it could not "
        "be (see error; sending the same order again retries it)."
    )
    error: str = ""
    accepted_at: datetime | None = None


class OrderPage(BaseModel):
    items: list[OrderOut]
    page: int
    page_size: int
    total: int


class CancelLine(Strict):
    line_id: Annotated[str, StringConstraints(max_length=64)] = ""
    sku: Annotated[str, StringConstraints(max_length=64)] = ""
    quantity: float | None = Field(
        None, gt=0, description="Units to cancel; all of the line if not given."
    )


class CancelIn(Strict):
    reason: Text = ""
    lines: list[CancelLine] = Field(
        [], description="Lines to cancel; none cancels the whole order."
    )


class CancelRequestOut(BaseModel):
    request_id: int
    order_no: str
    status: Literal["requested", "approved", "rejected"]
    reason: str
    answer: str


# ----------------------------------------------------------------------
# Parcels
# ----------------------------------------------------------------------
class ParcelStatusIn(Strict):
    order_no: Ref
    parcel_no: Annotated[str, StringConstraints(max_length=64)] = ""
    status: Literal["shipped", "delivered", "returned"]
    tracking_number: Text = ""
    carrier: Text = ""


class TrackingDocsIn(Strict):
    order_no: Ref
    parcel_no: Annotated[str, StringConstraints(max_length=64)] = ""
    tracking_number: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)
    ]
    carrier: Text = ""
    label_pdf_base64: str | None = Field(
        None, description="The shipping label, a PDF encoded in base64."
    )


class TrackEvent(BaseModel):
    at: datetime | None
    status: str
    description: str


class TrackOut(BaseModel):
    order_no: str
    parcel_no: str
    carrier: str
    tracking_number: str
    status: str
    events: list[TrackEvent]


# ----------------------------------------------------------------------
# Products (SPU) and stock
# ----------------------------------------------------------------------
class SkuIn(Strict):
    sku: Ref
    sku_id: Annotated[str, StringConstraints(max_length=64)] = Field(
        "", description="The store's id of the SKU; the SKU itself if not given."
    )
    name: Text = ""
    price: float | None = Field(None, ge=0)


class SpuIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    description: Annotated[str, StringConstraints(max_length=20000)] = ""
    status: Literal["on_sale", "off_sale"] = "on_sale"
    skus: list[SkuIn] = Field(min_length=1, max_length=500)


class SpuStatusIn(Strict):
    status: Literal["on_sale", "off_sale"]


class SkuOut(BaseModel):
    sku: str
    sku_id: str
    bound: bool = Field(description="Whether the SKU is bound to an Odoo product.")
    status: str


class SpuOut(BaseModel):
    spu_id: str
    name: str
    status: str
    skus: list[SkuOut]


class StockItem(BaseModel):
    sku: str
    sku_id: str
    quantity: int = Field(description="What the store may sell now.")
    price: float
    currency: str
    status: str


class StockPage(BaseModel):
    items: list[StockItem]
    page: int
    page_size: int
    total: int
