from . import test_pack_station
