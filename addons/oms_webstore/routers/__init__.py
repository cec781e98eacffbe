from .orders import router as orders_router
from .parcels import router as parcels_router
from .products import router as products_router

ROUTERS = [orders_router, parcels_router, products_router]
