from . import oms_channel
