"""faxstatus status and check: the table, --json, exit statuses, ids from stdin and files."""

from __future__ import annotations

import dataclasses
import io
import json
import socket
import sys

import pytest

import faxstatus
from faxstatus.cli import main
from faxstatus.cli._progress import Progress
from faxstatus.cli._status import single_json
from faxstatus.codec._plan import plan_for
from faxstatus.simulator import SimulatorServer

from ..support.cli import free_port
from ..support.cli import run_cli as run
from ..support.helpers import build, make_simulator
from ..support.paths import VECTORS

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


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
    ("argv", "message"),
    [
        (["--batch-size", "0"], "argument --batch-size: must be at least 1, got 0"),
        (["--attempts", "0"], "argument --attempts: must be at least 1, got 0"),
        (["--timeout", "-1"], "argument --timeout: must be a number of seconds above 0"),
        (["--timeout", "soon"], "argument --timeout: expected a number of seconds"),
        (["--batch-size", "x"], "expected a whole number, got 'x'"),
    ],
)
def test_bad_numbers_are_usage_errors_in_user_terms(capsys, env, argv, message):
    code, out, err = run(capsys, "status", "br1", *argv)
    assert code == 2 and out == "" and err.startswith("usage: faxstatus status")
    assert message in err and "RetryPolicy" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_transport_failure_is_one_line_on_stderr(capsys, command):
    endpoint = f"http://127.0.0.1:{free_port()}/fax/v5"
    argv = [command, "br1000000001", "br1000000002", "--user", "u", "--pin", "p"]
    argv += ["--endpoint", endpoint, "--attempts", "1"]
    expected = 1
    if command == "watch":  # a transport failure may pass: watch polls on until its timeout
        argv += ["--timeout", "0.5", "--interval", "0.1"]
        expected = 124  # and the timeout, not the failure, ends it
    code, out, err = run(capsys, *argv)
    assert code == expected and "transport" in out  # the row stays in the table
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("faxstatus: transport (br1000000001 and 1 more): ConnectError")
    code, out, err = run(capsys, *argv, "--json")
    assert code == expected and json.loads(out)["results"][0]["error"]["kind"] == "transport"
    # watch --json says each failed round on stderr as it goes; the summary line is last
    last = err.splitlines()[-1]
    assert last.startswith("faxstatus: transport (br1000000001 and 1 more): ConnectError")
    if command == "status":
        assert len(err.splitlines()) == 1


def test_status_exit_1_for_transport_failure(capsys, monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    argv = ["status", "br1", "--user", "u", "--pin", "p", "--attempts", "1"]
    code, out, _ = run(capsys, *argv, "--endpoint", f"http://127.0.0.1:{port}/fax/v5")
    assert code == 1 and "transport" in out
    # A token endpoint that is down is named as such, not as the FaxWS endpoint.
    oauth = ["--client-id", "c", "--client-secret", "s", "--attempts", "1"]
    oauth += ["--token-url", f"http://127.0.0.1:{port}/oauth/token", "--user", "u"]
    code, out, _ = run(capsys, "status", "br1", *oauth, "--endpoint", "http://127.0.0.1:9/fax/v5")
    assert code == 1 and f"talking to http://127.0.0.1:{port}/oauth/token" in out


@pytest.mark.parametrize("command", ["status", "watch"])
def test_a_wrong_pin_is_one_line_on_stderr_without_the_pin(capsys, server, command):
    argv = [command, "br1000000001", "br1000000002", "--batch-size", "1"]
    argv += ["--endpoint", server.url, "--user", "demo-user", "--pin", "wrong-pin-4711"]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "Authentication failed" in out
    lines = err.splitlines()
    assert lines[0] == "faxstatus: auth (br1000000001): FaxWS error -1000: Authentication failed"
    # the batches not sent after it share one line, whatever their number
    assert len(lines) == 2 and lines[1].startswith("faxstatus: not sent (br1000000002)")
    assert "wrong-pin-4711" not in out + err


def test_simple_get_fax_status_and_check(capsys, env):
    code, out, _ = run(capsys, "status", "--operation", "SimpleGetFaxStatus", "br1000000001")
    assert code == 0 and out.split() == ["br1000000001", "succeeded", "(1)"]
    code, out, _ = run(
        capsys, "status", "--operation", "SimpleGetFaxStatus", "br9999999999", "--json"
    )
    doc = json.loads(out)
    assert code == 3 and doc["ok"] is False and doc["error"]["kind"] == "not_found"
    code, _, err = run(capsys, "status", "--operation", "SimpleGetFaxStatus", "br1", "br2")
    assert code == 2 and "exactly one JOBID" in err
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.strip() == "FaxWS simulator OK"


def test_single_id_json_shows_every_field_of_the_response(capsys, env):
    code, out, _ = run(
        capsys, "status", "--operation", "SimpleGetFaxStatus", "br1000000001", "--json"
    )
    doc = json.loads(out)
    fields = [f.name for f in plan_for(faxstatus.models.SimpleFaxStatusResponse).fields]
    assert code == 0 and list(doc["response"]) == fields and doc["response"]["return"] == 1


def _attr_of(meaning: str) -> str:
    """The attribute of Ex3's element known as *meaning*."""
    fields = plan_for(faxstatus.models.RealTimeFaxStatusEx3).fields
    return next(f.attr for f in fields if f.was == meaning)


def test_single_id_json_fields_come_from_the_model_not_a_list():
    # Whatever the response model declares is shown: here one with many fields.
    item = build(
        faxstatus.models.RealTimeFaxStatusEx3,
        {
            "FaxJobId": "br1",
            "FaxJobStatusId": 1,
            "StatusDescription": "Sent",
            "Error": "",
            "RecipientState": "",
            "RecipientCurrentPageCount": 2,
            "RecipientTotalPageCount": 2,
            "FaxDeliveryDateTime": "2026-11-26T09:00:00Z",
            "FaxDeliveryDuration": 30,
            "ReferenceId": "ref",
            "FaxNumber": "+1",
            "FaxSubmitDateTime": "2026-11-26T08:59:00Z",
            "FaxStartDateTime": "2026-11-26T08:59:30Z",
            "FaxDeliveryAttempts": 1,
        },
    )
    known = {f.was for f in plan_for(faxstatus.models.RealTimeFaxStatusEx3).fields}
    csid = "RemoteFaxCSID" in known  # not after a rename left unrecorded
    if csid:
        item = dataclasses.replace(item, **{_attr_of("RemoteFaxCSID"): "CSID"})
    result = faxstatus.SimpleStatus("br1", 1, None)
    doc = single_json("SimpleGetFaxStatus", result, item)
    assert list(doc["response"]) == [f.name for f in plan_for(type(item)).fields]
    assert doc["status"]["code"] == 1 and doc["response"]["StatusDescription"] == "Sent"
    if csid:
        name = next(f.name for f in plan_for(type(item)).fields if f.was == "RemoteFaxCSID")
        assert doc["response"][name] == "CSID"


def test_a_cell_of_the_more_column_shows_the_data_never_a_masked_repr():
    # A list or complex value in JobStatus.extra: str() of a list shows its strings' reprs,
    # and a string echoing a secret (Shown) has a masked repr; the table shows what was sent.
    from decimal import Decimal

    from faxstatus._redact import Shown
    from faxstatus.cli._status import _cell

    echo = Shown("Tag 4321")
    echo.masked_repr = "'Tag ***'"
    error = faxstatus.models.WSError(error_code=7, error_string=echo)
    assert _cell([echo, "b"]) == '["Tag 4321", "b"]'
    assert json.loads(_cell(error)) == {"ErrorCode": 7, "ErrorString": "Tag 4321"}
    assert _cell(Decimal("1.50")) == "1.50" and _cell(None) == "-" and _cell(False) == "false"
    assert _cell(b"ab") == "YWI=" == json.loads(_cell([b"ab"]))[0]  # base64, not a repr


class _Counting(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("command", ["status", "watch"])
def test_json_is_written_in_one_write(env, monkeypatch, command):
    out = _Counting()
    monkeypatch.setattr(sys, "stdout", out)
    # final at once (long delivered, failed, unknown): the watch has one round
    ids = ["br1000000001", "br1000000003", "br1000000005"] + [f"br99999999{i}" for i in "1234"]
    code = main([command, *ids, "--json", *(["--interval", "0.05"] if command == "watch" else [])])
    doc = json.loads(out.getvalue())
    assert code in (0, 3) and len(doc["results"]) == 7
    assert out.writes == 1


def test_check_failures(capsys):
    code, _, err = run(capsys, "check", "--endpoint", "ftp://nowhere", "--attempts", "1")
    assert code == 2 and "endpoint must be an http(s) URL" in err
    endpoint = f"http://127.0.0.1:{free_port()}/fax/v5"
    code, out, err = run(capsys, "check", "--endpoint", endpoint, "--attempts", "1")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("faxstatus: CheckService failed: ConnectError")


def test_ids_from_stdin_and_file(capsys, env, monkeypatch, tmp_path):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"br1000000001\n\nJRI-INV-1001\r\n"))
    )
    f = tmp_path / "ids.txt"
    f.write_text("# one per line\nbr1000000003\n")
    code, out, _ = run(capsys, "status", "-", "--ids-file", str(f), "--json")
    ids = [r["job_id"] for r in json.loads(out)["results"]]
    assert code == 0 and ids == ["br1000000001", "JRI-INV-1001", "br1000000003"]
    f.write_text("br1\nbr 2\n")
    code, _, err = run(capsys, "status", "--ids-file", str(f))
    assert code == 1 and f"{f} line 2: job id 'br 2' has whitespace" in err


def test_a_wrong_credential_is_sent_once_for_5000_ids(capsys, monkeypatch):
    with SimulatorServer(make_simulator()) as srv:
        monkeypatch.setattr(
            sys,
            "stdin",
            io.TextIOWrapper(io.BytesIO(b"".join(b"br%010d\n" % i for i in range(5000)))),
        )
        argv = ["status", "-", "--endpoint", srv.url, "--user", "demo-user", "--token", "wrong"]
        code, out, _ = run(capsys, *argv, "--json")
        assert srv.simulator.requests == 1
    results = json.loads(out)["results"]
    assert code == 1 and results[0]["error"]["kind"] == "auth"
    assert {r["error"]["kind"] for r in results[100:]} == {"not_sent"}
    assert "Authentication failed" in results[-1]["error"]["message"]


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    def clock() -> float:
        return 0.0  # no time passes: only the last of the 50 updates is drawn after the first

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress("GetRealTimeFaxStatusEx", unit="batches", stream=stream, clock=clock)
        for i in range(1, 51):
            bar(i, 50)
        bar.close()
    assert pipe.getvalue() == ""
    assert "50/50 batches" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[2K")
    assert tty.getvalue().count("batches") == 2
    single = Tty()
    Progress("x", stream=single, clock=clock)(1, 1)
    assert single.getvalue() == ""  # one batch: no bar


def test_status_json_gives_kind_and_final_and_the_table_the_reason_and_resolved_job(capsys, env):
    # An integrator's script reads kind and final per job, without re-deriving them; the
    # table says why a fax failed (StatusDescription) and which job a JRI- lookup found.
    ids = ["br1000000002", "br1000000003", "JRI-INV-1001", "br9999999999"]
    code, out, _ = run(capsys, "status", *ids, "--json")
    got = {r["job_id"]: (r["kind"], r["final"]) for r in json.loads(out)["results"]}
    assert code == 3 and got == {
        "br1000000002": ("in_progress", False),
        "br1000000003": ("failed", True),
        "JRI-INV-1001": ("succeeded", True),
        "br9999999999": ("not_found", True),
    }
    code, out, _ = run(capsys, "status", *ids)
    head, *rows = out.splitlines()
    assert head.split()[:3] == ["JOB", "ID", "JOB"] and "DESCRIPTION" in head
    by_id = {row.split()[0]: row for row in rows}
    assert "Failed: no answer" in by_id["br1000000003"]
    assert by_id["JRI-INV-1001"].split()[1:3] == ["br1000000005", "succeeded"]
    assert "Sending" in by_id["br1000000002"]


def test_an_expired_token_is_kind_auth_with_the_servers_reason(capsys):
    # The gateway's 401 (RFC 6750 §3 challenge) is a refused credential, not a bare HTTP
    # error: kind auth, and the server's error_description in the one line on stderr.
    sim = make_simulator()
    form = b"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
    reply = sim.handle(
        "POST", {"content-type": "application/x-www-form-urlencoded"}, form, "/oauth/token"
    )
    token = json.loads(reply.body)["access_token"]
    sim.oauth.expire_all()
    with SimulatorServer(sim) as srv:
        argv = ["status", "br1000000001", "br1000000002", "--endpoint", srv.url]
        argv += ["--user", "demo-user", "--token", token]
        code, out, err = run(capsys, *argv, "--json")
        results = json.loads(out)["results"]
        assert code == 1 and {r["kind"] for r in results} == {"auth"}
        assert results[0]["error"]["kind"] == "auth"
        assert "The access token expired (invalid_token)" in results[0]["error"]["message"]
        code, out, err = run(capsys, *argv)
    assert code == 1 and "auth" in out
    assert "faxstatus: auth" in err and "The access token expired" in err
    assert token not in out + err
