from . import oms_channel
from . import stock_picking
from . import sale_order
from . import oms_risk_rule
from . import oms_order_importer
from . import oms_kpi_order
from . import oms_product_binding
from . import oms_kpi_stock
