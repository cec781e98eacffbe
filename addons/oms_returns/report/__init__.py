from . import oms_return_rate_report
