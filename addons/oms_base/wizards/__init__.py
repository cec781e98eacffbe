from . import oms_bind_sku
from . import oms_cancel_order
from . import oms_listing_wizard
from . import oms_listing_wizard_attribute
