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
from faxstatus.simulator import SimulatorServer

from ..support.cli import free_port
from ..support.cli import run_cli as run
from ..support.helpers import FIXED_EPOCH_ARG, make_simulator
from ..support.paths import VECTORS

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
