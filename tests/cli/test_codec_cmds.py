"""faxstatus decode, encode and validate: every vector, stdin, bad input, the golden bytes."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import faxstatus
from faxstatus.cli import main

from ..support import samples
from ..support.cli import run_cli as run
from ..support.paths import VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"


@pytest.mark.parametrize(
    "path", sorted(str(p) for p in VECTORS.glob("*/*/*.*") if p.name != "headers.json")
)
def test_decode_every_vector_prints_the_json_form(capsys, path):
    code, out, err = run(capsys, "decode", path)
    assert code == 0 and err == ""
    doc = json.loads(out)
    result = faxstatus.decode(json.dumps(doc).encode(), "application/json")
    original = faxstatus.decode(Path(path).read_bytes())
    assert result == original or (
        isinstance(result, faxstatus.Message) and result.payload == original.payload
    )


def test_decode_reads_stdin_and_detects(capsys, monkeypatch):
    import io

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO((EX_SOAP12 / "fault.xml").read_bytes()))
    )
    code, out, _ = run(capsys, "decode", "-")
    assert code == 0 and json.loads(out)["Fault"]["Code"].endswith("}Sender")


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<a><b></a>", "line 1, column"),
        (b'{"GetFaxStatus": 5}', "GetFaxStatus must be an object"),
        (b"", "empty"),
    ],
)
def test_decode_bad_input_exits_1_with_one_line(capsys, tmp_path, body, match):
    f = tmp_path / "bad"
    f.write_bytes(body)
    code, out, err = run(capsys, "decode", str(f))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and match in err and "Traceback" not in err


def test_decode_missing_file(capsys):
    code, _, err = run(capsys, "decode", "/nonexistent/file.xml")
    assert code == 1 and "cannot read /nonexistent/file.xml" in err


def test_decode_lenient_lists_skipped(capsys, tmp_path):
    body = (EX_SOAP12 / "response.xml").read_bytes().replace(b"<return>", b"<Extra/><return>")
    f = tmp_path / "x.xml"
    f.write_bytes(body)
    assert run(capsys, "decode", str(f))[0] == 1
    code, _, err = run(capsys, "decode", "--lenient", str(f))
    assert (
        code == 0
        and "skipped unknown element /Envelope/Body/RealTimeFaxStatusExResponse/Extra" in err
    )


@pytest.mark.parametrize("ct", ["soap12", "soap11", "xml", "json"])
def test_encode_reproduces_the_golden_vectors(capsysbinary, tmp_path, ct):
    src = VECTORS / "GetRealTimeFaxStatusEx" / "json" / "request.json"
    code = main(["encode", str(src), "--content-type", ct])
    out = capsysbinary.readouterr().out
    expected = (
        VECTORS / "GetRealTimeFaxStatusEx" / ct / f"request.{'json' if ct == 'json' else 'xml'}"
    ).read_bytes()
    assert code == 0 and out.rstrip(b"\n") == expected.rstrip(b"\n")


def test_encode_with_headers(capsysbinary):
    src = VECTORS / "GetFaxStatus" / "json" / "request.json"
    assert main(["encode", str(src), "--content-type", "soap11", "--headers"]) == 0
    out = capsysbinary.readouterr().out
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.split(b"\r\n") == [b"Content-Type: text/xml; charset=utf-8", b'SOAPAction: ""']
    assert body.startswith(b"<?xml")


def test_encode_rejects_non_json_and_unencodable(capsys, tmp_path):
    f = tmp_path / "in.json"
    f.write_bytes(b"<xml/>")
    code, _, err = run(capsys, "encode", str(f), "--content-type", "xml")
    assert code == 1 and "not the JSON form" in err
    f.write_text(json.dumps({"CheckServiceResponse": {"return": "a\u0001b"}}))
    code, _, err = run(capsys, "encode", str(f), "--content-type", "xml")
    assert code == 1 and "U+0001" in err and "CheckServiceResponse/return" in err


def test_validate_valid_and_invalid(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(EX_SOAP12 / "response.xml"))
    assert code == 0 and "valid (RealTimeFaxStatusExResponse)" in out
    bad = (
        (EX_SOAP12 / "response.xml")
        .read_bytes()
        .replace(b"<FaxJobStatusId>2<", b"<FaxJobStatusId>two<")
    )
    f = tmp_path / "bad.xml"
    f.write_bytes(bad)
    code, out, _ = run(capsys, "validate", str(f))
    assert code == 1 and f"{f}:2:" in out and "FaxJobStatusId" in out and "'two'" in out


def _verdicts(capsys, path: Path) -> tuple[bool, bool, str]:
    """(validate says valid, decode says valid, validate's output) for the file at *path*."""
    code, out, _ = run(capsys, "validate", str(path))
    assert code in (0, 1), out
    decoded, _, _ = run(capsys, "decode", str(path))
    return code == 0, decoded == 0, out


TRIALS = [(op, name) for op in faxstatus.codec.OPERATIONS for name in samples.trial_documents(op)]


@pytest.mark.parametrize(("op", "name"), TRIALS, ids=[f"{o}-{n}" for o, n in TRIALS])
def test_validate_agrees_with_decode(capsys, tmp_path, op, name):
    """validate's verdict is decode's, and a refusal names FILE:LINE:COLUMN and the element.

    "no such operation" is the payload of an operation the schema does not have (as after
    an operation is removed): the envelope's Body is lax in the SOAP schemas, so validate
    must check the payload against the generated schema itself.
    """
    path = tmp_path / f"{name.replace(' ', '-')}.xml"
    path.write_bytes(samples.trial_documents(op)[name])
    valid, decoded, out = _verdicts(capsys, path)
    assert valid is decoded is (name == "valid"), out
    if not valid:
        element = faxstatus.codec.OPERATIONS[op].element(faxstatus.Direction.RESPONSE)
        first = out.splitlines()[0]
        assert re.match(rf"{re.escape(str(path))}:\d+:[1-9]\d*: /Envelope/Body/{element}", first), (
            out
        )
