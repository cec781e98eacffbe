from . import test_routing_rules
from . import test_routing_import
from . import test_reroute
from . import test_carrier
from . import test_routing_security
