from . import shopee_item_wizard
from . import shopee_item_wizard_attribute
