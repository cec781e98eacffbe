"""Shopee Open Platform v2 client (plain Python, no Odoo import)."""

from . import const
from .client import ShopeeClient, classify_error, time_windows
from .signing import sign, sign_push, verify_push
