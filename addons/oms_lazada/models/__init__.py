from . import oms_channel
from . import oms_lazada_category
