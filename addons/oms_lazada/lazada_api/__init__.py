"""Plain-Python client of the Lazada Open Platform (no Odoo import)."""

from . import const, signing
from .client import LazadaClient
