"""The Lazada gateway's side of authentication: app key, timestamp window,
request signature and access token of each call, the seller's consent page,
authorization codes and the token lifecycle."""

import secrets
from datetime import UTC, datetime
from urllib.parse import urlencode

from . import apis
from .common import LazadaError, missing_parameter
from .signing import valid_request_signature

CODE_TTL = 1800


class AuthApis:
    """The app's credentials, authorization codes and token pairs."""

    def _init_auth(self, app_key, app_secret, access_ttl, refresh_ttl):
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.access_tokens = {}  # token -> expiry
        self.refresh_tokens = {}  # token -> expiry
        self.codes = {}  # code -> expiry

    def _timestamp_valid(self, stamp):
        """Epoch milliseconds or a UTC time like 2017-11-11T12:00:00Z."""
        stamp = stamp or ""
        if stamp.isdigit():
            moment = int(stamp) / 1000
        else:
            try:
                parsed = datetime.fromisoformat(stamp)
            except ValueError:
                return False
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            moment = parsed.timestamp()
        return abs(moment - self.clock()) <= apis.TIMESTAMP_WINDOW

    def _check_credentials(self, api_path, params, needs_token):
        """The gateway's checks of every call, in its order (the token
        only where the API needs one)."""
        if not params.get("app_key"):
            raise missing_parameter("app_key")
        if params.get("app_key") != self.app_key:
            raise LazadaError(
                "InvalidApiKey", "The specified app key is invalid", "ISV"
            )
        if not params.get("sign"):
            raise missing_parameter("sign")
        if not self._timestamp_valid(params.get("timestamp")):
            raise LazadaError("InvalidTimestamp", "The request timestamp is invalid")
        if not valid_request_signature(self.app_secret, api_path, params):
            raise LazadaError(
                "IncompleteSignature",
                "The request signature does not conform to lazop standards",
            )
        if needs_token:
            expiry = self.access_tokens.get(params.get("access_token"))
            if not expiry or expiry < self.clock():
                raise LazadaError(
                    "IllegalAccessToken",
                    "The specified access token is invalid or expired",
                )

    def _authorize_page(self, request):
        query = request.query
        if query.get("client_id") != self.app_key or not query.get("redirect_uri"):
            return 400, "Invalid client_id or redirect_uri", {}
        code = "0_" + secrets.token_hex(16)
        with self.lock:
            self.codes[code] = self.clock() + CODE_TTL
        target = {"code": code}
        if query.get("state"):
            target["state"] = query["state"]
        separator = "&" if "?" in query["redirect_uri"] else "?"
        location = f"{query['redirect_uri']}{separator}{urlencode(target)}"
        return 302, "", {"Location": location}

    def issue_tokens(self, access_token=None, refresh_token=None):
        now = self.clock()
        access = access_token or "50000" + secrets.token_hex(20)
        refresh = refresh_token or "50001" + secrets.token_hex(20)
        with self.lock:
            self.access_tokens[access] = now + self.access_ttl
            self.refresh_tokens[refresh] = now + self.refresh_ttl
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.access_ttl,
            "refresh_expires_in": self.refresh_ttl,
            "country": self.venture,
            "account_platform": "seller_center",
            "account": "seller@sandbox.example",
            "account_id": self.account_id,
            "country_user_info": [
                {
                    "country": self.venture,
                    "seller_id": self.seller_id,
                    "user_id": self.seller_id,
                    "short_code": f"{self.venture.upper()}{self.seller_id}",
                }
            ],
        }

    def _token_create(self, params, request):
        expiry = self.codes.pop(params.get("code"), None)
        if not expiry or expiry < self.clock():
            raise LazadaError("InvalidCode", "Invalid authorization code")
        return self.issue_tokens()

    def _token_refresh(self, params, request):
        expiry = self.refresh_tokens.get(params.get("refresh_token"))
        if not expiry or expiry < self.clock():
            raise LazadaError(
                "IllegalRefreshToken",
                "The specified refresh token is invalid or expired",
            )
        token = self.issue_tokens(refresh_token=params["refresh_token"])
        # the refresh token keeps its own lifetime
        self.refresh_tokens[params["refresh_token"]] = expiry
        token["refresh_expires_in"] = int(expiry - self.clock())
        token["country_user_info_list"] = token.pop("country_user_info")
        return token

    def expire_access_token(self, token):
        with self.lock:
            if token in self.access_tokens:
                self.access_tokens[token] = self.clock() - 1
