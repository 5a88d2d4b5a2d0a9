"""decode/validate/fmt/diff on captures in any form: HTTP messages, curl output, HAR files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import faxstatus
from faxstatus.cli._capture import parse_captures

from ..support.cli import run_cli as run
from ..support.paths import VECTORS

RESPONSE = (VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml").read_bytes()
REQUEST11 = (VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "request.xml").read_bytes()
JSON_RESPONSE = (VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json").read_bytes()


def expected_json() -> object:
    result = faxstatus.decode(RESPONSE)
    assert isinstance(result, faxstatus.Message)
    from faxstatus.codec._api import json_form

    key = result.operation.json_key(result.direction)
    return {key: json_form(result.payload, key)}


CURL_I = (
    b"HTTP/1.1 100 Continue\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\n"
    b"x-ch-activity-id: 1f0c\r\nTransfer-Encoding: chunked\r\n\r\n" + RESPONSE
)
CURL_V = (
    b"*   Trying 127.0.0.1:8080...\n* Connected to 127.0.0.1\n"
    b"> POST /fax/v5 HTTP/1.1\n> Host: 127.0.0.1:8080\n> Content-Type: text/xml\n>\n"
    b"} [512 bytes data]\n"
    b"< HTTP/1.1 200 OK\n< Content-Type: application/soap+xml; charset=utf-8\n"
    b"< Content-Length: 1234\n<\n{ [1234 bytes data]\n"
    + RESPONSE
    + b"\n* Connection #0 left intact\n"
)

# As curl 7.88 writes it: header lines end in CRLF, the blank ones are "> " and "< ", and the
# body follows curl's own closing note.
CURL_V_REAL = (
    b"*   Trying 127.0.0.1:8080...\n* Connected to 127.0.0.1 (127.0.0.1) port 8080 (#0)\n"
    b"> POST /fax/v5 HTTP/1.1\r\n> Host: 127.0.0.1:8080\r\n> Content-Type: text/xml\r\n"
    b"> \r\n} [512 bytes data]\n"
    b"< HTTP/1.1 200 OK\r\n< Content-Type: application/soap+xml; charset=utf-8\r\n"
    b"< Content-Length: 1234\r\n< \r\n{ [1234 bytes data]\n"
    b"* Connection #0 to host 127.0.0.1 left intact\n" + RESPONSE
)


def chunked_request() -> bytes:
    body = REQUEST11
    chunks = b"".join(
        f"{len(body[i : i + 50]):x}\r\n".encode() + body[i : i + 50] + b"\r\n"
        for i in range(0, len(body), 50)
    )
    return (
        b"POST /fax/v5 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\n"
        b'SOAPAction: ""\r\nTransfer-Encoding: chunked\r\n\r\n' + chunks + b"0\r\n\r\n"
    )


def har() -> bytes:
    def entry(req: bytes, resp: bytes, ctype: str) -> dict[str, object]:
        return {
            "startedDateTime": "2026-11-26T10:00:00.000Z",
            "time": 3,
            "request": {
                "method": "POST",
                "url": "http://127.0.0.1/fax/v5",
                "httpVersion": "HTTP/1.1",
                "headers": [{"name": "Content-Type", "value": ctype}],
                "postData": {"mimeType": ctype, "text": req.decode()},
            },
            "response": {
                "status": 200,
                "statusText": "OK",
                "headers": [{"name": "Content-Type", "value": ctype}],
                "content": {"size": len(resp), "mimeType": ctype, "text": resp.decode()},
            },
        }

    return json.dumps(
        {
            "log": {
                "version": "1.2",
                "creator": {"name": "test", "version": "1"},
                "entries": [
                    entry(REQUEST11, RESPONSE, "application/soap+xml"),
                    entry(b'{"CheckService": {}}', JSON_RESPONSE, "application/json"),
                ],
            }
        }
    ).encode()


@pytest.mark.parametrize(
    "data",
    [
        RESPONSE,
        CURL_I,
        CURL_V,
        CURL_V_REAL,
        b"Content-Type: application/soap+xml\r\n\r\n" + RESPONSE,
    ],
    ids=["bare", "curl -i", "curl -v", "curl -v (7.88)", "encode --headers"],
)
def test_decode_accepts_every_capture_form(tmp_path: Path, capsys, data: bytes):
    path = tmp_path / "capture"
    path.write_bytes(data)
    code, out, err = run(capsys, "decode", str(path))
    assert code == 0, err
    assert json.loads(out) == expected_json()


def test_a_raw_chunked_request_is_dechunked():
    (capture,) = parse_captures(chunked_request())
    assert capture.label == "request" and capture.content_type.startswith("text/xml")
    msg = faxstatus.decode(capture.body, capture.content_type)
    assert msg.operation.name == "GetRealTimeFaxStatusEx"


def test_decode_a_har_file_every_entry_or_one(tmp_path: Path, capsys):
    path = tmp_path / "x.har"
    path.write_bytes(har())
    code, out, _ = run(capsys, "decode", str(path))
    assert code == 0
    doc = json.loads(out)
    assert [d["capture"] for d in doc] == [
        "entry 1 request",
        "entry 1 response",
        "entry 2 request",
        "entry 2 response",
    ]
    assert doc[1]["message"] == expected_json()
    code, out, _ = run(capsys, "decode", str(path), "--entry", "2")
    assert [d["capture"] for d in json.loads(out)] == ["entry 2 request", "entry 2 response"]
    code, _, err = run(capsys, "decode", str(path), "--entry", "3")
    assert code == 1 and "the HAR file has 2 entries" in err


def test_dev_zero_is_refused_at_the_cap(capsys):
    code, out, err = run(capsys, "decode", "/dev/zero")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "faxstatus: /dev/zero: input is over the 64 MiB cap; stopped reading"
    ]


def test_validate_handles_faults_of_both_versions(capsys):
    for version in ("soap11", "soap12"):
        path = VECTORS / "GetFaxStatus" / version / "fault.xml"
        code, out, _ = run(capsys, "validate", str(path))
        assert code == 0 and "valid (Fault) in a SOAP" in out


def test_validate_prints_path_line_and_column(capsys):
    path = VECTORS / "gsoap" / "fault12-xml-nil.xml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(
        f"{path}:5:4: /SOAP-ENV:Envelope/SOAP-ENV:Body/SOAP-ENV:Fault/faultcode:"
    )


def test_validate_finds_payload_errors_inside_the_envelope(tmp_path: Path, capsys):
    bad = RESPONSE.replace(b"<FaxJobStatusId>", b"<FaxJobStatusId>x", 1)
    assert bad != RESPONSE
    path = tmp_path / "bad.xml"
    path.write_bytes(b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n" + bad)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "FaxJobStatusId" in out and "'xint'" not in out


def test_fmt_keeps_headers_and_prefixes(tmp_path: Path, capsys):
    path = tmp_path / "msg"
    gsoap = (VECTORS / "gsoap" / "fault11-xml-nil-detail.xml").read_bytes().replace(b"\n ", b"")
    path.write_bytes(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\n\r\n" + gsoap
    )
    code, out, _ = run(capsys, "fmt", str(path))
    assert code == 0
    assert out.startswith("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\n\r\n")
    assert "\n  <SOAP-ENV:Body>\n    <SOAP-ENV:Fault>\n" in out
    fault = faxstatus.decode(out.split("\r\n\r\n", 1)[1].encode())
    assert isinstance(fault, faxstatus.Fault) and fault.reason == "Database unavailable"


def test_diff_across_content_types(capsys):
    a = VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "response.xml"
    b = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "response.json"
    code, out, _ = run(capsys, "diff", str(a), str(b))
    assert (code, out.strip()) == (0, "same message (GetRealTimeFaxStatusExResponse)")


def test_diff_names_the_changed_field(tmp_path: Path, capsys):
    doc = json.loads(JSON_RESPONSE)
    key = next(iter(doc))
    doc[key]["FaxStatusList"][0]["FaxJobStatusId"] = 99
    b = tmp_path / "b.json"
    b.write_text(json.dumps(doc))
    a = VECTORS / "GetRealTimeFaxStatusEx" / "soap11" / "response.xml"
    code, out, _ = run(capsys, "diff", str(a), str(b))
    assert code == 1
    assert out.splitlines()[0].startswith(f"$.{key}.FaxStatusList[0].FaxJobStatusId: ")
    assert out.splitlines()[0].endswith(" -> 99")


@pytest.mark.parametrize("command", ["decode", "fmt", "validate"])
def test_entry_counts_from_1_and_needs_a_har_file(capsys, command):

    vector = VECTORS / "GetRealTimeFaxStatusEx" / "soap12" / "request.xml"
    code, _, err = run(capsys, command, str(vector), "--entry", "0")
    assert code == 2 and "entries count from 1, got 0" in err
    code, out, err = run(capsys, command, str(vector), "--entry", "2")
    assert code == 1 and out == ""
    assert err == "faxstatus: --entry 2: only a HAR file has entries; this is not one\n"
