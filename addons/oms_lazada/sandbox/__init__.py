"""Lazada Open Platform emulator for tests and the demo (plain Python)."""

from .common import LazadaError
from .server import LazadaSandbox
