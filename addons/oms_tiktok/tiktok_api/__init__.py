"""TikTok Shop Partner API client (plain Python, no Odoo import)."""

from . import const
from .client import TikTokClient, classify_error
from .signing import base_string, sign, sign_webhook, verify_webhook
