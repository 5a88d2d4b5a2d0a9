"""A loopback HTTP server that answers every request with scripted raw bytes (tests only).

Each connection reads the request head and body (by Content-Length), then sends the script:
a sequence of ``bytes`` (sent at once) and ``float`` (a pause in seconds). It stops sending
when the peer goes away or ``give_up`` seconds have passed, so no test can hang on it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator

Script = Callable[[], Iterable[bytes | float]]


class RawServer:
    """Serve *script* to every connection on 127.0.0.1; use as a context manager."""

    def __init__(self, script: Script, *, give_up: float = 15.0) -> None:
        self._script = script
        self._give_up = give_up
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self.connections = 0
        #: The head (request line and fields) of every request read, in order.
        self.heads: list[bytes] = []

    @property
    def url(self) -> str:
        """The URL to POST to."""
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/fax/v5"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        started = time.monotonic()
        conn.settimeout(5)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                more = conn.recv(65536)
                if not more:
                    return
                data += more
            head, _, rest = data.partition(b"\r\n\r\n")
            self.heads.append(head)
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(rest) < length:
                more = conn.recv(65536)
                if not more:
                    return
                rest += more
            for step in self._script():
                if self._stop.is_set() or time.monotonic() - started > self._give_up:
                    return
                if isinstance(step, float):
                    time.sleep(step)
                else:
                    conn.sendall(step)
        except OSError:
            return
        finally:
            conn.close()


def response(body: bytes, *, status: str = "200 OK", headers: Iterable[str] = ()) -> bytes:
    """A whole HTTP/1.1 response with Content-Length and a SOAP 1.2 content type."""
    lines = [
        f"HTTP/1.1 {status}",
        "Content-Type: application/soap+xml; charset=utf-8",
        f"Content-Length: {len(body)}",
        "Connection: close",
        *headers,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def trickle(data: bytes, pause: float) -> Iterator[bytes | float]:
    """*data* one byte at a time, *pause* seconds apart."""
    for i in range(len(data)):
        yield data[i : i + 1]
        yield pause
