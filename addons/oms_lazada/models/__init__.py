from . import oms_channel
from . import oms_channel_scorecard
