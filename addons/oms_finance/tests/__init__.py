from . import test_bank_matching
