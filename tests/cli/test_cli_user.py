"""The command line as a user lives it: exits, ids from stdin and files, credentials, pipes."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys

import pytest

import faxstatus
from faxstatus.cli._status import ProgressBar
from faxstatus.simulator import SimulatorServer

from ..support.cli import run_cli as run
from ..support.helpers import FIXED_EPOCH_ARG, make_simulator
from ..support.paths import ROOT

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.fixture
def env(monkeypatch, server):
    monkeypatch.setenv("FAXSTATUS_ENDPOINT", server.url)
    monkeypatch.setenv("FAXSTATUS_USER", "demo-user")
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    return server


def cli(*argv: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faxstatus", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        **kw,
    )


# -- exit statuses and output ------------------------------------------------------------


def test_version_from_one_source(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"faxstatus {faxstatus.__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


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


def test_credentials_are_exclusive_even_from_the_environment(capsys, env, monkeypatch):
    monkeypatch.delenv("FAXSTATUS_PIN")
    monkeypatch.setenv("FAXSTATUS_TOKEN", "demo-token")
    code, _, err = run(capsys, "status", "br1", "--pin", "demo-pin")
    assert code == 2 and "give one credential, not FAXSTATUS_TOKEN (environment) and --pin" in err
    assert "demo-token" not in err and "demo-pin" not in err
    code, _, err = run(capsys, "status", "br1", "--client-id", "demo-client")
    assert code == 2 and "FAXSTATUS_TOKEN (environment) and --client-id" in err


def test_missing_credentials_and_ids_are_usage_errors(capsys, env, monkeypatch):
    code, _, err = run(capsys, "status")
    assert code == 2 and "give at least one JOBID" in err
    monkeypatch.delenv("FAXSTATUS_PIN")
    code, _, err = run(capsys, "status", "br1")
    assert code == 2 and "give a credential" in err
    code, _, err = run(capsys, "status", "br1", "--client-id", "demo-client")
    assert code == 2 and "--client-id needs --token-url" in err


@pytest.mark.parametrize("command", ["status", "watch", "check"])
def test_a_token_http_cannot_carry_is_a_usage_error(capsys, env, monkeypatch, command):
    monkeypatch.delenv("FAXSTATUS_PIN")
    monkeypatch.setenv("FAXSTATUS_TOKEN", "t\u00f6k secret")
    code, out, err = run(capsys, command, *(["br1"] if command != "check" else []))
    assert code == 2 and "printable ASCII without spaces" in err and "Traceback" not in err
    assert "t\u00f6k" not in err and out == ""


def test_demo_and_serve_refuse_bad_options_in_one_line(capsys):
    code, _, err = run(capsys, "demo", FIXED_EPOCH_ARG, "--user", "")
    assert code == 2 and err.count("\n") == 2 and "--user must not be empty" in err


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


def test_check_failures(capsys):
    code, _, err = run(capsys, "check", "--endpoint", "ftp://nowhere", "--attempts", "1")
    assert code == 2 and "endpoint must be an http(s) URL" in err
    endpoint = f"http://127.0.0.1:{_free_port()}/fax/v5"
    code, out, err = run(capsys, "check", "--endpoint", endpoint, "--attempts", "1")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("faxstatus: CheckService failed: ConnectError")


# -- many ids ------------------------------------------------------------------------------


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


def test_watch_reads_ids_from_stdin(capsys, env, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"br1000000001\nbr1000000003\n")))
    code, out, _ = run(capsys, "watch", "-", "--json")
    doc = json.loads(out)
    assert code == 0 and [r["status"]["name"] for r in doc["results"]] == ["succeeded", "failed"]


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

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = ProgressBar("GetRealTimeFaxStatusEx", stream)
        for i in range(1, 51):
            bar(i, 50)
        bar.clear()
    assert pipe.getvalue() == ""
    assert "50/50 batches" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[2K")
    single = Tty()
    ProgressBar("x", single)(1, 1)
    assert single.getvalue() == ""  # one batch: no bar


# -- OAuth from the command line -----------------------------------------------------------


def test_status_with_oauth_client_credentials(capsys, server, monkeypatch):
    monkeypatch.setenv("FAXSTATUS_CLIENT_SECRET", "demo-secret")
    monkeypatch.setenv("FAXSTATUS_TOKEN_URL", server.token_url)
    argv = ["status", "br1000000001", "--endpoint", server.url, "--user", "demo-user"]
    code, out, err = run(capsys, *argv, "--client-id", "demo-client", "-v", "--trace")
    assert code == 0 and "succeeded" in out
    assert "client_credentials grant gave a token" in err  # -v: the library's log
    assert "demo-secret" not in out + err and "sim-" not in out + err
    code, out, err = run(capsys, *argv, "--client-id", "demo-client", "--client-secret", "no")
    assert code == 1 and "auth" in out and "invalid_client" in out


# -- watch ---------------------------------------------------------------------------------


def test_watch_plain_lines_and_json(capsys, env):
    # br1000000001 is long delivered, br9999999999 unknown: final after one round.
    code, out, _ = run(capsys, "watch", "br1000000001", "br9999999999", "--interval", "0.05")
    lines = out.splitlines()
    assert code == 3 and "br1000000001 succeeded 3/3" in lines[0]
    assert "br9999999999 not found" in lines[1] and lines[-1].startswith("done: 2/2 final")
    code, out, _ = run(capsys, "watch", "br1000000001", "--json")
    doc = json.loads(out)  # nothing but the result on stdout
    assert code == 0 and doc["ok"] and not doc["timed_out"] and doc["rounds"] == 1


def test_watch_timeout_exits_124(capsys, monkeypatch):
    sim = make_simulator([faxstatus.simulator.SimJob("brSLOW", 1, 0, queue_seconds=1e9)])
    with SimulatorServer(sim) as srv:
        argv = [
            "watch",
            "brSLOW",
            "--endpoint",
            srv.url,
            "--user",
            "demo-user",
            "--pin",
            "demo-pin",
        ]
        code, out, _ = run(capsys, *argv, "--interval", "0.05", "--timeout", "0.3")
    assert code == 124 and out.splitlines()[-1].startswith("timed out: 0/1 final")


def test_watch_ctrl_c_prints_the_last_state_and_exits_130(tmp_path):
    sim_port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", "serve", FIXED_EPOCH_ARG, "--port", str(sim_port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()
        env = {**os.environ, "FAXSTATUS_PIN": "demo-pin", "FAXSTATUS_USER": "demo-user"}
        endpoint = f"http://127.0.0.1:{sim_port}/fax/v5"
        watch = subprocess.Popen(
            [sys.executable, "-m", "faxstatus", "watch", "br1000000006", "--endpoint", endpoint],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert watch.stdout is not None
        first = watch.stdout.readline()  # the first round is in
        watch.send_signal(signal.SIGINT)
        rest, err = watch.communicate(timeout=30)
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert "br1000000006 in progress" in first
    assert watch.returncode == 130 and "Traceback" not in err
    assert (
        "interrupted; last known state: 0/1 final" in rest and "br1000000006  in progress" in rest
    )


# -- pipes and serve -----------------------------------------------------------------------


def _head(argv: list[str], lines: int = 2, **kw) -> tuple[int, str, list[bytes]]:
    """Run the command as `faxstatus … | head -N` would: read N lines, then close the pipe."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kw,
    )
    assert proc.stdout is not None and proc.stderr is not None
    head = [proc.stdout.readline() for _ in range(lines)]
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    return proc.wait(timeout=60), err, head


def test_closed_stdout_pipe_exits_quietly(tmp_path, server):
    from faxstatus.codec import encode

    from ..support.samples import response

    big = response("GetRealTimeFaxStatusEx")
    big.fax_status_list.item = big.fax_status_list.item * 2000
    f = tmp_path / "big.xml"
    f.write_bytes(encode(big, "soap12").body)
    # decode writes its output at once; CPython may drop the tail of a single write cut by
    # EPIPE without raising, so the status is 141 or 0, but never a traceback.
    code, err, head = _head(["decode", str(f)])
    assert code in (0, 141) and err == "" and head[0].startswith(b"{")
    ids = tmp_path / "ids.txt"
    ids.write_text("".join(f"br{i:010d}\n" for i in range(3000)))
    argv = ["status", "--ids-file", str(ids), "--json", "--endpoint", server.url]
    env = {**os.environ, "FAXSTATUS_USER": "demo-user", "FAXSTATUS_PIN": "demo-pin"}
    code, err, head = _head(argv, env=env)
    assert code == 141 and err == "" and head[1].startswith(b'  "operation"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_errors_are_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = cli("serve", FIXED_EPOCH_ARG, "--port", str(port))
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in r.stderr
    r = cli("serve", FIXED_EPOCH_ARG, "--port", "99999")
    assert r.returncode == 2 and "a port is 0 to 65535, got 99999" in r.stderr
    assert r.stderr.startswith("usage: faxstatus serve")
    # IPv6 hosts are served (tests/simulator/test_server.py); an unknown host is one line.
    r = cli("serve", FIXED_EPOCH_ARG, "--host", "no.such.host.", "--port", "0")
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert "cannot listen on no.such.host.:0: unknown host" in r.stderr
