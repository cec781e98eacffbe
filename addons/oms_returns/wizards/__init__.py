from . import oms_return_receive
from . import oms_return_decision
