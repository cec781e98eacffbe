"""TikTok Shop Partner API emulator (plain Python, loopback HTTP).

``python -m odoo.addons.oms_tiktok.sandbox --port 8803`` runs it in the
foreground with the demo shop; tests start :class:`TikTokSandbox` on a
free port instead. It imports nothing of ``tiktok_api``: it is written from
TikTok's reference on its own.
"""

from .common import TikTokError
from .server import (
    DEMO_ACCESS_TOKEN,
    DEMO_REFRESH_TOKEN,
    ROUTES,
    SERVICE_ID,
    TikTokSandbox,
)
from .shop import TikTokShop
