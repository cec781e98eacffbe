from . import test_return_import
from . import test_return_count
from . import test_return_stock
from . import test_return_refund
from . import test_return_rights
from . import test_lazada_returns
from . import test_shopee_returns
from . import test_tiktok_returns
