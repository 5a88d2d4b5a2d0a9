"""wsgi_app and asgi_app: mounted as a framework would, over loopback (wsgiref) and called."""

from __future__ import annotations

import asyncio
import gzip
import io
import threading
from collections.abc import Iterator, MutableMapping
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest

from faxstatus.push import FLAVOURS, NotificationStore, asgi_app, encode_notification, wsgi_app

from ..support.push import FIELDS, FORM_BODY, IMAGE

SECRET = "X-Push-Secret=a-shared-secret-for-tests"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """wsgiref's own access log stays out of the test output."""


@pytest.fixture
def wsgi_url(store: NotificationStore) -> Iterator[tuple[str, NotificationStore]]:
    server: WSGIServer = make_server(
        "127.0.0.1", 0, wsgi_app(store, require_header=SECRET), handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", store
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_wsgi_over_loopback_takes_every_flavour(wsgi_url: tuple[str, NotificationStore]) -> None:
    url, store = wsgi_url
    with httpx.Client() as client:
        for flavour in FLAVOURS:
            image = IMAGE if flavour in ("multipart", "soap") else None
            method, target, headers, body = encode_notification(
                FIELDS,
                flavour,
                url=url + "/notify",
                image=image,
                headers=[("X-Push-Secret", "a-shared-secret-for-tests")],
            )
            reply = client.request(method, url + target, headers=headers, content=body)
            assert reply.status_code == 200, reply.text
        refused = client.post(url + "/notify", content=FORM_BODY, headers={"X-Push-Secret": "no"})
        assert refused.status_code == 401
    assert [n.flavour for n in store.notifications()] == list(FLAVOURS)
    assert [n.image for n in store.notifications()] == [None, IMAGE, None, IMAGE]


def _environ(body: bytes, **extra: Any) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/notify",
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_PUSH_SECRET": "a-shared-secret-for-tests",
        "wsgi.input": io.BytesIO(body),
        **extra,
    }


def _call_wsgi(app: Any, environ: dict[str, Any]) -> tuple[str, bytes]:
    got: list[str] = []
    body = b"".join(app(environ, lambda status, headers: got.append(status)))
    return got[0], body


def test_wsgi_environ_cases(store: NotificationStore) -> None:
    app = wsgi_app(store, require_header=SECRET, max_bytes=4096)
    assert _call_wsgi(app, _environ(FORM_BODY))[0] == "200 OK"
    coded = gzip.compress(FORM_BODY)
    status, _ = _call_wsgi(app, _environ(coded, HTTP_CONTENT_ENCODING="gzip"))
    assert status == "200 OK"
    # A declared length past the cap: refused before a byte is read.
    unread = io.BytesIO(b"x" * 10)
    status, _ = _call_wsgi(app, _environ(b"", CONTENT_LENGTH="99999", **{"wsgi.input": unread}))
    assert status.startswith("413") and unread.tell() == 0
    bomb = gzip.compress(b"a" * 100_000)
    assert _call_wsgi(app, _environ(bomb, HTTP_CONTENT_ENCODING="gzip"))[0].startswith("413")
    short = _environ(FORM_BODY, CONTENT_LENGTH=str(len(FORM_BODY) + 5))
    assert _call_wsgi(app, short)[0].startswith("400")
    # The secret is checked before the body is read.
    unread = io.BytesIO(FORM_BODY)
    wrong = _environ(FORM_BODY, HTTP_X_PUSH_SECRET="nope", **{"wsgi.input": unread})
    assert _call_wsgi(app, wrong)[0].startswith("401") and unread.tell() == 0
    assert store.count() == 2


def _asgi(
    app: Any, scope: dict[str, Any], chunks: list[bytes]
) -> tuple[dict[str, Any], bytes, int]:
    """Run *app* on one request: (the response start event, the body, body chunks read)."""
    sent: list[dict[str, Any]] = []
    events = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        return events.pop(0) if events else {"type": "http.disconnect"}

    async def send(event: MutableMapping[str, Any]) -> None:
        sent.append(dict(event))

    asyncio.run(app(scope, receive, send))
    return sent[0], b"".join(e.get("body", b"") for e in sent[1:]), read


def _scope(
    headers: list[tuple[bytes, bytes]], method: str = "POST", query: bytes = b""
) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": "/notify",
        "root_path": "",
        "query_string": query,
        "headers": [(b"x-push-secret", b"a-shared-secret-for-tests"), *headers],
    }


def test_asgi_takes_every_flavour_in_chunks(store: NotificationStore) -> None:
    app = asgi_app(store, require_header=SECRET)
    for flavour in FLAVOURS:
        image = IMAGE if flavour in ("multipart", "soap") else None
        method, target, headers, body = encode_notification(
            FIELDS, flavour, url="http://h/notify", image=image
        )
        query = target.partition("?")[2].encode()
        raw = [(k.lower().encode(), v.encode()) for k, v in headers]
        chunks = [body[i : i + 100] for i in range(0, len(body), 100)] or [b""]
        start, reply, _ = _asgi(app, _scope(raw, method, query), chunks)
        assert start["status"] == 200, reply
    assert store.count() == 4
    assert [n.flavour for n in store.notifications()] == list(FLAVOURS)


def test_asgi_refuses_before_reading_and_caps_the_body(store: NotificationStore) -> None:
    app = asgi_app(store, require_header=SECRET, max_bytes=2048)
    form = [(b"content-type", b"application/x-www-form-urlencoded")]
    wrong = _scope(form)
    wrong["headers"] = [(b"x-push-secret", b"nope"), *form]
    start, _, read = _asgi(app, wrong, [FORM_BODY])
    assert start["status"] == 401 and read == 0
    start, _, read = _asgi(app, _scope([*form, (b"content-length", b"999999")]), [FORM_BODY])
    assert start["status"] == 413 and read == 0
    start, _, _ = _asgi(app, _scope(form), [b"x" * 1500, b"x" * 1500])
    assert start["status"] == 413
    assert store.count() == 0


def test_asgi_lifespan_is_answered(store: NotificationStore) -> None:
    app = asgi_app(store)
    sent: list[dict[str, Any]] = []
    events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive() -> dict[str, Any]:
        return events.pop(0)

    async def send(event: MutableMapping[str, Any]) -> None:
        sent.append(dict(event))

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert [e["type"] for e in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


def test_a_path_secret_is_the_first_segment_below_where_the_app_is_mounted(
    store: NotificationStore,
) -> None:
    # Mounted at /hooks (SCRIPT_NAME, root_path), the vendor's URL is /hooks/SECRET/notify.
    app = wsgi_app(store, require_path_secret="ps-secret-42")
    mounted = _environ(FORM_BODY, SCRIPT_NAME="/hooks", PATH_INFO="/ps-secret-42/notify")
    assert _call_wsgi(app, mounted)[0] == "200 OK"
    wrong = _environ(FORM_BODY, SCRIPT_NAME="/ps-secret-42", PATH_INFO="/notify")
    assert _call_wsgi(app, wrong)[0].startswith("401")
    asgi = asgi_app(store, require_path_secret="ps-secret-42")
    form = [(b"content-type", b"application/x-www-form-urlencoded")]
    # ASGI servers differ on whether ``path`` includes ``root_path``: both are taken.
    for path in ("/ps-secret-42/notify", "/hooks/ps-secret-42/notify"):
        scope = {**_scope(form), "root_path": "/hooks", "path": path}
        start, reply, _ = _asgi(asgi, scope, [FORM_BODY])
        assert start["status"] == 200, (path, reply)
    scope = {**_scope(form), "root_path": "/ps-secret-42", "path": "/notify"}
    assert _asgi(asgi, scope, [FORM_BODY])[0]["status"] == 401
    assert store.count() == 3
