"""The only module that touches the network: httpx carries bytes, and its errors become ours.

Two limits are enforced here, while the bytes arrive rather than after:

* the size cap counts **decoded** bytes and is checked inside the decompressor, which never
  produces more than one byte past the cap (``zlib``'s ``max_length``); the wire bytes are
  capped too, so a compressed stream that decodes to nothing cannot run forever. Only one
  layer of ``gzip`` or ``deflate`` is accepted: those are the codings a SOAP stack sends
  (gSOAP and JAX-WS), and the standard library decodes them with a bounded output. ``br`` and
  ``zstd`` would need optional packages whose presence would change what we accept, and a
  stacked coding (``gzip, gzip``) has no use but to multiply a bomb; both are refused.
* the call's deadline: every connect, TLS handshake, write and read of the httpx client's
  network streams is given at most the time left (a wrapper around httpcore's network
  backend), and the deadline is checked again after every chunk; the async transport runs
  the whole exchange under ``asyncio.timeout``.
"""

from __future__ import annotations

import asyncio
import contextvars
import ssl
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

import attrs
import httpcore
import httpx

from .._boundary import BodyReader, Deadline, declared_length
from .._errors import DeadlineError, TransportError
from .._http import ACCEPT_ENCODING
from .._version import __version__

__all__ = [
    "ACCEPT_ENCODING",
    "USER_AGENT",
    "AsyncHttpxTransport",
    "HttpxTransport",
    "RawResponse",
    "aread_body",
    "read_body",
    "tls_verify",
]

#: The User-Agent of every request faxstatus sends (RFC 9110 §10.1.5: product/version): the
#: FaxWS calls, the OAuth 2.0 token requests, and what the CLI sends through either.
USER_AGENT = f"faxstatus/{__version__}"

# The monotonic time by which the current call must end; read by the network backend
# wrapper below, so it applies to exactly the reads and writes of our own calls.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "faxstatus_deadline", default=None
)


@attrs.frozen
class RawResponse:
    """An HTTP response as bytes: status, headers (lower-cased names) and the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes = attrs.field(repr=False)  # it may echo a credential
    elapsed_ms: float = 0.0
    #: The Authorization header the request went out with when an ``httpx.Auth`` (OAuth 2.0)
    #: added it inside httpx, after the request was prepared; for traces, which mask it.
    authorization: str | None = attrs.field(default=None, repr=False)
    #: The request's headers as httpx sent them (Host, Content-Length, … included), in order.
    sent: Mapping[str, str] = attrs.field(factory=dict, repr=False)


@contextmanager
def _mapped(url: str, deadline: float | None = None) -> Iterator[None]:
    # As httpx does for httpcore: callers never see the backend's exception types.
    try:
        yield
    except httpx.TimeoutException as exc:
        if deadline is not None and time.monotonic() >= deadline:
            raise DeadlineError(f"the call's deadline passed while talking to {url}") from exc
        raise TransportError(f"timed out talking to {url}: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        # The request that failed may be another one of the exchange: an OAuth token request.
        target = _request_url(exc) or url
        raise TransportError(f"{type(exc).__name__} talking to {target}: {exc}") from exc


def _request_url(exc: httpx.HTTPError) -> str | None:
    try:
        return str(exc.request.url.copy_with(query=None, fragment=None))
    except RuntimeError:  # no request attached
        return None


def _timeout(connect: float, read: float) -> httpx.Timeout:
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _response(resp: httpx.Response, body: bytes, started: float) -> RawResponse:
    headers = {k.lower(): v for k, v in resp.headers.items()}
    elapsed = (time.perf_counter() - started) * 1000
    return RawResponse(
        resp.status_code,
        headers,
        body,
        elapsed,
        resp.request.headers.get("authorization"),
        dict(resp.request.headers.items()),
    )


def _check_deadline(deadline: float | None, url: str) -> None:
    Deadline.at_time(deadline).check(f"reading the response from {url}")


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the current call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, waiting no longer than the deadline allows."""
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write, waiting no longer than the deadline allows."""
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        """Close the wrapped stream."""
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        """TLS handshake, bounded like a connect."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> typing.Any:
        """Pass through to the wrapped stream."""
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Wraps httpcore's network backend so that our calls' deadlines bound every socket wait.

    Outside a faxstatus call (no deadline set in this context) it changes nothing.
    """

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect, bounded by the deadline."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect, bounded by the deadline."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        """Pass through."""
        self._inner.sleep(seconds)


def _install_deadline(client: httpx.Client) -> None:
    # httpx offers no hook for this (its own timeouts are per operation); the pools it builds
    # keep their backend in one attribute, so wrap it there. A client whose transport is not
    # httpx's (a mock, the in-process simulator) has no socket to wait on.
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(
            backend, _DeadlineBackend
        ):
            pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]


def _body(resp: httpx.Response, max_bytes: int, what: str) -> BodyReader:
    # Not a TransportError: the same answer would come back, so it must not be retried.
    declared_length(resp.headers.get("content-length"), max_bytes, what)
    # A response built in memory (httpx.MockTransport, an in-process transport) arrives
    # already read and decoded by httpx; only bytes still on the wire are decoded here.
    coding = "" if resp.is_stream_consumed else resp.headers.get("content-encoding", "")
    return BodyReader(coding, max_bytes, what)


def _chunks(resp: httpx.Response, raw: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
    if resp.is_stream_consumed:
        yield resp.content
    else:
        yield from raw()


def _keep(resp: httpx.Response, body: bytes) -> bytes:
    # httpx reads every response an auth flow answered once more (``response.read()`` in
    # ``Client._send_handling_auth``) after the flow took it; with the stream consumed here,
    # that read must find the body already there instead of the stream.
    if not hasattr(resp, "_content"):
        resp._content = body
    return body


def read_body(
    resp: httpx.Response, max_bytes: int, what: str = "response body", url: str = ""
) -> bytes:
    """The decoded body of a streamed *resp*, read through a :class:`BodyReader`.

    LimitError as soon as the wire or decoded bytes pass *max_bytes* (a declared
    Content-Length past it is refused before any byte is read); within a faxstatus call the
    call's deadline is checked after every chunk. Used for the FaxWS response and for the
    OAuth 2.0 token response alike; *resp* is left read and closed.
    """
    try:
        buf = _body(resp, max_bytes, what)
        for chunk in _chunks(resp, resp.iter_raw):
            buf.feed(chunk)
            _check_deadline(_DEADLINE.get(), url or str(resp.request.url))
    finally:
        resp.close()
    return _keep(resp, buf.result())


async def aread_body(resp: httpx.Response, max_bytes: int, what: str = "response body") -> bytes:
    """Async :func:`read_body` (the whole exchange is bounded by ``asyncio.timeout``)."""
    try:
        buf = _body(resp, max_bytes, what)
        if resp.is_stream_consumed:
            buf.feed(resp.content)
        else:
            async for chunk in resp.aiter_raw():
                buf.feed(chunk)
    finally:
        await resp.aclose()
    return _keep(resp, buf.result())


def tls_verify(cacert: str | None) -> ssl.SSLContext | bool:
    """What httpx verifies an https peer against: the system's trust store, or *cacert*'s CAs.

    With *cacert* (a PEM bundle, ``--cacert``) only its CAs are trusted, as curl's
    ``--cacert`` does; ValueError naming the file when it cannot be read as one.
    """
    if cacert is None:
        return True  # httpx's default (certifi, or SSL_CERT_FILE/SSL_CERT_DIR with trust_env)
    try:
        return ssl.create_default_context(cafile=cacert)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ValueError(f"--cacert {cacert}: not a readable PEM CA bundle ({reason})") from None


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    out = dict(headers)
    names = {k.lower() for k in out}
    if "accept-encoding" not in names:
        out["Accept-Encoding"] = ACCEPT_ENCODING
    if "user-agent" not in names:  # ours, not httpx's default, unless the caller set one
        out["User-Agent"] = USER_AGENT
    return out


class HttpxTransport:
    """POSTs through an ``httpx.Client`` (yours, or one it creates and then owns).

    The client's network backend is wrapped so that a faxstatus call's deadline bounds every
    socket wait; outside our calls the wrapper changes nothing.
    """

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        auth: httpx.Auth | None = None,
        cacert: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._owned = client is None
        # Only when given: an http_client's own auth stays in force otherwise.
        self._auth: dict[str, typing.Any] = {} if auth is None else {"auth": auth}
        # follow_redirects stays off: the FaxWS client decides about redirects itself, so that
        # credentials never travel to another host. trust_env: HTTPS_PROXY, NO_PROXY and
        # SSL_CERT_FILE apply, as in curl and every httpx client.
        self._client = client or httpx.Client(
            transport=transport,
            follow_redirects=False,
            verify=tls_verify(cacert),
            trust_env=trust_env,
        )
        _install_deadline(self._client)

    def post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        connect: float,
        read: float,
        max_bytes: int,
        deadline: float | None = None,
    ) -> RawResponse:
        """Send one POST and read the response body, stopping as soon as it passes *max_bytes*.

        *deadline* (a ``time.monotonic()`` value) bounds the whole exchange.
        """
        return self.request(
            "POST",
            url,
            headers,
            body,
            connect=connect,
            read=read,
            max_bytes=max_bytes,
            deadline=deadline,
        )

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        connect: float,
        read: float,
        max_bytes: int,
        deadline: float | None = None,
    ) -> RawResponse:
        """:meth:`post` with any *method*; the response's ``sent`` holds the headers as sent."""
        started = time.perf_counter()
        token = _DEADLINE.set(deadline)
        try:
            with _mapped(url, deadline):
                request = self._client.build_request(
                    method,
                    url,
                    content=body,
                    headers=_headers(headers),
                    timeout=_timeout(connect, read),
                )
                resp = self._client.send(request, stream=True, follow_redirects=False, **self._auth)
                body = read_body(resp, max_bytes, "response body", url)
                return _response(resp, body, started)
        finally:
            _DEADLINE.reset(token)

    def close(self) -> None:
        """Close the httpx client if this transport created it."""
        if self._owned:
            self._client.close()


class AsyncHttpxTransport:
    """The async twin of :class:`HttpxTransport`, over ``httpx.AsyncClient``."""

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        auth: httpx.Auth | None = None,
        cacert: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._owned = client is None
        self._auth: dict[str, typing.Any] = {} if auth is None else {"auth": auth}
        self._client = client or httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            verify=tls_verify(cacert),
            trust_env=trust_env,
        )

    async def post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        connect: float,
        read: float,
        max_bytes: int,
        deadline: float | None = None,
    ) -> RawResponse:
        """Send one POST and read the response body, stopping as soon as it passes *max_bytes*.

        *deadline* (a ``time.monotonic()`` value) bounds the whole exchange.
        """
        started = time.perf_counter()
        when = (
            None
            if deadline is None
            else asyncio.get_running_loop().time() + (deadline - time.monotonic())
        )
        try:
            async with asyncio.timeout_at(when):
                return await self._post(url, headers, body, connect, read, max_bytes, started)
        except TimeoutError:
            raise DeadlineError(f"the call's deadline passed while talking to {url}") from None

    async def _post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        connect: float,
        read: float,
        max_bytes: int,
        started: float,
    ) -> RawResponse:
        with _mapped(url):
            request = self._client.build_request(
                "POST",
                url,
                content=body,
                headers=_headers(headers),
                timeout=_timeout(connect, read),
            )
            resp = await self._client.send(
                request, stream=True, follow_redirects=False, **self._auth
            )
            body = await aread_body(resp, max_bytes, "response body")
            return _response(resp, body, started)

    async def aclose(self) -> None:
        """Close the httpx client if this transport created it."""
        if self._owned:
            await self._client.aclose()
