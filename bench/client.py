"""make bench: the client over loopback, beside httpx posting the same bodies and zeep.

The simulator serves from a separate process (its CPU is not ours); every case asks for the
same N job ids in batches of 100 and its CPU per id is this process's. The cases are
interleaved round by round; ratios are taken within a round. Masking's share is measured
in a separate run with the masking entry points wrapped by a CPU-time counter.

Run alone: ``python -m bench.client [--ids N] [--rounds R]``; against another checkout of
faxstatus, put it first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

import faxstatus
from faxstatus import FaxStatusClient, Recorder

ROOT = Path(__file__).resolve().parent.parent
WSDL = str(ROOT / "schema" / "faxws.wsdl")
USER = "demo-user"
PIN = "demo-pin"
#: A 40-character bearer token, as an OAuth server issues them (base64url of 30 bytes).
TOKEN = base64.urlsafe_b64encode(bytes(range(101, 131))).decode()
BATCH = 100
N_IDS = 10_000

Sample = tuple[float, float]  # (cpu seconds, wall seconds) per call

_SERVER = """
import sys
from datetime import UTC, datetime
from faxstatus.simulator import Simulator, SimulatorServer
from faxstatus.simulator._service import SimJob
n, token = int(sys.argv[1]), sys.argv[2]
jobs = [SimJob(f"br{2000000000 + k}", 1 + k % 7, -600 - k, reference_id=f"R-{k}",
               csid="ACME CORP") for k in range(n)]
sim = Simulator(jobs, tokens=(token,), epoch=datetime(2026, 11, 26, 9, tzinfo=UTC))
with SimulatorServer(sim) as srv:
    print(srv.url, flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def server(n: int) -> Iterator[str]:
    """A simulator knowing *n* jobs, in a child process; yields its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(n), TOKEN],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def ids(n: int) -> list[str]:
    """The job ids the bench asks for (all known to the server)."""
    return [f"br{2000000000 + k}" for k in range(n)]


def ours(url: str, job_ids: list[str], **kw: Any) -> Callable[[], Any]:
    """The sync client asking for every id (one client per call, as a CLI run has)."""

    def run() -> Any:
        with FaxStatusClient(USER, endpoint=url, batch_size=BATCH, **kw) as c:
            report = c.get_real_time_fax_status_ex(job_ids)
        assert report.ok, report.outcomes[0]
        return report

    return run


def ours_har(url: str, job_ids: list[str], path: Path, **kw: Any) -> Callable[[], Any]:
    """As ``faxstatus status --trace-file``: every exchange, whole and masked, to a HAR file."""
    from faxstatus.client._har import HarWriter

    def run() -> Any:
        with HarWriter(path) as writer:
            recorder = Recorder(
                maxlen=1, body_limit=None, on_record=lambda ex: writer.add(ex.har())
            )
            return ours(url, job_ids, recorder=recorder, **kw)()

    return run


def httpx_floor(url: str, job_ids: list[str]) -> Callable[[], Any]:
    """httpx posting the same request bodies, encoded beforehand, and reading each answer."""
    op = faxstatus.codec.OPERATIONS["GetRealTimeFaxStatusEx"]
    bodies = []
    for i in range(0, len(job_ids), BATCH):
        batch = [faxstatus.models.FaxJobId(job_id=j) for j in job_ids[i : i + BATCH]]
        payload = op.request(
            user_id=USER, str_pin=PIN, fax_job_ids=faxstatus.models.FaxJobIds(item=batch)
        )
        enc = faxstatus.encode(payload, "soap12")
        bodies.append((enc.body, dict(enc.headers)))

    def run() -> Any:
        with httpx.Client(timeout=30) as http:
            for body, headers in bodies:
                r = http.post(url, content=body, headers=headers)
                assert r.status_code == 200 and r.content

    return run


def zeep_client(url: str, job_ids: list[str]) -> Callable[[], Any]:
    """zeep on our WSDL (SOAP 1.2 port), bound to the simulator, asking batch by batch."""
    import zeep

    client = zeep.Client(WSDL)
    service = client.create_service("{https://ws.concordfax.com/fax/v5/FaxWS.wsdl}FaxWS12", url)

    def run() -> Any:
        n = 0
        for i in range(0, len(job_ids), BATCH):
            batch = {"item": [{"JobId": j} for j in job_ids[i : i + BATCH]]}
            answer = service.GetRealTimeFaxStatusEx(UserID=USER, strPIN=PIN, FaxJobIds=batch)
            n += len(answer.FaxStatusList.item)
        assert n == len(job_ids)

    return run


# ----------------------------------------------------------------------------- masking's share

#: The masking entry points, in whichever version of faxstatus is imported: the one
#: engine's methods, and the functions the client and the recorder call.
_ENTRY_POINTS = (
    ("faxstatus._redact", "Masker", ("text", "values", "body", "could_hold")),
    ("faxstatus._redact", "LogRedactor", ("filter",)),
    ("faxstatus.client._client", None, ("mark_echoes", "redact_value", "redact_text")),
    ("faxstatus.client._client", None, ("_redacted_error", "_excerpt", "shown_error")),
    ("faxstatus.client._trace", None, ("mask_body", "mask_headers", "mask_url")),
)


class _Meter:
    """CPU time spent inside the wrapped functions (outermost calls only)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._depth = 0
        self._undo: list[Callable[[], None]] = []

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kw: Any) -> Any:
            if self._depth:
                return fn(*args, **kw)
            self._depth += 1
            start = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                self.seconds += time.process_time() - start
                self.calls += 1
                self._depth -= 1

        return timed

    def install(self) -> None:
        import importlib

        for module_name, cls_name, names in _ENTRY_POINTS:
            module = importlib.import_module(module_name)
            owner = getattr(module, cls_name, None) if cls_name else module
            for name in names:
                old = getattr(owner, name, None) if owner is not None else None
                if old is None:
                    continue
                setattr(owner, name, self.wrap(old))
                self._undo.append(functools.partial(setattr, owner, name, old))

    def remove(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()


def masking_share(fn: Callable[[], Any], runs: int = 3) -> dict[str, float]:
    """The CPU share of masking in *fn* (median over *runs*), with the calls counted."""
    shares, calls = [], 0
    for _ in range(runs):
        meter = _Meter()
        meter.install()
        try:
            start = time.process_time()
            fn()
            total = time.process_time() - start
        finally:
            meter.remove()
        shares.append(meter.seconds / total)
        calls = meter.calls
    return {"share": statistics.median(shares), "calls": calls}


# ----------------------------------------------------------------------------- the run


def measure(n: int = N_IDS, rounds: int = 5) -> dict[str, Any]:
    """Every client case over loopback, interleaved; and masking's share of the client's CPU."""
    from bench.run import paired

    job_ids = ids(n)
    with server(n) as url, tempfile.TemporaryDirectory() as tmp:
        har = Path(tmp) / "trace.har"
        fns = {
            "ours, strPIN": ours(url, job_ids, pin=PIN),
            "ours, bearer token": ours(url, job_ids, token=TOKEN),
            "ours, bearer token, --trace-file": ours_har(url, job_ids, har, token=TOKEN),
            "ours, strPIN, --trace-file": ours_har(url, job_ids, har, pin=PIN),
            "httpx floor (pre-encoded bodies)": httpx_floor(url, job_ids),
            "zeep": zeep_client(url, job_ids),
        }
        samples = paired(fns, rounds, min_batch=0.0)
        commands = command_runs(url, job_ids, Path(tmp), rounds)
        shares = {
            "ours, strPIN": masking_share(fns["ours, strPIN"]),
            "ours, bearer token": masking_share(fns["ours, bearer token"]),
            "ours, bearer token, --trace-file": masking_share(
                fns["ours, bearer token, --trace-file"]
            ),
        }
    return {"ids": n, "samples": samples, "masking": shares, "commands": commands}


#: The command-line cases: ``faxstatus status`` for every id, its table to a file.
COMMANDS = ("status", "status --trace-file")


def command_runs(url: str, job_ids: list[str], tmp: Path, rounds: int) -> dict[str, list[Sample]]:
    """``faxstatus status`` with and without ``--trace-file``, whole processes, interleaved.

    Per credential (strPIN, bearer token from the environment); CPU of the child process.
    """
    from bench.run import _env, processes

    exe = str(Path(sys.executable).parent / "faxstatus")
    ids_file = tmp / "ids.txt"
    ids_file.write_text("".join(f"{j}\n" for j in job_ids))
    base = [exe, "status", "--ids-file", str(ids_file), "--endpoint", url, "--user", USER]
    commands = {}
    for cred, extra, env in (
        ("strPIN", ["--pin", PIN], _env()),
        ("bearer token", [], _env(FAXSTATUS_TOKEN=TOKEN)),
    ):
        commands[f"status, {cred}"] = ([*base, *extra], env)
        trace = [*base, *extra, "--trace-file", str(tmp / "command.har")]
        commands[f"status --trace-file, {cred}"] = (trace, env)
    samples, _ = processes(commands, rounds, tmp)
    return samples


def _ratio(a: list[Sample], b: list[Sample], col: int = 0) -> float:
    return statistics.median(x[col] / y[col] for x, y in zip(a, b, strict=True))


def verdicts(result: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The client's targets, met or missed."""
    s, n = result["samples"], result["ids"]
    out = []
    for cred in ("strPIN", "bearer token"):
        share = result["masking"].get(f"ours, {cred}", {}).get("share")
        if share is not None:
            out.append(
                (f"client {n} ids, {cred}: masking <= 10% of its CPU", f"{share:.1%}", share <= 0.1)
            )
    runs = result.get("commands", {})
    for cred in ("bearer token", "strPIN"):
        if f"status, {cred}" in runs:
            tr = _ratio(runs[f"status --trace-file, {cred}"], runs[f"status, {cred}"])
            out.append(
                (
                    f"`faxstatus status` {n} ids, {cred}: --trace-file <= 1.2x the plain run",
                    f"{tr:.2f}x",
                    tr <= 1.2,
                )
            )

    fl = _ratio(s["ours, strPIN"], s["httpx floor (pre-encoded bodies)"])
    out.append((f"client {n} ids: CPU per id <= 2x the httpx floor", f"{fl:.2f}x", fl <= 2))
    zr = _ratio(s["zeep"], s["ours, strPIN"], col=1)
    out.append((f"client {n} ids: >= 5x zeep's ids/s (wall)", f"{zr:.1f}x", zr >= 5))
    return out


def wall_bound(result: dict[str, Any]) -> list[str]:
    """How far the wall-time target can be reached against this server, one batch at a time.

    The httpx floor's wall time is the server's answer time plus the least a client can do;
    zeep's ids/s over the floor's is the ratio a client costing nothing more would reach.
    """
    s = result["samples"]
    floor = s["httpx floor (pre-encoded bodies)"]
    zf = _ratio(s["zeep"], floor, col=1)
    zo = _ratio(s["ours, strPIN"], floor, col=1)
    server = statistics.median(w - c for c, w in floor) / result["ids"]
    return [
        f"  zeep's wall / the httpx floor's: {zf:.1f}x (the bound of the ids/s target, one"
        f" batch at a time); ours / the floor's: {zo:.2f}x; the floor waits"
        f" {server * 1e6:.1f}µs/id for the server"
    ]


def report(result: dict[str, Any]) -> list[str]:
    """Lines of the client's table."""
    n = result["ids"]
    s = result["samples"]
    rounds = len(next(iter(s.values())))
    lines = [
        f"Client over loopback ({n} ids, batches of {BATCH}, {rounds} interleaved rounds;"
        " the simulator in another process):",
        f"  {'case':36} {'cpu/id med':>10} {'wall/id med':>11} {'ids/s':>8}",
    ]
    for name, samples in s.items():
        c = statistics.median(x[0] for x in samples) / n
        w = statistics.median(x[1] for x in samples) / n
        lines.append(f"  {name:36} {c * 1e6:8.1f}µs {w * 1e6:9.1f}µs {1 / w:8.0f}")
    for name, m in result["masking"].items():
        lines.append(f"  masking's share of the CPU, {name}: {m['share']:.1%} ({m['calls']} calls)")
    for cred in ("bearer token", "strPIN"):
        tr = _ratio(s[f"ours, {cred}, --trace-file"], s[f"ours, {cred}"])
        lines.append(
            f"  the client alone with a HAR recorder, {cred}: {tr:.2f}x its plain run"
            " (a reference: the target is the command's, below)"
        )
    runs = result.get("commands", {})
    if runs:
        lines.append(
            f"  `faxstatus status` for the same ids, whole processes (table to a file),"
            f" {len(next(iter(runs.values())))} interleaved rounds:"
        )
        for name, samples in runs.items():
            c = statistics.median(x[0] for x in samples)
            w = statistics.median(x[1] for x in samples)
            lines.append(f"  {name:36} {c * 1e3:7.0f} ms CPU {w * 1e3:7.0f} ms wall")
    return lines + wall_bound(result)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the client's table and targets."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ids", type=int, default=N_IDS)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"faxstatus from {os.path.dirname(faxstatus.__file__)}", file=sys.stderr)
    result = measure(args.ids, args.rounds)
    print("\n".join(report(result)))
    for name, value, ok in verdicts(result):
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
