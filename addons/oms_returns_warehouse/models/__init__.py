from . import oms_pack_station
