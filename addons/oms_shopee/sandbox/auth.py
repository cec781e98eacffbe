"""The Shopee gateway's side of authentication: request signatures, the
5-minute timestamp window, authorization codes and the token lifecycle.
"""

import hmac
import secrets
import time

from . import const
from .shop import ShopeeError
from .signing import sign


def _param_error(message):
    return ShopeeError(const.ERROR_PARAM, message)


class ShopeeAuth:
    """Partner credentials, authorization codes and tokens of one shop."""

    def __init__(self, partner_id, partner_key, shop_id, clock=time.time):
        self.partner_id = partner_id
        self.partner_key = partner_key
        self.shop_id = shop_id
        self.clock = clock
        self.codes = {}  # code -> expiry
        self.access_tokens = {}  # token -> expiry
        self.refresh_tokens = {}  # token -> {"expires": ts, "used": bool}
        self.authorized = False
        self.auth_time = None

    def _new_token(self):
        return secrets.token_hex(16)

    # Request checks ----------------------------------------------------------

    def check_request(self, path, query, shop_level):
        """Validate common parameters like Shopee's gateway, in its order."""
        partner_id = query.get("partner_id")
        if partner_id in (None, ""):
            raise _param_error("There is no partner_id in query.")
        if str(partner_id) != str(self.partner_id):
            raise _param_error("Invalid partner_id.")
        timestamp = query.get("timestamp")
        if timestamp in (None, ""):
            raise _param_error("no timestamp")
        try:
            timestamp = int(timestamp)
        except ValueError:
            raise _param_error("Invalid timestamp") from None
        if abs(self.clock() - timestamp) > const.TIMESTAMP_TOLERANCE:
            raise _param_error("Invalid timestamp")
        signature = query.get("sign")
        if not signature:
            raise _param_error("There is no sign in query.")
        access_token = shop_id = None
        if shop_level:
            access_token = query.get("access_token")
            if not access_token:
                raise _param_error("There is no access_token in query.")
            shop_id = query.get("shop_id")
            if shop_id in (None, ""):
                raise _param_error("There is no shop_id in query.")
        expected = sign(
            self.partner_key, path, timestamp, self.partner_id, access_token, shop_id
        )
        if not hmac.compare_digest(expected.encode(), str(signature).encode()):
            raise ShopeeError(const.ERROR_SIGN, "Wrong sign.")
        if shop_level:
            if str(shop_id) != str(self.shop_id):
                raise ShopeeError(const.ERROR_AUTH, "Invalid partner_id or shopid.")
            expiry = self.access_tokens.get(access_token)
            if expiry is None or expiry <= self.clock():
                raise ShopeeError(const.ERROR_AUTH, "Invalid access_token.")

    # Authorization -------------------------------------------------------------

    def grant_code(self):
        """The seller confirmed the authorization page: issue a code."""
        code = self._new_token()
        self.codes[code] = self.clock() + const.AUTH_CODE_TTL
        self.authorized = True
        self.auth_time = int(self.clock())
        return code

    def _issue_tokens(self, access_token=None, refresh_token=None):
        now = self.clock()
        access_token = access_token or self._new_token()
        refresh_token = refresh_token or self._new_token()
        self.access_tokens[access_token] = now + const.ACCESS_TOKEN_TTL
        self.refresh_tokens[refresh_token] = {
            "expires": now + const.REFRESH_TOKEN_TTL,
            "used": False,
        }
        return access_token, refresh_token

    def _check_body_ids(self, body):
        if str(body.get("partner_id")) != str(self.partner_id):
            raise ShopeeError(
                "invalid_partner_id", "Invalid partner_id,please have a check."
            )

    def exchange_code(self, body):
        """POST /api/v2/auth/token/get."""
        self._check_body_ids(body)
        code = body.get("code")
        if not code:
            raise _param_error("Wrong parameters, detail: code is a required field.")
        expiry = self.codes.pop(code, None)  # single use, even when it fails below
        if expiry is None or expiry <= self.clock():
            raise ShopeeError(
                "invalid_code",
                "The code is expired or used or invalid, please check the code.",
            )
        if str(body.get("shop_id")) != str(self.shop_id):
            raise ShopeeError(
                "invalid_shop_id",
                "The code or shop_id is wrong, please check the code or the shop_id.",
            )
        access_token, refresh_token = self._issue_tokens()
        return {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expire_in": const.ACCESS_TOKEN_TTL,
        }

    def refresh(self, body):
        """POST /api/v2/auth/access_token/get: refresh tokens are single use."""
        self._check_body_ids(body)
        if str(body.get("shop_id")) != str(self.shop_id):
            raise ShopeeError(
                "error_shop_refresh_token",
                "Your refresh token is error ,please check refresh token or shopid.",
            )
        record = self.refresh_tokens.get(body.get("refresh_token") or "")
        if record is None or record["used"] or not self.authorized:
            raise ShopeeError(const.ERROR_AUTH, "Invalid refresh_token.")
        if record["expires"] <= self.clock():
            raise ShopeeError("refresh_token_expired", "Your refresh_token expired.")
        record["used"] = True
        # The previous access token keeps working for 5 more minutes.
        grace = self.clock() + 300
        for token, expiry in self.access_tokens.items():
            self.access_tokens[token] = min(expiry, grace)
        access_token, refresh_token = self._issue_tokens()
        return {
            "partner_id": self.partner_id,
            "shop_id": self.shop_id,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expire_in": const.ACCESS_TOKEN_TTL,
        }

    # Test hooks ------------------------------------------------------------------

    def issue_tokens(self, access_token=None, refresh_token=None):
        """Authorize the shop and return (access_token, refresh_token)."""
        self.authorized = True
        self.auth_time = self.auth_time or int(self.clock())
        return self._issue_tokens(access_token, refresh_token)

    def expire_access_token(self, token=None):
        """Make ``token`` (every access token by default) expired now."""
        past = self.clock() - 1
        for known in list(self.access_tokens):
            if token is None or known == token:
                self.access_tokens[known] = past

    def expire_refresh_token(self, token=None):
        past = self.clock() - 1
        for known, record in self.refresh_tokens.items():
            if token is None or known == token:
                record["expires"] = past

    def deauthorize(self):
        self.authorized = False
        self.access_tokens.clear()
        self.refresh_tokens.clear()
