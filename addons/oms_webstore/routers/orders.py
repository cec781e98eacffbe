from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from .. import const
from ..dependencies import Channel
from ..schemas import (
    ERROR_RESPONSES,
    CancelIn,
    CancelRequestOut,
    OrderAcceptedOut,
    OrderIn,
    OrderOut,
    OrderPage,
)

router = APIRouter(tags=["orders"], responses=ERROR_RESPONSES)

Status = Literal[const.ORDER_STATUSES]


ACCEPTED = {
    202: {
        "model": OrderAcceptedOut,
        "description": "Accepted: a job makes the order (Prefer: respond-async)",
    }
}


def respond_async(prefer):
    """Whether the ``Prefer`` header (RFC 7240) asks for ``respond-async``."""
    tokens = (prefer or "").split(",")
    return "respond-async" in (t.split("=")[0].strip().lower() for t in tokens)


def accepted(channel, event):
    return JSONResponse(
        jsonable_encoder(OrderAcceptedOut(**channel._webstore_accepted_out(event))),
        status_code=status.HTTP_202_ACCEPTED,
        headers={
            "Location": f"{const.API_ROOT}/orders/{event.external_ref}",
            "Preference-Applied": "respond-async",
        },
    )


@router.post(
    "/orders",
    response_model=OrderOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create Order",
    responses={
        200: {"model": OrderOut, "description": "The order already existed"},
        **ACCEPTED,
    },
)
def create_order(
    data: OrderIn,
    channel: Channel,
    response: Response,
    prefer: Annotated[
        str | None,
        Header(
            description="`respond-async`: answer 202 at once and make the "
            "order in a job (for peaks); the store then hears `order.created` "
            "or `order.failed` by webhook, or reads `GET /orders/{order_no}`."
        ),
    ] = None,
):
    """Create an order. Idempotent on ``order_no``: the same content sent
    again returns the same order (200); other content under the same number
    is refused (409 ``duplicate_order_no``). Unknown SKUs are kept: the
    order is created and flagged for a person to bind them.

    With ``Prefer: respond-async`` the order is checked and stored, answered
    202 with status ``pending``, and made by a job; sending it again
    answers the same way (and retries it if it had failed)."""
    if respond_async(prefer):
        sale, event = channel._webstore_accept_order(data)
        if event:
            return accepted(channel, event)
        response.status_code = status.HTTP_200_OK
        return channel._webstore_order_out(sale)
    sale, created = channel._webstore_create_order(data)
    if not created:
        response.status_code = status.HTTP_200_OK
    return channel._webstore_order_out(sale)


@router.get("/orders", response_model=OrderPage, summary="Get Orders")
def get_orders(
    channel: Channel,
    status: Annotated[Status | None, Query(alias="status")] = None,
    updated_since: datetime | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=const.PAGE_SIZE_MAX)] = 50,
):
    """Orders of the shop, last updated first."""
    if updated_since and updated_since.tzinfo:
        updated_since = updated_since.astimezone(UTC).replace(tzinfo=None)
    return channel._webstore_search_orders(status, updated_since, page, page_size)


@router.get(
    "/orders/{order_no}",
    response_model=OrderOut,
    summary="Get Order",
    responses=ACCEPTED,
)
def get_order(order_no: str, channel: Channel):
    """The order; 202 with status ``pending`` or ``failed`` while an order
    accepted with ``Prefer: respond-async`` is not made yet."""
    sale, event = channel._webstore_find_order_or_accepted(order_no)
    if event:
        return accepted(channel, event)
    return channel._webstore_order_out(sale)


@router.post(
    "/orders/{order_no}/cancel", response_model=OrderOut, summary="Cancel Order"
)
def cancel_order(order_no: str, data: CancelIn, channel: Channel):
    """Cancel the whole order (no ``lines``) or some lines (all of a line,
    or ``quantity`` units of it). Refused (409 ``already_shipped``) once a
    parcel has left the warehouse."""
    sale = channel._webstore_find_order(order_no)
    lines = channel._webstore_resolve_lines(sale, data.lines)
    channel._webstore_cancel(sale, lines, data.reason, data)
    return channel._webstore_order_out(sale)


@router.post(
    "/orders/{order_no}/cancel-requests",
    response_model=CancelRequestOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Request to Cancel Order",
)
def request_cancel(order_no: str, data: CancelIn, channel: Channel):
    """Ask to cancel; a person approves or rejects it in Odoo and the
    answer comes back by webhook (``order.cancel_request_answered``) and on
    ``GET /cancel-requests/{request_id}``."""
    sale = channel._webstore_find_order(order_no)
    lines = channel._webstore_resolve_lines(sale, data.lines)
    return channel._webstore_request_cancel(sale, lines, data.reason)._out()


@router.get(
    "/cancel-requests/{request_id}",
    response_model=CancelRequestOut,
    summary="Get Cancellation Request",
)
def get_cancel_request(request_id: int, channel: Channel):
    return channel._webstore_find_cancel_request(request_id)._out()
