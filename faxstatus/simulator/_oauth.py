"""The simulator's OAuth 2.0 token endpoint (``/oauth/token``): short-lived demo tokens, sans-IO.

It answers the three grants FaxWS clients use (CONTRACT.md §4.5), form-encoded:
``client_credentials`` (RFC 6749 §4.4), ``password`` (RFC 6749 §4.3) and ``refresh_token``
(RFC 6749 §6); client credentials in the form or as HTTP Basic (RFC 6749 §2.3.1); errors
as RFC 6749 §5.2 JSON. Tokens live for ``lifetime`` seconds of the simulator's clock, so
tests and the demo see expiry.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

from .._contract import FORM_MEDIA, JSON_MEDIA

__all__ = ["TOKEN_PATH", "TokenIssuer"]

#: Where the simulator serves its token endpoint.
TOKEN_PATH = "/oauth/token"  # noqa: S105 - a path, not a password
_JSON = {"Content-Type": JSON_MEDIA, "Cache-Control": "no-store", "Pragma": "no-cache"}


class TokenIssuer:
    """Issues and checks the simulator's access and refresh tokens (thread-safe)."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        username: str,
        password: str,
        lifetime: float,
        clock: Callable[[], float],
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self.username = username
        self._password = password
        self.lifetime = lifetime
        self._clock = clock
        self._access: dict[str, float] = {}  # token -> expiry on the simulator clock
        self._refresh: set[str] = set()
        self._lock = threading.Lock()
        self.issued = 0  #: access tokens issued so far

    def __repr__(self) -> str:
        return f"<TokenIssuer client {self.client_id!r}, {self.lifetime:g} s tokens>"

    def check(self, token: str) -> bool | None:
        """True for a live token, False for one this issuer gave out that has expired, else None."""
        with self._lock:
            expiry = self._access.get(token)
        if expiry is None:
            return None
        return self._clock() < expiry

    def expire_all(self) -> None:
        """Expire every access token now (refresh tokens stay valid)."""
        now = self._clock()
        with self._lock:
            self._access = dict.fromkeys(self._access, now)

    def handle(
        self, method: str, headers: Mapping[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one token request: (HTTP status, headers, JSON body)."""
        if method != "POST":
            return _error(405, "invalid_request", "the token endpoint accepts POST only")
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if media != FORM_MEDIA:
            return _error(400, "invalid_request", "send the form as x-www-form-urlencoded")
        try:
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), strict_parsing=True).items()}
        except (UnicodeDecodeError, ValueError):
            return _error(400, "invalid_request", "the form does not parse")
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            try:
                pair = base64.b64decode(basic[6:].strip(), validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                return _error(401, "invalid_client", "malformed Basic credentials")
            client_id, _, client_secret = pair.partition(":")
        if client_id != self.client_id:
            return _error(401, "invalid_client", "unknown client")
        grant = form.get("grant_type")
        if grant == "client_credentials":
            if not secrets.compare_digest(client_secret or "", self._client_secret):
                return _error(401, "invalid_client", "client authentication failed")
        elif grant == "password":
            user, password = form.get("username", ""), form.get("password", "")
            if user != self.username or not secrets.compare_digest(password, self._password):
                return _error(400, "invalid_grant", "wrong username or password")
        elif grant == "refresh_token":
            with self._lock:
                known = form.get("refresh_token", "") in self._refresh
            if not known:
                return _error(400, "invalid_grant", "unknown refresh token")
        else:
            return _error(400, "unsupported_grant_type", f"grant_type {grant!r}")
        scope = form.get("scope", "FaxWS")
        token = "sim-" + secrets.token_urlsafe(24)
        answer: dict[str, object] = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(self.lifetime),
            "scope": scope,
        }
        with self._lock:
            self._access[token] = self._clock() + self.lifetime
            self.issued += 1
            if "offline_access" in scope.split():
                refresh = form.get("refresh_token") if grant == "refresh_token" else None
                if refresh is None:
                    refresh = "simr-" + secrets.token_urlsafe(24)
                    self._refresh.add(refresh)
                answer["refresh_token"] = refresh
        return 200, dict(_JSON), json.dumps(answer).encode()


def _error(status: int, error: str, description: str) -> tuple[int, dict[str, str], bytes]:
    headers = dict(_JSON)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="faxws-simulator"'
    body = json.dumps({"error": error, "error_description": description}).encode()
    return status, headers, body
