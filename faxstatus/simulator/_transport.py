"""The simulator as an in-process httpx transport (sync and async): no sockets, same replies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx

from ._oauth import TOKEN_PATH
from ._service import SimReply, Simulator

__all__ = ["SimulatorTransport"]


def _flatten(headers: httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _target(request: httpx.Request, simulator: Simulator) -> str:
    """The request target the service sees: the token path, or the endpoint with the query.

    In process there is no URL space to get wrong, so every other path is the endpoint
    (``http://sim.test/`` works as before); the HTTP server answers 404 instead.
    """
    if request.url.path == TOKEN_PATH:
        return TOKEN_PATH
    query = request.url.query.decode("ascii", "replace")
    return simulator.path + (f"?{query}" if query else "")


_CHUNK = b" " * 65536


class _Filler(httpx.SyncByteStream, httpx.AsyncByteStream):
    """*size* bytes of white space, produced lazily (nothing that size is ever held)."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        left = self.size
        while left > 0:
            yield _CHUNK[: min(left, len(_CHUNK))]
            left -= len(_CHUNK)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


class SimulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The simulator as an in-process httpx transport (sync and async)."""

    def __init__(self, simulator: Simulator | None = None) -> None:
        self.simulator = simulator or Simulator()

    def _response(self, reply: SimReply, request: httpx.Request) -> httpx.Response:
        if reply.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if reply.truncate:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            )
        if reply.reset:
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if reply.filler:
            headers = {**reply.headers, "Content-Length": str(reply.filler)}
            return httpx.Response(
                reply.status, headers=headers, stream=_Filler(reply.filler), request=request
            )
        return httpx.Response(
            reply.status, headers=dict(reply.headers), content=reply.body, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer *request* in-process."""
        reply = self.simulator.handle(
            request.method,
            _flatten(request.headers),
            request.read(),
            path=_target(request, self.simulator),
        )
        if reply.delay:
            timeout = (request.extensions.get("timeout") or {}).get("read")
            if timeout is not None and reply.delay > timeout:
                time.sleep(timeout)
                raise httpx.ReadTimeout("simulated slow response", request=request)
            time.sleep(reply.delay)
        return self._response(reply, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer *request* in-process (async)."""
        body = await request.aread()
        reply = self.simulator.handle(
            request.method, _flatten(request.headers), body, path=_target(request, self.simulator)
        )
        if reply.delay:
            timeout = (request.extensions.get("timeout") or {}).get("read")
            if timeout is not None and reply.delay > timeout:
                await asyncio.sleep(timeout)
                raise httpx.ReadTimeout("simulated slow response", request=request)
            await asyncio.sleep(reply.delay)
        return self._response(reply, request)
