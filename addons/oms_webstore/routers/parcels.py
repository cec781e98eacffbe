import base64
from typing import Annotated

from fastapi import APIRouter, Query, Response

from ..dependencies import Channel
from ..errors import not_found
from ..schemas import (
    ERROR_RESPONSES,
    ParcelOut,
    ParcelStatusIn,
    TrackingDocsIn,
    TrackOut,
)

router = APIRouter(tags=["parcels"], responses=ERROR_RESPONSES)

Refs = Annotated[list[str], Query(max_length=100)]


@router.get("/parcels", response_model=list[ParcelOut], summary="Get Parcels")
def get_parcels(channel: Channel, order_nos: Refs = (), parcel_nos: Refs = ()):
    """Parcels of the given orders or with the given parcel numbers
    (repeat the parameter: ``?order_nos=A&order_nos=B``)."""
    pickings = channel._webstore_find_parcels(order_nos, parcel_nos)
    return [channel._webstore_parcel_out(p) for p in pickings]


@router.get("/tracking", response_model=list[TrackOut], summary="Track & Trace")
def track(channel: Channel, order_nos: Refs = (), tracking_numbers: Refs = ()):
    """What happened to the parcels of orders, or with tracking numbers."""
    pickings = channel._webstore_find_parcels(
        order_nos, tracking_numbers=tracking_numbers
    )
    return channel._webstore_track(pickings)


@router.post(
    "/parcels/status", response_model=list[ParcelOut], summary="Update Parcel Status"
)
def update_parcel_status(data: ParcelStatusIn, channel: Channel):
    """For stores that ship themselves: the parcel shipped (Odoo's delivery
    is validated), was delivered or came back."""
    pickings = channel._webstore_update_parcel_status(data)
    return [channel._webstore_parcel_out(p) for p in pickings]


@router.post(
    "/parcels/tracking-docs",
    response_model=ParcelOut,
    summary="Update Parcel Tracking Docs",
)
def update_tracking_docs(data: TrackingDocsIn, channel: Channel):
    """Tracking number, carrier and label PDF (base64) of a parcel."""
    picking = channel._webstore_update_tracking_docs(data)
    return channel._webstore_parcel_out(picking)


@router.get(
    "/parcels/label",
    summary="Get Parcel Label",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def get_label(parcel_no: str, channel: Channel):
    pickings = channel._webstore_find_parcels(parcel_nos=[parcel_no])
    label = pickings[:1].oms_label_id
    if not label:
        raise not_found("Label of parcel", parcel_no, "parcel_no")
    return Response(base64.b64decode(label.datas), media_type="application/pdf")
