"""HTTP/1.1 serving for the simulator and the proxy: one selector reads, workers get whole requests.

Why this shape: a worker that reads its own request can be held by a client that never
finishes one (a trickled head, a body that promises more than it sends), and a few dozen
such clients leave a well-behaved request unanswered. Here one selector thread does all the
reading, on non-blocking sockets, for every connection at once; it parses with h11 and puts
a request on the workers' queue only once its last byte has arrived. A slow client costs a
file descriptor and a few bytes of buffer, never a worker, and is bounded three ways:

* a deadline for the request head and one for the whole request, from its first byte
  (:class:`~faxstatus._boundary.Deadline`; 408 when it runs out);
* a body declared over the cap is refused before its data arrives (413): a Content-Length
  through :func:`~faxstatus._boundary.declared_length`, each chunk size of a chunked body
  through :func:`~faxstatus._boundary.bounded_int` (RFC 9112 §7.1), and the bytes that do
  arrive are counted by a :class:`~faxstatus._boundary.BodyReader`;
* at most ``max_pending`` connections wait in the selector (idle or unfinished): one more
  and the one that has waited longest is dropped.

A request reaches a worker only when its client has room for the answer (a client that
pipelines and reads nothing waits in the selector), and the worker never waits on a slow
reader: what the socket has no room for is left to the selector to send, under
``request_timeout``, before it reads the next request (or closes).
An error the reader finds (400, 408, 413, 431) is answered by the selector thread itself
with one small non-blocking write, then the connection half-closes and lingers briefly, so
that the answer is not lost to a reset while the client is still sending (RFC 9112 §9.6).
"""

from __future__ import annotations

import contextlib
import http
import logging
import queue
import select
import selectors
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Self

import h11

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

from .._boundary import BodyReader, Deadline, bounded_int, declared_length
from .._contract import DEFAULT_MAX_BYTES
from .._errors import DecodeError, LimitError

__all__ = ["Connection", "Http11Server", "Request", "default_pending", "plain_events"]

log = logging.getLogger("faxstatus.simulator")

#: How often the selector looks for connections past their deadlines (seconds).
_SWEEP = 0.1
#: How long a refused connection lingers, discarding what its client still sends (seconds).
_LINGER = 2.0
#: How long accepting pauses when no descriptor is left and nothing can be dropped (seconds).
_PAUSE = 0.05
#: Answer bytes a worker may leave to the selector before it waits for the client itself.
_HIGH_WATER = 1 << 20
_REASONS = {s.value: s.phrase.encode() for s in http.HTTPStatus}


class Request:
    """One complete request as the selector hands it to a worker."""

    __slots__ = ("body", "fields", "headers", "method", "started", "target")

    def __init__(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes,
        started: float,
    ) -> None:
        self.method = method
        self.target = target
        #: The fields as sent (names in their case, in order).
        self.headers = headers
        #: The fields by lower-case name, repeated ones joined with ", " (RFC 9110 §5.3).
        self.fields: dict[str, str] = {}
        for name, value in headers:
            key = name.lower()
            self.fields[key] = f"{self.fields[key]}, {value}" if key in self.fields else value
        self.body = body
        #: ``time.perf_counter()`` at the request's first byte.
        self.started = started


class _ChunkSizes:
    """Reads the chunk sizes of a chunked body as its bytes arrive (RFC 9112 §7.1).

    h11 frames the body; this reads the same bytes only to learn each chunk's declared
    size, so that a body declaring more than the cap is refused at the chunk header that
    passes it, before any of that chunk's data is waited for.

    The framing (chunk-size lines, extensions, the CRLF after each chunk's data) is counted
    too: it may come to ``max_line`` bytes plus a quarter of the data declared so far. Each
    chunk costs the selector thread a parse whatever its size, so a body of one-byte chunks
    (five framing bytes a data byte) is refused early instead of costing that thread several
    seconds for a body within the cap; chunks of 32 bytes and more, on average, are never
    refused for it.
    """

    __slots__ = ("data", "done", "framing", "left", "line", "max_line", "skip")

    def __init__(self, max_bytes: int, max_line: int) -> None:
        self.left = max_bytes  # bytes the chunks still to come may declare
        self.max_line = max_line
        self.skip = 0  # bytes of the current chunk's data and its CRLF still to pass
        self.line = bytearray()
        self.done = False
        self.data = 0  # data bytes the chunks so far declared
        self.framing = 0  # bytes of chunk-size lines and data CRLFs so far

    def feed(self, data: bytes) -> None:
        """Read *data*; LimitError past the cap or the framing allowance, DecodeError if not hex."""
        i, n = 0, len(data)
        while i < n and not self.done:
            if self.skip:
                step = min(self.skip, n - i)
                self.skip -= step
                i += step
                continue
            end = data.find(b"\n", i)
            if end < 0:
                self.line += data[i:]
                if len(self.line) > self.max_line:
                    raise DecodeError("chunk header too long")
                return
            self.line += data[i:end]
            i = end + 1
            size_text = bytes(self.line).split(b";", 1)[0]  # a chunk-ext follows ";"
            self.framing += len(self.line) + 3  # the line, its LF, the CRLF after the data
            self.line.clear()
            size = bounded_int(size_text, "chunk size", high=self.left, base=16)
            self.left -= size
            self.data += size
            if self.framing > self.max_line + self.data // 4:
                raise LimitError(
                    f"chunk framing of {self.framing} bytes for {self.data} bytes of data"
                    f" is over the allowance ({self.max_line} + a quarter of the data)",
                    field="chunk framing",
                )
            self.skip = size + 2
            self.done = size == 0  # the last chunk: trailers are h11's


class Connection:
    """One client connection: its socket, its h11 state machine, the request being read."""

    __slots__ = (
        "addr",
        "body",
        "body_deadline",
        "chunks",
        "closed",
        "ending",
        "flushing",
        "h11",
        "head_deadline",
        "idle_until",
        "lingering",
        "out",
        "ready",
        "request",
        "sock",
        "started",
        "write_timeout",
    )

    def __init__(
        self, sock: socket.socket, addr: str, max_header: int, write_timeout: float
    ) -> None:
        self.sock = sock
        self.addr = addr
        self.write_timeout = write_timeout
        #: Answer bytes the client has no room for yet: the selector sends them.
        self.out = bytearray()
        self.ending: bool | None = None  # once *out* is sent: close (True: with RST)
        self.flushing: Deadline | None = None  # the selector is sending *out*, until then
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=max_header)
        self.idle_until = 0.0
        self.closed = False
        self.lingering: Deadline | None = None
        self.next_request()

    def next_request(self) -> None:
        """Forget the request just read: the next one's deadlines start at its first byte."""
        self.started: float | None = None
        self.head_deadline: Deadline | None = None
        self.body_deadline: Deadline | None = None
        self.request: h11.Request | None = None
        self.ready: Request | None = None  # complete, waiting for room to answer
        self.body: BodyReader | None = None
        self.chunks: _ChunkSizes | None = None

    def send(self, event: h11.Event) -> None:
        """Send one h11 event without waiting for the client: what it has no room for is kept.

        The selector sends what is kept once the worker is done, so that a client that
        reads slowly holds no worker. An answer streamed in pieces waits for room once more
        than ``_HIGH_WATER`` bytes are kept (at most ``write_timeout`` each time), so that
        what is kept stays bounded; a piece the worker already holds is kept whole.
        """
        data = self.h11.send(event)
        if not data:
            return
        if len(self.out) > _HIGH_WATER:
            deadline = Deadline(self.write_timeout)
            while len(self.out) > _HIGH_WATER:
                if deadline.expired or not _room(self.sock, deadline.left() or 0.0):
                    raise TimeoutError("the client read nothing in time")
                with contextlib.suppress(BlockingIOError, InterruptedError):
                    del self.out[: self.sock.send(self.out)]
        if not self.out:
            try:
                sent = self.sock.send(data)
            except (BlockingIOError, InterruptedError):
                sent = 0
            data = data[sent:]
        self.out += data

    def end(self, reset: bool = False) -> None:
        """Close once what is kept is sent (FIN, or RST when *reset*); at once if nothing is."""
        if self.out:
            self.ending = reset
        else:
            self.close(reset)

    def close(self, reset: bool = False) -> None:
        """Close the connection: FIN, or RST when *reset*; idempotent."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            if reset:
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()


class _Refused(Exception):
    """The request being read is refused with *status* (400, 408, 413, 431)."""

    def __init__(self, status: int, text: str) -> None:
        self.status = status
        self.text = text
        super().__init__(text)


def default_pending() -> int:
    """How many connections may wait in the selector: 1024, or half the open-file limit.

    Half, so that the workers' own descriptors (a proxy's upstream connections, a log file)
    and the accept that makes room by dropping the longest waiting always have some left.
    """
    if resource is None:  # not a Unix: no per-process limit to mind
        return 1024
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return 1024
    return max(16, min(1024, soft // 2))


def _split_host(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


class Http11Server:
    """An HTTP/1.1 server whose workers are given only complete requests; a context manager.

    Subclasses implement :meth:`answer` (in a worker thread) and may override
    :meth:`refused` (told of every request the reader refused). Raises OSError (port in
    use) or ValueError (bad port, unknown host) from the constructor, which binds.

    Limits: ``max_header`` bytes of request line plus headers (431), ``max_body`` bytes of
    body (413), ``header_timeout`` seconds from a request's first byte to the end of its head
    and ``request_timeout`` to its last byte (408), ``idle_timeout`` seconds of silence on a
    kept-alive connection (closed), ``max_pending`` connections waiting in the selector
    (default: :func:`default_pending`);
    :meth:`close` waits up to ``drain`` seconds for answers under way.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_body: int = DEFAULT_MAX_BYTES,
        max_header: int = 16 * 1024,
        header_timeout: float = 10.0,
        request_timeout: float = 30.0,
        idle_timeout: float = 30.0,
        workers: int = 32,
        backlog: int = 1024,
        max_pending: int | None = None,
        drain: float = 1.0,
        name: str = "faxws-http",
    ) -> None:
        self.max_body = max_body
        self.max_header = max_header
        self.header_timeout = min(header_timeout, request_timeout)
        self.request_timeout = request_timeout
        self.idle_timeout = idle_timeout
        self.max_pending = max(1, default_pending() if max_pending is None else max_pending)
        self.drain = drain
        self._name = name
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
        self._jobs: queue.SimpleQueue[tuple[Connection, Request] | None] = queue.SimpleQueue()
        self._back: queue.SimpleQueue[Connection] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._busy: set[Connection] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._loop_thread: threading.Thread | None = None
        # Only the selector thread touches these.
        self._sel: selectors.BaseSelector | None = None
        # Connections waiting in the selector, oldest wait first (dicts keep insertion order).
        self._pending: dict[Connection, None] = {}
        # Connections back from a worker whose next (pipelined) request is parsed next turn.
        self._runnable: list[Connection] = []
        self._paused_until = 0.0

    # -- what subclasses provide ----------------------------------------------------------

    def answer(self, conn: Connection, request: Request) -> bool:
        """Answer *request* on *conn* (a worker thread); True to keep the connection open."""
        raise NotImplementedError

    def refused(self, request: Request | None, status: int, text: str, started: float) -> None:
        """Told of a request the reader refused with *status* (None: the head never parsed)."""

    # -- lifecycle -----------------------------------------------------------------------

    def _start_workers(self) -> None:
        for i in range(self._workers):
            t = threading.Thread(target=self._work, name=f"{self._name}-{i}", daemon=True)
            t.start()
            self._threads.append(t)

    def start(self) -> Self:
        """Start serving in the background."""
        self._start_workers()
        self._loop_thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
        self._loop_thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`close` (from another thread) or Ctrl-C."""
        self._start_workers()
        self._loop()

    def close(self) -> None:
        """Stop serving, let answers under way finish (bounded), release the port."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._wake()
        if self._loop_thread is not None:
            self._loop_thread.join(5)
        for _ in self._threads:
            self._jobs.put(None)
        ends = time.monotonic() + self.drain
        for t in self._threads:
            t.join(max(0.0, ends - time.monotonic()))
        with self._lock:
            busy = list(self._busy)
        for conn in busy:  # a worker still sending to a client that does not read
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the selector thread -------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def _loop(self) -> None:
        sel = self._sel = selectors.DefaultSelector()
        sel.register(self._listener, selectors.EVENT_READ, None)
        sel.register(self._wake_r, selectors.EVENT_READ, self._wake_r)
        next_sweep = 0.0
        try:
            while not self._stopping.is_set():
                # Fairness: a turn reads every connection with bytes waiting and gives each
                # connection back from a worker one request at most, so that a client that
                # pipelines keeps no other waiting (its next request waits for the next turn).
                turn, self._runnable = self._runnable, []
                for key, events in sel.select(timeout=0 if turn else _SWEEP):
                    if key.data is None:
                        self._accept()
                    elif key.data is self._wake_r:
                        with contextlib.suppress(OSError):
                            self._wake_r.recv(4096)
                        while not self._back.empty():
                            self._ready(self._back.get(), 0)
                    else:
                        self._ready(key.data, events)
                for conn in turn:
                    self._next(conn)
                now = time.monotonic()
                if now >= next_sweep:
                    next_sweep = now + _SWEEP
                    self._sweep(now)
        finally:
            for conn in list(self._pending):
                self._drop(conn)
            sel.close()

    def _ready(self, conn: Connection, events: int) -> None:
        """*conn* is readable or writable (or, with no *events*, back from a worker): step it."""
        if conn.closed and events:  # dropped earlier in this round of events
            return
        try:
            if not events:  # back from a worker
                self._resume(conn)
            elif conn.flushing is not None:
                self._flush(conn)
            elif conn.ready is not None:
                if events & selectors.EVENT_WRITE:
                    self._hand_over(conn, conn.ready)
            else:
                self._readable(conn)
        except Exception:  # a bug must cost one connection, never the server
            log.warning("%s: error reading from %s", self._name, conn.addr, exc_info=True)
            self._drop(conn)

    def _next(self, conn: Connection) -> None:
        """Parse the next request of *conn*, back from a worker, if it still waits to read."""
        if (
            conn.closed
            or conn not in self._pending
            or conn.ready is not None
            or conn.flushing is not None
            or conn.lingering is not None
        ):
            return  # this turn's events stepped it already (read, refused, dropped)
        try:
            self._advance(conn)
        except Exception:  # a bug must cost one connection, never the server
            log.warning("%s: error reading from %s", self._name, conn.addr, exc_info=True)
            self._drop(conn)

    def _watch(self, conn: Connection, events: int = selectors.EVENT_READ) -> None:
        """Wait for *conn* (its next bytes); past ``max_pending``, drop the longest waiting."""
        assert self._sel is not None
        while len(self._pending) >= self.max_pending:
            self._drop(next(iter(self._pending)))
        self._pending[conn] = None
        self._sel.register(conn.sock, events, conn)

    def _drop(self, conn: Connection, reset: bool = False) -> None:
        """Forget a waiting connection and close it."""
        if self._pending.pop(conn, False) is None and self._sel is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._sel.unregister(conn.sock)
        conn.close(reset)

    def _accept(self) -> None:
        while True:
            try:
                sock, addr = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # no descriptor left: make room, or pause accepting
                if self._pending:
                    self._drop(next(iter(self._pending)))
                    continue
                assert self._sel is not None
                self._sel.unregister(self._listener)
                self._paused_until = time.monotonic() + _PAUSE
                return
            # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus
            # delayed ACKs add about 40 ms to every exchange.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.setblocking(False)
            conn = Connection(sock, str(addr[0]), self.max_header, self.request_timeout)
            conn.idle_until = time.monotonic() + self.idle_timeout
            self._watch(conn)

    def _resume(self, conn: Connection) -> None:
        """A worker gave *conn* back: send what its client had no room for, then read on."""
        with self._lock:
            self._busy.discard(conn)
        if conn.closed:
            return
        if conn.out:
            conn.flushing = Deadline(self.request_timeout)
            self._watch(conn, selectors.EVENT_WRITE)
            return
        conn.idle_until = time.monotonic() + self.idle_timeout
        self._watch(conn)
        self._runnable.append(conn)  # a request it pipelined is parsed next turn

    def _flush(self, conn: Connection) -> None:
        """Send what *conn*'s client has room for; once all is sent, close or read on."""
        try:
            del conn.out[: conn.sock.send(conn.out)]
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(conn)
            return
        if conn.out:
            return
        conn.flushing = None
        if conn.ending is not None:
            self._drop(conn, reset=conn.ending)
            return
        assert self._sel is not None
        self._sel.modify(conn.sock, selectors.EVENT_READ, conn)
        conn.idle_until = time.monotonic() + self.idle_timeout
        self._advance(conn)

    def _readable(self, conn: Connection) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(conn)
            return
        if conn.lingering is not None:  # refused: discard until the client is done
            if not data:
                self._drop(conn)
            return
        if data and conn.started is None:
            self._begin(conn)
        if conn.chunks is not None and not conn.chunks.done:
            try:
                conn.chunks.feed(data)
            except LimitError as exc:
                self._refuse(conn, _Refused(413, _too_large(exc)))
                return
            except DecodeError as exc:
                self._refuse(conn, _Refused(400, f"bad request: {exc}\n"))
                return
        conn.h11.receive_data(data)
        self._advance(conn)

    def _begin(self, conn: Connection) -> None:
        """The first byte of a request: its deadlines start."""
        conn.started = time.perf_counter()
        conn.head_deadline = Deadline(self.header_timeout)
        conn.body_deadline = Deadline(self.request_timeout)

    def _advance(self, conn: Connection) -> None:
        """Parse what *conn* has buffered; dispatch a request once it is complete."""
        try:
            while not conn.closed:
                event = conn.h11.next_event()
                if event is h11.NEED_DATA or event is h11.PAUSED:
                    if conn.started is None and conn.h11.trailing_data[0]:
                        self._begin(conn)  # a pipelined request's first bytes
                    return
                if isinstance(event, h11.ConnectionClosed):
                    self._drop(conn)
                    return
                if conn.started is None:
                    self._begin(conn)
                if isinstance(event, h11.Request):
                    self._head(conn, event)
                elif isinstance(event, h11.Data):
                    assert conn.body is not None
                    try:
                        conn.body.feed(bytes(event.data))
                    except LimitError:
                        raise _Refused(413, "request body too large\n") from None
                elif isinstance(event, h11.EndOfMessage):
                    self._dispatch(conn)
                    return
        except h11.RemoteProtocolError as exc:
            self._refuse(conn, _Refused(exc.error_status_hint, f"bad request: {exc}\n"))
        except _Refused as exc:
            self._refuse(conn, exc)

    def _head(self, conn: Connection, event: h11.Request) -> None:
        """A request head: check it against the limits before any of its body is read."""
        conn.request = event
        size = len(event.target) + sum(len(k) + len(v) + 4 for k, v in event.headers)
        if size > self.max_header:
            # h11 bounds only what arrives incomplete; a whole oversized head is caught here.
            raise _Refused(431, "request headers too large\n")
        length: bytes | None = None
        chunked = False
        for name, value in event.headers:
            if name == b"content-length":
                length = value
            elif name == b"transfer-encoding":
                chunked = True  # h11 accepts "chunked" alone as a transfer coding
        if chunked and length is not None:
            # Both framings at once is how requests are smuggled past an intermediary;
            # RFC 9112 §6.1 lets a server refuse such a message, and so it is refused here.
            raise _Refused(400, "bad request: both Content-Length and Transfer-Encoding\n")
        try:
            declared_length(length, self.max_body, "request body")
        except LimitError:
            raise _Refused(413, "request body too large\n") from None
        except DecodeError as exc:
            raise _Refused(400, f"bad request: {exc}\n") from None
        conn.body = BodyReader(None, self.max_body, "request body")
        if chunked:
            conn.chunks = _ChunkSizes(self.max_body, self.max_header)
            try:
                conn.chunks.feed(conn.h11.trailing_data[0])
            except LimitError as exc:
                raise _Refused(413, _too_large(exc)) from None
            except DecodeError as exc:
                raise _Refused(400, f"bad request: {exc}\n") from None
        if conn.h11.they_are_waiting_for_100_continue:
            data = conn.h11.send(h11.InformationalResponse(status_code=100, headers=[]))
            self._send_now(conn, data or b"")

    def _send_now(self, conn: Connection, data: bytes) -> bool:
        """One non-blocking write of a few bytes; False (and the connection dropped) if short."""
        try:
            if conn.sock.send(data) == len(data):
                return True
        except OSError:
            pass
        self._drop(conn)
        return False

    def _dispatch(self, conn: Connection) -> None:
        """A request is complete: to a worker, once its client has room for the answer."""
        assert conn.request is not None and conn.body is not None and conn.started is not None
        request = _request(conn.request, conn.body.result(), conn.started)
        assert self._sel is not None
        if not _room(conn.sock):
            # A client that does not read its answers (pipelining on) would hold the
            # worker in a blocked send: wait here, under the request's deadline, instead.
            conn.ready = request
            self._sel.modify(conn.sock, selectors.EVENT_WRITE, conn)
            return
        self._hand_over(conn, request)

    def _hand_over(self, conn: Connection, request: Request) -> None:
        self._pending.pop(conn, None)
        assert self._sel is not None
        self._sel.unregister(conn.sock)
        conn.next_request()
        with self._lock:
            self._busy.add(conn)
        self._jobs.put((conn, request))

    def _refuse(self, conn: Connection, refusal: _Refused) -> None:
        """Answer the request being read with *refusal* (one non-blocking write), then linger."""
        started = conn.started if conn.started is not None else time.perf_counter()
        request = None if conn.request is None else _request(conn.request, b"", started)
        data = b""
        if conn.h11.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            data = _plain(conn.h11, refusal.status, refusal.text)
        self.refused(request, refusal.status, refusal.text, started)
        with contextlib.suppress(OSError):
            conn.sock.send(data)
        # Half-close and linger, so that the client reads the answer rather than a reset
        # caused by the bytes it is still sending (RFC 9112 §9.6).
        with contextlib.suppress(OSError):
            conn.sock.shutdown(socket.SHUT_WR)
        conn.lingering = Deadline(_LINGER)
        conn.chunks = None

    def _sweep(self, now: float) -> None:
        """Close or answer (408) every waiting connection past its deadline."""
        if self._paused_until and now >= self._paused_until and self._sel is not None:
            self._paused_until = 0.0
            self._sel.register(self._listener, selectors.EVENT_READ, None)
        for conn in list(self._pending):
            try:
                self._expire(conn, now)
            except Exception:  # a bug must cost one connection, never the server
                log.warning("%s: error timing out %s", self._name, conn.addr, exc_info=True)
                self._drop(conn)

    def _expire(self, conn: Connection, now: float) -> None:
        """Close *conn*, or answer it 408, if it is past its deadline."""
        if conn.closed:
            return
        if conn.lingering is not None:
            if conn.lingering.expired:
                self._drop(conn)
        elif conn.flushing is not None:
            if conn.flushing.expired:
                self._drop(conn)  # it reads its answer too slowly
        elif conn.started is None:
            if now > conn.idle_until:
                self._drop(conn)
        elif conn.ready is not None:
            if conn.body_deadline is not None and conn.body_deadline.expired:
                self._drop(conn)  # it reads nothing: no room for a 408 either
        elif conn.request is None and conn.head_deadline is not None and conn.head_deadline.expired:
            self._refuse(conn, _Refused(408, "request head not complete in time\n"))
        elif conn.body_deadline is not None and conn.body_deadline.expired:
            self._refuse(conn, _Refused(408, "request body not complete in time\n"))

    # -- workers -------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            conn, request = job
            try:
                keep = self.answer(conn, request)
            except OSError:  # the peer hung up or reset: normal for a server
                keep = False
            except Exception:  # a bug must cost one connection, never a worker
                log.warning("%s: error answering %s", self._name, conn.addr, exc_info=True)
                keep = False
            keep = (
                keep
                and not conn.closed
                and not self._stopping.is_set()
                and conn.h11.our_state is h11.DONE
                and conn.h11.their_state is h11.DONE
            )
            if keep:
                conn.h11.start_next_cycle()
            elif not conn.closed and conn.out and not self._stopping.is_set():
                conn.end(bool(conn.ending))  # the selector sends the rest, then closes
            if keep or (not conn.closed and conn.out and conn.ending is not None):
                self._back.put(conn)
                self._wake()
            else:
                with self._lock:
                    self._busy.discard(conn)
                conn.close(bool(conn.ending))


def _room(sock: socket.socket, timeout: float = 0.0) -> bool:
    """Whether *sock* has room to send, waiting up to *timeout* seconds for it."""
    try:
        if hasattr(select, "poll"):  # select() cannot take a descriptor past FD_SETSIZE
            poll = select.poll()
            poll.register(sock, select.POLLOUT)
            return bool(poll.poll(timeout * 1000))
        return bool(select.select([], [sock], [], timeout)[1])
    except (OSError, ValueError):
        return True  # let the send find out


def _too_large(exc: LimitError) -> str:
    """The 413's text; it names the chunk framing when that is what passed its allowance."""
    if exc.field == "chunk framing":
        return f"request body too large: {exc}\n"
    return "request body too large\n"


def _request(event: h11.Request, body: bytes, started: float) -> Request:
    return Request(
        event.method.decode("ascii", "replace"),
        event.target.decode("ascii", "replace"),
        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in event.headers.raw_items()],
        body,
        started,
    )


def _plain(machine: h11.Connection, status: int, text: str) -> bytes:
    """A text/plain answer with ``Connection: close``, as bytes (nothing when h11 refuses)."""
    out: list[bytes] = []
    with contextlib.suppress(h11.LocalProtocolError):
        for event in plain_events(status, text):
            out.append(machine.send(event) or b"")
    return b"".join(out)


def plain_events(status: int, text: str) -> Iterator[h11.Event]:
    """The h11 events of a text/plain answer with ``Connection: close`` (for workers)."""
    body = text.encode()
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
    ]
    yield h11.Response(status_code=status, headers=headers, reason=_REASONS.get(status, b""))
    yield h11.Data(data=body)
    yield h11.EndOfMessage()
