from . import oms_bind_sku
from . import oms_cancel_order
