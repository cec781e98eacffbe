from . import oms_channel
from . import oms_tiktok_shop
from . import oms_channel_finance
