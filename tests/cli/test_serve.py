"""faxstatus serve and demo: the simulator on a port, the demo run, their one-line refusals."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

import faxstatus

from ..support.cli import run_cli as run
from ..support.helpers import FIXED_EPOCH, FIXED_EPOCH_ARG
from ..support.paths import ROOT, VECTORS
from ..support.slowclients import check_service, slow_clients

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


@pytest.mark.slow
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
    assert re.search(f"br1000000001 +succeeded +3/3 +{delivered:%Y-%m-%dT%H:%M:%S}Z", out)
    assert "br3000000002  succeeded    by poll (its push was lost)" in out  # push and pull


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
        code, _, err = run(capsys, cmd, *argv)
        assert code == 2 and message in err and err.count("\n") == 2, err


def test_demo_and_serve_refuse_bad_options_in_one_line(capsys):
    code, _, err = run(capsys, "demo", FIXED_EPOCH_ARG, "--user", "")
    assert code == 2 and err.count("\n") == 2 and "--user must not be empty" in err


def test_serve_help_shows_the_demo_credentials(capsys):

    code, out, _ = run(capsys, "serve", "--help")
    assert code == 0
    out = re.sub(r"-\n\s*", "-", out)  # argparse wraps at hyphens
    for value in ("demo-user", "demo-pin", "demo-token", "demo-client", "demo-secret"):
        assert value in out, value
    assert "demo-password" in out


@pytest.mark.slow
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


def cli(*argv: str, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faxstatus", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        **kw,
    )


@pytest.mark.slow
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_and_proxy_answer_while_64_slow_clients_hold_each():
    serve_port, proxy_port = _free_port(), _free_port()
    upstream = f"http://127.0.0.1:{serve_port}/fax/v5"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "faxstatus", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for argv in (
            ["serve", FIXED_EPOCH_ARG, "--port", str(serve_port)],
            ["proxy", "--upstream", upstream, "--port", str(proxy_port)],
        )
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert "127.0.0.1" in proc.stdout.readline()  # the banner: listening
        for port in (serve_port, proxy_port):
            with slow_clients("127.0.0.1", port, 64) as socks:
                assert len(socks) == 64
                assert check_service("127.0.0.1", port).startswith(b"HTTP/1.1 200 ")
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def test_demo_push_and_pull_part_is_the_same_every_run(capsys):
    import argparse

    from faxstatus.cli._serve import _push_pull_demo

    args = argparse.Namespace(user="demo-user", pin="demo-pin", epoch=FIXED_EPOCH)
    runs = []
    for _ in range(2):
        _push_pull_demo(args)
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1]
    lines = runs[0].splitlines()
    assert lines[-6:] == [
        "  t=  20 s  br3000000001  succeeded    by push",
        "  t=  88 s  br3000000003  failed       by push (pushed 2 times: the copy changed nothing)",
        "  t= 300 s  br3000000002  succeeded    by poll (its push was lost)",
        "  t= 300 s  br3000000004  in progress  by poll (no final push yet)",
        "  t= 420 s  br3000000004  succeeded    by push",
        "  4 pushes stored (4 acknowledged, 1 lost), 2 poll requests; 4/4 final",
    ]


@pytest.mark.slow
def test_serve_pushes_each_final_status_with_its_header_and_faults(tmp_path):
    import os
    import threading

    from faxstatus.push import ListenServer, NotificationStore, Receiver

    from ..support.cli import free_port

    port = free_port()
    with NotificationStore(tmp_path / "got.db") as store:
        receiver = Receiver(store, require_header="X-Push-Secret=s3cret")
        with ListenServer(receiver) as listener:
            argv = [
                sys.executable,
                "-m",
                "faxstatus",
                "serve",
                "--port",
                str(port),
                FIXED_EPOCH_ARG,
            ]
            argv += ["--speed", "100", "--push-url", listener.url + "hook", "--push-format", "soap"]
            argv += ["--push-header", "X-Push-Secret=s3cret", "--push-lose", "br1000000003"]
            proc = subprocess.Popen(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=os.environ
            )
            # The sender logs a push after its answer, so the store holds the fifth push a
            # moment before the fifth log line is written: wait for both.
            lines: list[str] = []
            assert proc.stderr is not None
            reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
            reader.start()
            try:
                waited = threading.Event()
                for _ in range(300):  # a generous bound (30 s): the pushes at all, not a speed
                    if store.count() >= 5 and sum("-> HTTP 200" in x for x in lines) >= 5:
                        break
                    waited.wait(0.1)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
                reader.join(timeout=30)
                proc.stderr.close()
            err = "".join(lines)
        receiver.close()
        # The six demo jobs are final within a second at 100x; one push lost on purpose.
        got = sorted(n.job_id for n in store.notifications())
        assert got == [
            "br1000000001",
            "br1000000002",
            "br1000000004",
            "br1000000005",
            "br1000000006",
        ]
        assert {n.flavour for n in store.notifications()} == {"soap"}
        assert store.last_status("br1000000002").description == "Success"
    assert "push br1000000003 lost on purpose" in err and "s3cret" not in err
    assert err.count("-> HTTP 200") == 5


SCENARIO = """
[[job]]
id = "br4200000000"
pages = 2

[[rule]]
name = "busy"
job = "br4200000000"
after = 20
before = 30
throttle = { status = 429, retry_after = 5 }

[[rule]]
name = "story"
job = "br4200000000"
timeline = [{ at = 0, status = "in_progress", pages_sent = 1 }, { at = 30, status = "failed" }]
"""


def _request_file(tmp_path, job_id: str) -> str:
    from faxstatus import FaxStatusClient

    with FaxStatusClient("demo-user", pin="demo-pin", endpoint="http://sim.test/fax/v5") as c:
        prep = c.prepare("GetRealTimeFaxStatusEx", [job_id])
    head = f"POST /fax/v5 HTTP/1.1\r\nContent-Type: {prep.headers['Content-Type']}\r\n"
    head += f"Content-Length: {len(prep.body)}\r\n\r\n"
    path = tmp_path / "request.http"
    path.write_bytes(head.encode() + bytes(prep.body))
    return str(path)


def test_check_scenario_names_the_rule_a_request_matches(capsys, tmp_path):
    scenario = tmp_path / "story.toml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    request = _request_file(tmp_path, "br4200000000")
    argv = ["serve", FIXED_EPOCH_ARG, "--check-scenario", str(scenario), request]
    code, out, _ = run(capsys, *argv, "--at", "25")
    assert code == 0, out
    assert "GetRealTimeFaxStatusEx as soap12, credential pin, jobs br4200000000" in out
    assert "matches rule 1 'busy': throttle HTTP 429, Retry-After 5" in out
    assert "answer: HTTP 429, Retry-After 5" in out
    code, out, _ = run(capsys, *argv, "--at", "35")
    assert code == 0 and "matches rule 2 'story': timeline of br4200000000 (2 steps)" in out
    assert "answer: HTTP 200" in out
    other = _request_file(tmp_path, "br1000000001")
    code, out, _ = run(capsys, "serve", FIXED_EPOCH_ARG, "--check-scenario", str(scenario), other)
    assert code == 3 and "matches no rule of" in out


def test_serve_refuses_a_bad_scenario_naming_rule_key_and_line(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nname = "slow"\ndelai = 2\n', encoding="utf-8")
    code, out, err = run(capsys, "serve", FIXED_EPOCH_ARG, "--port", "0", "--scenario", str(bad))
    assert code == 1 and out == ""
    assert f"{bad}: rule 1 'slow', line 1: unknown key 'delai'" in err
    code, out, _ = run(capsys, "serve", FIXED_EPOCH_ARG, "--scenario-keys")
    assert code == 0 and "retry_after" in out and "timeline steps:" in out


@pytest.mark.slow
def test_serve_with_a_scenario_answers_by_its_rules_and_logs_them():
    # The example scenario at simulator second 0: the job's timeline; the answer names it.
    port = _free_port()
    scenario = str(ROOT / "examples" / "scenario.toml")
    argv = ["serve", FIXED_EPOCH_ARG, "--port", str(port), "--scenario", scenario]
    proc = subprocess.Popen(
        [sys.executable, "-m", "faxstatus", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        banner = [proc.stdout.readline() for _ in range(3)]
        assert banner[2].startswith(f"Scenario {scenario}: 1 job, 3 rules (busy, story,")
        url = f"http://127.0.0.1:{port}/fax/v5"
        with faxstatus.FaxStatusClient("demo-user", pin="demo-pin", endpoint=url) as c:
            report = c.get_real_time_fax_status_ex(["br4200000000"])
        assert report["br4200000000"].kind == "in_progress"
        assert "GetRealTimeFaxStatusEx" in (log := proc.stderr.readline())
        assert log.rstrip().endswith("rule=story")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
