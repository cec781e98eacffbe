from . import test_lazada_flows
from . import test_lazada_products
from . import test_lazada_webhook
from . import test_lazada_shop_defaults
from . import test_lazada_secrets
from . import test_lazada_backoff
from . import test_lazada_oauth
from . import test_lazada_lifecycle
