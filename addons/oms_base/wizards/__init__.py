from . import oms_cancel_order
