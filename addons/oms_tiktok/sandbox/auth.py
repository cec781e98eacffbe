"""The emulated authorization: one app, one seller who authorized it for
one or more shops, single-use authorization codes, token pairs with
absolute expiry timestamps, granted scopes and deauthorization.
"""

import secrets

from .common import (
    INVALID_REQUEST,
    INVALID_TOKEN_HEADER,
    SCOPE_MISSING,
    TOKEN_EXPIRED,
    TOKEN_INVALID,
    TikTokError,
)

DAY = 86400
ACCESS_TOKEN_TTL = 7 * DAY
AUTH_CODE_TTL = 30 * 60
AUTHORIZATION_DAYS = 365
ALL_SCOPES = (
    "seller.authorization.info",
    "seller.shop.info",
    "seller.product.basic",
    "seller.product.write",
    "seller.product.delete",
    "seller.logistics",
    "seller.order.info",
    "seller.fulfillment.basic",
    "seller.return_refund.basic",
    "seller.finance.info",
)
INVALID_CODE = "Invalid credentials. The auth_code is invalid, used or expired."
INVALID_REFRESH = "Invalid credentials. The refresh_token is invalid."
EXPIRED_REFRESH = "Expired credentials. The refresh_token has expired."


def _token(prefix="TTP_"):
    return prefix + secrets.token_urlsafe(32)


class TikTokAuth:
    """Tokens of the seller; every shop of the seller shares them."""

    def __init__(
        self,
        app_key,
        app_secret,
        clock,
        seller_name="Sandbox Seller",
        region="MY",
        open_id="7010736057180325637",
    ):
        self.app_key = app_key
        self.app_secret = app_secret
        self.clock = clock
        self.seller_name = seller_name
        self.region = region
        self.open_id = open_id
        self.codes = {}  # code -> expiry
        self.access_tokens = {}  # token -> {"expire": ts, "revoked": bool}
        self.refresh_tokens = {}  # token -> {"expire": ts, "revoked": bool}
        self.scopes = set(ALL_SCOPES)
        self.authorized_until = None

    def now(self):
        return int(self.clock())

    # the seller's consent

    def grant_code(self):
        """The seller consents: a single-use code valid 30 minutes."""
        code = secrets.token_urlsafe(24)
        self.codes[code] = self.now() + AUTH_CODE_TTL
        self.authorized_until = self.now() + AUTHORIZATION_DAYS * DAY
        return code

    def issue_tokens(self, access_token=None, refresh_token=None):
        """A fresh token pair, as the code exchange gives (tests, demo)."""
        if self.authorized_until is None or self.authorized_until < self.now():
            self.authorized_until = self.now() + AUTHORIZATION_DAYS * DAY
        access_token = access_token or _token()
        refresh_token = refresh_token or _token()
        self.access_tokens[access_token] = {
            "expire": self.now() + ACCESS_TOKEN_TTL,
            "revoked": False,
        }
        self.refresh_tokens[refresh_token] = {
            "expire": self.authorized_until,
            "revoked": False,
        }
        return access_token, refresh_token

    def _token_data(self, access_token, refresh_token):
        return {
            "access_token": access_token,
            "access_token_expire_in": self.access_tokens[access_token]["expire"],
            "refresh_token": refresh_token,
            "refresh_token_expire_in": self.refresh_tokens[refresh_token]["expire"],
            "open_id": self.open_id,
            "seller_name": self.seller_name,
            "seller_base_region": self.region,
            "user_type": 0,
            "granted_scopes": sorted(self.scopes),
        }

    def _check_app(self, params):
        if (
            params.get("app_key") != self.app_key
            or params.get("app_secret") != self.app_secret
        ):
            raise TikTokError(
                INVALID_REQUEST, "Invalid credentials. Invalid app_key or app_secret."
            )

    def exchange_code(self, params):
        """``GET /api/v2/token/get`` with app_key, app_secret, auth_code."""
        self._check_app(params)
        if params.get("grant_type") != "authorized_code":
            raise TikTokError(INVALID_REQUEST, "grant_type must be authorized_code.")
        expiry = self.codes.pop(params.get("auth_code") or "", None)
        if expiry is None or expiry < self.now():
            raise TikTokError(INVALID_REQUEST, INVALID_CODE)
        return self._token_data(*self.issue_tokens())

    def refresh(self, params):
        """``GET /api/v2/token/refresh``: a new access token, same refresh
        token (it lives as long as the authorization)."""
        self._check_app(params)
        if params.get("grant_type") != "refresh_token":
            raise TikTokError(INVALID_REQUEST, "grant_type must be refresh_token.")
        refresh_token = params.get("refresh_token") or ""
        entry = self.refresh_tokens.get(refresh_token)
        if entry is None or entry["revoked"]:
            raise TikTokError(INVALID_REQUEST, INVALID_REFRESH)
        if entry["expire"] < self.now():
            raise TikTokError(TOKEN_EXPIRED, EXPIRED_REFRESH)
        access_token = _token()
        self.access_tokens[access_token] = {
            "expire": self.now() + ACCESS_TOKEN_TTL,
            "revoked": False,
        }
        return self._token_data(access_token, refresh_token)

    # gateway checks

    def check_access_token(self, token, scope):
        """Raise the gateway's refusal for a missing, expired, revoked or
        under-scoped ``x-tts-access-token``."""
        entry = self.access_tokens.get(token or "")
        if entry is None:
            raise TikTokError(INVALID_REQUEST, INVALID_TOKEN_HEADER)
        if entry["revoked"]:
            raise TikTokError(TOKEN_INVALID)
        if entry["expire"] < self.now():
            raise TikTokError(TOKEN_EXPIRED)
        if scope and scope not in self.scopes:
            raise TikTokError(SCOPE_MISSING)

    # what tests and the control API do to tokens

    def expire_access_token(self, token=None):
        for key, entry in self.access_tokens.items():
            if token in (None, key):
                entry["expire"] = self.now() - 1

    def expire_refresh_token(self, token=None):
        for key, entry in self.refresh_tokens.items():
            if token in (None, key):
                entry["expire"] = self.now() - 1

    def deauthorize(self):
        """The seller removes the app: every token stops working at once."""
        for entry in (*self.access_tokens.values(), *self.refresh_tokens.values()):
            entry["revoked"] = True
        self.codes.clear()
        self.authorized_until = None

    def revoke_scope(self, scope):
        self.scopes.discard(scope)

    def grant_scope(self, scope):
        self.scopes.add(scope)
