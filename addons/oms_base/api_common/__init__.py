"""Former home of the plain-Python toolkit, now the ``oms-api-common``
distribution (``lib/oms_api_common``, import ``oms_api_common``).

Import ``oms_api_common`` itself: this alias only keeps code written before
the move (``odoo.addons.oms_base.api_common[.module]``) working, with the
same module objects, so that its errors are still the ones oms_base catches.
"""

import importlib
import sys

from oms_api_common import *

_MODULES = ("errors", "http", "odoo_shop", "params", "pdf", "push", "redact", "sandbox")
for _name in _MODULES:
    _module = importlib.import_module(f"oms_api_common.{_name}")
    sys.modules[f"{__name__}.{_name}"] = _module
    globals()[_name] = _module
