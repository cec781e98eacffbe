"""Lazada Open Platform emulator for tests and the demo (plain Python)."""

from .server import LazadaError, LazadaSandbox
