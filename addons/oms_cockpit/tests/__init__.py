from . import test_deadlines
from . import test_holds
from . import test_kpi
from . import test_price_watch
from . import test_dashboard
from . import test_price_watch_lazada
