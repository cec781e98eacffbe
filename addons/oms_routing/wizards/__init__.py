from . import oms_routing_test
