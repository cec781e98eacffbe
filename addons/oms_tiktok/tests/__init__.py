from . import test_tiktok_install
from . import test_tiktok_features
from . import test_tiktok_auth
from . import test_tiktok_contract
from . import test_tiktok_flows
from . import test_tiktok_listings
from . import test_tiktok_secrets
from . import test_tiktok_roles
