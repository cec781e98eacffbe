from . import oms_channel
from . import oms_channel_orders
from . import oms_channel_listing
from . import oms_channel_fulfilment
from . import oms_channel_finance
from . import oms_channel_returns
from . import sale_order
