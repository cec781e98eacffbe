from . import test_order_import
from . import test_order_concurrency
from . import test_stock_push
from . import test_security
from . import test_events
from . import test_labels
from . import test_webhook
from . import test_settlement
from . import test_money_views
from . import test_order_form_tour
from . import test_picking_validation
from . import test_shop_defaults

from . import test_neutralize
