"""faxstatus watch: lines and --json, ids from stdin, --timeout exits 124, Ctrl-C exits 130."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from typing import Any

import pytest

import faxstatus
from faxstatus.cli._watch import LiveDisplay, PlainLines, follow
from faxstatus.simulator import SimJob, SimulatorServer, SimulatorTransport

from ..support.cli import free_port, interruptible
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


def test_watch_prints_one_line_per_change_whatever_a_description_holds():
    # A description comes from the service or from a push (anyone who reaches the port).
    status = faxstatus.JobStatus(
        job_id="br1",
        status=faxstatus.FaxJobStatus.FAILED,
        description="x\n00:00:00 br2 succeeded",
        error=None,
    )
    out = io.StringIO()
    plain = PlainLines(out)
    plain.change(faxstatus.JobOutcome("br1", status=status), "push")
    plain.trouble("poll failed: HTTP 500 from server\n00:00:00 br3 succeeded")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "(x\\x0a00:00:00 br2 succeeded) [push]" in lines[0], lines


def test_watch_reads_ids_from_stdin(capsys, env, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"br1000000001\nbr1000000003\n")))
    code, out, _ = run(capsys, "watch", "-", "--json")
    doc = json.loads(out)
    assert code == 0 and [r["status"]["name"] for r in doc["results"]] == ["succeeded", "failed"]
    # Each job's kind and finality, as status --json gives them: no re-deriving in a script.
    assert [(r["kind"], r["final"]) for r in doc["results"]] == [
        ("succeeded", True),
        ("failed", True),
    ]


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
    argv += ["--max-per-minute", "100000"]  # polls every 0.05 s: no ceiling in the way
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
    argv += ["--max-per-minute", "100000"]
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


def test_watch_says_a_throttle_as_it_happens_and_goes_on(capsys):
    # One request a minute let in, by a frozen clock: the second round is refused with 429.
    sim = make_simulator([SimJob("brT", 1, 0, queue_seconds=1e9)])
    sim.throttle(1)
    with SimulatorServer(sim) as srv:
        argv = ["watch", "brT", "--endpoint", srv.url, "--user", "demo-user", "--pin", "demo-pin"]
        argv += ["--attempts", "1", "--interval", "0.05", "--max-per-minute", "100000"]
        code, out, err = run(capsys, *argv, "--timeout", "1")
    lines = out.splitlines()
    assert code == 124 and sim.requests == 2 and sim.throttled == 1, err
    assert "throttled (HTTP 429, asked to wait 60 s): polling more slowly" in lines[1]
    assert lines[-1].startswith("timed out: 0/1 final")


def test_watch_against_a_server_that_never_answers_gives_up_in_bounded_time():
    # No --timeout: each request ends at --request-timeout, and --give-up-after ends the run.
    env = {**os.environ, "FAXSTATUS_PIN": "demo-pin", "FAXSTATUS_USER": "demo-user"}
    argv = [sys.executable, "-m", "faxstatus", "watch", "br1000000001"]
    argv += ["--request-timeout", "0.5", "--attempts", "1", "--give-up-after", "1"]
    with RawServer(_silent, give_up=30) as srv:
        proc = subprocess.run(
            [*argv, "--endpoint", srv.url],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,  # a generous bound: ending at all, not a speed
        )
    assert proc.returncode == 1, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("faxstatus: gave up after 1 s without an answer")
    assert "poll failed for 1 job" in proc.stdout and "Traceback" not in proc.stderr


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
            preexec_fn=interruptible,
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


class _Lines:
    """A child's output stream read line by line in a thread; :meth:`next` waits 30 s at most."""

    def __init__(self, stream: Any) -> None:
        import queue
        import threading

        self._lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []

        def read() -> None:
            with stream:  # closed at the end of the output (the child ended)
                for line in stream:
                    self._lines.put(line)

        self._thread = threading.Thread(target=read, daemon=True)
        self._thread.start()

    def ended(self) -> bool:
        """True once the child closed its end (waiting 30 s at most)."""
        self._thread.join(timeout=30)
        return not self._thread.is_alive()

    def next(self) -> str:
        line = self._lines.get(timeout=30)  # a generous bound: a line at all, not a speed
        self.seen.append(line)
        return line


def test_watch_listen_killed_and_started_again_loses_nothing(tmp_path):
    from faxstatus.push import NotificationStore, encode_notification
    from faxstatus.simulator import PushFaults, PushSender

    from ..support.helpers import JobClock

    clock = JobClock()
    ids = [f"brK{i}" for i in range(1, 7)]
    jobs = [
        SimJob(j, 1, 0, queue_seconds=10 * i - 1, seconds_per_page=1) for i, j in enumerate(ids, 1)
    ]
    # brK7 is never final: the watch stays up until told to stop, so no duplicate push is
    # left without a listener when the others are done.
    sim = make_simulator([*jobs, SimJob("brK7", 1, 0, queue_seconds=1e9)], clock=clock)
    state, port = tmp_path / "watch.db", free_port()
    url = f"http://127.0.0.1:{port}/push"

    def encode(fields: Any) -> Any:
        return encode_notification(fields, "form", url=url)

    env = {**os.environ, "FAXSTATUS_PIN": "demo-pin", "FAXSTATUS_USER": "demo-user"}
    with SimulatorServer(sim) as srv:
        argv = [sys.executable, "-m", "faxstatus", "watch", "--listen", str(port)]
        argv += ["--state", str(state), "--first-poll-after", "1000"]
        argv += ["--endpoint", srv.url, "--timeout", "60"]

        def start(*args: str) -> tuple[subprocess.Popen[str], _Lines, _Lines]:
            out, err = subprocess.PIPE, subprocess.PIPE
            proc = subprocess.Popen(
                [*argv, *args],
                stdout=out,
                stderr=err,
                text=True,
                env=env,
                preexec_fn=interruptible,
            )
            lines, errors = _Lines(proc.stdout), _Lines(proc.stderr)
            assert "listening for push notifications" in errors.next()
            return proc, lines, errors

        faults = PushFaults(duplicate=0.5, seed=1)
        with PushSender(sim, encode, url=url, faults=faults, tick=0.01, retry_for=60) as sender:
            first, first_out, first_err = start("--json", *ids, "brK7")
            clock.now = 35.0  # brK1..brK3 final (at 10, 20, 30); pushed, stored, acknowledged
            assert sender.flush(timeout=30)
            before = list(sender.delivered)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            assert first_out.ended() and first_err.ended()
            clock.now = 100.0  # the rest final while no one listens: the sender keeps trying
            sender.take()
            second, lines, errors = start()  # no JOBID: every job comes back from the file
            assert sender.flush(timeout=30)
            seen = [lines.next().split()[1:] for _ in ids]  # one line per job
            second.send_signal(signal.SIGINT)  # Ctrl-C: the last known state
            second.wait(timeout=60)
            end = lines.next()
            assert lines.ended() and errors.ended()
    assert first.returncode == -signal.SIGKILL and second.returncode == 130, errors.seen
    assert sorted(set(before)) == ids[:3] and sorted(set(sender.delivered)) == ids
    assert sender.failed == [] and len(sender.delivered) > 6  # some were sent twice
    # Resumed from the file (state), then by push; nothing polled.
    assert [(w[0], w[1], w[-1]) for w in seen] == [
        *((j, "succeeded", "[state]") for j in ids[:3]),
        *((j, "succeeded", "[push]") for j in ids[3:]),
    ]
    assert end.startswith("interrupted; last known state: 6/7 final") and "3 by push, 3 by" in end
    with NotificationStore(state) as store:
        # Every push the simulator had acknowledged is in the store, and nothing else.
        assert store.count() == len(sender.delivered)
        assert sorted(store.final_jobs()) == ids and store.pending_jobs() == ["brK7"]


def test_watch_listen_on_a_damaged_state_file_fails_with_one_line(capsys, env, tmp_path):
    import sqlite3

    from faxstatus.push import NotificationStore, notification_from_fields

    state = tmp_path / "watch.db"
    with NotificationStore(state) as store:
        store.track(["br1000000001"])
        pushed = [("FaxJobId", "br1000000001"), ("FaxJobStatusId", "1")]
        store.record(notification_from_fields("form", pushed))
    with sqlite3.connect(state) as db:
        db.execute("UPDATE jobs SET status = '{not json'")
    db.close()
    argv = ["watch", "--listen", "0", "--state", str(state), "--timeout", "20"]
    code, _, err = run(capsys, *argv, "--first-poll-after", "0")
    assert code == 1 and "damaged: job br1000000001's status" in err and "Traceback" not in err, err
    assert err.splitlines()[-1].startswith("faxstatus: the notification store ")
