from . import test_lazada_flows
from . import test_lazada_products
from . import test_lazada_webhook
from . import test_lazada_lifecycle
