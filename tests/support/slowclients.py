"""Slow clients for the server tests: connections that never finish a request, on loopback.

Each connection sends the start of a request and then nothing more (the kinds of the
issue's trial: a request head without its blank line, a body that promises 1,000 bytes and
sends 10, a chunked body whose first chunk declares 1 GiB). :func:`check_service` then sends
one well-behaved CheckService on a fresh connection and returns the whole answer, within a
socket timeout that a slow machine meets.
"""

from __future__ import annotations

import contextlib
import resource
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import faxstatus

CHECK = faxstatus.encode(faxstatus.models.CheckService(), "soap12")
_HEAD = f"POST /fax/v5 HTTP/1.1\r\nHost: t\r\nContent-Type: {CHECK.headers['Content-Type']}\r\n"

#: The first bytes of each kind of slow client.
SLOW = {
    "head": (_HEAD + "X-Slow: a").encode(),
    "body": (_HEAD + "Content-Length: 1000\r\n\r\n").encode() + b"<soap:Env",
    "chunked": (_HEAD + "Transfer-Encoding: chunked\r\n\r\n40000000\r\n").encode() + b"<soap:Env",
}


def need_descriptors(n: int) -> None:
    """Raise the soft open-file limit to *n* if it is lower (skip when the hard one is)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= n:
        return
    if hard != resource.RLIM_INFINITY and hard < n:
        pytest.skip(f"needs {n} open files, the hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))


@contextlib.contextmanager
def slow_clients(
    host: str, port: int, n: int, kinds: tuple[str, ...] = tuple(SLOW)
) -> Iterator[list[socket.socket]]:
    """*n* connections, kinds taken in turn, each sending its unfinished request; closed after."""

    def one(i: int) -> socket.socket | None:
        try:
            sock = socket.create_connection((host, port), timeout=10)
            sock.sendall(SLOW[kinds[i % len(kinds)]])
        except OSError:
            return None  # not accepted, or refused up front
        return sock

    with ThreadPoolExecutor(32) as pool:
        socks = [s for s in pool.map(one, range(n)) if s is not None]
    try:
        yield socks
    finally:
        for s in socks:
            s.close()


def check_service(host: str, port: int, timeout: float = 5.0) -> bytes:
    """One well-behaved CheckService (Connection: close) and the whole answer; OSError if none."""
    head = "".join(f"{k}: {v}\r\n" for k, v in CHECK.headers.items())
    request = (
        f"POST /fax/v5 HTTP/1.1\r\nHost: t\r\n{head}Content-Length: {len(CHECK.body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + CHECK.body
    data = b""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(request)
        while chunk := sock.recv(65536):
            data += chunk
    return data
