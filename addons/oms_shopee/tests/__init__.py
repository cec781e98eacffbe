from . import test_flows
from . import test_mapping
from . import test_push
from . import test_products
from . import test_settlement
from . import test_shopee_cancel
