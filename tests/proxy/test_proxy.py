"""faxstatus proxy: outside clients (zeep, plain httpx) and our client through it, unaltered."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import socket
import struct
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import zeep

import faxstatus
from faxstatus import FaxStatusClient
from faxstatus.proxy import Proxy, parse_inject
from faxstatus.simulator import SimulatorServer

from ..support.helpers import Recording
from ..support.paths import ROOT
from ..support.rawserver import RawServer
from ..support.slowclients import CHECK, check_service, need_descriptors, slow_clients


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Recording, Proxy, io.StringIO, Path]]:
    sim = Recording()
    out = io.StringIO()
    har = tmp_path / "proxy.har"
    with SimulatorServer(sim) as srv, Proxy(srv.url, har=str(har), out=out) as proxy:
        yield sim, proxy, out, har


def lines_of(out: io.StringIO, n: int) -> list[str]:
    """The proxy's output once it has *n* lines (each is printed after the answer is sent)."""
    deadline = time.monotonic() + 10
    while len(out.getvalue().splitlines()) < n and time.monotonic() < deadline:
        time.sleep(0.01)
    return out.getvalue().splitlines()


def test_zeep_through_the_proxy_nothing_altered(setup):
    sim, proxy, out, har = setup
    session = requests.Session()
    wire: list[tuple[bytes, bytes, dict[str, str]]] = []
    session.hooks["response"].append(
        lambda r, *a, **k: wire.append((r.request.body, r.content, dict(r.request.headers)))
    )
    client = zeep.Client(
        str(ROOT / "schema" / "faxws.wsdl"), transport=zeep.Transport(session=session)
    )
    for port in ("FaxWS", "FaxWS12"):
        service = client.create_service(
            client.wsdl.bindings[_binding(client, port)].name, proxy.url
        )
        result = service.GetRealTimeFaxStatusEx(
            UserID="demo-user", strPIN="demo-pin", FaxJobIds={"item": [{"JobId": "br1000000001"}]}
        )
        assert result["return"] is True
        assert result["FaxStatusList"]["item"][0]["FaxJobId"] == "br1000000001"
    assert len(wire) == len(sim.seen) == 2
    for (sent, got, sent_headers), (headers, received, reply) in zip(wire, sim.seen, strict=True):
        assert received == sent  # the request body, byte for byte
        assert got == reply.body  # the response body, byte for byte
        for name in ("Content-Type", "SOAPAction", "User-Agent"):
            if name in sent_headers:
                assert headers[name.lower()] == sent_headers[name]
    lines = lines_of(out, 2)
    assert lines[0].startswith("#1 ") and " GetRealTimeFaxStatusEx -> 200 text/xml " in lines[0]
    assert "GetRealTimeFaxStatusEx 1 id | GetRealTimeFaxStatusExResponse 1 item" in lines[0]
    assert " -> 200 application/soap+xml " in lines[1]
    doc = json.loads(har.read_text())
    assert len(doc["log"]["entries"]) == 2
    assert "demo-pin" not in har.read_text() and "demo-pin" not in out.getvalue()


def _binding(client: zeep.Client, port: str) -> str:
    return str(client.wsdl.services["FaxWS"].ports[port].binding.name)


def test_our_client_and_raw_httpx_through_the_proxy(setup):
    sim, proxy, out, har = setup
    with FaxStatusClient(
        "demo-user", token="demo-token", endpoint=proxy.url, content_type="json"
    ) as c:
        report = c.get_real_time_fax_status_ex(["br1000000001", "br0"])
    assert report["br1000000001"].ok
    # A chunked request from plain httpx: forwarded whole, answered, nothing changed.
    enc = faxstatus.encode(faxstatus.models.CheckService(), "soap11")
    with httpx.Client() as http:
        r = http.post(
            proxy.url, content=iter([enc.body[:20], enc.body[20:]]), headers=dict(enc.headers)
        )
    assert r.status_code == 200
    assert sim.seen[-1][1] == enc.body and r.content == sim.seen[-1][2].body
    assert sim.seen[0][0]["authorization"] == "Bearer demo-token"
    text = har.read_text()
    assert "demo-token" not in text and "Bearer ***" in text
    lines = lines_of(out, 2)
    assert "application/json" in lines[0] and "CheckService" in lines[1]


def test_problems_are_reported_in_either_direction(setup):
    sim, proxy, out, _ = setup
    enc = faxstatus.encode(faxstatus.models.CheckService(), "soap12")
    with httpx.Client() as http:
        http.post(proxy.url, content=b"<nope/>", headers=dict(enc.headers))
        sim.inject(faxstatus.simulator.Injection("malformed"))
        http.post(proxy.url, content=enc.body, headers=dict(enc.headers))
    text = "\n".join(lines_of(out, 4))
    assert "   ! request: element nope" in text
    assert "   ! response: " in text


def test_upstream_down_is_a_502_and_a_line(tmp_path: Path):
    out = io.StringIO()
    with Proxy("http://127.0.0.1:9/fax/v5", out=out) as proxy, httpx.Client() as http:
        r = http.post(proxy.url, content=b"<x/>", headers={"Content-Type": "text/xml"})
    assert r.status_code == 502
    lines_of(out, 2)
    assert "-> no response" in out.getvalue() and "! upstream:" in out.getvalue()


def test_bodies_over_the_keep_cap_stream_through(tmp_path: Path):
    sim = Recording()
    out = io.StringIO()
    har = tmp_path / "p.har"
    big = b"<x>" + b" " * 300_000 + b"</x>"
    with (
        SimulatorServer(sim) as srv,
        Proxy(srv.url, har=str(har), out=out, keep=1000) as proxy,
        httpx.Client() as http,
    ):
        r = http.post(proxy.url, content=big, headers={"Content-Type": "text/xml"})
    assert r.status_code == 500  # the simulator's fault for <x>
    assert sim.seen[0][1] == big  # forwarded whole
    entry = json.loads(har.read_text())["log"]["entries"][0]
    assert len(entry["request"]["postData"]["text"]) == 1000
    assert entry["request"]["bodySize"] == len(big) and "cut at 1000 bytes" in entry["comment"]
    assert "over the kept size" in "\n".join(lines_of(out, 1))


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("truncate", httpx.RemoteProtocolError),
        ("drop", httpx.RemoteProtocolError),
        ("reset", (httpx.ReadError, httpx.RemoteProtocolError)),
    ],
)
def test_upstream_misbehaviour_reaches_the_client_as_it_happened(setup, kind, error):
    sim, proxy, out, _ = setup
    enc = faxstatus.encode(faxstatus.models.CheckService(), "soap12")
    with httpx.Client() as http:
        sim.inject(faxstatus.simulator.Injection(kind))
        with pytest.raises(error):
            http.post(proxy.url, content=enc.body, headers=dict(enc.headers))
        # The proxy is still fine: the next exchange goes through.
        assert http.post(proxy.url, content=enc.body, headers=dict(enc.headers)).status_code == 200
    text = "\n".join(lines_of(out, 3))
    assert "   ! upstream: " in text


def test_a_gzip_request_is_forwarded_coded_and_reported_inflated(setup):
    import gzip

    sim, proxy, out, har = setup
    enc = faxstatus.encode(
        faxstatus.models.GetRealTimeFaxStatusEx(
            user_id="demo-user",
            str_pin="demo-pin",
            fax_job_ids=faxstatus.models.FaxJobIds(
                item=[faxstatus.models.FaxJobId(job_id="br1000000001")]
            ),
        ),
        "soap12",
    )
    coded = gzip.compress(enc.body)
    with httpx.Client() as http:
        r = http.post(proxy.url, content=coded, headers={**enc.headers, "Content-Encoding": "gzip"})
    assert r.status_code == 200
    headers, received, _ = sim.seen[0]
    assert received == coded  # byte for byte
    assert headers["content-encoding"] == "gzip"  # forwarded as it came (the simulator inflates)
    (line,) = lines_of(out, 1)
    assert "| GetRealTimeFaxStatusEx 1 id |" in line and "!" not in line
    entry = json.loads(har.read_text())["log"]["entries"][0]
    text = entry["request"]["postData"]["text"]
    assert "<env:Envelope" in text and "demo-pin" not in text and "strPIN>***<" in text
    assert "gzip-coded body" in entry["comment"]


def test_a_request_gsoap_tolerates_is_summarised_with_its_deviations(setup):
    sim, proxy, out, _ = setup
    body = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        f'<GetRealTimeFaxStatusEx xmlns="{faxstatus.codec.FAXWS_NS}"><strPIN>demo-pin</strPIN>'
        "<UserID>demo-user</UserID><FaxJobIds><item><JobId>br1000000001</JobId></item>"
        "</FaxJobIds></GetRealTimeFaxStatusEx></s:Body></s:Envelope>"
    ).encode()
    with httpx.Client() as http:
        r = http.post(proxy.url, content=body, headers={"Content-Type": "text/xml"})
    assert r.status_code == 200
    first, problem = lines_of(out, 2)[:2]
    assert " GetRealTimeFaxStatusEx -> 200 " in first
    assert "(read as gSOAP would: 1 deviation)" in first
    assert problem.startswith("   ! request: ") and "strPIN" in problem
    assert list(sim.deviations) and "demo-pin" not in out.getvalue()


def test_token_requests_through_the_proxy_are_masked_both_ways(setup):
    _, proxy, out, har = setup
    token_url = proxy.url.replace("/fax/v5", "/oauth/token")
    with httpx.Client() as http:
        r = http.post(
            token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-client",
                "client_secret": "demo-secret",
                "scope": "FaxWS offline_access",
            },
        )
    assert r.status_code == 200
    issued = r.json()
    lines_of(out, 1)
    text = har.read_text()
    assert "demo-secret" not in text and issued["access_token"] not in text
    assert issued["refresh_token"] not in text and "client_secret=***" in text
    entry = json.loads(text)["log"]["entries"][0]
    assert '"access_token": "***"' in entry["response"]["content"]["text"]


# -- the upstream's origin and nothing else ----------------------------------------------------


def _raw(
    proxy: Proxy,
    target: str,
    body: bytes = CHECK.body,
    *,
    extra: str = "",
    connection: str = "close",
) -> bytes:
    """What the proxy answers to one request, up to its close or reset."""
    head = "".join(f"{k}: {v}\r\n" for k, v in CHECK.headers.items())
    request = (
        f"POST {target} HTTP/1.1\r\nHost: {proxy.host}:{proxy.port}\r\n{head}{extra}"
        f"Content-Length: {len(body)}\r\nConnection: {connection}\r\n\r\n"
    ).encode() + body
    data = b""
    with socket.create_connection((proxy.host, proxy.port), timeout=10) as sock:
        sock.sendall(request)
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                data += chunk
    return data


@pytest.fixture
def elsewhere() -> Iterator[tuple[Recording, SimulatorServer]]:
    """A second simulator on another loopback address: no request may reach it."""
    sim = Recording()
    try:
        srv = SimulatorServer(sim, host="127.0.0.2")
    except OSError as exc:
        pytest.skip(f"127.0.0.2 is not available here: {exc}")
    with srv:
        yield sim, srv


@pytest.mark.parametrize(
    "form",
    [
        "@{host}:{port}/fax/v5",
        "http://{host}:{port}/fax/v5",
        "//{host}:{port}/fax/v5",
        "{host}:{port}",
        "*",
        "/fax/v5#@{host}:{port}",
        "/fax/v5\\@{host}",
    ],
)
def test_only_origin_form_targets_are_forwarded_and_only_to_the_upstream(setup, elsewhere, form):
    sim, proxy, out, _ = setup
    other, srv = elsewhere
    target = form.format(host=srv.host, port=srv.port)
    answer = _raw(proxy, target)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"origin-form" in answer or b"RFC 9112" in answer
    assert other.seen == [] and sim.seen == []  # forwarded nowhere
    (line, problem) = lines_of(out, 2)[:2]
    assert "-> 400 " in line and problem.startswith("   ! proxy: not forwarded")
    assert "demo" not in out.getvalue()


def test_a_path_with_an_at_sign_goes_to_the_upstream(setup, elsewhere):
    sim, proxy, _, _ = setup
    other, srv = elsewhere
    answer = _raw(proxy, f"/fax/v5@{srv.host}:{srv.port}")
    assert answer.startswith(b"HTTP/1.1 404 ")  # the upstream's answer for another path
    assert len(sim.seen) == 1 and other.seen == []


# -- bounded in both directions ----------------------------------------------------------------


def test_a_request_body_over_the_cap_is_413_and_not_forwarded():
    sim = Recording()
    with SimulatorServer(sim) as srv, Proxy(srv.url, out=io.StringIO(), max_body=1000) as proxy:
        answer = _raw(proxy, "/fax/v5", b"<x>" + b" " * 2000 + b"</x>")
    assert answer.startswith(b"HTTP/1.1 413 ") and sim.seen == []


def test_an_upstream_answer_over_the_cap_is_a_502():
    sim = Recording()
    out = io.StringIO()
    with SimulatorServer(sim) as srv, Proxy(srv.url, out=out, max_body=10_000) as proxy:
        sim.inject(faxstatus.simulator.Injection("huge", size=1_000_000))
        answer = _raw(proxy, "/fax/v5")
    assert answer.startswith(b"HTTP/1.1 502 ") and b"10000-byte cap" in answer
    assert "-> 200 " in lines_of(out, 1)[0]  # what the upstream said, reported


def test_an_upstream_that_trickles_its_answer_is_cut_at_the_deadline():
    # The answer is streamed on as it arrives: its head and first bytes reach the client, and
    # when the exchange's deadline passes the client's connection is cut short (a 504 can
    # only be sent before the head went out).
    body = b"<x>" + b" " * 40 + b"</x>"

    def script():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body)
        for i in range(0, len(body), 4):
            yield 0.2  # each read is well within the timeout, the whole is not
            yield body[i : i + 4]

    out = io.StringIO()
    with RawServer(script) as up, Proxy(up.url, out=out, timeout=1.0) as proxy:
        answer = _raw(proxy, "/fax/v5")
        line = "\n".join(lines_of(out, 2))
    head, _, got = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and b"Content-Length: %d" % len(body) in head
    assert 0 < len(got) < len(body)
    assert "refused: the deadline passed while reading the response" in line


# -- slow clients hold no worker ---------------------------------------------------------------


@pytest.mark.parametrize("n", [64, 512])
def test_a_good_request_is_answered_while_slow_clients_hold_proxy_connections(n):
    need_descriptors(2 * n + 256)
    with (
        SimulatorServer(Recording()) as srv,
        Proxy(srv.url, out=io.StringIO()) as proxy,
        slow_clients(proxy.host, proxy.port, n) as socks,
    ):
        assert len(socks) == n
        for _ in range(3):
            assert check_service(proxy.host, proxy.port).startswith(b"HTTP/1.1 200 ")


def test_a_recorded_integration_decodes_whole(tmp_path, update_vectors):
    # tests/vectors/har/: a SendFaxEx from an integration, then our client's status polls,
    # recorded by the proxy in front of the simulator (tests/support/har_vector.py).
    from ..support import har_vector

    stored, fresh = har_vector.current(tmp_path, update_vectors)
    assert har_vector.bodies(stored) == har_vector.bodies(fresh)
    decoded = []
    for entry in stored["log"]["entries"]:
        for part, ctype in (
            (entry["request"]["postData"]["text"], entry["request"]["postData"]["mimeType"]),
            (entry["response"]["content"]["text"], entry["response"]["content"]["mimeType"]),
        ):
            msg = faxstatus.decode(part.encode(), ctype)
            assert isinstance(msg, faxstatus.Message), part[:200]
            decoded.append((msg.operation.name, msg.direction.value, msg.payload))
    names = [(op, d) for op, d, _ in decoded]
    assert names == [("SendFaxEx", "request"), ("SendFaxEx", "response")] + [
        ("GetRealTimeFaxStatusEx", d)
        for _ in har_vector.POLL_TIMES
        for d in ("request", "response")
    ]
    sent = decoded[1][2]
    ids = [i.job_id for i in sent.fax_job_ids.item]
    assert ids and sent.return_value is True
    assert decoded[0][2].str_pin == "***"  # the HAR masks the PIN; the document still decodes
    polls = [p for op, d, p in decoded[2:] if d == "response"]
    seen = [[(i.fax_job_id, i.status_description) for i in p.fax_status_list.item] for p in polls]
    assert seen == [[(j, s) for j in ids] for s in ("Queued", "Sending", "Success")]


# -- a faithful intermediary: descriptions, hop-by-hop fields, targets, streaming -------------


def _get(url: str) -> httpx.Response:
    with httpx.Client(trust_env=False) as http:
        return http.get(url)


def _har_entries(har: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(har.read_text())["log"]["entries"]
    return entries


def test_zeep_built_from_the_proxys_wsdl_posts_through_the_proxy(setup):
    sim, proxy, out, har = setup
    client = zeep.Client(proxy.url + "?wsdl")
    for binding in (None, "FaxWS12"):
        service = client.service if binding is None else client.bind("FaxWS", binding)
        result = service.GetRealTimeFaxStatusEx(
            UserID="demo-user", strPIN="demo-pin", FaxJobIds={"item": [{"JobId": "br1000000001"}]}
        )
        assert result["return"] is True
    posts = [body for _, body, _ in sim.seen if body]
    assert len(posts) == 2  # both calls reached the upstream, through the proxy
    lines = lines_of(out, 4)
    entries = _har_entries(har)
    assert [e["request"]["method"] for e in entries] == ["GET", "GET", "POST", "POST"]
    assert entries[0]["request"]["url"].endswith("?wsdl")
    assert entries[1]["request"]["url"].endswith("?xsd")  # the schema came through it too
    recorded = [e["_faxstatus"] for e in entries[2:]]
    assert [p["soapVersion"] for p in recorded] == ["1.1", "1.2"]
    for facts in recorded:
        assert facts["operation"] == "GetRealTimeFaxStatusEx"
        assert facts["jobCount"] == facts["itemCount"] == 1
        assert facts["statuses"] == {"succeeded": 1}
        assert "x-ch-activity-id" in facts["ids"]
    assert entries[0]["_faxstatus"]["rewritten"]
    assert "address(es) pointed at the proxy" in lines[0]
    assert "demo-pin" not in har.read_text()


def test_the_relayed_wsdl_differs_from_the_upstreams_only_in_address_origins(setup):
    _, proxy, _, _ = setup
    upstream_url = proxy.origin + proxy.upstream_path
    direct = _get(upstream_url + "?wsdl")
    relayed = _get(proxy.url + "?wsdl")
    assert relayed.status_code == 200
    assert int(relayed.headers["content-length"]) == len(relayed.content)
    own = proxy.url.removesuffix(proxy.upstream_path)
    assert relayed.content == direct.content.replace(proxy.origin.encode(), own.encode())
    assert proxy.origin.encode() not in relayed.content
    # --no-rewrite: relayed as the upstream sent it.
    with Proxy(upstream_url, out=io.StringIO(), rewrite=False) as plain:
        assert _get(plain.url + "?wsdl").content == direct.content


def test_a_gzip_coded_wsdl_is_rewritten_and_coded_again():
    wsdl = (ROOT / "schema" / "faxws.wsdl").read_bytes()
    coded = gzip.compress(wsdl)

    def script():
        yield (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(coded)
        ) + coded

    with RawServer(script) as up, Proxy(up.url, out=io.StringIO()) as proxy:
        got = _get(proxy.url + "?wsdl")
    assert got.headers["content-encoding"] == "gzip"
    assert int(got.headers["content-length"]) == len(got.content) or got.content
    assert b'location="' + proxy.url.encode() + b'"' in got.content
    assert got.content.count(b"address location=") == wsdl.count(b"address location=")


def test_fields_named_by_connection_are_not_forwarded_either_way():
    # RFC 9110 §7.6.1: the fields Connection lists describe one connection only.
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close, X-Up-Hop\r\n"
        b"X-Up-Hop: upstream-only\r\nKeep-Alive: timeout=5\r\nX-Kept: yes\r\n"
        b"Content-Length: 2\r\n\r\nok"
    )
    with RawServer(lambda: [answer]) as up, Proxy(up.url, out=io.StringIO()) as proxy:
        got = _raw(
            proxy,
            "/fax/v5",
            extra="X-Client-Hop: client-only\r\nX-End: kept\r\nKeep-Alive: 5\r\n",
            connection="close, X-Client-Hop",
        )
        (head,) = up.heads
    sent = head.lower()
    assert b"x-client-hop" not in sent and b"keep-alive" not in sent
    assert b"x-end: kept" in sent
    received = got.partition(b"\r\n\r\n")[0].lower()
    assert b"x-up-hop" not in received and b"keep-alive" not in received
    assert b"x-kept: yes" in received and got.endswith(b"\r\n\r\nok")


@pytest.mark.parametrize(
    "target", ["/fax/../fax/v5", "/fax/v5/./x/..", "/a/%2e%2e/fax/v5?x=/../y", "/fax//v5"]
)
def test_the_target_is_forwarded_as_received(target):
    # RFC 9110 §7.7: a proxy MUST NOT transform the absolute-path and query it forwards.
    answer = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    with RawServer(lambda: [answer]) as up, Proxy(up.url, out=io.StringIO()) as proxy:
        got = _raw(proxy, target)
        heads = list(up.heads)
    assert got.startswith(b"HTTP/1.1 204 ")
    assert heads[0].split(b"\r\n", 1)[0] == f"POST {target} HTTP/1.1".encode()


def test_an_answer_is_passed_on_as_it_arrives():
    first, rest = b"<x>" + b"a" * 1000, b"b" * 1000 + b"</x>"
    release = threading.Event()

    def script():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % (
            len(first) + len(rest)
        )
        yield first
        release.wait(10)  # the rest only once the client has the first part
        yield rest

    with (
        RawServer(script) as up,
        Proxy(up.url, out=io.StringIO()) as proxy,
        socket.create_connection((proxy.host, proxy.port), timeout=5) as sock,
    ):
        sock.sendall(b"GET /fax/v5 HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n")
        data = b""
        while first not in data:
            chunk = sock.recv(65536)  # a proxy that waits for the whole times out here
            assert chunk
            data += chunk
        release.set()
        while chunk := sock.recv(65536):
            data += chunk
    assert data.endswith(first + rest)


def test_a_chunked_answer_past_the_cap_is_cut_once_streaming():
    def script():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in range(50):
            yield b"3e8\r\n" + b"x" * 1000 + b"\r\n"
        yield b"0\r\n\r\n"

    out = io.StringIO()
    with RawServer(script) as up, Proxy(up.url, out=out, max_body=10_000) as proxy:
        got = _raw(proxy, "/fax/v5")
        line = "\n".join(lines_of(out, 2))
    assert got.startswith(b"HTTP/1.1 200 ") and not got.endswith(b"0\r\n\r\n")
    assert len(got) < 20_000
    assert "refused: response body of more than 10000 bytes" in line


# -- --inject ------------------------------------------------------------------------------


def test_an_injected_status_is_answered_by_the_proxy_and_not_forwarded(tmp_path: Path):
    sim, out, har = Recording(), io.StringIO(), tmp_path / "i.har"
    faults = parse_inject("status=503,reset,slow=1B/s")  # the status wins: nothing to reset
    with SimulatorServer(sim) as srv, Proxy(srv.url, out=out, har=str(har), inject=faults) as p:
        got = _raw(p, "/fax/v5")
        line = lines_of(out, 1)[0]
    assert got.startswith(b"HTTP/1.1 503 ") and b"injected 503" in got
    assert sim.seen == []
    assert "-> 503 text/plain " in line and "[injected: status 503]" in line
    (entry,) = _har_entries(har)
    assert entry["_faxstatus"]["injected"] == ["status 503"]
    assert (
        entry["response"]["content"]["text"]
        == "faxstatus proxy: injected 503 Service Unavailable\n"
    )


def test_an_injected_reset_reaches_the_upstream_and_the_client_hears_nothing(tmp_path: Path):
    sim, out, har = Recording(), io.StringIO(), tmp_path / "r.har"
    with (
        SimulatorServer(sim) as srv,
        Proxy(srv.url, out=out, har=str(har), inject=parse_inject("reset")) as proxy,
        pytest.raises(httpx.TransportError),
    ):
        httpx.post(proxy.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
    assert len(sim.seen) == 1  # the upstream acted; the answer was lost
    lines_of(out, 1)
    (entry,) = _har_entries(har)
    assert entry["response"]["status"] == 200 and entry["_faxstatus"]["injected"] == ["reset"]


def test_an_injected_slow_body_arrives_whole_and_unchanged():
    sim = Recording()
    faults = parse_inject("slow=4KB/s,delay=10ms")
    with SimulatorServer(sim) as srv, Proxy(srv.url, out=io.StringIO(), inject=faults) as p:
        got = httpx.post(p.url, content=CHECK.body, headers=CHECK.headers, trust_env=False)
    ((_, _, reply),) = sim.seen
    assert got.status_code == 200 and got.content == reply.body


def test_the_seed_decides_which_exchanges_are_hit(tmp_path: Path):
    faults = parse_inject("status=503@0.5")
    runs = []
    for seed in (3, 3, 4):
        with (
            SimulatorServer(Recording()) as srv,
            Proxy(srv.url, out=io.StringIO(), inject=faults, inject_seed=seed) as proxy,
        ):
            runs.append([_raw(proxy, "/fax/v5")[:12] for _ in range(16)])
    assert runs[0] == runs[1] and runs[0] != runs[2]
    assert {b"HTTP/1.1 503", b"HTTP/1.1 200"} == set(runs[0])


# -- the record: _faxstatus fields and the bodies shown -------------------------------------


def test_har_entries_carry_the_request_id_and_the_bodies_shown_raw(tmp_path: Path):
    sim, out, har = Recording(), io.StringIO(), tmp_path / "ids.har"
    with (
        SimulatorServer(sim) as srv,
        Proxy(srv.url, out=out, har=str(har), show_bodies=lambda body, ctype: body) as proxy,
    ):
        with FaxStatusClient("demo-user", pin="demo-pin", endpoint=proxy.url) as client:
            client.query(
                "GetRealTimeFaxStatusEx", ["br1000000001", "br1000000002"], request_id="rq-7"
            )
        text = "\n".join(lines_of(out, 1))
    ((_, _, reply),) = sim.seen
    (entry,) = _har_entries(har)
    facts = entry["_faxstatus"]
    assert facts["ids"]["x-ch-request-id"] == "rq-7"
    assert facts["jobCount"] == 2 and facts["soapVersion"] == "1.2"
    assert entry["response"]["content"]["text"].encode() == reply.body  # raw, byte for byte
    assert "> request body:" in text and "> response body:" in text
    assert reply.body.decode().splitlines()[0] in text
    assert "demo-pin" not in text and "demo-pin" not in har.read_text()


def test_an_answer_streamed_on_costs_the_kept_copy_not_the_body():
    # Before, the answer was read whole (and copied) before a byte went on: 4x its size.
    size, keep = 16 << 20, 64 << 10
    piece = b"a" * (1 << 20)

    def script():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % size
        for _ in range(size // len(piece)):
            yield piece

    with (
        RawServer(script) as up,
        Proxy(up.url, out=io.StringIO(), max_body=size, keep=keep) as proxy,
        socket.create_connection((proxy.host, proxy.port), timeout=10) as sock,
    ):
        tracemalloc.start()
        try:
            sock.sendall(b"GET /fax/v5 HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n")
            got = 0
            while chunk := sock.recv(1 << 16):
                got += len(chunk)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert got > size
    assert peak < size // 2, f"{peak} bytes held for a {size}-byte answer"


def test_a_client_that_goes_away_mid_answer_still_gets_its_exchange_reported():
    size, piece = 32 << 20, b"a" * (1 << 20)

    def script():
        yield b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % size
        for _ in range(size // len(piece)):
            yield piece

    out = io.StringIO()
    with RawServer(script) as up, Proxy(up.url, out=out, max_body=size) as proxy:
        sock = socket.create_connection((proxy.host, proxy.port), timeout=10)
        sock.sendall(b"GET /fax/v5 HTTP/1.1\r\nHost: p\r\n\r\n")
        assert sock.recv(1024).startswith(b"HTTP/1.1 200 ")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()  # RST, with most of the answer still to come
        text = "\n".join(lines_of(out, 2))
    assert "-> 200 " in text and "the client's connection failed" in text


def test_our_client_gets_every_answer_through_injected_503s_and_resets():
    # The use of --inject: a client's retries meet a bad network, reproducibly.
    sim, out = Recording(), io.StringIO()
    faults = parse_inject("status=503@0.3,reset@0.2")
    ids = [f"br100000000{i}" for i in range(1, 7)]  # the demo jobs
    with (
        SimulatorServer(sim) as srv,
        Proxy(srv.url, out=out, inject=faults, inject_seed=3) as proxy,
        FaxStatusClient(
            "demo-user",
            pin="demo-pin",
            endpoint=proxy.url,
            batch_size=1,
            retry=faxstatus.RetryPolicy(attempts=8),
            sleep=lambda seconds: None,
        ) as client,
    ):
        report = client.query("GetRealTimeFaxStatusEx", ids)
        lines = lines_of(out, proxy.received)
    assert [o.requested_id for o in report.outcomes] == ids
    assert all(o.ok for o in report.outcomes), [o.error for o in report.outcomes]
    assert any("[injected: status 503]" in line for line in lines)
    assert any("[injected: reset]" in line for line in lines)
