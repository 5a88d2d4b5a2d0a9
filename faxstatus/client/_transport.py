"""The only module that touches the network: httpx carries bytes, and its errors become ours."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs
import httpx

from .._errors import DecodeError, TransportError

__all__ = ["AsyncHttpxTransport", "HttpxTransport", "RawResponse"]


@attrs.frozen
class RawResponse:
    """An HTTP response as bytes: status, headers (lower-cased names) and the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed_ms: float


@contextmanager
def _mapped(url: str) -> Iterator[None]:
    # As httpx does for httpcore: callers never see the backend's exception types.
    try:
        yield
    except httpx.TimeoutException as exc:
        raise TransportError(f"timed out talking to {url}: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{type(exc).__name__} talking to {url}: {exc}") from exc


def _timeout(connect: float, read: float) -> httpx.Timeout:
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _response(resp: httpx.Response, body: bytes, started: float) -> RawResponse:
    headers = {k.lower(): v for k, v in resp.headers.items()}
    return RawResponse(resp.status_code, headers, body, (time.perf_counter() - started) * 1000)


def _too_large(size: int | str, max_bytes: int) -> DecodeError:
    # Not a TransportError: the same answer would come back, so it must not be retried.
    return DecodeError(f"response body of {size} bytes is over the {max_bytes}-byte cap")


def _check_declared(resp: httpx.Response, max_bytes: int) -> None:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(declared, max_bytes)


def _add(buf: bytearray, chunk: bytes, max_bytes: int) -> None:
    buf += chunk
    if len(buf) > max_bytes:
        raise _too_large(f"more than {max_bytes}", max_bytes)


class HttpxTransport:
    """POSTs through an ``httpx.Client`` (yours, or one it creates and then owns)."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        self._owned = client is None
        # Only when given: an http_client's own auth stays in force otherwise.
        self._auth: dict[str, Any] = {} if auth is None else {"auth": auth}
        # follow_redirects stays off: the FaxWS client decides about redirects itself, so that
        # credentials never travel to another host.
        self._client = client or httpx.Client(transport=transport, follow_redirects=False)

    def post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        connect: float,
        read: float,
        max_bytes: int,
    ) -> RawResponse:
        """Send one POST and read the response body, stopping as soon as it passes *max_bytes*."""
        started = time.perf_counter()
        with _mapped(url):
            request = self._client.build_request(
                "POST", url, content=body, headers=dict(headers), timeout=_timeout(connect, read)
            )
            resp = self._client.send(request, stream=True, follow_redirects=False, **self._auth)
            try:
                _check_declared(resp, max_bytes)
                buf = bytearray()
                for chunk in resp.iter_bytes():
                    _add(buf, chunk, max_bytes)
            finally:
                resp.close()
            return _response(resp, bytes(buf), started)

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
    ) -> None:
        self._owned = client is None
        self._auth: dict[str, Any] = {} if auth is None else {"auth": auth}
        self._client = client or httpx.AsyncClient(transport=transport, follow_redirects=False)

    async def post(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        connect: float,
        read: float,
        max_bytes: int,
    ) -> RawResponse:
        """Send one POST and read the response body, stopping as soon as it passes *max_bytes*."""
        started = time.perf_counter()
        with _mapped(url):
            request = self._client.build_request(
                "POST", url, content=body, headers=dict(headers), timeout=_timeout(connect, read)
            )
            resp = await self._client.send(
                request, stream=True, follow_redirects=False, **self._auth
            )
            try:
                _check_declared(resp, max_bytes)
                buf = bytearray()
                async for chunk in resp.aiter_bytes():
                    _add(buf, chunk, max_bytes)
            finally:
                await resp.aclose()
            return _response(resp, bytes(buf), started)

    async def aclose(self) -> None:
        """Close the httpx client if this transport created it."""
        if self._owned:
            await self._client.aclose()
