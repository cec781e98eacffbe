from . import test_pack_station
from . import test_pack_marketplace
