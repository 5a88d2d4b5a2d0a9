"""ListenServer: the receiver over real HTTP/1.1 on loopback, with the serving code's caps."""

from __future__ import annotations

import io
import socket

import httpx

from faxstatus.push import FLAVOURS, ListenServer, NotificationStore, Receiver, encode_notification

from ..support.push import FIELDS, FORM_BODY, IMAGE


def test_every_flavour_on_one_kept_alive_connection(store: NotificationStore) -> None:
    log = io.StringIO()
    receiver = Receiver(store, require_header="X-Push-Secret=abc-123-secret", access_log=log)
    with ListenServer(receiver) as server, httpx.Client() as client:
        for flavour in FLAVOURS:
            image = IMAGE if flavour in ("multipart", "soap") else None
            method, target, headers, body = encode_notification(
                FIELDS,
                flavour,
                url=server.url,
                image=image,
                headers=[("X-Push-Secret", "abc-123-secret")],
            )
            reply = client.request(
                method, server.url.rstrip("/") + target, headers=headers, content=body
            )
            assert reply.status_code == 200
        assert client.post(server.url, content=FORM_BODY).status_code == 401
    assert store.count() == 4
    assert "abc-123-secret" not in log.getvalue()


def test_a_declared_body_past_the_cap_is_refused_before_it_is_sent(
    store: NotificationStore,
) -> None:
    receiver = Receiver(store, max_bytes=1024, access_log=io.StringIO())
    with (
        ListenServer(receiver) as server,
        socket.create_connection((server.host, server.port), timeout=20) as sock,
    ):
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 5000000\r\n\r\n"
        )
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert store.count() == 0


def test_a_coded_body_is_inflated_and_a_gzip_bomb_refused_at_the_cap(
    store: NotificationStore,
) -> None:
    import gzip

    receiver = Receiver(store, max_bytes=64 * 1024, access_log=io.StringIO())
    bomb = gzip.compress(FORM_BODY + b"&x=" + b"0" * (8 * 1024 * 1024))
    with ListenServer(receiver) as server, httpx.Client(timeout=20) as client:
        reply = client.post(
            server.url,
            content=bomb,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Encoding": "gzip",
            },
        )
    assert reply.status_code == 413
    assert store.count() == 0
    with ListenServer(receiver) as server, httpx.Client(timeout=20) as client:
        coded = client.post(
            server.url,
            content=gzip.compress(FORM_BODY),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Encoding": "gzip",
            },
        )
    assert coded.status_code == 200  # the serving code passes it as sent; the receiver inflates
    assert store.count() == 1


def test_a_head_that_never_ends_is_answered_408_and_stores_nothing(
    store: NotificationStore,
) -> None:
    log = io.StringIO()
    receiver = Receiver(store, access_log=log)
    with (
        ListenServer(receiver, header_timeout=0.5, request_timeout=1.0) as server,
        socket.create_connection((server.host, server.port), timeout=20) as sock,
    ):
        sock.sendall(b"POST /notify HTTP/1.1\r\nHost: x\r\n")  # and nothing more
        answer = sock.recv(4096)  # ends: the deadline answers, within the 20 s bound
    assert answer.startswith(b"HTTP/1.1 408")
    assert store.count() == 0
    assert " 408 " in log.getvalue()


def test_a_malformed_request_line_or_header_line_is_logged_without_the_secret_in_it() -> None:
    # h11 quotes the line it refuses; a short secret is masked only where it stands as one
    # (the access log's masker), so the quoted line must not reach the log at all.
    for options, line in (
        ({"require_path_secret": "ps7"}, b"GET /ps7/n\x01?FaxJobId=br1 HTTP/1.1\r\n"),
        ({"require_path_secret": "ps7"}, b"GET /ps7\r\n"),
        ({"require_header": "X-Push=h4x"}, b"GET / HTTP/1.1\r\nX-Push : h4x\r\n"),
    ):
        log = io.StringIO()
        with (
            NotificationStore() as store,
            ListenServer(
                Receiver(store, access_log=log, **options)  # type: ignore[arg-type]
            ) as server,
            socket.create_connection((server.host, server.port), timeout=20) as sock,
        ):
            sock.sendall(line + b"Host: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 400"), answer
        logged = log.getvalue()
        assert " 400 bad request: illegal " in logged, logged
        assert "ps7" not in logged and "h4x" not in logged and "FaxJobId" not in logged, logged
