"""Shopee Open Platform v2 emulator (plain Python, loopback HTTP).

``python -m odoo.addons.oms_shopee.sandbox --port 8802`` runs it in the
foreground; tests start :class:`ShopeeSandbox` on a free port instead.
"""

from .server import ShopeeSandbox
from .shop import ShopeeError, ShopeeShop, escrow_formula
