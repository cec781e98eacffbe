from . import lazada_product_create
from . import lazada_product_create_attribute
