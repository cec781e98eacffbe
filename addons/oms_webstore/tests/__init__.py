from . import test_webstore_mapping
from . import test_webstore_api_orders
from . import test_webstore_api_errors
from . import test_webstore_api_parcels
from . import test_webstore_api_products
from . import test_webstore_cancel_request
from . import test_webstore_openapi
from . import test_webstore_webhooks
