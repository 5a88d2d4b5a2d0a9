"""OAuth 2.0 access tokens for FaxWS: an ``httpx.Auth`` that fetches, caches and refreshes them.

The token request is a form-encoded POST to a token URL that is configuration, not a
constant (CONTRACT.md §4.5): grant ``client_credentials`` (client id and secret),
``password`` (client id, username, password) or ``refresh_token``, scope
``FaxWS offline_access``; the answer carries ``access_token``, ``expires_in``,
``refresh_token`` and ``token_type`` ``Bearer`` (RFC 6749 §4.3, §4.4, §5.1, §6).

The token request is yielded from the auth flow, so it travels through the same httpx
client and transport as the FaxWS request (an in-process simulator included), within the same
call's deadline. Its answer is read through the guarded boundary (:mod:`faxstatus._boundary`),
capped at ``MAX_TOKEN_RESPONSE_BYTES`` wire and decoded while it arrives, and parsed by
:func:`parse_token_response` without I/O; ``expires_in`` is range-checked (CONTRACT.md §4.5).
The credentials never go to a plain-http token URL outside loopback unless the caller says
so (``allow_insecure_http``). Nothing here logs, formats or raises with a secret: the client
secret, password and tokens stay out of reprs, log records and exception messages.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any, NamedTuple

import httpx

from .._boundary import bounded_int
from .._contract import (
    JSON_MEDIA,
    MAX_EXPIRES_IN,
    MAX_TOKEN_RESPONSE_BYTES,
    TOKEN_LIFETIME_DEFAULT,
)
from .._errors import DecodeError, LimitError, OAuthError
from .._http import ACCEPT_ENCODING
from .._redact import redact_text
from ._transport import USER_AGENT, aread_body, read_body

__all__ = ["DEFAULT_SCOPE", "OAuth2", "TokenAnswer", "expires_in", "parse_token_response"]

#: Called with (token request, its response, the response body, milliseconds taken).
TokenObserver = Callable[[httpx.Request, httpx.Response, bytes, float], None]

#: The scope FaxWS clients ask for (CONTRACT.md §4.5).
DEFAULT_SCOPE = "FaxWS offline_access"
log = logging.getLogger("faxstatus")
#: Most characters of an endpoint's ``error_description`` an OAuthError quotes.
_DETAIL = 200


class OAuth2(httpx.Auth):
    """Bearer tokens from an OAuth 2.0 token endpoint, cached until shortly before expiry.

    Give ``client_secret`` for the ``client_credentials`` grant, or ``username`` and
    ``password`` for the ``password`` grant; a ``refresh_token`` alone (from an earlier
    login) works too. A token is reused until ``leeway`` seconds before its ``expires_in``
    runs out; then the refresh token is used when there is one (falling back to the grant
    if the endpoint refuses it). A request answered 401 gets a fresh token and is sent
    once more, never twice. Use it as ``FaxStatusClient(user, auth=OAuth2(...))``.

    A token answer over ``MAX_TOKEN_RESPONSE_BYTES`` (wire or decoded) is a LimitError, and
    one whose ``expires_in`` is not 1 second to a year is refused (:func:`expires_in`): the
    batch it was fetched for fails with that error, the next one asks again.

    Args:
        token_url: the token endpoint (the simulator's is ``<server>/oauth/token``).
        client_id: the OAuth client id (sent in the form, as the FaxWS clients do).
        client_secret: the client secret (``client_credentials`` grant).
        username: the account name (``password`` grant).
        password: the account password (``password`` grant).
        refresh_token: a refresh token to start from.
        scope: the scope asked for (default ``FaxWS offline_access``).
        leeway: seconds before expiry at which a token is renewed (at most half its life).
        clock: monotonic seconds, for tests.
        allow_insecure_http: send the credentials to a plain ``http://`` token URL on a host
            that is not loopback (refused otherwise: they would cross the network unencrypted).
    """

    def __init__(
        self,
        token_url: str,
        *,
        client_id: str,
        client_secret: str | None = None,
        username: str | None = None,
        password: str | None = None,
        refresh_token: str | None = None,
        scope: str = DEFAULT_SCOPE,
        leeway: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        allow_insecure_http: bool = False,
    ) -> None:
        url = httpx.URL(token_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"token_url must be an http(s) URL, got {token_url!r}")
        if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
            # Every grant sends a credential (client secret, password or refresh token) in
            # the form: RFC 6749 §3.2 requires TLS for the token endpoint.
            raise ValueError(
                f"token_url {_origin(url)} is plain http to a host that is not loopback: the "
                "OAuth 2.0 credentials would cross the network unencrypted; use https, or say "
                "so with allow_insecure_http=True (--allow-insecure-http)"
            )
        if not client_id:
            raise ValueError("client_id is required")
        if (username is None) != (password is None):
            raise ValueError("the password grant needs both username and password")
        if username is not None and client_secret is not None:
            raise ValueError("give client_secret (client credentials) or username/password")
        if username is None and client_secret is None and refresh_token is None:
            raise ValueError("give client_secret, username and password, or a refresh_token")
        self.token_url = str(url)
        self.client_id = client_id
        self.scope = scope
        self.grant = (
            "password"
            if username is not None
            else "client_credentials"
            if client_secret is not None
            else "refresh_token"
        )
        self._client_secret = client_secret
        self._username = username
        self._password = password
        self._refresh_token = refresh_token
        self._leeway = leeway
        self._clock = clock
        self._access_token: str | None = None
        self._expires_at = 0.0
        self._thread_lock = threading.Lock()
        self._async_lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self._observers: list[TokenObserver] = []
        #: How many tokens were fetched (any grant), for tests and diagnostics.
        self.fetches = 0
        #: The grant that gave the current token (``client_credentials``, ``password`` or
        #: ``refresh_token``), None before the first.
        self.last_grant: str | None = None

    def __repr__(self) -> str:
        return f"OAuth2({self.token_url!r}, client_id={self.client_id!r}, grant={self.grant!r})"

    def observe(self, observer: TokenObserver) -> None:
        """Call *observer* with each token request, its response, body and milliseconds.

        A client with a recorder observes so that ``--trace`` and HAR files show the token
        exchange (masked there); the observer is called after the answer was taken, so the
        new token is among :attr:`secrets` by then.
        """
        self._observers.append(observer)

    def _notify(
        self, request: httpx.Request, response: httpx.Response, body: bytes, started: float
    ) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        for observer in self._observers:
            observer(request, response, body, elapsed)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret this provider holds right now, for redaction."""
        values = (self._client_secret, self._password, self._refresh_token, self._access_token)
        return tuple(v for v in values if v)

    # -- sans-IO pieces ----------------------------------------------------------------

    def _valid_token(self) -> str | None:
        if self._access_token is not None and self._clock() < self._expires_at:
            return self._access_token
        return None

    def _token_request(self, *, refresh: bool) -> httpx.Request:
        form = {"client_id": self.client_id, "scope": self.scope}
        if refresh:
            assert self._refresh_token is not None
            form.update(grant_type="refresh_token", refresh_token=self._refresh_token)
        elif self._username is not None:
            assert self._password is not None
            form.update(grant_type="password", username=self._username, password=self._password)
        else:
            assert self._client_secret is not None
            form.update(grant_type="client_credentials", client_secret=self._client_secret)
        if self._client_secret is not None and refresh:
            form["client_secret"] = self._client_secret
        # Accept-Encoding names only the codings the boundary decodes (faxstatus._http).
        headers = {
            "Accept": JSON_MEDIA,
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": USER_AGENT,
        }
        return httpx.Request("POST", self.token_url, data=form, headers=headers)

    def _can_fall_back(self) -> bool:
        return self._client_secret is not None or self._password is not None

    def _accept(self, response: httpx.Response, body: bytes, grant: str) -> str:
        """Take the token from a token-endpoint response, or raise saying why."""
        answer = parse_token_response(
            response.status_code, body, url=self.token_url, grant=grant, secrets=self.secrets
        )
        self._access_token = answer.access_token
        life = answer.lifetime
        self._expires_at = self._clock() + life - min(self._leeway, life / 2)
        if answer.refresh_token:
            self._refresh_token = answer.refresh_token
        self.fetches += 1
        self.last_grant = grant
        log.debug("OAuth2: %s grant gave a token for %d s", grant, life)
        return answer.access_token

    def _invalidate(self, token: str) -> None:
        if self._access_token == token:
            self._access_token = None

    def _on_token_response(
        self, response: httpx.Response, body: bytes, refresh: bool
    ) -> str | httpx.Request:
        """The token, or the next token request: a refused refresh falls back to the grant."""
        grant = "refresh_token" if refresh else self.grant
        try:
            return self._accept(response, body, grant)
        except OAuthError:
            if not (refresh and self._can_fall_back() and response.status_code in (400, 401)):
                raise
            log.debug("OAuth2: refresh token refused; using the %s grant", self.grant)
            self._refresh_token = None
            return self._token_request(refresh=False)

    def _first_token_request(self) -> tuple[httpx.Request, bool]:
        refresh = self._refresh_token is not None
        return self._token_request(refresh=refresh), refresh

    def _read(self, answer: httpx.Response, request: httpx.Request, started: float) -> bytes:
        try:
            return read_body(answer, MAX_TOKEN_RESPONSE_BYTES, "token response")
        except DecodeError as exc:
            self._notify(request, answer, b"", started)
            raise self._unreadable(exc) from None

    async def _aread(self, answer: httpx.Response, request: httpx.Request, started: float) -> bytes:
        try:
            return await aread_body(answer, MAX_TOKEN_RESPONSE_BYTES, "token response")
        except DecodeError as exc:
            self._notify(request, answer, b"", started)
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: DecodeError) -> DecodeError:
        """*exc* (over the cap, a refused or broken coding) naming the token endpoint."""
        text = f"token endpoint {self.token_url}: {exc}"
        if isinstance(exc, LimitError):
            return LimitError(text, field=exc.field)
        return DecodeError(text)

    # -- flows: the same steps, sync and async --------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Add a bearer token; on 401, renew it and send the request once more."""
        token: str | None = None
        for attempt in (1, 2):
            with self._thread_lock:
                if token is not None:
                    self._invalidate(token)
                token = self._valid_token()  # another thread may have renewed it already
                if token is None:
                    token_request, refresh = self._first_token_request()
                    while True:
                        started = time.perf_counter()
                        answer = yield token_request
                        body = self._read(answer, token_request, started)
                        try:
                            step = self._on_token_response(answer, body, refresh)
                        finally:
                            self._notify(token_request, answer, body, started)
                        if isinstance(step, str):
                            token = step
                            break
                        token_request, refresh = step, False
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request
            if response.status_code != 401:
                return
            if attempt == 1:
                log.debug("OAuth2: HTTP 401 with a cached token; one more try with a new one")

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Async :meth:`sync_auth_flow`: one token fetch at a time per event loop."""
        lock = self._lock_for_loop()
        token: str | None = None
        for attempt in (1, 2):
            async with lock:
                if token is not None:
                    self._invalidate(token)
                token = self._valid_token()
                if token is None:
                    token_request, refresh = self._first_token_request()
                    while True:
                        started = time.perf_counter()
                        answer = yield token_request
                        body = await self._aread(answer, token_request, started)
                        try:
                            step = self._on_token_response(answer, body, refresh)
                        finally:
                            self._notify(token_request, answer, body, started)
                        if isinstance(step, str):
                            token = step
                            break
                        token_request, refresh = step, False
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request
            if response.status_code != 401:
                return
            if attempt == 1:
                log.debug("OAuth2: HTTP 401 with a cached token; one more try with a new one")

    def _lock_for_loop(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock[0] is not loop:
            self._async_lock = (loop, asyncio.Lock())
        return self._async_lock[1]


class TokenAnswer(NamedTuple):
    """What a token endpoint granted (RFC 6749 §5.1): the token, its lifetime, a refresh token."""

    access_token: str
    lifetime: int  #: seconds, in ``[1, MAX_EXPIRES_IN]``
    refresh_token: str | None = None


def expires_in(value: object, url: str = "the token endpoint") -> int:
    """A token answer's ``expires_in`` as whole seconds in ``[1, MAX_EXPIRES_IN]``.

    The rule (CONTRACT.md §4.5): absent or null means ``TOKEN_LIFETIME_DEFAULT`` (RFC 6749
    §5.1 only recommends the member); a JSON integer, a whole-valued number or a string of
    ASCII digits is taken when in range. Anything else (negative, zero, a fraction, NaN,
    Infinity, a boolean, over the maximum) is refused with a LimitError (out of range) or
    DecodeError (not a number of seconds) naming ``expires_in``, so the token is not used
    and the batch fails with it, instead of a token that expires at once (one fetch per
    call) or never.
    """
    where = f"token endpoint {url}: expires_in"
    if value is None:
        return TOKEN_LIFETIME_DEFAULT
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 3600.0; NaN and Infinity are not integers and stay floats
    if isinstance(value, bool) or not isinstance(value, int | str):
        shown = repr(value) if isinstance(value, bool | float) else type(value).__name__
        raise DecodeError(f"{where} {shown} is not a whole number of seconds")
    if isinstance(value, int):
        if value < 1:
            raise LimitError(f"{where} of {value} is under 1 second", field="expires_in")
        value = str(value)  # json.loads reads at most 4300 digits, so this converts
    try:
        return bounded_int(value, "expires_in", low=1, high=MAX_EXPIRES_IN)
    except LimitError as exc:
        raise LimitError(f"token endpoint {url}: {exc}", field="expires_in") from None
    except DecodeError as exc:
        raise DecodeError(f"token endpoint {url}: {exc}") from None


def _shown(text: str, secrets: tuple[str, ...]) -> str:
    """*text* from the endpoint as an error message quotes it: masked, then cut.

    Masked first, so that a cut never leaves a piece of a secret that masking the cut text
    would no longer recognise.
    """
    return redact_text(text, secrets)[:_DETAIL]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except (ValueError, RecursionError):  # RecursionError: nested past the parser's depth
        return None


def parse_token_response(
    status: int,
    body: bytes,
    *,
    url: str = "the token endpoint",
    grant: str = "client_credentials",
    secrets: tuple[str, ...] = (),
) -> TokenAnswer:
    """The grant in a token endpoint's answer (RFC 6749 §5.1), without I/O.

    OAuthError for a refusal (RFC 6749 §5.2: any status but 200, or no JSON object) or an
    answer without a usable bearer token; LimitError/DecodeError for an ``expires_in`` out of
    range (:func:`expires_in`). Messages quote the endpoint's error code and description
    (cut to 200 characters, *secrets* masked), never the body.
    """
    doc = _json(body)
    if status != 200 or not isinstance(doc, dict):
        error = doc.get("error") if isinstance(doc, dict) else None
        detail = doc.get("error_description") if isinstance(doc, dict) else None
        code = _shown(str(error), secrets) if error else None
        what = code or "no OAuth 2.0 error in the body"
        if detail:
            what += f": {_shown(str(detail), secrets)}"
        raise OAuthError(
            f"token endpoint {url} answered HTTP {status} to the {grant} grant ({what})",
            error=code,
            status=status,
        )
    token = doc.get("access_token")
    token_type = doc.get("token_type", "")
    if not isinstance(token, str) or not token:
        raise OAuthError(f"token endpoint {url}: no access_token in the answer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        shown = repr(_shown(token_type, secrets)) if isinstance(token_type, str) else "not a string"
        raise OAuthError(f"token endpoint {url}: token_type {shown}, expected Bearer")
    if not token.isascii() or not token.isprintable() or " " in token:
        raise OAuthError(f"token endpoint {url}: the access_token is not a b64token")
    life = expires_in(doc.get("expires_in"), url)
    refresh = doc.get("refresh_token")
    return TokenAnswer(token, life, refresh if isinstance(refresh, str) and refresh else None)


def _is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin(url: httpx.URL) -> str:
    """``scheme://host[:port]`` of *url*, never its user info, path or query."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{url.scheme}://{host}" + (f":{url.port}" if url.port else "")
