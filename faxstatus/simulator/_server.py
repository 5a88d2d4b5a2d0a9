"""The simulator over real HTTP/1.1 (h11): a selector for idle connections, a bounded worker pool.

Why h11 and this shape: h11 (already installed with httpx) parses and frames HTTP/1.1
correctly — chunked and Content-Length bodies, keep-alive, pipelining, ``Expect:
100-continue``, header-size limits — while leaving every socket operation to us, which the
fault injection needs (half a body then FIN or RST, a dropped connection, a slow answer).

Connections waiting for their next request cost no thread: one selector thread watches them
(and the listening socket, with a real backlog) and hands a connection that has bytes to read
to one of ``workers`` threads. A worker answers every request already buffered (pipelining),
then gives the connection back. Timeouts free what an idle or slow client holds.
"""

from __future__ import annotations

import contextlib
import http
import logging
import queue
import selectors
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import IO

import attrs
import h11

from .._contract import DEFAULT_MAX_BYTES
from .._http import HOP_BY_HOP
from ._oauth import TOKEN_PATH
from ._service import SimReply, Simulator

__all__ = ["SimulatorServer"]

log = logging.getLogger("faxstatus.simulator")

_CHUNK = b" " * 65536
_REASONS = {s.value: s.phrase.encode() for s in http.HTTPStatus}
# Fields of the reply that h11 frames itself, on top of the hop-by-hop ones.
_HOP_BY_HOP = HOP_BY_HOP | {"content-length"}


class _Closed(Exception):
    """The connection is finished (peer gone, timed out, or we closed it)."""


class _Conn:
    """One client connection: its socket, its h11 state machine, its idle deadline."""

    __slots__ = ("addr", "h11", "idle_until", "sock")

    def __init__(self, sock: socket.socket, addr: str, max_header: int) -> None:
        self.sock = sock
        self.addr = addr
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=max_header)
        self.idle_until = 0.0


def _fill(size: int) -> Iterator[bytes]:
    left = size
    while left > 0:
        yield _CHUNK[: min(left, len(_CHUNK))]
        left -= len(_CHUNK)


def _split_host(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


class SimulatorServer:
    """The simulator over real HTTP/1.1 on loopback (or any address); a context manager.

    Raises OSError (port in use, address not available) or ValueError (bad port, unknown
    host) from the constructor, which binds the socket.

    Limits: ``max_header`` bytes of request line plus headers (431 beyond), ``max_body`` bytes
    of body (413), ``request_timeout`` seconds from a request's first byte to its last (408),
    ``idle_timeout`` seconds of silence on a kept-alive connection (then it is closed).
    ``access_log`` receives one line per request (no credentials; see :meth:`_log`).
    """

    def __init__(
        self,
        simulator: Simulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        max_body: int = DEFAULT_MAX_BYTES,
        *,
        max_header: int = 16 * 1024,
        request_timeout: float = 30.0,
        idle_timeout: float = 30.0,
        workers: int = 32,
        backlog: int = 1024,
        access_log: IO[str] | None = None,
    ) -> None:
        self.simulator = simulator or Simulator()
        self.max_body = max_body
        self.max_header = max_header
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self.access_log = access_log
        host = _split_host(host)
        if not 0 <= port <= 65535:
            raise ValueError(f"port {port} is out of range 0-65535")
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        except socket.gaierror as exc:
            raise ValueError(f"unknown host {host!r}: {exc.strerror}") from None
        family, *_, sockaddr = infos[0]
        self._listener = socket.create_server(sockaddr[:2], family=family, backlog=backlog)
        self._listener.setblocking(False)
        self.host = str(self._listener.getsockname()[0])
        self.port = int(self._listener.getsockname()[1])
        self._workers = max(1, workers)
        self._jobs: queue.SimpleQueue[_Conn | None] = queue.SimpleQueue()
        self._back: queue.SimpleQueue[_Conn] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._active: set[_Conn] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self._loop_thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:54321/fax/v5``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{self.simulator.path}"

    @property
    def token_url(self) -> str:
        """The OAuth 2.0 token endpoint, e.g. ``http://127.0.0.1:54321/oauth/token``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{TOKEN_PATH}"

    # -- lifecycle -----------------------------------------------------------------------

    def _start_workers(self) -> None:
        for i in range(self._workers):
            t = threading.Thread(target=self._work, name=f"faxws-sim-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def start(self) -> SimulatorServer:
        """Start serving in the background."""
        self._start_workers()
        self._loop_thread = threading.Thread(target=self._loop, name="faxws-sim", daemon=True)
        self._loop_thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`close` (from another thread) or Ctrl-C."""
        self._start_workers()
        self._loop()

    def close(self) -> None:
        """Stop serving, close every connection and release the port."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake()
        if self._loop_thread is not None:
            self._loop_thread.join(5)
        else:
            self._stopped.wait(0)
        with self._lock:
            active = list(self._active)
        for conn in active:
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)
        for _ in self._threads:
            self._jobs.put(None)
        for t in self._threads:
            t.join(1)
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the selector thread -------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def _loop(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self._listener, selectors.EVENT_READ, None)
        sel.register(self._wake_r, selectors.EVENT_READ, self._wake_r)
        idle: dict[socket.socket, _Conn] = {}
        try:
            while not self._stopping.is_set():
                for key, _ in sel.select(timeout=0.5):
                    if key.data is None:
                        self._accept(sel, idle)
                    elif key.data is self._wake_r:
                        with contextlib.suppress(OSError):
                            self._wake_r.recv(4096)
                        while not self._back.empty():
                            conn = self._back.get()
                            idle[conn.sock] = conn
                            sel.register(conn.sock, selectors.EVENT_READ, conn)
                    else:
                        conn = key.data
                        sel.unregister(conn.sock)
                        del idle[conn.sock]
                        self._jobs.put(conn)
                now = time.monotonic()
                for sock, conn in list(idle.items()):
                    if now > conn.idle_until:
                        sel.unregister(sock)
                        del idle[sock]
                        self._close(conn)
        finally:
            for conn in idle.values():
                self._close(conn)
            sel.close()
            self._stopped.set()

    def _accept(self, sel: selectors.BaseSelector, idle: dict[socket.socket, _Conn]) -> None:
        while True:
            try:
                sock, addr = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. too many open files: leave the rest in the backlog
                return
            # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus
            # delayed ACKs add about 40 ms to every exchange.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.setblocking(True)
            conn = _Conn(sock, str(addr[0]), self.max_header)
            conn.idle_until = time.monotonic() + self.idle_timeout
            with self._lock:
                self._active.add(conn)
            idle[sock] = conn
            sel.register(sock, selectors.EVENT_READ, conn)

    def _close(self, conn: _Conn, reset: bool = False) -> None:
        with self._lock:
            self._active.discard(conn)
        with contextlib.suppress(OSError):
            if reset:
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                conn.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            conn.sock.close()

    # -- workers -------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            conn = self._jobs.get()
            if conn is None:
                return
            try:
                keep = self._serve(conn)
            except _Closed:
                keep = False
            except OSError:  # the peer hung up or reset: normal for a server
                keep = False
            except Exception:  # a bug must cost one connection, never a worker
                log.warning("FaxWS simulator: error answering %s", conn.addr, exc_info=True)
                keep = False
            if keep and not self._stopping.is_set():
                conn.idle_until = time.monotonic() + self.idle_timeout
                self._back.put(conn)
                self._wake()
            else:
                self._close(conn)

    def _event(self, conn: _Conn, deadline: float | None) -> h11.Event | type[h11.PAUSED]:
        """The next h11 event, reading from the socket as needed (until *deadline*)."""
        while True:
            event = conn.h11.next_event()
            if event is h11.PAUSED or isinstance(event, h11.Event):
                return event
            if deadline is None:
                deadline = time.monotonic() + self.request_timeout
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            conn.sock.settimeout(left)
            data = conn.sock.recv(65536)
            conn.h11.receive_data(data)

    def _serve(self, conn: _Conn) -> bool:
        """Answer every request available on *conn*; True to keep the connection open."""
        while True:
            started = time.perf_counter()
            try:
                event = self._event(conn, None)
            except TimeoutError:
                if conn.h11.their_state is h11.IDLE and not conn.h11.trailing_data[0]:
                    return False  # silent the whole time: just close
                self._plain(conn, 408, "request not complete in time\n", started, "-", "-")
                return False
            except h11.RemoteProtocolError as exc:
                status = exc.error_status_hint
                self._plain(conn, status, f"bad request: {exc}\n", started, "-", "-")
                return False
            if isinstance(event, h11.ConnectionClosed) or event is h11.PAUSED:
                return False
            assert isinstance(event, h11.Request)
            size = len(event.target) + sum(len(k) + len(v) + 4 for k, v in event.headers)
            if size > self.max_header:
                # h11 bounds only what arrives incomplete; a whole oversized head is caught here.
                self._plain(conn, 431, "request headers too large\n", started, "-", "-")
                return False
            method = event.method.decode("ascii", "replace")
            target = event.target.decode("ascii", "replace")
            headers: dict[str, str] = {}
            for name, value in event.headers:
                key = name.decode("latin-1").lower()
                text = value.decode("latin-1")
                headers[key] = f"{headers[key]}, {text}" if key in headers else text
            try:
                body = self._body(conn, headers, started)
            except _TooLarge:
                self._plain(conn, 413, "request body too large\n", started, method, target)
                return False
            except TimeoutError:
                self._plain(
                    conn, 408, "request body not complete in time\n", started, method, target
                )
                return False
            except h11.RemoteProtocolError as exc:
                status = exc.error_status_hint
                self._plain(conn, status, f"bad request: {exc}\n", started, method, target)
                return False
            reply = self.simulator.handle(method, headers, body, path=target)
            if method == "HEAD":  # the headers of the GET answer, no body (RFC 9110 §9.3.2)
                reply = attrs.evolve(
                    reply,
                    filler=0,
                    headers={
                        **reply.headers,
                        "Content-Length": str(reply.filler or len(reply.body)),
                    },
                    body=b"",
                )
            if not self._answer(conn, reply):
                self._log(method, target, reply, headers, started)
                return False
            self._log(method, target, reply, headers, started)
            if conn.h11.our_state is not h11.DONE or conn.h11.their_state is not h11.DONE:
                return False
            conn.h11.start_next_cycle()
            if not conn.h11.trailing_data[0]:
                return True  # nothing pipelined: back to the selector

    def _body(self, conn: _Conn, headers: dict[str, str], started: float) -> bytes:
        length = headers.get("content-length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            raise _TooLarge
        if conn.h11.they_are_waiting_for_100_continue:
            self._send(conn, h11.InformationalResponse(status_code=100, headers=[]))
        deadline = time.monotonic() + self.request_timeout
        parts: list[bytes] = []
        size = 0
        while True:
            event = self._event(conn, deadline)
            if isinstance(event, h11.Data):
                size += len(event.data)
                if size > self.max_body:
                    raise _TooLarge
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                return b"".join(parts)
            else:  # ConnectionClosed mid-body
                raise _Closed

    def _send(self, conn: _Conn, event: h11.Event) -> None:
        data = conn.h11.send(event)
        if data:
            conn.sock.settimeout(self.request_timeout)
            conn.sock.sendall(data)

    def _plain(
        self, conn: _Conn, status: int, text: str, started: float, method: str, target: str
    ) -> None:
        """An HTTP-level error (400, 408, 413, 431) as text/plain, then close."""
        reply = SimReply(status, {"Content-Type": "text/plain; charset=utf-8"}, text.encode())
        if conn.h11.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            with contextlib.suppress(OSError, h11.LocalProtocolError):
                self._answer(conn, reply, close=True)
        self._log(method, target, reply, {}, started)

    def _answer(self, conn: _Conn, reply: SimReply, close: bool = False) -> bool:
        """Send *reply*, acting out its injected misbehaviour; False when the connection ends."""
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self._close(conn)
            return False
        ends = close or reply.truncate or reply.reset or bool(reply.filler)
        size = reply.filler or len(reply.body)
        length = reply.headers.get("Content-Length", str(size))  # HEAD: the GET's length
        headers = [(k, v) for k, v in reply.headers.items() if k.lower() not in _HOP_BY_HOP]
        headers.append(("Content-Length", length))
        if ends:
            headers.append(("Connection", "close"))
        reason = _REASONS.get(reply.status, b"")
        self._send(conn, h11.Response(status_code=reply.status, headers=headers, reason=reason))
        if reply.filler:
            for chunk in _fill(reply.filler):
                self._send(conn, h11.Data(data=chunk))
            self._send(conn, h11.EndOfMessage())
            return False
        if reply.truncate or reply.reset:
            self._send(conn, h11.Data(data=reply.body[: len(reply.body) // 2]))
            self._close(conn, reset=reply.reset)
            return False
        if reply.body:
            self._send(conn, h11.Data(data=reply.body))
        self._send(conn, h11.EndOfMessage())
        return not ends

    def _log(
        self,
        method: str,
        target: str,
        reply: SimReply,
        headers: dict[str, str],
        started: float,
    ) -> None:
        """One access-log line: method, path, operation, content type, status, ms, deviations.

        Never a header value other than the request's media type, never a body, and the
        query string only when it is ``wsdl`` or ``xsd``: credentials have no way in.
        """
        if self.access_log is None:
            return
        path, _, query = target.partition("?")
        if query:
            path += f"?{query}" if query.lower() in ("wsdl", "xsd") else "?…"
        media = headers.get("content-type", "-").split(";", 1)[0].strip() or "-"
        ms = (time.perf_counter() - started) * 1000
        status = "dropped" if reply.drop else str(reply.status)
        for flag in ("truncate", "reset"):
            if getattr(reply, flag):
                status += f" ({flag})"
        line = f"{method} {path} {reply.operation or '-'} {media} {status} {ms:.1f}ms"
        if reply.deviations:
            line += f" deviations={len(reply.deviations)}: " + "; ".join(reply.deviations)
        with contextlib.suppress(OSError, ValueError):  # a closed or broken log stream
            print(line, file=self.access_log, flush=True)


class _TooLarge(Exception):
    """The request body is over ``max_body``."""
