from . import test_returns_desk
