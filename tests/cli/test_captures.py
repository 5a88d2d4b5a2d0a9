"""decode/validate/fmt/diff on captures in any form: HTTP messages, curl output, HAR files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faxstatus
from faxstatus.cli import _capture
from faxstatus.cli._capture import MAX_BODY, MAX_CHUNKS, MAX_HEAD, parse_captures
from faxstatus.cli._common import Fail
from faxstatus.cli._har_read import MAX_VALUES, read_har

from ..support.cli import run_cli as run
from ..support.har_files import zeep_har
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


# -- hostile and malformed captures: one line naming the file, exit 1 -----------------------

GZIP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Encoding: gzip\r\n"
CHUNKED_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"


def _har_of(entry: object) -> bytes:
    return json.dumps({"log": {"entries": [entry]}}).encode()


#: HAR files whose members have the wrong type, and the member each error must name.
MALFORMED_HAR = {
    "entry-not-an-object": (b'{"log": {"entries": [1]}}', "log.entries[0] is not an object"),
    "request-a-string": (_har_of({"request": "x"}), "log.entries[0].request is not an object"),
    "header-without-name": (
        _har_of({"request": {"headers": [{"value": "v"}], "postData": {"text": "x"}}}),
        "log.entries[0].request.headers[0].name is not a string",
    ),
    "lone-surrogate": (
        _har_of({"request": {"postData": {"text": "\ud800"}}}),
        "log.entries[0].request.postData.text holds U+D800",
    ),
    "text-a-number": (
        _har_of({"request": {"postData": {"text": 5}}}),
        "log.entries[0].request.postData.text is not a string",
    ),
    "headers-a-number": (
        _har_of({"request": {"headers": 5, "postData": {"text": "x"}}}),
        "log.entries[0].request.headers is not a list",
    ),
    "base64-of-a-number": (
        _har_of({"response": {"content": {"text": 5, "encoding": "base64"}}}),
        "log.entries[0].response.content.text is not a string",
    ),
    "invalid-base64": (
        _har_of({"response": {"content": {"text": "a", "encoding": "base64"}}}),
        "log.entries[0].response.content.text is not valid base64",
    ),
    "content-a-string": (
        _har_of({"response": {"content": "x"}}),
        "log.entries[0].response.content is not an object",
    ),
    "mime-type-a-number": (
        _har_of({"request": {"postData": {"mimeType": 5, "text": "<a/>"}}}),
        "log.entries[0].request.postData.mimeType is not a string",
    ),
    "header-value-a-number": (
        _har_of(
            {"request": {"headers": [{"name": "a", "value": 5}], "postData": {"text": "<a/>"}}}
        ),
        "log.entries[0].request.headers[0].value is not a string",
    ),
    "post-data-a-list": (
        _har_of({"request": {"postData": [1]}}),
        "log.entries[0].request.postData is not an object",
    ),
    "form-text-nested": (
        _har_of(
            {
                "request": {
                    "postData": {
                        "mimeType": "application/x-www-form-urlencoded",
                        "text": [[[[]]]],
                    }
                }
            }
        ),
        "log.entries[0].request.postData.text is not a string",
    ),
}


@pytest.mark.parametrize("command", ["decode", "validate", "fmt"])
@pytest.mark.parametrize("case", list(MALFORMED_HAR))
def test_a_malformed_har_file_is_one_line_naming_file_and_member(
    tmp_path: Path, capsys, command: str, case: str
):
    data, member = MALFORMED_HAR[case]
    path = tmp_path / "bad.har"
    path.write_bytes(data)
    code, out, err = run(capsys, command, str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"faxstatus: {path}: {member}") and err.count("\n") == 1, err


def test_diff_of_a_malformed_har_file_is_one_line(tmp_path: Path, capsys):
    data, member = MALFORMED_HAR["header-without-name"]
    path = tmp_path / "bad.har"
    path.write_bytes(data)
    code, _, err = run(capsys, "diff", str(path), str(VECTORS / "gsoap" / "fault12-xml-nil.xml"))
    assert code == 1 and err == f"faxstatus: {path}: {member}\n"


def test_a_million_digit_chunk_size_is_one_line(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(CHUNKED_HEAD + b"f" * 1_000_000 + b"\r\nx\r\n0\r\n\r\n")
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err == (
        f"faxstatus: {path}: chunk size of a 1000000-character value is over {MAX_BODY}\n"
    )


def test_a_body_of_more_chunks_than_the_cap_is_refused(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(CHUNKED_HEAD + b"1\r\nx\r\n" * (MAX_CHUNKS + 1) + b"0\r\n\r\n")
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err == f"faxstatus: {path}: chunked body of more than {MAX_CHUNKS} chunks\n"


def test_chunks_adding_up_past_the_cap_are_refused():
    chunk = b"%x\r\n" % (1 << 20) + b"x" * (1 << 20) + b"\r\n"
    with pytest.raises(Fail, match=f"de-chunked body of more than {MAX_BODY} bytes"):
        parse_captures(CHUNKED_HEAD + chunk * 11 + b"0\r\n\r\n")


def test_a_gzip_coded_capture_is_inflated(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(GZIP_HEAD + b"\r\n" + gzip.compress(RESPONSE))
    code, out, err = run(capsys, "decode", str(path))
    assert code == 0, err
    assert json.loads(out) == expected_json()


def test_a_coded_capture_shown_decoded_is_read_as_it_is(tmp_path: Path, capsys):
    # curl --compressed: the header names the coding, the body shown is the decoded one.
    path = tmp_path / "capture"
    path.write_bytes(GZIP_HEAD + b"\r\n" + RESPONSE)
    code, out, _ = run(capsys, "decode", str(path))
    assert code == 0 and json.loads(out) == expected_json()


def test_a_gzip_bomb_in_a_capture_stops_at_the_cap(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(GZIP_HEAD + b"\r\n" + gzip.compress(b"\0" * (MAX_BODY + 1)))
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err == (
        f"faxstatus: {path}: body of more than {MAX_BODY} bytes is over the {MAX_BODY}-byte cap\n"
    )


def test_a_stacked_coding_in_a_capture_is_one_line(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    head = GZIP_HEAD.replace(b"gzip", b"gzip, gzip")
    path.write_bytes(head + b"\r\n" + gzip.compress(gzip.compress(RESPONSE)))
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1 and err.startswith(f"faxstatus: {path}: body: ") and err.count("\n") == 1


def test_a_head_over_the_cap_is_one_line(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(b"HTTP/1.1 200 OK\r\n" + b"a: b\r\n" * (MAX_HEAD // 6 + 1) + b"\r\n<x/>")
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1 and err.startswith(f"faxstatus: {path}: the start line and headers of")
    assert f"over the {MAX_HEAD}-byte cap" in err


def test_a_curl_v_body_over_the_cap_is_one_line(tmp_path: Path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(CURL_V.split(b"{ [1234", 1)[0] + b"x\n" * (MAX_BODY // 2 + 1))
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err == (
        f"faxstatus: {path}: body of more than {MAX_BODY} bytes is over the {MAX_BODY}-byte cap\n"
    )


def test_a_har_file_of_too_many_values_is_refused_before_it_is_parsed(tmp_path: Path, capsys):
    path = tmp_path / "x.har"
    path.write_bytes(b'{"log": {"entries": [], "x": [' + b",".join([b"{}"] * MAX_VALUES) + b"]}}")
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err.startswith(f"faxstatus: {path}: HAR file of ")
    assert err.endswith(f"JSON values is over the {MAX_VALUES}-value cap\n")


def test_a_har_body_over_the_cap_is_refused(tmp_path: Path, capsys):
    path = tmp_path / "x.har"
    path.write_bytes(_har_of({"request": {"postData": {"text": "x" * (MAX_BODY + 1)}}}))
    code, _, err = run(capsys, "decode", str(path))
    assert code == 1
    assert err.startswith(f"faxstatus: {path}: log.entries[0].request.postData.text of more")


def test_json_bodies_in_a_har_file_do_not_count_as_its_values():
    # Each body's own commas and colons are inside a string: they cost the reader nothing.
    body = json.loads(JSON_RESPONSE)
    key = next(iter(body))
    items = body[key]["FaxStatusList"]
    marks = sum(json.dumps(items).count(c) for c in ",:[{")
    body[key]["FaxStatusList"] = items * (MAX_VALUES // (3 * marks) + 1)
    text = json.dumps(body)
    entry = {"response": {"content": {"mimeType": "application/json", "text": text}}}
    data = json.dumps({"log": {"entries": [entry] * 4}}).encode()
    assert sum(data.count(c) for c in b",:[{") > MAX_VALUES
    entries = read_har(data, MAX_BODY)
    assert entries is not None and len(entries) == 4
    assert all(e.response is not None and e.response.body == text.encode() for e in entries)


# -- curl -v: the span-wise reader against the line-by-line one it replaced --------------


def _curl_by_lines(data: bytes) -> bytes | None:
    """The curl -v reading, line by line (the specification of the span-wise reader)."""
    lines = data.splitlines(keepends=True)
    if not any(line.startswith((b"> ", b"< ")) for line in lines[:200]):
        return None
    head: list[bytes] = []
    body: list[bytes] = []
    in_body = False
    for line in lines:
        bare = line.rstrip()
        if bare == b"<":
            in_body = True
        elif line.startswith(b"< "):
            if in_body:
                head, body, in_body = [], [], False
            head.append(line[2:])
        elif line.startswith((b"* ", b"> ", b"{ ", b"} ")) or bare == b">":
            continue
        elif in_body:
            body.append(line)
    if not head:
        return None
    return b"".join(head) + b"\r\n" + b"".join(body)


_CURL_PIECES = [b"* ", b"> ", b"< ", b"{ ", b"} ", b"<", b">", b"x", b" ", b"\t", b"\x0b", b"a: b"]
_BREAKS = [b"\n", b"\r", b"\r\n", b""]


@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_CURL_PIECES), max_size=3), st.sampled_from(_BREAKS)),
        max_size=30,
    )
)
@settings(max_examples=150)
def test_curl_v_reads_as_line_by_line(lines):
    data = b"< HTTP/1.1 200 OK\r\n" + b"".join(b"".join(p) + br for p, br in lines)
    expected = _curl_by_lines(data)
    found = _capture._curl_verbose(data)
    if expected is None:
        assert found is None
        return
    assert found == _capture._http(expected)


SKIPPED_WSDL = (
    "faxstatus: {path}: skipped entry 1 (GET http://127.0.0.1:8081/fax/v5?wsdl): "
    "not a FaxWS exchange (FaxWS is POSTed)\n"
)


def test_decode_of_a_zeep_har_decodes_every_faxws_entry_and_lists_the_get(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, err = run(capsys, "decode", str(path))
    assert code == 0 and err == SKIPPED_WSDL.format(path=path)
    assert [d["capture"] for d in json.loads(out)] == [
        "entry 2 request",
        "entry 2 response",
        "entry 3 request",
        "entry 3 response",
    ]


def test_decode_of_a_har_names_the_entry_that_fails_and_prints_the_others(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har(bad_response=True))
    code, out, err = run(capsys, "decode", str(path))
    assert code == 1
    assert len(json.loads(out)) == 3
    lines = err.splitlines()
    assert lines[0] == SKIPPED_WSDL.format(path=path).rstrip("\n")
    assert lines[1].startswith(f"faxstatus: {path} (entry 3 response): ")
    assert "RecipientState" in lines[1] and len(lines) == 2


def test_side_keeps_the_requests_or_the_responses(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, _ = run(capsys, "decode", str(path), "--side", "response")
    assert code == 0
    assert [d["capture"] for d in json.loads(out)] == ["entry 2 response", "entry 3 response"]
    code, out, _ = run(capsys, "decode", str(path), "--entry", "3", "--side", "request")
    assert code == 0 and "GetRealTimeFaxStatusEx" in next(iter(json.loads(out)))


def test_entry_on_a_get_entry_names_it(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, err = run(capsys, "decode", str(path), "--entry", "1")
    assert (code, out) == (1, "")
    assert err == (
        "faxstatus: --entry 1: not a FaxWS exchange (FaxWS is POSTed) "
        "(GET http://127.0.0.1:8081/fax/v5?wsdl)\n"
    )


def test_validate_of_a_zeep_har_and_of_many_files(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0 and err == SKIPPED_WSDL.format(path=path)
    assert out.count(": valid (") == 4
    bad = tmp_path / "bad.har"
    bad.write_bytes(zeep_har(bad_response=True))
    code, out, _ = run(capsys, "validate", str(bad), str(path), "--side", "response")
    assert code == 1
    assert out.count(": valid (") == 3 and f"{bad} (entry 3 response):" in out


def test_fmt_of_a_zeep_har_formats_the_wsdl_too(tmp_path, capsys):
    path = tmp_path / "run.har"
    path.write_bytes(zeep_har())
    code, out, err = run(capsys, "fmt", str(path), "--entry", "1")
    assert (code, err) == (0, "")
    assert out.startswith("# entry 1 response\nHTTP/1.1 200\n\n<?xml")
    assert '\n  <types>\n    <schema xmlns="http://www.w3.org/2001/XMLSchema"' in out


def test_side_on_a_capture_without_that_side_is_one_line(tmp_path, capsys):
    path = tmp_path / "capture"
    path.write_bytes(CURL_I)
    code, out, err = run(capsys, "decode", str(path), "--side", "request")
    assert (code, out) == (1, "")
    assert err == f"faxstatus: {path}: no request in it (--side request)\n"


@pytest.mark.slow
def test_decode_of_a_real_zeep_run_through_the_proxy(tmp_path, capsys):
    """zeep as it runs: ``GET ?wsdl`` and ``?xsd`` through the proxy, then two calls."""
    import io

    import zeep

    from faxstatus.proxy import Proxy
    from faxstatus.simulator import SimulatorServer

    from ..support.helpers import make_simulator

    path = tmp_path / "zeep.har"
    with (
        SimulatorServer(make_simulator()) as srv,
        Proxy(srv.url, har=str(path), out=io.StringIO()) as proxy,
    ):
        proxy_url = proxy.url
        client = zeep.Client(proxy_url + "?wsdl")
        # The served WSDL names the simulator's address: create_service sends the calls
        # through the proxy all the same.
        service = client.create_service(
            "{https://ws.concordfax.com/fax/v5/FaxWS.wsdl}FaxWS12", proxy_url
        )
        assert service.CheckService() == "FaxWS simulator OK"
        ids = {"item": [{"JobId": "br1000000001"}]}
        service.GetRealTimeFaxStatusEx(UserID="demo-user", strPIN="demo-pin", FaxJobIds=ids)
    entries = json.loads(path.read_text())["log"]["entries"]
    methods = [e["request"]["method"] for e in entries]
    assert methods.count("GET") >= 1 and methods.count("POST") == 2
    code, out, err = run(capsys, "decode", str(path))
    assert code == 0, err
    skipped = [line for line in err.splitlines() if "skipped entry" in line]
    assert len(skipped) == methods.count("GET") and all("(GET " in s for s in skipped)
    assert [d["capture"].split()[-1] for d in json.loads(out)] == ["request", "response"] * 2
