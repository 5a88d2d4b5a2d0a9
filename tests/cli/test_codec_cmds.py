"""The faxstatus command: every subcommand, its output, and its error exits."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import faxstatus
from faxstatus.cli import main

from ..support.cli import run_cli
from ..support.helpers import FIXED_EPOCH, FIXED_EPOCH_ARG
from ..support.paths import VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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


def test_status_table_json_and_trace(capsys, server):
    code, out, err = run(
        capsys,
        "status",
        "br1000000001",
        "br0",
        "--endpoint",
        server.url,
        "--user",
        "demo-user",
        "--pin",
        "demo-pin",
    )
    assert code == 3 and "br1000000001  succeeded" in out
    assert "br0           not found" in out and "-5019 Invalid Job ID" in out
    code, out, err = run(
        capsys,
        "status",
        "br1000000001",
        "--endpoint",
        server.url,
        "--user",
        "demo-user",
        "--token",
        "demo-token",
        "--json",
        "--trace",
        "--content-type",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["ok"] is True
    assert doc["results"][0]["status"] == {"name": "succeeded", "code": 1}
    assert doc["responses"][0]["content_type"] == "json"
    assert "> POST " in err and "< HTTP 200" in err
    assert "demo-token" not in err and "Authorization: Bearer ***" in err


def test_status_credentials_from_environment(capsys, server, monkeypatch):
    monkeypatch.setenv("FAXSTATUS_USER", "demo-user")
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    code, out, _ = run(capsys, "status", "JRI-INV-1001", "--endpoint", server.url)
    assert code == 0 and "JRI-INV-1001" in out


def test_status_unknown_id_exits_3_and_is_not_found(capsys, server):
    argv = ["status", "br1000000001", "br9999999999", "--endpoint", server.url]
    argv += ["--user", "demo-user", "--pin", "demo-pin"]
    code, out, _ = run(capsys, *argv)
    lines = out.splitlines()
    assert code == 3 and lines[1].split()[:2] == ["br1000000001", "succeeded"]
    assert lines[2].split()[:3] == ["br9999999999", "not", "found"]
    code, out, _ = run(capsys, *argv, "--json")
    first, second = json.loads(out)["results"]
    assert code == 3 and first["ok"] and first["status"] == {"name": "succeeded", "code": 1}
    assert second["ok"] is False and second["status"] is None
    assert second["error"]["kind"] == "not_found" and second["error"]["code"] == -5019


def test_status_failures_exit_1(capsys, server):
    code, out, _ = run(
        capsys, "status", "br1", "--endpoint", server.url, "--user", "demo-user", "--pin", "nope"
    )
    # WSError -1000 is a refused credential: kind auth, not a generic service error
    assert code == 1 and "auth" in out and "-1000 Authentication failed" in out
    assert "service error" not in out


def test_status_bad_job_id_argument_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["status", "br 1", "--user", "u", "--pin", "p"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "whitespace" in err and err.startswith("usage: ")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nope"],
        ["status"],
        ["status", "br1", "--user", "u"],
        ["status", "br1", "--pin", "p", "--user", "u", "--content-type", "yaml"],
        ["status", "br1", "--token", "t", "--pin", "p", "--user", "u"],
        ["encode", "x"],
    ],
)
def test_usage_errors_exit_2_with_usage(capsys, monkeypatch, argv):
    monkeypatch.delenv("FAXSTATUS_USER", raising=False)
    monkeypatch.delenv("FAXSTATUS_PIN", raising=False)
    monkeypatch.delenv("FAXSTATUS_TOKEN", raising=False)
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.startswith("usage: faxstatus")


@pytest.mark.parametrize("cmd", ["status", "decode", "encode", "validate", "serve", "demo"])
def test_help_for_every_command(capsys, cmd):
    with pytest.raises(SystemExit) as info:
        main([cmd, "--help"])
    assert info.value.code == 0 and f"usage: faxstatus {cmd}" in capsys.readouterr().out


def test_demo_runs_over_real_http(capsys):
    code, out, _ = run(capsys, "demo", FIXED_EPOCH_ARG)
    assert code == 0
    for ct in ("soap12", "soap11", "xml", "json"):
        assert f"GetRealTimeFaxStatusEx over HTTP as {ct}: HTTP 200" in out
    for word in ("succeeded", "in progress", "failed", "Invalid Job ID", "< HTTP 200"):
        assert word in out
    assert "demo-pin" not in out and "demo-token" not in out
    # OAuth 2.0 in the demo: reuse, renewal before expiry, then a 401 and one retry.
    assert "token reused: succeeded; 1 request, 1 token so far" in out
    assert "renewed before it expired: succeeded; 1 request, 2 tokens" in out
    assert "HTTP 401, then one retry: succeeded; 2 requests, 3 tokens" in out
    assert "demo-secret" not in out and "sim-" not in out
    # Dates count from --epoch: br1000000001 was delivered 583 s before it.
    delivered = FIXED_EPOCH - timedelta(seconds=583)
    assert f"br1000000001  succeeded    3/3    {delivered:%Y-%m-%dT%H:%M:%S}Z" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--epoch", "2026-11-26"], "needs a time zone (Z or +hh:mm): '2026-11-26'"),
        (["--epoch", "yesterday"], "not an ISO 8601 date-time such as 2026-11-26T09:00:00Z"),
        (["--speed", "0"], "--speed: must be a number above 0, got 0"),
        (["--speed", "inf"], "--speed: must be a number above 0, got inf"),
    ],
)
def test_serve_and_demo_refuse_a_bad_epoch_or_speed_in_one_line(capsys, argv, message):
    for cmd in ("serve", "demo"):
        code, _, err = run_cli(capsys, cmd, *argv)
        assert code == 2 and message in err and err.count("\n") == 2, err


def test_python_dash_m_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "faxstatus", "decode", str(EX_SOAP12 / "request.xml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["GetRealTimeFaxStatusEx"]["UserID"] == "mbx1234567890"


def test_serve_answers_on_the_given_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "serve", FIXED_EPOCH_ARG, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/fax/v5" in line
        url = f"http://127.0.0.1:{port}/fax/v5"
        with faxstatus.FaxStatusClient("demo-user", pin="demo-pin", endpoint=url) as c:
            assert c.check_service() == "FaxWS simulator OK"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
