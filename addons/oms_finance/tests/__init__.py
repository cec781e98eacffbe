from . import test_bank_matching
from . import test_discrepancy_reason
from . import test_fee_rates
from . import test_finance_access
from . import test_finance_dashboard
