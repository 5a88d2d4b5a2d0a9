"""faxstatus watch: lines and --json, ids from stdin, --timeout exits 124, Ctrl-C exits 130."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys

import pytest

import faxstatus
from faxstatus.cli._watch import LiveDisplay, follow
from faxstatus.simulator import SimJob, SimulatorServer, SimulatorTransport

from ..support.cli import free_port
from ..support.cli import run_cli as run
from ..support.helpers import FIXED_EPOCH_ARG, make_simulator
from ..support.paths import VECTORS
from ..support.rawserver import RawServer

EX_SOAP12 = VECTORS / "GetRealTimeFaxStatusEx" / "soap12"

pytestmark = pytest.mark.usefixtures("clean_env")


def test_watch_plain_lines_and_json(capsys, env):
    # br1000000001 is long delivered, br9999999999 unknown: final after one round.
    code, out, _ = run(capsys, "watch", "br1000000001", "br9999999999", "--interval", "0.05")
    lines = out.splitlines()
    assert code == 3 and "br1000000001 succeeded 3/3" in lines[0]
    assert "br9999999999 not found" in lines[1] and lines[-1].startswith("done: 2/2 final")
    code, out, _ = run(capsys, "watch", "br1000000001", "--json")
    doc = json.loads(out)  # nothing but the result on stdout
    assert code == 0 and doc["ok"] and not doc["timed_out"] and doc["rounds"] == 1


def test_watch_reads_ids_from_stdin(capsys, env, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"br1000000001\nbr1000000003\n")))
    code, out, _ = run(capsys, "watch", "-", "--json")
    doc = json.loads(out)
    assert code == 0 and [r["status"]["name"] for r in doc["results"]] == ["succeeded", "failed"]


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


def _silent() -> list[bytes | float]:
    return [0.2] * 150  # reads the request, then never answers (until the server gives up)


def test_watch_timeout_is_the_whole_run_against_a_server_that_never_answers():
    # The request timeout (60 s, the default) is longer than the run: --timeout wins.
    env = {**os.environ, "FAXSTATUS_PIN": "demo-pin", "FAXSTATUS_USER": "demo-user"}
    with RawServer(_silent, give_up=30) as srv:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "faxstatus",
                "watch",
                "br1000000001",
                *("--timeout", "1"),
                "--endpoint",
                srv.url,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=20,  # a generous bound: ending at all, not a speed
        )
    assert proc.returncode == 124, proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("timed out: 0/1 final")
    assert "Traceback" not in proc.stderr


def test_watch_says_the_endpoint_is_down_as_it_goes(capsys, monkeypatch):
    # With --json, stdout holds only the result; each failed round is said on stderr.
    monkeypatch.setenv("FAXSTATUS_USER", "demo-user")
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    endpoint = f"http://127.0.0.1:{free_port()}/fax/v5"
    argv = ["watch", "br1000000001", "--json", "--endpoint", endpoint, "--attempts", "1"]
    code, out, err = run(capsys, *argv, "--interval", "0.05", "--timeout", "0.6")
    rounds = json.loads(out)["rounds"]
    assert code == 124 and rounds >= 2
    said = [line for line in err.splitlines() if "poll failed for 1 job" in line]
    assert len(said) >= rounds - 1 and "ConnectError" in said[0]


def test_watch_against_a_dead_endpoint_gives_up_with_one_line(capsys, monkeypatch):
    # No --timeout: --give-up-after alone ends it (exit 1), each failed round said as it goes.
    monkeypatch.setenv("FAXSTATUS_USER", "demo-user")
    monkeypatch.setenv("FAXSTATUS_PIN", "demo-pin")
    endpoint = f"http://127.0.0.1:{free_port()}/fax/v5"
    argv = ["watch", "br1000000001", "br1000000002", "--endpoint", endpoint, "--attempts", "1"]
    code, out, err = run(capsys, *argv, "--interval", "0.05", "--give-up-after", "0.5")
    assert code == 1
    assert out.splitlines()[-1].startswith("gave up: 0/2 final")
    assert sum("poll failed for 2 jobs" in line for line in out.splitlines()) >= 2
    (line,) = err.splitlines()  # one line saying why
    assert line.startswith("faxstatus: gave up after 0.5 s without an answer") and "Connect" in line
    code, out, err = run(capsys, *argv, "--json", "--interval", "0.05", "--give-up-after", "0.5")
    doc = json.loads(out)
    assert code == 1 and doc["gave_up"] and not doc["timed_out"] and doc["requests"] >= 2
    assert err.splitlines()[-1].startswith("faxstatus: gave up after 0.5 s")


class _Terminal(io.StringIO):
    """A terminal for the live display: counts what it is sent."""

    def isatty(self) -> bool:
        return True


def _first_round(n: int) -> tuple[int, int]:
    """(writes, characters) the live display sends during the first round of *n* jobs."""

    class Stop(Exception):
        pass

    def stop(seconds: float) -> None:
        raise Stop

    ids = [f"br{3000000000 + i}" for i in range(n)]
    sim = make_simulator([SimJob(j, 2, 0, queue_seconds=1e9) for j in ids])
    client = faxstatus.FaxStatusClient(
        "demo-user",
        pin="demo-pin",
        endpoint="http://sim.test/fax/v5",
        transport=SimulatorTransport(sim),
        sleep=stop,
        batch_size=100,
    )
    term = _Terminal()
    writes: list[str] = []

    def write(text: str) -> int:
        writes.append(text)
        return len(text)

    term.write = write  # type: ignore[method-assign]
    watch = client.watch(ids, interval=1.0)
    follow(watch, LiveDisplay(term, ids, "watching"), None)
    with client, pytest.raises(Stop):
        for _ in watch:
            pass
    return len(writes), sum(map(len, writes))


def test_watch_live_display_costs_one_screen_per_round_not_one_per_job():
    # The block is drawn before the poll and once after the round, whatever the number of
    # jobs, and never outgrows the screen (24 rows where no terminal answers).
    small, large = _first_round(30), _first_round(600)
    assert small[0] == large[0] == 2
    assert large[1] <= 24 * 100 * 2 and large[1] < 2 * small[1]


@pytest.mark.slow
def test_watch_ctrl_c_prints_the_last_state_and_exits_130(tmp_path):
    sim_port = free_port()
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
