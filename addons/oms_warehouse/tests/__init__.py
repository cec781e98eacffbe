from . import test_pack_station
from . import test_pack_marketplace
from . import test_waves
from . import test_handover
from . import test_floor_tours
from . import test_floor_roles
