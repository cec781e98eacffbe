from . import oms_channel
from . import oms_channel_listing
from . import oms_channel_fulfilment
from . import sale_order
