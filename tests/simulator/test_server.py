"""The simulator's HTTP/1.1 server over raw sockets: framing, keep-alive, limits, bursts, logs."""

from __future__ import annotations

import contextlib
import io
import select
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

import faxstatus
from faxstatus import FaxStatusClient
from faxstatus.simulator import Simulator, SimulatorServer

from ..support.helpers import FIXED_EPOCH_ARG, make_simulator
from ..support.slowclients import SLOW, check_service, need_descriptors, slow_clients

REQUEST = faxstatus.encode(
    faxstatus.models.GetRealTimeFaxStatusEx(
        user_id="demo-user",
        str_pin="demo-pin",
        fax_job_ids=faxstatus.models.FaxJobIds(
            item=[faxstatus.models.FaxJobId(job_id="br1000000001")]
        ),
    ),
    "soap11",
)
CHECK = faxstatus.encode(faxstatus.models.CheckService(), "soap12")


@pytest.fixture
def log() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def server(log: io.StringIO) -> Iterator[SimulatorServer]:
    with SimulatorServer(
        make_simulator(), access_log=log, request_timeout=1.0, idle_timeout=1.0, max_body=4096
    ) as srv:
        yield srv


def connect(srv: SimulatorServer) -> socket.socket:
    return socket.create_connection((srv.host, srv.port), timeout=10)


class Reader:
    """Reads Content-Length-framed HTTP/1.1 responses off a raw socket (100 Continue skipped)."""

    def __init__(self, sock: socket.socket) -> None:
        self.file = sock.makefile("rb")

    def response(self) -> tuple[int, dict[str, str], bytes]:
        while True:
            status_line = self.file.readline()
            assert status_line.startswith(b"HTTP/1.1 "), status_line
            headers = {}
            while (line := self.file.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            status = int(status_line.split()[1])
            if status != 100:
                break
        return status, headers, self.file.read(int(headers["content-length"]))


def log_lines(log: io.StringIO, n: int) -> list[str]:
    """The access log once it has *n* lines (the line is written after the answer is sent)."""
    deadline = time.monotonic() + 10
    while len(log.getvalue().splitlines()) < n and time.monotonic() < deadline:
        time.sleep(0.01)
    return log.getvalue().splitlines()


def raw_request(body: bytes, ctype: str, *, path: str = "/fax/v5", extra: str = "") -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: sim\r\nContent-Type: {ctype}\r\n"
        f'SOAPAction: ""\r\nContent-Length: {len(body)}\r\n{extra}\r\n'
    )
    return head.encode() + body


def chunked(body: bytes, ctype: str, sizes: tuple[int, ...] = (7, 100, 1)) -> bytes:
    """A request the way gSOAP sends it with SOAP_IO_CHUNK: chunk sizes in hex, then 0."""
    out = [
        f"POST /fax/v5 HTTP/1.1\r\nHost: sim\r\nContent-Type: {ctype}\r\n"
        'SOAPAction: ""\r\nTransfer-Encoding: chunked\r\n\r\n'.encode()
    ]
    rest, i = body, 0
    while rest:
        piece = rest[: sizes[i % len(sizes)]]
        out.append(f"{len(piece):X}\r\n".encode() + piece + b"\r\n")
        rest, i = rest[len(piece) :], i + 1
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def test_chunked_request_then_a_second_request_on_the_same_connection(server, log):
    ctype = REQUEST.headers["Content-Type"]
    with connect(server) as sock:
        reader = Reader(sock)
        sock.sendall(chunked(REQUEST.body, ctype))
        status, headers, body = reader.response()
        assert status == 200, body
        msg = faxstatus.decode(body, headers["content-type"])
        assert isinstance(msg, faxstatus.Message)
        assert msg.payload.fax_status_list.item[0].fax_job_id == "br1000000001"
        # The same connection still frames correctly: no leftover chunk bytes read as a request.
        second = raw_request(CHECK.body, CHECK.headers["Content-Type"])
        sock.sendall(second)
        status, headers, body = reader.response()
        assert status == 200
        assert faxstatus.decode(body).payload.return_value == "FaxWS simulator OK"
    lines = log_lines(log, 2)
    assert lines[0].startswith("POST /fax/v5 GetRealTimeFaxStatusEx text/xml 200 ")
    assert lines[1].startswith("POST /fax/v5 CheckService application/soap+xml 200 ")
    assert "demo-pin" not in log.getvalue()


def test_pipelined_requests_are_answered_in_order(server):
    reqs = [raw_request(CHECK.body, CHECK.headers["Content-Type"]) for _ in range(3)]
    reqs.insert(1, raw_request(REQUEST.body, REQUEST.headers["Content-Type"]))
    with connect(server) as sock:
        reader = Reader(sock)
        sock.sendall(b"".join(reqs))  # all four before reading anything
        ops = []
        for _ in reqs:
            status, headers, body = reader.response()
            assert status == 200
            ops.append(faxstatus.decode(body, headers["content-type"]).operation.name)
    assert ops == ["CheckService", "GetRealTimeFaxStatusEx", "CheckService", "CheckService"]


def test_expect_100_continue(server):
    req = raw_request(CHECK.body, CHECK.headers["Content-Type"], extra="Expect: 100-continue\r\n")
    head, _, body = req.partition(b"\r\n\r\n")
    with connect(server) as sock:
        sock.sendall(head + b"\r\n\r\n")
        interim = sock.recv(1024)
        assert interim.startswith(b"HTTP/1.1 100 ")
        sock.sendall(body)
        data = b""
        while b"</env:Envelope>" not in data and b"</SOAP-ENV:Envelope>" not in data:
            data += sock.recv(65536)
    assert data.startswith(b"HTTP/1.1 200 ")


def test_expect_100_continue_with_a_body_too_large_gets_413_without_100(server):
    req = raw_request(b"x" * 5000, "text/xml", extra="Expect: 100-continue\r\n")
    head = req.partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
    with connect(server) as sock:
        sock.sendall(head)
        assert sock.recv(1024).startswith(b"HTTP/1.1 413 ")


def test_chunked_body_over_the_limit_is_413(server):
    body = b"<x>" + b" " * 6000 + b"</x>"
    with connect(server) as sock:
        sock.sendall(chunked(body, "text/xml", sizes=(1000,)))
        assert sock.recv(1024).startswith(b"HTTP/1.1 413 ")


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nContent-Length: abc\r\n\r\n", 400),
        (b"B4\r\n\r\n", 400),
        (b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", 431),
        (
            b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
    ],
    ids=["bad content-length", "garbage", "header too large", "both framings (smuggling)"],
)
def test_bad_requests_get_a_status_line_and_a_close(server, head, status, log):
    with connect(server) as sock:
        sock.sendall(head)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"connection: close" in data.lower()
    assert f" {status} " in log_lines(log, 1)[0]


def test_a_half_sent_request_times_out_with_408_and_frees_the_connection(server):
    with connect(server) as sock:
        sock.sendall(b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nContent-Length: 100\r\n\r\n<x")
        started = time.monotonic()
        data = b""
        while chunk := sock.recv(1024):  # until the server closes
            data += chunk
        assert data.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 8  # request_timeout is 1 s; generous bound


def test_an_idle_keep_alive_connection_is_closed(server):
    with connect(server) as sock:
        sock.sendall(raw_request(CHECK.body, CHECK.headers["Content-Type"]))
        status, _, _ = Reader(sock).response()
        assert status == 200
        assert sock.recv(1024) == b""  # idle_timeout is 1 s: the server closes, silently


def test_other_paths_get_404_with_a_soap_fault_and_wsdl_is_served(server):
    with httpx.Client() as http:
        r = http.post(
            server.url.replace("/fax/v5", "/fax/v4"),
            content=REQUEST.body,
            headers=dict(REQUEST.headers),
        )
        assert r.status_code == 404
        fault = faxstatus.decode(r.content, r.headers["content-type"])
        assert isinstance(fault, faxstatus.Fault) and fault.version.label == "1.1"
        assert "/fax/v4" in fault.reason and "/fax/v5" in fault.reason
        wsdl = http.get(server.url + "?wsdl")
        assert wsdl.status_code == 200
        assert f'location="{server.url}"' in wsdl.text
        assert 'ws.concordfax.com/fax/v5"' not in wsdl.text
        assert f'schemaLocation="{server.url}?xsd"' in wsdl.text
        xsd = http.get(server.url + "?xsd")
        assert (
            xsd.status_code == 200
            and f'targetNamespace="{faxstatus.codec.FAXWS_NS}"'.encode() in xsd.content
        )


def test_zeep_reads_the_served_wsdl_and_calls_the_simulator(server):
    import zeep

    client = zeep.Client(server.url + "?wsdl")
    assert client.service.CheckService() == "FaxWS simulator OK"


def test_configurable_endpoint_path():
    with (
        SimulatorServer(make_simulator(path="/soap")) as srv,
        FaxStatusClient("demo-user", pin="demo-pin", endpoint=srv.url) as c,
    ):
        assert srv.url.endswith("/soap")
        assert c.check_service() == "FaxWS simulator OK"


def _one(host: str, port: int) -> bytes:
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(
            raw_request(CHECK.body, CHECK.headers["Content-Type"], extra="Connection: close\r\n")
        )
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_a_burst_of_300_connections_is_answered_in_full():
    with SimulatorServer(make_simulator()) as srv:
        barrier = threading.Barrier(50)

        def go(_: int) -> bytes:
            barrier.wait(timeout=30)
            return _one(srv.host, srv.port)

        with ThreadPoolExecutor(50) as pool:
            # 300 connections from 50 threads; each thread opens 6 back to back.
            results = list(pool.map(go, range(50)))
            results += list(pool.map(lambda _: _one(srv.host, srv.port), range(250)))
    assert len(results) == 300
    assert all(r.startswith(b"HTTP/1.1 200 ") for r in results)


@pytest.mark.slow
def test_50_concurrent_keep_alive_clients_get_every_answer():
    with SimulatorServer(make_simulator(), workers=8) as srv:

        def client(_: int) -> int:
            ok = 0
            with httpx.Client(timeout=30) as http:
                for _ in range(10):
                    r = http.post(srv.url, content=CHECK.body, headers=dict(CHECK.headers))
                    ok += r.status_code == 200
            return ok

        with ThreadPoolExecutor(50) as pool:
            answered = sum(pool.map(client, range(50)))
    assert answered == 500


def test_ipv6_loopback():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        srv = SimulatorServer(make_simulator(), host="::1")
    except OSError as exc:
        pytest.skip(f"IPv6 loopback not available: {exc}")
    with srv, FaxStatusClient("demo-user", pin="demo-pin", endpoint=srv.url) as c:
        assert srv.url.startswith("http://[::1]:")
        assert c.check_service() == "FaxWS simulator OK"


def test_serve_errors_are_one_line(capsys):
    from faxstatus.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args in (["--port", str(port)], ["--host", "no.such.host."]):
            assert main(["serve", FIXED_EPOCH_ARG, *args]) == 1
            lines = capsys.readouterr().err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("faxstatus: cannot listen on"), lines


def test_head_of_the_wsdl_has_its_length_and_no_body(server):
    with httpx.Client() as http:
        head = http.head(server.url + "?wsdl")
        get = http.get(server.url + "?wsdl")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


class Broken(Simulator):
    """A simulator with a bug on one path."""

    def handle(self, method, headers, body, path="/fax/v5"):
        if "boom" in path:
            raise RuntimeError("a bug")
        return super().handle(method, headers, body, path)


def test_a_bug_costs_one_connection_not_a_worker(caplog):
    with SimulatorServer(Broken(), workers=1) as srv, httpx.Client() as http:
        for _ in range(3):
            with pytest.raises(httpx.RemoteProtocolError):
                http.get(srv.url + "?boom")
        assert http.get(srv.url + "?wsdl").status_code == 200  # the one worker is alive
    assert "error answering" in caplog.text


# -- slow clients: they hold a descriptor each, never a worker ---------------------------------


@pytest.mark.parametrize("n", [64, 512])
def test_a_good_request_is_answered_while_slow_clients_hold_connections(n):
    need_descriptors(2 * n + 256)
    with (
        SimulatorServer(make_simulator()) as srv,
        slow_clients(srv.host, srv.port, n) as socks,
    ):
        assert len(socks) == n
        for _ in range(3):
            assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize("kind", list(SLOW))
def test_one_worker_is_not_held_by_a_slow_client_of_any_kind(kind):
    with (
        SimulatorServer(make_simulator(), workers=1) as srv,
        slow_clients(srv.host, srv.port, 3, kinds=(kind,)),
    ):
        assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")


def test_a_chunked_body_declaring_more_than_the_cap_is_refused_up_front(server, log):
    with connect(server) as sock:
        sock.sendall(SLOW["chunked"])  # 1 GiB declared, 9 bytes sent: the answer comes now
        assert sock.recv(1024).startswith(b"HTTP/1.1 413 ")
    assert " 413 " in log_lines(log, 1)[0]


def test_chunk_sizes_add_up_against_the_cap(server):
    # Each chunk is under the 4096-byte cap; the third one's header takes the sum past it.
    head = chunked(b"", "text/xml").partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
    with connect(server) as sock:
        sock.sendall(head + b"800\r\n" + b"x" * 0x800 + b"\r\n700\r\n" + b"y" * 0x700 + b"\r\n")
        sock.sendall(b"200\r\n")
        assert Reader(sock).response()[0] == 413


@pytest.mark.parametrize(
    "size", [b"1" + b"0" * 1000, b"zz"], ids=["a 1000-digit chunk size", "not hex"]
)
def test_a_chunk_size_out_of_range_or_not_a_number_is_refused(server, size):
    head = chunked(b"", "text/xml").partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
    with connect(server) as sock:
        sock.sendall(head + size + b"\r\n")
        status = Reader(sock).response()[0]
    assert status == (413 if size[0:1] == b"1" else 400)


def test_a_content_length_over_the_cap_is_refused_before_the_body(server):
    with connect(server) as sock:
        sock.sendall(
            b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nContent-Length: 99999999999999999999\r\n\r\n"
        )
        assert Reader(sock).response()[0] == 413


def test_a_trickled_head_gets_408_at_the_head_deadline():
    with SimulatorServer(make_simulator(), header_timeout=0.5, request_timeout=60) as srv:
        with connect(srv) as sock:
            sock.sendall(SLOW["head"])
            data = b""
            # A byte every 0.1 s: each read is quick, the head never ends; the head's
            # deadline, not the 60 s one of the whole request, ends it.
            for _ in range(100):
                try:
                    sock.sendall(b"a")
                except OSError:
                    break
                time.sleep(0.1)
                sock.settimeout(0.01)
                try:
                    data += sock.recv(1024)
                except TimeoutError:
                    continue
                if data:
                    break
        assert data.startswith(b"HTTP/1.1 408 "), data


def test_past_max_pending_the_longest_waiting_connection_is_dropped():
    with (
        SimulatorServer(make_simulator(), max_pending=8) as srv,
        slow_clients(srv.host, srv.port, 8, kinds=("body",)) as socks,
    ):
        assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")
        # The one to go is the longest waiting: one of the eight, whichever came first.
        ready, _, _ = select.select(socks, [], [], 10)
        assert ready
        with contextlib.suppress(ConnectionResetError):
            assert ready[0].recv(1024) == b""  # closed by the server, without an answer


def test_a_client_that_pipelines_and_never_reads_holds_no_worker():
    get = b"GET /fax/v5?wsdl HTTP/1.1\r\nHost: s\r\n\r\n"
    with SimulatorServer(make_simulator(), workers=1) as srv, connect(srv) as greedy:
        greedy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        # Far more answers than the socket buffers hold; the client reads none of them.
        with contextlib.suppress(OSError):
            greedy.settimeout(5)
            for _ in range(2000):
                greedy.sendall(get)
        time.sleep(1)  # time to answer until its buffers are full
        for _ in range(3):
            assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")


def test_a_client_that_reads_a_large_answer_slowly_holds_no_worker():
    sim = make_simulator()
    big = b"<x>" + b" " * 12_000_000 + b"</x>"  # far more than the socket buffers hold
    with SimulatorServer(sim, workers=1) as srv, connect(srv) as slow:
        slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sim.inject(faxstatus.simulator.Injection("status", status=200, body=big))
        slow.sendall(raw_request(CHECK.body, CHECK.headers["Content-Type"]))
        time.sleep(0.5)  # the answer is under way; the client reads none of it
        for _ in range(3):
            assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")
        # The slow client still gets its whole answer once it reads.
        status, _, body = Reader(slow).response()
        assert status == 200 and body == big


class BrokenRefusals(SimulatorServer):
    """A server with a bug where the reader refuses a request."""

    def refused(self, request, status, text, started):
        raise RuntimeError("a bug")


def test_a_bug_in_the_reader_costs_one_connection_not_the_server(caplog):
    with BrokenRefusals(make_simulator(), request_timeout=0.5) as srv:
        with connect(srv) as bad, contextlib.suppress(ConnectionResetError):
            bad.sendall(b"B4\r\n\r\n")  # refused while reading
            assert bad.recv(1024) == b""
        with connect(srv) as late, contextlib.suppress(ConnectionResetError):
            late.sendall(b"POST /fax/v5 HTTP/1.1\r\nHost: s\r\nContent-Length: 9\r\n\r\n")
            assert late.recv(1024) == b""  # refused (408) by the deadline sweep
        assert check_service(srv.host, srv.port).startswith(b"HTTP/1.1 200 ")
    assert "error reading from" in caplog.text and "error timing out" in caplog.text
