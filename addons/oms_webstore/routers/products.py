from typing import Annotated

from fastapi import APIRouter, Query

from .. import const
from ..dependencies import Channel
from ..errors import not_found
from ..schemas import ERROR_RESPONSES, SpuIn, SpuOut, SpuStatusIn, StockPage

router = APIRouter(responses=ERROR_RESPONSES)


def _existing_spu(channel, spu_id):
    bindings = channel._webstore_spu_bindings(spu_id)
    if not bindings:
        raise not_found("SPU", spu_id, "spu_id")
    return bindings


@router.put(
    "/spus/{spu_id}",
    response_model=SpuOut,
    tags=["products"],
    summary="Update Upstream SPU Base Info",
)
def upsert_spu(spu_id: str, data: SpuIn, channel: Channel):
    """Create or update an SPU and its SKUs. A SKU equal to a product's
    internal reference is bound to it; the others wait for a person to bind
    them (``bound: false``). SKUs left out are archived."""
    bindings = channel._webstore_upsert_spu(spu_id, data)
    return channel._webstore_spu_out(spu_id, bindings)


@router.get(
    "/spus/{spu_id}", response_model=SpuOut, tags=["products"], summary="Get SPU"
)
def get_spu(spu_id: str, channel: Channel):
    bindings = _existing_spu(channel, spu_id)
    return channel._webstore_spu_out(spu_id, bindings)


@router.delete(
    "/spus/{spu_id}",
    response_model=SpuOut,
    tags=["products"],
    summary="Delete Upstream SPU",
)
def delete_spu(spu_id: str, channel: Channel):
    bindings = _existing_spu(channel, spu_id)
    bindings.write({"listing_state": "deleted", "active": False})
    return channel._webstore_spu_out(spu_id, bindings)


@router.put(
    "/spus/{spu_id}/status",
    response_model=SpuOut,
    tags=["products"],
    summary="Update Upstream SPU Status",
)
def set_spu_status(spu_id: str, data: SpuStatusIn, channel: Channel):
    bindings = _existing_spu(channel, spu_id)
    bindings.write(
        {"listing_state": "active" if data.status == "on_sale" else "inactive"}
    )
    return channel._webstore_spu_out(spu_id, bindings)


@router.get(
    "/stock", response_model=StockPage, tags=["stock"], summary="Stock and Price Feed"
)
def get_stock(
    channel: Channel,
    skus: Annotated[list[str], Query(max_length=const.PAGE_SIZE_MAX)] = (),
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=const.PAGE_SIZE_MAX)] = 100,
):
    """Sellable quantity per SKU (free stock of the shop's warehouses
    under its stock rule: buffer, share, maximum; the same rule as the
    marketplaces) and price (the shop's pricelist)."""
    return channel._webstore_stock(skus, page, page_size)
