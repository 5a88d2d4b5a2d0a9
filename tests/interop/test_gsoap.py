"""gSOAP 2.8 against faxstatus: a gSOAP client calls the simulator, our client calls a gSOAP server.

Both peers are one C program (tests/interop/gsoap/gsoap_peer.c) linked with the stubs that
wsdl2h and soapcpp2 generate from schema/faxws.wsdl, so these tests also check that gSOAP reads
our WSDL as we mean it. SOAP 1.1 and 1.2, plain and chunked requests, keep-alive, and the
server's output modes (SOAP_XML_NIL, SOAP_XML_INDENT, SOAP_XML_DEFAULTNS, canonical, chunked).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import faxstatus
from faxstatus import FaxStatusClient, JobNotFoundError, ServiceError, SoapFault
from faxstatus.simulator import Injection, SimulatorServer

from ..support.helpers import FIXED_EPOCH_ARG
from ._expected import EXPECTED_EX, EXPECTED_EX3_JRI, IDS, PIN, USER
from ._peers import CALL_TIMEOUT, WSDL, XSD, gsoap_client, gsoap_features, gsoap_peer, wsdl2h

pytestmark = pytest.mark.interop


@pytest.fixture(scope="module")
def peer() -> Path:
    return gsoap_peer()


def needs_gzip(peer: Path, modes: str) -> None:
    if "gzip" in modes.split(",") and "gzip" not in gsoap_features(peer):
        pytest.skip("gzip needs gsoap_peer linked with libgsoapssl (libssl-dev, zlib1g-dev)")


# -- a gSOAP client against the simulator ------------------------------------------------


@pytest.mark.parametrize(
    "modes",
    [
        "plain",
        "chunk",
        "indent",
        "defaultns",
        "canonical",
        "nil,indent,defaultns",
        "gzip",
        "gzip,chunk",
    ],
)
@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_reads_the_simulators_statuses(peer, frozen_server, version, modes):
    needs_gzip(peer, modes)
    (answer,) = gsoap_client(peer, frozen_server.url, version, modes, USER, PIN, "ex", *IDS)
    assert answer == {
        "return": True,
        "WSError": {"ErrorCode": 0, "ErrorString": ""},
        "items": [EXPECTED_EX[i] for i in IDS],
    }


@pytest.mark.parametrize("modes", ["gzip", "gzip,chunk"])
def test_gsoap_client_gzip_mode_really_compresses(peer, modes):
    """What the gzip tests above send: a gzip body the simulator had to inflate."""
    needs_gzip(peer, modes)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(CALL_TIMEOUT)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/fax/v5"
        with subprocess.Popen(
            [str(peer), "client", url, "12", modes, USER, PIN, "ex", "br1000000001"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as proc:
            conn, _ = listener.accept()
            with conn:
                data = _read_request(conn)
            proc.kill()
    head, _, body = data.partition(b"\r\n\r\n")
    assert re.search(rb"(?im)^content-encoding: *gzip\r?$", head), head
    if b"chunk" in modes.encode():
        assert re.search(rb"(?im)^transfer-encoding: *chunked\r?$", head), head
        body = _dechunk(body)
    assert b"<FaxWS:JobId>br1000000001</FaxWS:JobId>" in gzip.decompress(body)


def _read_request(conn: socket.socket) -> bytes:
    """One HTTP request off *conn*: headers, then a Content-Length or chunked body."""
    conn.settimeout(CALL_TIMEOUT)
    data = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            continue
        length = re.search(rb"(?im)^content-length: *(\d+)", head)
        if length and len(body) >= int(length.group(1)):
            return data
        if not length and body.endswith(b"\r\n0\r\n\r\n"):
            return data


def _dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2 :]
    return out


@pytest.mark.parametrize("modes", ["keepalive", "chunk,keepalive"])
@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_keeps_the_connection_for_a_second_request(
    peer, frozen_server, version, modes
):
    answers = gsoap_client(peer, frozen_server.url, version, modes, USER, PIN, "ex", *IDS[:2])
    expected = {
        "return": True,
        "WSError": {"ErrorCode": 0, "ErrorString": ""},
        "items": [EXPECTED_EX[i] for i in IDS[:2]],
    }
    assert answers == [expected, expected]


@pytest.mark.parametrize("modes", ["plain", "nil"])
@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_with_a_bearer_token_and_no_pin(peer, frozen_server, version, modes):
    """OAuth 2.0 the gSOAP way: soap->bearer, strPIN NULL (empty, or xsi:nil in SOAP_XML_NIL)."""
    (answer,) = gsoap_client(
        peer, frozen_server.url, version, modes, USER, "bearer:demo-token", "ex", *IDS[:3]
    )
    assert answer["return"] is True
    assert answer["items"] == [EXPECTED_EX[i] for i in IDS[:3]]


@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_gets_the_authentication_error(peer, frozen_server, version):
    (answer,) = gsoap_client(
        peer, frozen_server.url, version, "plain", USER, "wrong-pin", "ex", "br1000000001"
    )
    assert answer == {
        "return": False,
        "WSError": {"ErrorCode": -1000, "ErrorString": "Authentication failed"},
        "items": [],
    }


@pytest.mark.parametrize(
    ("version", "code", "status"),
    [("11", "SOAP-ENV:Server", 500), ("12", "SOAP-ENV:Receiver", 500)],
)
def test_gsoap_client_reads_the_simulators_fault(peer, frozen_server, version, code, status):
    frozen_server.simulator.inject(Injection("fault"))
    (fault,) = gsoap_client(
        peer, frozen_server.url, version, "plain", USER, PIN, "ex", "br1000000001", fault=True
    )
    assert fault == {"code": code, "string": "injected fault", "status": status}


@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_ex3_by_reference(peer, frozen_server, version):
    (answer,) = gsoap_client(
        peer, frozen_server.url, version, "plain", USER, PIN, "ex3", "JRI-INV-1001"
    )
    assert answer["return"] is True
    assert answer["items"] == [EXPECTED_EX3_JRI]


@pytest.mark.parametrize("version", ["11", "12"])
def test_gsoap_client_simple_status_and_check_service(peer, frozen_server, version):
    url = frozen_server.url
    assert gsoap_client(peer, url, version, "plain", USER, PIN, "simple", "br1000000003") == [
        {"return": 2}
    ]
    assert gsoap_client(peer, url, version, "plain", USER, PIN, "simple", "br9999999999") == [
        {"return": -5019}
    ]
    assert gsoap_client(peer, url, version, "plain", USER, PIN, "check") == [
        {"return": "FaxWS simulator OK"}
    ]


def test_gsoap_client_against_faxstatus_serve(peer, tmp_path):
    """The CLI's `faxstatus serve` (real clock) answers a chunked SOAP 1.1 gSOAP request."""
    ids = ["br1000000001", "br1000000003", "br9999999999"]  # states that no longer change
    with subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "serve", FIXED_EPOCH_ARG, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            found = re.search(r"(http://\S+/fax/v5)", first)
            assert found, f"no URL in {first!r}"
            (answer,) = gsoap_client(peer, found.group(1), "11", "chunk", USER, PIN, "ex", *ids)
        finally:
            proc.terminate()
    items = answer["items"]
    assert [i["FaxJobId"] for i in items] == ids
    assert [i["FaxJobStatusId"] for i in items] == [1, 2, -5019]
    assert [(i["RecipientCurrentPageCount"], i["RecipientTotalPageCount"]) for i in items] == [
        (3, 3),
        (1, 4),
        (0, 0),
    ]
    assert items[0]["RemoteFaxCSID"] == "ACME CORP"
    assert items[2]["Error"] == {"ErrorCode": -5019, "ErrorString": "Invalid Job ID"}


def test_wsdl2h_reads_the_wsdl_the_simulator_serves(peer, frozen_server, tmp_path):
    """GET ?wsdl (and the ?xsd it imports) gives gSOAP the same service as schema/, at our URL."""
    for src in (WSDL, XSD):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    from_file = wsdl2h("faxws.wsdl", tmp_path, "file.h")
    served = wsdl2h(f"{frozen_server.url}?wsdl", tmp_path, "served.h")
    assert f"service port:\t{frozen_server.url}" in served

    def declarations(header: str, name: str) -> str:
        return header[header.index("\nstruct ") :].replace(name, "faxws.h")

    # The vendor's endpoint, not the targetNamespace that starts with the same text.
    at_vendor = re.compile(r"https://ws\.concordfax\.com/fax/v5(?![\w/.])")
    from_file = at_vendor.sub(frozen_server.url, from_file)
    assert declarations(served, "served.h") == declarations(from_file, "file.h")


# -- our client against a gSOAP server ---------------------------------------------------

SERVER_MODES = [
    "plain",
    "nil",
    "indent",
    "defaultns",
    "canonical",
    "chunk",
    "keepalive",
    "gzip",
    "nil,indent,chunk,keepalive,gzip",
]


@pytest.fixture(scope="module", params=SERVER_MODES)
def gsoap_server(request, peer) -> Iterator[str]:
    """A gSOAP server in one output mode on loopback; its endpoint URL."""
    needs_gzip(peer, request.param)
    with subprocess.Popen(
        [str(peer), "serve", request.param],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("port "), f"gSOAP server did not start: {line!r}"
            yield f"http://127.0.0.1:{int(line.split()[1])}/fax/v5"
        finally:
            proc.terminate()


@pytest.mark.parametrize("content_type", ["soap11", "soap12"])
def test_our_client_reads_a_gsoap_server(gsoap_server, content_type):
    with FaxStatusClient(
        "gs-user", pin="gs-pin", endpoint=gsoap_server, content_type=content_type
    ) as client:
        report = client.get_real_time_fax_status_ex(
            ["gs-0001", "gs-0002", "gs-0003", "gs-0004", "gs-none"]
        )
        simple = client.simple_get_fax_status("gs-0003")
        check = client.check_service()
    by_id = {o.requested_id: o for o in report}
    delivered, sending, failed, utf8, missing = (
        by_id[i] for i in ("gs-0001", "gs-0002", "gs-0003", "gs-0004", "gs-none")
    )
    assert delivered.ok and delivered.status is not None
    assert delivered.status.status is faxstatus.FaxJobStatus.SUCCEEDED
    assert (delivered.status.pages_sent, delivered.status.pages_total) == (3, 3)
    assert delivered.status.delivered_at_raw == "2026-11-26T09:15:02Z"
    assert delivered.status.duration_seconds == 12
    assert delivered.status.remote_csid == "GSOAP CSID"
    assert sending.ok and sending.status is not None
    assert sending.status.status is faxstatus.FaxJobStatus.IN_PROGRESS
    assert sending.status.description == "Sending"
    assert (sending.status.pages_sent, sending.status.pages_total) == (1, 5)
    assert failed.ok and failed.status is not None
    assert failed.status.status is faxstatus.FaxJobStatus.FAILED
    assert failed.status.description == "Failed: no answer"
    assert (failed.status.pages_sent, failed.status.pages_total) == (1, 4)
    # UTF-8 text from gSOAP's SOAP_C_UTFSTRING mode; NULL strings arrive as empty elements.
    assert utf8.ok and utf8.status is not None
    assert utf8.status.description == "Zugestellt \u00fc \u2713"
    assert (utf8.status.remote_csid, utf8.status.delivered_at_raw) == ("", "")
    assert not missing.ok
    assert isinstance(missing.error, JobNotFoundError)
    assert simple.code == 2
    assert check == "gSOAP peer OK"
    assert report.responses[0].content_type.value == content_type


@pytest.mark.parametrize("content_type", ["soap11", "soap12"])
def test_our_client_reads_a_gsoap_fault(gsoap_server, content_type):
    """gSOAP's faults, in SOAP_XML_NIL mode with both versions' members, decode as faults."""
    with FaxStatusClient(
        "fault-user", pin="x", endpoint=gsoap_server, content_type=content_type
    ) as client:
        (outcome,) = client.get_real_time_fax_status_ex(["gs-0001"])
    assert isinstance(outcome.error, SoapFault)
    fault = outcome.error.fault
    assert fault.code_name == ("Client" if content_type == "soap11" else "Sender")
    assert fault.reason == "Unknown user fault-user"
    assert outcome.error.http_status == (500 if content_type == "soap11" else 400)


@pytest.mark.parametrize("content_type", ["soap11", "soap12"])
def test_our_client_reads_a_gsoap_fault_with_subcode_and_detail(gsoap_server, content_type):
    """soap_sender_fault_subcode: SOAP 1.2 Sender + Subcode; SOAP 1.1 puts it in faultcode."""
    with FaxStatusClient(
        "detail-user", pin="detail-pin", endpoint=gsoap_server, content_type=content_type
    ) as client:
        (outcome,) = client.get_real_time_fax_status_ex(["gs-0001"])
    assert isinstance(outcome.error, SoapFault)
    fault = outcome.error.fault
    if content_type == "soap11":
        assert (fault.code, fault.subcodes) == ("{urn:FaxWS}UnknownUser", ())
    else:
        assert fault.code_name == "Sender"
        assert fault.subcodes == ("{urn:FaxWS}UnknownUser",)
    assert fault.reason == "Unknown user detail-user"
    assert fault.detail == '<FaxWS:UserID xmlns:FaxWS="urn:FaxWS">detail-user</FaxWS:UserID>'
    assert (fault.actor, fault.node, fault.role) == (None, None, None)  # nil in SOAP_XML_NIL


@pytest.mark.parametrize("content_type", ["soap11", "soap12"])
def test_our_client_reads_a_gsoap_service_error(gsoap_server, content_type):
    with FaxStatusClient(
        "gs-user", pin="wrong", endpoint=gsoap_server, content_type=content_type
    ) as client:
        (outcome,) = client.get_real_time_fax_status_ex(["gs-0001"])
    assert isinstance(outcome.error, ServiceError)
    assert (outcome.error.code, outcome.error.text) == (-1000, "Authentication failed")


@pytest.mark.parametrize(
    "gsoap_server", ["plain", "nil,indent,chunk,keepalive,gzip"], indirect=True
)
def test_faxstatus_status_cli_against_a_gsoap_server(gsoap_server):
    """The CLI end to end: `faxstatus status --json`, exit 3 for the unknown id."""
    ids = ["gs-0001", "gs-0004", "gs-none"]
    options = ["--user", "gs-user", "--endpoint", gsoap_server, "--json"]
    proc = subprocess.run(
        [sys.executable, "-m", "faxstatus", "status", *ids, *options],
        capture_output=True,
        text=True,
        timeout=CALL_TIMEOUT,
        env={**os.environ, "FAXSTATUS_PIN": "gs-pin"},
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    results = {r["job_id"]: r for r in json.loads(proc.stdout)["results"]}
    assert results["gs-0001"]["ok"] is True
    assert results["gs-0001"]["job"]["pages_total"] == 3
    assert results["gs-0001"]["job"]["remote_csid"] == "GSOAP CSID"
    assert results["gs-0004"]["job"]["description"] == "Zugestellt \u00fc \u2713"
    assert results["gs-none"]["ok"] is False
    assert results["gs-none"]["job"]["error"] == {"code": -5019, "text": "Invalid Job ID"}


def test_gsoap_server_in_process_simulator_agree(frozen_server: SimulatorServer, peer):
    """The same ids through gSOAP's client and ours give the same statuses (a cross-check)."""
    (answer,) = gsoap_client(peer, frozen_server.url, "12", "plain", USER, PIN, "ex", *IDS)
    with FaxStatusClient(USER, pin=PIN, endpoint=frozen_server.url) as client:
        report = client.get_real_time_fax_status_ex(IDS)
    ours = {o.requested_id: o for o in report}
    for item in answer["items"]:
        o = ours[item["FaxJobId"]]
        status = o.status if o.ok else getattr(o.error, "item", None)
        assert status is not None
        assert status.status_code == item["FaxJobStatusId"]
        assert status.pages_sent == item["RecipientCurrentPageCount"]
        assert status.pages_total == item["RecipientTotalPageCount"]
