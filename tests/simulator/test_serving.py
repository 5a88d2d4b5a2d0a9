"""The selector-fed HTTP/1.1 server's pieces: chunk sizes as they arrive, the waiting cap, turns."""

from __future__ import annotations

import contextlib
import queue
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import h11
import pytest

from faxstatus import DecodeError, LimitError
from faxstatus.simulator import SimulatorServer, _serving
from faxstatus.simulator._serving import _ChunkSizes

from ..support.helpers import make_simulator
from ..support.slowclients import CHECK, check_service


def test_chunk_sizes_are_read_across_any_split_of_the_bytes():
    body = b"5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n"
    for cut in range(len(body) + 1):
        sizes = _ChunkSizes(8, 100)
        sizes.feed(body[:cut])
        sizes.feed(body[cut:])
        assert sizes.done and sizes.left == 0


def test_the_chunk_that_passes_the_cap_is_refused_at_its_header():
    sizes = _ChunkSizes(8, 100)
    sizes.feed(b"5\r\nhello\r\n")
    with pytest.raises(LimitError, match="chunk size of 4 is over 3"):
        sizes.feed(b"4\r\n")  # its data has not arrived: refused on the header alone


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"1" * 10_000 + b"\r\n", LimitError),  # refused by its length, never converted
        (b"-1\r\n", DecodeError),
        (b"0x10\r\n", DecodeError),
        (b"a" * 200, DecodeError),  # a header longer than allowed, with no end in sight
    ],
    ids=["10,000 digits", "signed", "0x", "endless header"],
)
def test_a_chunk_size_out_of_range_or_not_hex_is_refused(data, error):
    with pytest.raises(error):
        _ChunkSizes(1 << 30, 100).feed(data)


@pytest.mark.parametrize(("soft", "expected"), [(20_000, 1024), (1024, 512), (20, 16)])
def test_the_waiting_cap_is_half_the_open_file_limit_at_most_1024(monkeypatch, soft, expected):
    monkeypatch.setattr(_serving.resource, "getrlimit", lambda _: (soft, soft))
    assert _serving.default_pending() == expected


class _InlineJobs:
    """A job queue whose ``put`` answers the job at once, in the selector's own thread.

    As workers that answer faster than the selector reads: each connection is back, its
    next pipelined request ready to parse, before the selector looks at any other.
    """

    def __init__(self, server: _serving.Http11Server) -> None:
        self.server = server
        self.jobs: queue.SimpleQueue[tuple[_serving.Connection, _serving.Request] | None] = (
            queue.SimpleQueue()
        )

    def put(self, job: tuple[_serving.Connection, _serving.Request] | None) -> None:
        if job is not None:
            self.jobs.put(job)
            self.jobs.put(None)
            self.server._work()  # answers the job, gives the connection back, returns

    def get(self) -> tuple[_serving.Connection, _serving.Request] | None:
        return self.jobs.get()


class _Recording(_serving.Http11Server):
    """Answers ``ok`` to every request and records the targets in the order answered;
    on answering *trigger*, it calls *then* (from the selector's thread)."""

    def __init__(self, trigger: str, then: Callable[[], None]) -> None:
        super().__init__(workers=1)
        self.answered: list[str] = []
        self.trigger, self.then = trigger, then
        self._jobs = _InlineJobs(self)  # type: ignore[assignment]

    def _start_workers(self) -> None:
        pass  # the inline queue answers

    def answer(self, conn: _serving.Connection, request: _serving.Request) -> bool:
        self.answered.append(request.target)
        if request.target == self.trigger:
            self.then()
        conn.send(h11.Response(status_code=200, headers=[("Content-Length", "2")]))
        conn.send(h11.Data(data=b"ok"))
        conn.send(h11.EndOfMessage())
        return True


def _count(sock: socket.socket, n: int, mark: bytes, seen: list[int]) -> None:
    """Read answers until *n* (counted by their *mark*) have arrived, *seen[0]* kept current."""
    tail = b""
    while seen[0] < n:
        chunk = sock.recv(65536)
        if not chunk:
            return
        data = tail + chunk
        seen[0] += data.count(mark)
        tail = data[-(len(mark) - 1) :]  # a mark split across two reads is counted once


def test_a_connection_that_pipelines_gets_one_request_a_turn():
    # 50 requests pipelined on one connection; a second connection sends its request while
    # the first of the 50 is being answered. It is answered after a few of them, not after
    # all 50: the selector reads other connections between one pipelined request and the next.
    late: list[socket.socket] = []

    def second() -> None:
        sock = socket.create_connection((srv.host, srv.port), timeout=20)
        sock.sendall(b"GET /second HTTP/1.1\r\nHost: t\r\n\r\n")
        late.append(sock)

    srv = _Recording("/first/0", second)
    first_seen, second_seen = [0], [0]
    with socket.create_connection((srv.host, srv.port), timeout=20) as first:
        first.sendall(b"".join(b"GET /first/%d HTTP/1.1\r\nHost: t\r\n\r\n" % i for i in range(50)))
        with srv:
            _count(first, 50, b"\r\n\r\nok", first_seen)
            assert late
            with late[0]:
                _count(late[0], 1, b"\r\n\r\nok", second_seen)
    assert first_seen[0] == 50 and second_seen[0] == 1
    assert srv.answered[0] == "/first/0"
    assert srv.answered.index("/second") <= 5, srv.answered[:12]
    assert sorted(srv.answered[1:]) == sorted(["/second", *(f"/first/{i}" for i in range(1, 50))])


def test_a_request_is_answered_while_another_connection_pipelines_thousands():
    # Over loopback with real workers: the simulator answers a fresh connection's
    # CheckService while one connection has 2,000 pipelined requests in, before their end.
    n = 2000
    head = "".join(f"{k}: {v}\r\n" for k, v in CHECK.headers.items())
    one = f"POST /fax/v5 HTTP/1.1\r\nHost: t\r\n{head}Content-Length: {len(CHECK.body)}\r\n\r\n"
    seen = [0]
    with (
        SimulatorServer(make_simulator()) as srv,
        socket.create_connection((srv.host, srv.port), timeout=20) as first,
        ThreadPoolExecutor(2) as pool,
    ):
        reading = pool.submit(_count, first, n, b"HTTP/1.1 200 ", seen)
        pool.submit(first.sendall, (one.encode() + CHECK.body) * n)
        assert check_service(srv.host, srv.port, timeout=20).startswith(b"HTTP/1.1 200 ")
        answered_before = seen[0]
        reading.result(timeout=120)
    assert seen[0] == n
    assert answered_before < n  # answered while the pipelined ones were still under way


def _one_byte_chunks(n: int) -> bytes:
    return b"1\r\nx\r\n" * n + b"0\r\n\r\n"


def test_one_byte_chunks_are_refused_once_their_framing_passes_the_allowance():
    # Five framing bytes a data byte: refused after about max_line / 5 chunks, however many
    # follow (a parse per chunk is what the selector thread would pay).
    sizes = _ChunkSizes(1 << 20, 100)
    with pytest.raises(LimitError, match="chunk framing") as err:
        sizes.feed(_one_byte_chunks(100_000))
    assert err.value.field == "chunk framing"
    assert sizes.data <= 100 // 4


@pytest.mark.parametrize("size", [32, 100, 8192])
def test_chunks_of_32_bytes_and_more_are_never_refused_for_their_framing(size):
    data = b"".join(b"%x\r\n%s\r\n" % (size, b"x" * size) for _ in range((1 << 20) // size))
    sizes = _ChunkSizes(1 << 20, 100)
    sizes.feed(data + b"0\r\n\r\n")
    assert sizes.done and sizes.data == (1 << 20) // size * size


def test_a_body_of_one_byte_chunks_gets_413_before_its_end():
    # Over loopback: 200,000 one-byte chunks (a 200 KB body, within the cap) are refused with
    # a 413 that names the framing.
    seen: list[tuple[int, str]] = []

    class Refusing(_serving.Http11Server):
        def answer(self, conn: _serving.Connection, request: _serving.Request) -> bool:
            raise AssertionError("a body this framed must not reach a worker")

        def refused(self, request, status, text, started):
            seen.append((status, text))

    with (
        Refusing(max_body=1 << 20) as srv,
        socket.create_connection((srv.host, srv.port), timeout=20) as sock,
    ):
        head = b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
        with contextlib.suppress(OSError):  # the server may close before all is sent
            sock.sendall(head + _one_byte_chunks(200_000))
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:100]
    assert b"chunk framing" in answer
    assert [s for s, _ in seen] == [413]
