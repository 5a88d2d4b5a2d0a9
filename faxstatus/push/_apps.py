"""The push receiver as a WSGI app (PEP 3333) and an ASGI app (ASGI 3.0), to mount in a framework.

Both read the body through the guarded boundary (a declared Content-Length past the cap is
refused before any byte is read; the bytes that arrive are counted by a
:class:`~faxstatus._boundary.BodyReader`), check the secret before reading it, and hand the
rest to :class:`~faxstatus.push._receiver.Receiver`, which inflates a coded body under the
same cap. The ASGI app runs the store's
write in a worker thread (``asyncio.to_thread``): SQLite blocks, the event loop must not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import IO, Any

from .._boundary import BodyReader, declared_length
from .._contract import DEFAULT_MAX_BYTES
from .._errors import DecodeError, LimitError
from ._receiver import OnNotification, Receiver, Reply, _reply
from ._store import NotificationStore

__all__ = ["AsgiApp", "WsgiApp", "asgi_app", "wsgi_app"]

_CHUNK = 1 << 16

StartResponse = Callable[..., Any]
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _body_error(exc: DecodeError) -> Reply:
    if isinstance(exc, LimitError):
        return _reply(413, f"{exc}\n")
    return _reply(400, f"bad request body: {exc}\n")


class WsgiApp:
    """A WSGI application receiving push notifications into a store (see :func:`wsgi_app`)."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request (PEP 3333)."""
        method = str(environ.get("REQUEST_METHOD", "GET"))
        # The path below the mount point (PEP 3333: SCRIPT_NAME is where the app is): a path
        # secret is the first segment of the URL the app is given, wherever it is mounted.
        path = str(environ.get("PATH_INFO", "")) or "/"
        query = str(environ.get("QUERY_STRING", ""))
        target = f"{path}?{query}" if query else path
        headers = _wsgi_headers(environ)
        reply = self.receiver.authorize(method, target, headers)
        if reply is None:
            try:
                body = _wsgi_body(environ, self.receiver.max_bytes)
            except DecodeError as exc:
                reply = _body_error(exc)
            else:
                reply = self.receiver.handle(method, target, headers, body, authorized=True)
        start_response(f"{reply.status} {reply.reason}", list(reply.headers))
        return [] if method.upper() == "HEAD" else [reply.body]


def _wsgi_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            out.append((key[5:].replace("_", "-").title(), str(value)))
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            out.append((key.replace("_", "-").title(), str(environ[key])))
    return out


def _wsgi_body(environ: dict[str, Any], max_bytes: int) -> bytes:
    """The request body, bounded: Content-Length bytes (PEP 3333), or to EOF when terminated."""
    length = declared_length(environ.get("CONTENT_LENGTH") or None, max_bytes, "request body")
    stream: IO[bytes] | None = environ.get("wsgi.input")
    reader = BodyReader(None, max_bytes, "request body")  # the receiver inflates
    if stream is None:
        return b""
    if length is None:
        if not environ.get("wsgi.input_terminated"):
            return b""  # PEP 3333: without a length, reading may block forever
        while chunk := stream.read(_CHUNK):
            reader.feed(chunk)
        return reader.result()
    left = length
    while left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            raise DecodeError(f"request body ended {left} bytes short of its Content-Length")
        reader.feed(chunk)
        left -= len(chunk)
    return reader.result()


class AsgiApp:
    """An ASGI 3.0 application receiving push notifications into a store (see :func:`asgi_app`)."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one connection's scope: ``http`` requests, and ``lifespan`` events."""
        if scope["type"] == "lifespan":
            while True:
                event = await receive()
                if event["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif event["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return  # a websocket: not ours; the server closes it
        method = str(scope["method"])
        # The path below root_path (the mount point), as for WSGI; servers differ on whether
        # ``path`` already includes ``root_path`` (ASGI 3.0 HTTP scope), so both are read.
        root, path = str(scope.get("root_path", "")).rstrip("/"), str(scope["path"])
        if root and (path == root or path.startswith(root + "/")):
            path = path[len(root) :]
        path = path or "/"
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        target = f"{path}?{query}" if query else path
        headers = [
            (bytes(k).decode("latin-1"), bytes(v).decode("latin-1")) for k, v in scope["headers"]
        ]
        reply = self.receiver.authorize(method, target, headers)
        if reply is None:
            try:
                body = await _asgi_body(headers, receive, self.receiver.max_bytes)
            except DecodeError as exc:
                reply = _body_error(exc)
            else:
                if body is None:
                    return  # the client went away
                reply = await asyncio.to_thread(
                    self.receiver.handle, method, target, headers, body, authorized=True
                )
        await send(
            {
                "type": "http.response.start",
                "status": reply.status,
                "headers": [
                    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers
                ],
            }
        )
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else reply.body})


async def _asgi_body(
    headers: list[tuple[str, str]], receive: Receive, max_bytes: int
) -> bytes | None:
    """The request body, bounded; None when the client disconnected first."""
    fields = {k.lower(): v for k, v in headers}
    declared_length(fields.get("content-length"), max_bytes, "request body")
    reader = BodyReader(None, max_bytes, "request body")  # the receiver inflates
    while True:
        event = await receive()
        if event["type"] == "http.disconnect":
            return None
        reader.feed(bytes(event.get("body", b"")))
        if not event.get("more_body", False):
            return reader.result()


def _receiver(
    store: NotificationStore,
    require_header: str | tuple[str, str] | None,
    require_path_secret: str | None,
    on_notification: OnNotification | None,
    max_bytes: int,
) -> Receiver:
    return Receiver(
        store,
        require_header=require_header,
        require_path_secret=require_path_secret,
        on_notification=on_notification,
        max_bytes=max_bytes,
    )


def wsgi_app(
    store: NotificationStore,
    *,
    require_header: str | tuple[str, str] | None = None,
    require_path_secret: str | None = None,
    on_notification: OnNotification | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> WsgiApp:
    """A WSGI app storing every push in *store*; 200 only once it is stored (CONTRACT.md §8).

    *require_header* (``"NAME=VALUE"``) or *require_path_secret* authenticate the vendor;
    *on_notification* is called with each stored notification and what storing it did.
    """
    return WsgiApp(
        _receiver(store, require_header, require_path_secret, on_notification, max_bytes)
    )


def asgi_app(
    store: NotificationStore,
    *,
    require_header: str | tuple[str, str] | None = None,
    require_path_secret: str | None = None,
    on_notification: OnNotification | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AsgiApp:
    """An ASGI app storing every push in *store*, as :func:`wsgi_app` does.

    *on_notification* runs in the worker thread that stored the notification.
    """
    return AsgiApp(
        _receiver(store, require_header, require_path_secret, on_notification, max_bytes)
    )
