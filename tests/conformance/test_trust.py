"""Verdicts a CI can trust: calibration, garbage, coverage, --strict, --timeout and the caps.

Small adapters (tests/conformance/buggy_adapter.py) each carry one deliberate fault; the kit
must tell a broken adapter from a broken implementation and never exit 0 on a run that graded
nothing. Deadline tests assert only that a run ended, with bounds a slow machine passes.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from faxstatus.cli import main
from faxstatus.conformance import decoder_cases
from faxstatus.conformance._adapter import Adapter, for_role, run_adapter
from faxstatus.conformance._model import kit_identity

from ..support.paths import ROOT

PY = sys.executable
BUGGY = [PY, str(ROOT / "tests" / "conformance" / "buggy_adapter.py")]
#: A handful of cases, so each run is quick: SOAP documents, JSON, and must-reject ones.
FEW = ["decoder/golden/CheckService/*", "decoder/reject/hostile/xxe-*", "decoder/media/*"]


def _run(capsys, tmp_path: Path, *argv: str) -> tuple[int, str, dict[str, Any]]:
    code = main(["conformance", *argv[:1], "-q", "-o", str(tmp_path), *argv[1:]])
    out = capsys.readouterr().out
    target = argv[0]
    report = json.loads((tmp_path / f"conformance-{target}.json").read_text())
    return code, out, report


def _few() -> list[str]:
    return [arg for p in FEW for arg in ("--case", p)]


def test_an_adapter_answering_unsupported_to_everything_exits_non_zero(capsys, tmp_path):
    unsupported = [PY, "-c", "import sys; sys.exit(3)"]
    code, out, report = _run(capsys, tmp_path, "decoder", *_few(), "--", *unsupported)
    assert code == 1
    assert report["adapter_error"] and "no calibration form passed" in report["adapter_error"]
    assert "ADAPTER ERROR" in out and report["results"] == [] and not report["ok"]


@pytest.mark.parametrize("bug", ["truncated-input", "wrapped-output", "swapped-exit"])
def test_a_plumbing_bug_fails_calibration_and_is_reported_as_an_adapter_error(
    capsys, tmp_path, bug
):
    code, out, report = _run(capsys, tmp_path, "decoder", "--batch", *_few(), "--", *BUGGY, bug)
    assert code == 1, out
    assert report["adapter_error"], report["calibration"]
    assert report["results"] == []  # the implementation's verdicts are not reported
    assert "NOT PASSED: adapter error" in out
    junit = ET.parse(tmp_path / "conformance-decoder.junit.xml").getroot()
    assert junit.find("testsuite/testcase/error[@type='adapter-error']") is not None


def test_the_per_case_protocol_is_calibrated_too(capsys, tmp_path):
    code, _, report = _run(capsys, tmp_path, "decoder", *_few(), "--", *BUGGY, "wrapped-output")
    assert code == 1 and report["adapter_error"]


def test_accepting_everything_is_caught_by_calibration_and_by_the_garbage_rule(capsys, tmp_path):
    code, _, report = _run(
        capsys, tmp_path, "decoder", "--batch", *_few(), "--", *BUGGY, "accept-everything"
    )
    assert code == 1 and report["adapter_error"]
    # Past calibration, "{}" for a must-reject document is a fail even where accepting a
    # real reading would only be non-strict.
    lenient = [c for c in decoder_cases() if c.lenient][:3]
    with Adapter([*BUGGY, "accept-everything"], batch=True) as adapter:
        graded = run_adapter("decoder", lenient, adapter, calibrate=False)
    assert [r.verdict.value for r in graded.results] == ["fail"] * 3
    assert all("must be rejected" in r.detail for r in graded.results)


def test_a_run_that_grades_nothing_exits_non_zero(capsys, tmp_path):
    code, out, report = _run(
        capsys, tmp_path, "decoder", "--batch", *_few(), "--", *BUGGY, "calibration-only"
    )
    assert report["adapter_error"] is None and report["calibration"]
    assert report["summary"]["informational"] == len(report["results"]) > 0
    assert code == 1 and "nothing was graded" in out


def test_coverage_below_the_threshold_exits_non_zero(capsys, tmp_path):
    cases = ["--case", "decoder/golden/CheckService/*"]  # 4 forms, 2 of them SOAP
    code, _, report = _run(
        capsys, tmp_path, "decoder", "--batch", *cases, "--", *BUGGY, "soap-only"
    )
    assert code == 0 and report["coverage_percent"] == 50.0
    code, out, report = _run(
        capsys,
        tmp_path,
        "decoder",
        "--batch",
        *cases,
        "--min-coverage",
        "75",
        "--",
        *BUGGY,
        "soap-only",
    )
    assert code == 1 and "below --min-coverage 75%" in out


def test_strict_counts_non_strict_as_fail(capsys, tmp_path):
    cases = ["--case", "decoder/peer/gsoap11-ex-response"]  # <ErrorString/>: an empty string
    code, out, report = _run(
        capsys, tmp_path, "decoder", "--batch", *cases, "--", *BUGGY, "empty-as-null"
    )
    assert code == 0 and report["summary"]["non-strict"] == 1
    code, out, report = _run(
        capsys, tmp_path, "decoder", "--batch", "--strict", *cases, "--", *BUGGY, "empty-as-null"
    )
    assert code == 1 and report["strict"] and "non-strict counts as fail" in out


def test_numbers_as_strings_is_an_adapter_option(capsys, tmp_path):
    cases = ["--case", "decoder/golden/SimpleGetFaxStatus/*", "--case", "decoder/reject/long-*"]
    code, _, report = _run(
        capsys, tmp_path, "decoder", "--batch", *cases, "--", *BUGGY, "numbers-as-strings"
    )
    assert code == 1 and report["adapter_error"]  # "1" is not 1 unless the option says so
    code, out, report = _run(
        capsys,
        tmp_path,
        "decoder",
        "--batch",
        "--numbers-as-strings",
        *cases,
        "--",
        *BUGGY,
        "numbers-as-strings",
    )
    assert code == 0, out
    assert report["options"]["numbers_as_strings"] is True
    assert report["summary"]["fail"] == 0 and report["summary"]["pass"] >= 4


def test_the_client_role_sends_no_request_to_decode():
    cases = for_role("decoder", decoder_cases(), "client")
    assert cases and all(c.direction in ("response", "fault", "") for c in cases)
    assert not any("/request" in c.id for c in cases)
    ids = {c.id for c in for_role("decoder", decoder_cases(), "server")}
    assert "decoder/golden/GetFaxStatus/soap12/request" in ids
    assert "decoder/golden/GetFaxStatus/soap12/response" not in ids


def test_list_is_a_dry_run_naming_rule_and_outcomes(capsys, tmp_path):
    code = main(["conformance", "decoder", "--list", "--case", "decoder/reject/hostile/xxe-file"])
    out = capsys.readouterr().out
    assert code == 0
    assert "calibrate  calibration/decoder/" in out
    assert "run        decoder/reject/hostile/xxe-file" in out
    assert "MUST NOT contain a document type declaration" in out
    assert "acceptable: reject: exit 1" in out
    assert "1 cases listed (--list: nothing was sent)" in out


def test_excluded_cases_are_not_sent_and_carry_their_reason(capsys, tmp_path):
    log = tmp_path / "seen.txt"
    script = tmp_path / "logging_adapter.py"
    script.write_text(
        "import os, subprocess, sys\n"
        f"open({str(log)!r}, 'a').write(os.environ['FAXWS_CASE'] + '\\n')\n"
        f"sys.exit(subprocess.run({[*BUGGY, 'none']!r} + sys.argv[1:]).returncode)\n"
    )
    code, _, report = _run(
        capsys,
        tmp_path,
        "decoder",
        "--case",
        "decoder/golden/CheckService/soap1*",
        "--exclude",
        "decoder/golden/CheckService/soap11/*=our SOAP 1.1 reader is not released yet",
        "--",
        PY,
        str(script),
    )
    seen = [x for x in log.read_text().split() if not x.startswith("calibration/")]
    assert seen == [
        "decoder/golden/CheckService/soap12/request",
        "decoder/golden/CheckService/soap12/response",
    ]
    excluded = [r for r in report["results"] if r["detail"].startswith("excluded")]
    assert len(excluded) == 2 and all("not released yet" in r["detail"] for r in excluded)
    assert code == 0  # 2 of 4 graded: the default threshold


def test_every_report_names_the_kit_version_and_schema_hash(capsys, tmp_path):
    code, out, report = _run(
        capsys, tmp_path, "decoder", "--batch", "--case", "decoder/media/*", "--", *BUGGY, "none"
    )
    ident = kit_identity()
    assert code == 0
    assert report["kit_version"] == ident["kit_version"]
    assert report["schema_sha256"] == ident["schema_sha256"] and len(ident["schema_sha256"]) == 64
    assert f"kit {ident['kit_version']}, schema sha256 {ident['schema_sha256'][:16]}" in out
    props = {
        p.get("name"): p.get("value")
        for p in ET.parse(tmp_path / "conformance-decoder.junit.xml").getroot().iter("property")
    }
    assert props["schema_sha256"] == ident["schema_sha256"] and props["kit_version"]
    html = (tmp_path / "conformance-decoder.html").read_text()
    assert ident["schema_sha256"] in html and "What passing proves" in html
    assert "does not" in report["proves"]
    for r in report["results"]:
        assert r["rule"] and r["acceptable"] and r["expected"] and r["actual"]


def test_a_failure_shows_its_rule_expected_actual_and_bytes_first(capsys, tmp_path):
    from faxstatus.conformance import Report, Result, Verdict, format_terminal

    cases = decoder_cases()
    accept = next(c for c in cases if c.id == "decoder/golden/GetFaxStatus/soap12/response")
    passing = next(c for c in cases if c.id == "decoder/golden/CheckService/soap12/request")
    from faxstatus.conformance._adapter import AdapterAnswer, grade_decoder

    wrong = json.loads(json.dumps(accept.expected))
    body = wrong["GetFaxStatusResponse"]
    body["WSError"]["ErrorString"] = None  # tolerable on its own
    body["return"] = False  # the deciding difference
    body["FaxStatusList"][0]["StatusDescription"] = None
    body["FaxStatusList"][0]["FaxJobId"] = None
    result = grade_decoder(accept, AdapterAnswer("ok", json.dumps(wrong).encode()))
    assert result.verdict is Verdict.FAIL
    assert (
        result.detail.startswith("wrong JSON form: $.GetFaxStatusResponse.")
        and "more)" not in result.detail
    )
    report = Report("decoder", "x", [Result(passing, Verdict.INFO, "unsupported"), result])
    text = format_terminal(report)
    lines = text.splitlines()
    assert lines[0].startswith("FAIL       decoder/golden/GetFaxStatus/soap12/response")
    assert "$.GetFaxStatusResponse.return: expected true, got false" in text
    assert "rule: CONTRACT.md §2.3" in text and "expected:" in text and "actual:" in text
    assert "sent (input (application/soap+xml" in text
    assert "NOT PASSED: 1 cases fail" in text


# ----------------------------------------------------------------------------- the boundary


def test_adapter_output_is_capped_while_reading():
    cases = decoder_cases()[:1]
    with Adapter([*BUGGY, "flood"], max_bytes=1 << 20) as adapter:
        report = run_adapter("decoder", cases, adapter, calibrate=False)
    r = report.results[0]
    assert r.verdict.value == "fail" and "over the 1048576-byte cap" in r.detail
    with Adapter([*BUGGY, "flood"], batch=True, max_bytes=1 << 20) as adapter:
        report = run_adapter("decoder", cases, adapter, calibrate=False)
    assert "over the 1048576-byte cap" in report.results[0].detail


def test_the_whole_adapter_run_ends_by_its_timeout(capsys, tmp_path):
    sleeper = [PY, "-c", "import time; time.sleep(60)"]
    code, _, report = _run(
        capsys, tmp_path, "decoder", "--timeout", "1", "--case", "decoder/media/*", "--", *sleeper
    )
    assert code == 124 and report["timed_out"]


@pytest.fixture
def trickling_server() -> Iterator[str]:
    """A loopback HTTP server that answers one byte a second, forever (until closed)."""
    srv = socket.create_server(("127.0.0.1", 0))
    srv.settimeout(0.2)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        conn.settimeout(0.2)
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n")
            while not stop.wait(1.0):
                conn.sendall(b"X")
        except OSError:
            pass
        finally:
            conn.close()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}/fax/v5"
    stop.set()
    thread.join(5)
    srv.close()


def test_server_run_against_a_trickling_server_ends_by_its_timeout(
    capsys, tmp_path, trickling_server
):
    # The bound is generous: the run must end, not end fast (20 s for a 2 s timeout).
    done: list[int] = []
    worker = threading.Thread(
        target=lambda: done.append(
            main(
                [
                    "conformance",
                    "server",
                    trickling_server,
                    "--user",
                    "u",
                    "--token",
                    "t",
                    "--timeout",
                    "2",
                    "-q",
                    "-o",
                    str(tmp_path),
                ]
            )
        ),
        daemon=True,
    )
    worker.start()
    worker.join(20)
    assert done == [124]
    report = json.loads((tmp_path / "conformance-server.json").read_text())
    assert report["timed_out"]


def test_server_answers_are_read_under_the_cap(tmp_path):
    import httpx

    from faxstatus.conformance._server import ServerOptions, run_server

    big = b"<x>" + b"A" * (2 << 20) + b"</x>"
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=big))
    opts = ServerOptions("http://faxws.test/fax/v5", "u", token="t", max_bytes=1 << 20)
    report = run_server(opts, operations=["CheckService"], forms=["soap12"], transport=transport)
    first = report.results[0]
    assert first.verdict.value == "fail" and "1048576-byte cap" in first.detail


def test_server_needs_explicit_credentials(capsys, monkeypatch):
    monkeypatch.delenv("FAXSTATUS_PIN", raising=False)
    monkeypatch.delenv("FAXSTATUS_TOKEN", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["conformance", "server", "http://127.0.0.1:9/fax/v5"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--user" in err and "--token" in err and "--pin" in err and "no default" in err


def test_server_case_and_exclude_select_what_is_sent(tmp_path, capsys):
    from faxstatus.simulator import SimulatorServer

    from ..support.helpers import make_simulator

    sim = make_simulator()
    with SimulatorServer(sim) as srv:
        code = main(
            [
                "conformance",
                "server",
                srv.url,
                "--user",
                "demo-user",
                "--token",
                "demo-token",
                "-q",
                "-o",
                str(tmp_path),
                "--case",
                "server/ops/CheckService/*",
                "--exclude",
                "server/ops/CheckService/json=not served here",
            ]
        )
    capsys.readouterr()
    report = json.loads((tmp_path / "conformance-server.json").read_text())
    sent = [r for r in report["results"] if not r["detail"].startswith("excluded")]
    assert code == 0 and len(sent) == 3 and sim.requests == 3
    excluded = [r for r in report["results"] if r["detail"].startswith("excluded")]
    assert [r["id"] for r in excluded] == ["server/ops/CheckService/json"]
    # The wire kept is what went out: httpx's own headers (Host, Content-Length) included.
    request = sent[0]["wire"][0]
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["host"].startswith("127.0.0.1:")
    assert int(headers["content-length"]) == len(request["text"].encode())


def test_an_encoder_with_swapped_exit_statuses_fails_calibration(capsys, tmp_path):
    cases = ["--case", "encoder/golden/CheckService/*"]
    code, _, report = _run(
        capsys, tmp_path, "encoder", "--batch", *cases, "--", *BUGGY, "swapped-exit"
    )
    assert code == 1 and report["adapter_error"] and report["results"] == []
    assert [c["id"].split("/")[1] for c in report["calibration"]] == ["encoder"] * 6


def test_server_list_sends_nothing_and_needs_no_credentials(capsys):
    # Port 9 (discard) on loopback: nothing listens there, and nothing is sent.
    code = main(["conformance", "server", "http://127.0.0.1:9/fax/v5", "--list"])
    out = capsys.readouterr().out
    assert code == 0 and "run        server/ops/GetRealTimeFaxStatusEx/soap12" in out
    assert "acceptable: HTTP 200 in the request's form" in out
    assert "cases listed (--list: nothing was sent)" in out
