"""Where a CLI user waits: watch's first round on a terminal, status --json's output (bench only).

``watch``: the wall time of the first round as ``faxstatus watch`` runs it on a terminal (the
poll, then the live display drawn, into a sink that says it is a terminal), beside the poll
alone (``client.query`` of the same ids), against a simulator in a process of its own.
``status --json``: writing a 10k-id report, beside the floor (``json.dumps`` of the same
document and one write), buffered and unbuffered, into /dev/null.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from typing import Any

import faxstatus
from faxstatus.cli._status import write_json
from faxstatus.cli._watch import LiveDisplay, follow

__all__ = ["json_output", "watch_round"]

Sample = tuple[float, float]

_SERVE = """
import sys, time
from datetime import UTC, datetime
from faxstatus.simulator import SimJob, Simulator, SimulatorServer
n = int(sys.argv[1])
jobs = [SimJob(f"br{2000000000 + i}", 5, 0, queue_seconds=1e9) for i in range(n)]
sim = Simulator(jobs, epoch=datetime(2026, 11, 26, 9, tzinfo=UTC), clock=lambda: 0.0)
with SimulatorServer(sim) as srv:
    print(srv.url, flush=True)
    sys.stdin.read()
"""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Stop(Exception):
    pass


def _stop(seconds: float) -> None:
    raise _Stop


def _first_round(client: Any, ids: list[str]) -> None:
    """What ``faxstatus watch`` does on a terminal, up to the end of the first round."""
    watch = client.watch(ids, interval=1000.0)
    watch.sleep = _stop
    follow(watch, LiveDisplay(_Terminal(), ids, "watching"), None)
    try:
        for _ in watch:
            pass
    except _Stop:
        return


def _timed(fn: Any) -> Sample:
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def watch_round(n: int, rounds: int) -> dict[str, list[Sample]]:
    """Samples of the poll alone and of watch's first round with its display, interleaved."""
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        ids = [f"br{2000000000 + i}" for i in range(n)]
        client = faxstatus.FaxStatusClient("demo-user", pin="demo-pin", endpoint=url)
        out: dict[str, list[Sample]] = {"poll": [], "watch first round": []}
        with client:
            client.query("GetRealTimeFaxStatusEx", ids)  # warm: connections, caches
            for r in range(rounds):
                order = ["poll", "watch first round"][:: 1 if r % 2 == 0 else -1]
                for name in order:
                    if name == "poll":
                        out[name].append(
                            _timed(lambda: client.query("GetRealTimeFaxStatusEx", ids))
                        )
                    else:
                        out[name].append(_timed(lambda: _first_round(client, ids)))
        return out
    finally:
        server.communicate("")


def json_output(n: int, rounds: int) -> dict[str, list[Sample]]:
    """Samples of status --json's output and its floor, buffered and unbuffered."""
    from datetime import UTC, datetime

    from faxstatus.simulator import SimJob, Simulator, SimulatorTransport

    ids = [f"br{2000000000 + i}" for i in range(n)]
    sim = Simulator(
        [SimJob(j, 3, -100) for j in ids],
        epoch=datetime(2026, 11, 26, 9, tzinfo=UTC),
        clock=lambda: 0.0,
    )
    with faxstatus.FaxStatusClient(
        "demo-user",
        pin="demo-pin",
        endpoint="http://sim.test/fax/v5",
        transport=SimulatorTransport(sim),
    ) as client:
        doc = client.query("GetRealTimeFaxStatusEx", ids).as_dict()
    streams = {
        "buffered": open(os.devnull, "w"),  # noqa: SIM115 - closed below
        "unbuffered": io.TextIOWrapper(
            open(os.devnull, "wb", buffering=0),  # noqa: SIM115 - closed below
            write_through=True,
        ),
    }
    out: dict[str, list[Sample]] = {}
    try:
        for r in range(rounds):
            for label, f in streams.items() if r % 2 == 0 else reversed(streams.items()):

                def floor(f: Any = f) -> None:
                    f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
                    f.flush()

                def ours(f: Any = f) -> None:
                    write_json(doc, f)
                    f.flush()

                out.setdefault(f"status --json ({label})", []).append(_timed(ours))
                out.setdefault(f"json.dumps + one write ({label})", []).append(_timed(floor))
    finally:
        for f in streams.values():
            f.close()
    return out
