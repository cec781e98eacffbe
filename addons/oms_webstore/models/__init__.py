from . import oms_channel_api
from . import oms_channel
from . import oms_event
from . import oms_webstore_key
from . import oms_webstore_cancel_request
from . import sale_order
from . import stock_picking
from . import fastapi_endpoint
