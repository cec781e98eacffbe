from . import oms_channel
from . import oms_settlement
from . import account_bank_statement_line
from . import sale_order
from . import account_move_line
from . import oms_fee_rate
